import * as O from 'fp-ts/lib/Option.js';
import type {
  Config,
  DistributedMember,
  ListenerAddress,
  PrimaryRole,
  Replica,
  ReplicaInput,
  RoutingList,
  SecondaryRole,
} from '../../core/model/config.js';
import { defaultRequiredSecondaries } from '../../core/model/config.js';
import { DEFAULTS } from '../../core/model/defaults.js';
import type { ClusterType, SqlServerVersion } from '../../core/model/enums.js';
import type {
  ClusterEvent,
  EventOf,
  GroupOptionsPatch,
  ReplicaOptionsPatch,
} from '../../core/model/events.js';
import { CONFIGURATION_ONLY_FAILOVER_MODE } from './config.js';

/** `[a]]b]`: a T-SQL identifier, whatever it holds. */
export const quoteName = (name: string): string => `[${name.replaceAll(']', ']]')}]`;

/** `N'it''s'`: a Unicode string literal. */
export const quoteString = (text: string): string => `N'${text.replaceAll("'", "''")}'`;

/** `:Connect name`, the name in double quotes unless it is a plain server or instance name. */
export const connectLine = (server: string): string =>
  /^[A-Za-z0-9_.\\-]+$/.test(server)
    ? `:Connect ${server}`
    : `:Connect "${server.replaceAll('"', '""')}"`;

const INDENT = '    ';

const list = (items: readonly string[], indent: string): string =>
  items.map((item) => `${indent}${item}`).join(',\n');

const routingList = (entries: RoutingList): string =>
  entries.length === 0
    ? 'NONE'
    : `(${entries.map((e) => (typeof e === 'string' ? quoteString(e) : `(${e.map(quoteString).join(', ')})`)).join(', ')})`;

/** How a role URL that is null is written: left out (CREATE, ADD) or cleared with NONE (MODIFY). */
type NullUrl = 'omit' | 'none';

const url = (option: string, value: string | null | undefined, nulls: NullUrl): string[] => {
  if (value === undefined || (value === null && nulls === 'omit')) return [];
  return [`${option} = ${value === null ? 'NONE' : quoteString(value)}`];
};

const secondaryRole = (role: Partial<SecondaryRole>, nulls: NullUrl): string[] => [
  ...(role.allowConnections === undefined ? [] : [`ALLOW_CONNECTIONS = ${role.allowConnections}`]),
  ...url('READ_ONLY_ROUTING_URL', role.readOnlyRoutingUrl, nulls),
];

const primaryRole = (role: Partial<PrimaryRole>, nulls: NullUrl): string[] => [
  ...(role.allowConnections === undefined ? [] : [`ALLOW_CONNECTIONS = ${role.allowConnections}`]),
  ...(role.readOnlyRoutingList === undefined
    ? []
    : [`READ_ONLY_ROUTING_LIST = ${routingList(role.readOnlyRoutingList)}`]),
  ...url('READ_WRITE_ROUTING_URL', role.readWriteRoutingUrl, nulls),
];

const role = (name: string, options: readonly string[]): string[] =>
  options.length === 0 ? [] : [`${name} (${options.join(', ')})`];

type ReplicaOptions = Partial<Omit<ReplicaInput, 'name' | 'hostedByFci'>>;

/** Replica options in the documented order, those present only. */
const replicaOptions = (
  r: ReplicaOptions,
  nulls: NullUrl,
  version?: SqlServerVersion,
): string[] => [
  ...(r.endpointUrl === undefined ? [] : [`ENDPOINT_URL = ${quoteString(r.endpointUrl)}`]),
  ...(r.availabilityMode === undefined ? [] : [`AVAILABILITY_MODE = ${r.availabilityMode}`]),
  ...(r.failoverMode === undefined ? [] : [`FAILOVER_MODE = ${r.failoverMode}`]),
  ...(r.seedingMode === undefined ||
  !inSyntax(version, 2016, r.seedingMode === DEFAULTS.seedingMode.value)
    ? []
    : [`SEEDING_MODE = ${r.seedingMode}`]),
  ...(r.backupPriority === undefined ? [] : [`BACKUP_PRIORITY = ${r.backupPriority}`]),
  ...role('SECONDARY_ROLE', secondaryRole(r.secondaryRole ?? {}, nulls)),
  ...role('PRIMARY_ROLE', primaryRole(r.primaryRole ?? {}, nulls)),
  ...(r.sessionTimeout === undefined ? [] : [`SESSION_TIMEOUT = ${r.sessionTimeout}`]),
];

/**
 * An option is written when the version's syntax has it, or when it differs from the default
 * (then the statement says what the configuration says, and validation judges it).
 */
const inSyntax = (version: SqlServerVersion | undefined, since: number, isDefault: boolean) =>
  version === undefined || version >= since || !isDefault;

const groupOptions = (c: Config): string[] => {
  const distributed = c.kind === 'DISTRIBUTED';
  const option = (name: string, value: string | number, isDefault: boolean, since = 2012) =>
    (!distributed && inSyntax(c.version, since, isDefault)) || !isDefault
      ? [`${name} = ${value}`]
      : [];
  const kind =
    c.kind === 'STANDARD'
      ? []
      : [
          [
            c.kind,
            ...(c.contained.reuseSystemDatabases === true ? ['REUSE_SYSTEM_DATABASES'] : []),
            ...(c.contained.autoseedingSystemDatabases === true
              ? ['AUTOSEEDING_SYSTEM_DATABASES']
              : []),
          ].join(' '),
        ];
  return [
    ...option(
      'AUTOMATED_BACKUP_PREFERENCE',
      c.automatedBackupPreference,
      c.automatedBackupPreference === DEFAULTS.automatedBackupPreference.value,
    ),
    ...option(
      'FAILURE_CONDITION_LEVEL',
      c.failureConditionLevel,
      c.failureConditionLevel === DEFAULTS.failureConditionLevel.value,
    ),
    ...option(
      'HEALTH_CHECK_TIMEOUT',
      c.healthCheckTimeout,
      c.healthCheckTimeout === DEFAULTS.healthCheckTimeout.value,
    ),
    ...option('DB_FAILOVER', c.dbFailover, c.dbFailover === DEFAULTS.dbFailover.value, 2016),
    ...option('DTC_SUPPORT', c.dtcSupport, c.dtcSupport === DEFAULTS.dtcSupport.value, 2016),
    ...kind,
    ...option(
      'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
      c.requiredSynchronizedSecondariesToCommit,
      c.requiredSynchronizedSecondariesToCommit ===
        defaultRequiredSecondaries(c.clusterType, c.replicas),
      2017,
    ),
    ...option('CLUSTER_TYPE', c.clusterType, c.clusterType === DEFAULTS.clusterType.value, 2017),
    ...(c.writeLeaseValidity === null ? [] : [`WRITE_LEASE_VALIDITY = ${c.writeLeaseValidity}`]),
    ...(c.clusterConnectionOptions === null
      ? []
      : [`CLUSTER_CONNECTION_OPTIONS = ${quoteString(c.clusterConnectionOptions)}`]),
  ];
};

const spec = (name: string, options: readonly string[], indent: string): string =>
  `${indent}${quoteString(name)} WITH (\n${list(options, indent + INDENT)}\n${indent})`;

/**
 * A configuration-only replica as the documentation writes it (S29; Linux "Create and configure
 * an availability group", Example A): ENDPOINT_URL and AVAILABILITY_MODE, and only those other
 * options that differ from what reading it back would give (they do not apply to it).
 */
const configurationOnlyOptions = (r: Replica): ReplicaOptions => {
  const secondary = r.secondaryRole;
  const primary = r.primaryRole;
  const secondaryDefault =
    secondary.allowConnections === DEFAULTS.secondaryAllowConnections.value &&
    secondary.readOnlyRoutingUrl === null;
  const primaryDefault =
    primary.allowConnections === DEFAULTS.primaryAllowConnections.value &&
    primary.readOnlyRoutingList.length === 0 &&
    primary.readWriteRoutingUrl === null;
  return {
    endpointUrl: r.endpointUrl,
    availabilityMode: r.availabilityMode,
    ...(r.failoverMode === CONFIGURATION_ONLY_FAILOVER_MODE
      ? {}
      : { failoverMode: r.failoverMode }),
    ...(r.seedingMode === DEFAULTS.seedingMode.value ? {} : { seedingMode: r.seedingMode }),
    ...(r.backupPriority === DEFAULTS.backupPriority.value
      ? {}
      : { backupPriority: r.backupPriority }),
    ...(secondaryDefault ? {} : { secondaryRole: secondary }),
    ...(primaryDefault ? {} : { primaryRole: primary }),
    ...(r.sessionTimeout === DEFAULTS.sessionTimeout.value
      ? {}
      : { sessionTimeout: r.sessionTimeout }),
  };
};

const replicaSpec = (r: Replica, version: SqlServerVersion): string =>
  spec(
    r.name,
    replicaOptions(
      r.availabilityMode === 'CONFIGURATION_ONLY' ? configurationOnlyOptions(r) : r,
      'omit',
      version,
    ),
    INDENT,
  );

/** A member's options, those present only (JOIN and MODIFY AVAILABILITY GROUP ON give some). */
export const memberOptions = (m: Partial<DistributedMember>): string[] => [
  ...(m.listenerUrl === undefined ? [] : [`LISTENER_URL = ${quoteString(m.listenerUrl)}`]),
  ...(m.availabilityMode === undefined ? [] : [`AVAILABILITY_MODE = ${m.availabilityMode}`]),
  ...(m.failoverMode === undefined ? [] : [`FAILOVER_MODE = ${m.failoverMode}`]),
  ...(m.seedingMode === undefined ? [] : [`SEEDING_MODE = ${m.seedingMode}`]),
  ...(m.sessionTimeout === undefined ? [] : [`SESSION_TIMEOUT = ${m.sessionTimeout}`]),
];

export const memberSpec = (name: string, m: Partial<DistributedMember>): string =>
  spec(name, memberOptions(m), INDENT);

const ip = (a: ListenerAddress): string =>
  a.subnetMask === undefined
    ? `(${quoteString(a.address)})`
    : `(${quoteString(a.address)}, ${quoteString(a.subnetMask)})`;

interface ListenerParts {
  readonly name: string;
  readonly dhcp?: boolean;
  readonly addresses?: readonly ListenerAddress[];
  readonly port?: number;
}

/** `N'dns' (WITH DHCP [ON (…)] | WITH IP (…)[, PORT = n])`. */
const listenerClause = (l: ListenerParts): string => {
  const addresses = l.addresses ?? [];
  const first = addresses[0];
  const how =
    l.dhcp === true
      ? `WITH DHCP${first === undefined ? '' : ` ON ${ip(first)}`}`
      : `WITH IP (${addresses.map(ip).join(', ')})`;
  return `${quoteString(l.name)} (${how}${l.port === undefined ? '' : `, PORT = ${l.port}`})`;
};

/** A canonical, readable CREATE AVAILABILITY GROUP statement for a configuration. */
export const renderCreate = (c: Config): string => {
  // The instance CREATE runs on becomes the primary (S4): say which one when it is known.
  const lines = [
    ...(typeof c.createdOn === 'string' ? [connectLine(c.createdOn)] : []),
    `CREATE AVAILABILITY GROUP ${quoteName(c.name)}`,
  ];
  const options = groupOptions(c);
  if (options.length > 0) lines.push(`WITH (\n${list(options, INDENT)}\n)`);
  const databases = c.databases.map(quoteName).join(', ');
  const hasReplicas = c.replicas.length > 0 || c.members.length === 0;
  if (hasReplicas || c.databases.length > 0)
    lines.push(databases === '' ? 'FOR' : `FOR DATABASE ${databases}`);
  if (hasReplicas) {
    lines.push('REPLICA ON', c.replicas.map((r) => replicaSpec(r, c.version)).join(',\n'));
  }
  if (c.members.length > 0) {
    lines.push(
      'AVAILABILITY GROUP ON',
      c.members.map((m) => spec(m.name, memberOptions(m), INDENT)).join(',\n'),
    );
  }
  if (c.listener !== null) lines.push(`LISTENER ${listenerClause(c.listener)}`);
  return `${lines.join('\n')};\n`;
};

/** RESTORE LOG or DATABASE: as the event says, or, when it does not, LOG for a .trn file. */
const restoresLog = (e: EventOf<'db.restore'>): boolean =>
  e.log ?? e.file.toLowerCase().endsWith('.trn');

/** The default backup file of a db.backup event that names none. */
export const defaultBackupFile = (e: EventOf<'db.backup'>): string =>
  `${e.database}${e.backupType.startsWith('LOG') ? '.trn' : '.bak'}`;

const PLAIN_REPLICA_KEYS = [
  'endpointUrl',
  'availabilityMode',
  'failoverMode',
  'seedingMode',
  'backupPriority',
] as const;

/**
 * A replica made asynchronous-commit leaves FAILOVER_MODE AUTOMATIC first: "FAILOVER_MODE =
 * AUTOMATIC is supported only if you also specify AVAILABILITY_MODE = SYNCHRONOUS_COMMIT" ("Change
 * the availability mode of an availability replica", S119), so, one option a statement, the
 * failover mode changes before the availability mode; made synchronous-commit, after it.
 */
const replicaKeyOrder = (p: ReplicaOptionsPatch): readonly (typeof PLAIN_REPLICA_KEYS)[number][] =>
  p.availabilityMode === 'ASYNCHRONOUS_COMMIT' && p.failoverMode !== undefined
    ? ['endpointUrl', 'failoverMode', 'availabilityMode', 'seedingMode', 'backupPriority']
    : PLAIN_REPLICA_KEYS;

/** One patch per option, in the order SQL Server takes them one statement at a time. */
const splitReplicaPatch = (p: ReplicaOptionsPatch): ReplicaOptionsPatch[] => [
  ...replicaKeyOrder(p).flatMap((k) => (p[k] === undefined ? [] : [{ [k]: p[k] }])),
  ...Object.entries(p.secondaryRole ?? {}).map(([k, v]) => ({ secondaryRole: { [k]: v } })),
  ...Object.entries(p.primaryRole ?? {}).map(([k, v]) => ({ primaryRole: { [k]: v } })),
  ...(p.sessionTimeout === undefined ? [] : [{ sessionTimeout: p.sessionTimeout }]),
];

/**
 * One patch per group option. Clearing WRITE_LEASE_VALIDITY has no T-SQL; an empty
 * CLUSTER_CONNECTION_OPTIONS is how T-SQL reverts to the default, which reads back as null.
 */
const splitGroupPatch = (p: GroupOptionsPatch): GroupOptionsPatch[] =>
  Object.entries(p).flatMap(([k, v]) => {
    if (k === 'writeLeaseValidity' && v === null) return [];
    if (k === 'clusterConnectionOptions' && v === '') return [{ clusterConnectionOptions: null }];
    return [{ [k]: v } as GroupOptionsPatch];
  });

/**
 * A replica spec as ADD REPLICA can say it: whether an instance is a failover cluster instance
 * is not an availability-group option, and an empty role clause is not T-SQL.
 */
const addableReplica = (e: EventOf<'replica.add'>): EventOf<'replica.add'> => {
  const { hostedByFci: _, secondaryRole, primaryRole, ...spec } = e.spec;
  return {
    ...e,
    spec: {
      ...spec,
      ...(secondaryRole === undefined || Object.keys(secondaryRole).length === 0
        ? {}
        : { secondaryRole }),
      ...(primaryRole === undefined || Object.keys(primaryRole).length === 0
        ? {}
        : { primaryRole }),
    },
  };
};

/**
 * A listener T-SQL can add: DHCP on at most one network, or at least one static address. It
 * reads back with `dhcp` and `addresses` spelled out.
 */
const addableListener = (e: EventOf<'ag.addListener'>): EventOf<'ag.addListener'>[] => {
  const dhcp = e.listener.dhcp ?? false;
  const addresses = e.listener.addresses ?? [];
  if (dhcp ? addresses.length > 1 : addresses.length === 0) return [];
  return [{ ...e, listener: { ...e.listener, dhcp, addresses } }];
};

/**
 * The events the T-SQL for an event reads back as. T-SQL changes one replica option, group
 * option or listener setting per statement (the documented MODIFY / SET syntax), so an event
 * that changes several becomes one event per change; the mode-setting events read back as the
 * `replica.modify` they mean; what T-SQL cannot say is left out (whether a replica is a failover
 * cluster instance); events that are not commands, and commands T-SQL cannot express (a listener
 * with no address), give none.
 */
export const commandEvents = (e: ClusterEvent): readonly ClusterEvent[] => {
  switch (e.type) {
    case 'replica.modify':
      return splitReplicaPatch(e.options).map((options) => ({ ...e, options }));
    case 'replica.setAvailabilityMode':
      return [
        { type: 'replica.modify', replica: e.replica, options: { availabilityMode: e.mode } },
      ];
    case 'replica.setFailoverMode':
      return [{ type: 'replica.modify', replica: e.replica, options: { failoverMode: e.mode } }];
    case 'replica.setSeedingMode':
      return [{ type: 'replica.modify', replica: e.replica, options: { seedingMode: e.mode } }];
    case 'ag.set':
      return splitGroupPatch(e.options).map((options) => ({ type: 'ag.set', options }));
    case 'ag.modifyListener':
      return [
        ...(e.port === undefined
          ? []
          : [{ type: 'ag.modifyListener' as const, name: e.name, port: e.port }]),
        ...(e.addAddresses ?? []).map((a) => ({
          type: 'ag.modifyListener' as const,
          name: e.name,
          addAddresses: [a],
        })),
        ...(e.removeAddresses ?? []).map((a) => ({
          type: 'ag.modifyListener' as const,
          name: e.name,
          removeAddresses: [a],
        })),
      ];
    case 'db.backup':
      return [
        {
          type: 'db.backup',
          replica: e.replica,
          database: e.database,
          backupType: e.backupType,
          file: e.file ?? defaultBackupFile(e),
          ...(e.init === true ? { init: true } : {}),
        },
      ];
    case 'db.restore':
      // Who runs a RESTORE (a DBA or a log-shipping job) is not part of the statement.
      return [
        {
          type: 'db.restore',
          replica: e.replica,
          database: e.database,
          file: e.file,
          ...(e.position === undefined ? {} : { position: e.position }),
          log: restoresLog(e),
          // The event's default is NORECOVERY; the statement's is RECOVERY, so it is written.
          recovery: e.recovery === true,
        },
      ];
    case 'db.add':
    case 'db.remove':
    case 'db.join':
    case 'db.leave':
    case 'db.suspend':
    case 'db.resume':
    case 'replica.remove':
    case 'replica.join':
    case 'replica.grantCreateDatabase':
    case 'replica.denyCreateDatabase':
    case 'ag.failover':
    case 'ag.forceFailover':
    case 'ag.setRoleSecondary':
    case 'ag.offline':
    case 'ag.removeListener':
      return [e];
    case 'ag.addListener':
      return addableListener(e);
    case 'replica.add':
      return [addableReplica(e)];
    default:
      return [];
  }
};

const setOption = (p: GroupOptionsPatch): string => {
  const [key, value] = Object.entries(p)[0] ?? ['', ''];
  const name = key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
  if (key === 'clusterConnectionOptions') return `${name} = ${quoteString(String(value ?? ''))}`;
  return `${name} = ${value}`;
};

const alter = (ag: string, verb: string): string =>
  `ALTER AVAILABILITY GROUP ${quoteName(ag)} ${verb};`;

/** The statement of one single-change command, and the replica it must run on (if any). */
const statement = (
  e: ClusterEvent,
  ag: string,
  clusterType?: ClusterType,
): { on: string | null; sql: string } | null => {
  switch (e.type) {
    case 'ag.failover':
      return { on: e.target, sql: alter(ag, 'FAILOVER') };
    case 'ag.forceFailover':
      return { on: e.target, sql: alter(ag, 'FORCE_FAILOVER_ALLOW_DATA_LOSS') };
    case 'ag.setRoleSecondary':
      return { on: e.replica, sql: alter(ag, 'SET (ROLE = SECONDARY)') };
    case 'ag.set':
      return { on: null, sql: alter(ag, `SET (${setOption(e.options)})`) };
    case 'ag.offline':
      return { on: e.replica ?? null, sql: alter(ag, 'OFFLINE') };
    case 'ag.addListener':
      return { on: null, sql: alter(ag, `ADD LISTENER ${listenerClause(e.listener)}`) };
    case 'ag.modifyListener': {
      const change =
        e.port !== undefined
          ? `PORT = ${e.port}`
          : e.addAddresses?.[0] !== undefined
            ? `ADD IP ${ip(e.addAddresses[0])}`
            : `REMOVE IP (${quoteString(e.removeAddresses?.[0] ?? '')})`;
      return { on: null, sql: alter(ag, `MODIFY LISTENER ${quoteString(e.name)} (${change})`) };
    }
    case 'ag.removeListener':
      return { on: null, sql: alter(ag, `REMOVE LISTENER ${quoteString(e.name)}`) };
    case 'replica.add':
      return {
        on: null,
        sql: alter(
          ag,
          `ADD REPLICA ON\n${spec(e.spec.name, replicaOptions(e.spec, 'none'), INDENT)}`,
        ),
      };
    case 'replica.modify':
      return {
        on: null,
        sql: alter(
          ag,
          `MODIFY REPLICA ON ${quoteString(e.replica)} WITH (${replicaOptions(e.options, 'none').join(', ')})`,
        ),
      };
    case 'replica.remove':
      return { on: null, sql: alter(ag, `REMOVE REPLICA ON ${quoteString(e.replica)}`) };
    case 'replica.join':
      // Outside a WSFC the JOIN names the cluster type (S3: "JOIN WITH (CLUSTER_TYPE = EXTERNAL)").
      return {
        on: e.replica,
        sql: alter(
          ag,
          clusterType === undefined || clusterType === 'WSFC'
            ? 'JOIN'
            : `JOIN WITH (CLUSTER_TYPE = ${clusterType})`,
        ),
      };
    case 'replica.grantCreateDatabase':
      return { on: e.replica, sql: alter(ag, 'GRANT CREATE ANY DATABASE') };
    case 'replica.denyCreateDatabase':
      return { on: e.replica, sql: alter(ag, 'DENY CREATE ANY DATABASE') };
    case 'db.add':
      return { on: null, sql: alter(ag, `ADD DATABASE ${quoteName(e.database)}`) };
    case 'db.remove':
      return { on: null, sql: alter(ag, `REMOVE DATABASE ${quoteName(e.database)}`) };
    case 'db.join':
      return {
        on: e.replica,
        sql: `ALTER DATABASE ${quoteName(e.database)} SET HADR AVAILABILITY GROUP = ${quoteName(ag)};`,
      };
    case 'db.leave':
      return { on: e.replica, sql: `ALTER DATABASE ${quoteName(e.database)} SET HADR OFF;` };
    case 'db.suspend':
      return { on: e.replica, sql: `ALTER DATABASE ${quoteName(e.database)} SET HADR SUSPEND;` };
    case 'db.resume':
      return { on: e.replica, sql: `ALTER DATABASE ${quoteName(e.database)} SET HADR RESUME;` };
    case 'db.backup': {
      const log = e.backupType.startsWith('LOG');
      const options = [
        ...(e.backupType.endsWith('COPY_ONLY')
          ? ['COPY_ONLY']
          : e.backupType === 'DIFFERENTIAL'
            ? ['DIFFERENTIAL']
            : []),
        ...(e.init === true ? ['INIT'] : []),
      ];
      const file = quoteString(e.file ?? defaultBackupFile(e));
      return {
        on: e.replica,
        sql: `BACKUP ${log ? 'LOG' : 'DATABASE'} ${quoteName(e.database)} TO DISK = ${file}${options.length === 0 ? '' : ` WITH ${options.join(', ')}`};`,
      };
    }
    case 'db.restore': {
      const log = restoresLog(e);
      const options = [
        ...(e.position === undefined ? [] : [`FILE = ${e.position}`]),
        e.recovery === true ? 'RECOVERY' : 'NORECOVERY',
      ];
      return {
        on: e.replica,
        sql: `RESTORE ${log ? 'LOG' : 'DATABASE'} ${quoteName(e.database)} FROM DISK = ${quoteString(e.file)}${options.length === 0 ? '' : ` WITH ${options.join(', ')}`};`,
      };
    }
    default:
      return null;
  }
};

export interface RenderOptions {
  /** The primary replica: when given, commands that run on the primary get a `:Connect` to it. */
  readonly primary?: string;
  /** The group's CLUSTER_TYPE: a JOIN outside a WSFC names it. */
  readonly clusterType?: ClusterType;
}

/**
 * The T-SQL a DBA would run for an event, with `:Connect replica` where the command runs on a
 * specific replica, each batch closed by GO. None for events that are not T-SQL commands
 * (commits, log flow, crashes, time, quorum, health signals, seeding progress).
 */
export const renderEvent = (
  event: ClusterEvent,
  agName: string,
  options: RenderOptions = {},
): O.Option<string> => {
  const parts = commandEvents(event).flatMap((e) => {
    const s = statement(e, agName, options.clusterType);
    return s === null ? [] : [s];
  });
  if (parts.length === 0) return O.none;
  return O.some(
    parts
      .map(({ on, sql }) => {
        const server = on ?? options.primary;
        return `${server === undefined ? '' : `${connectLine(server)}\n`}${sql}\nGO\n`;
      })
      .join(''),
  );
};

/** A runbook: the T-SQL of every command event in order. */
export const renderEvents = (
  events: readonly ClusterEvent[],
  agName: string,
  options: RenderOptions = {},
): string =>
  events
    .flatMap((e) => {
      const sql = renderEvent(e, agName, options);
      return O.isSome(sql) ? [sql.value] : [];
    })
    .join('\n');
