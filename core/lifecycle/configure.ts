import { markFailoverReadiness } from '../cluster/build.js';
import { sendCopy } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import { copyPhase, primaryReplica } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { synchronizedFacts } from '../log/log-step.js';
import type { Config, Replica } from '../model/config.js';
import { resolveListener, resolveReplica, withReplicasOf } from '../model/config.js';
import type { ClusterEvent, EventOf } from '../model/events.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import { routingListRefusal } from '../validation/routing.js';
import { shortSessionTimeoutSet } from '../validation/session-timeout-advice.js';
import { validateConfig } from '../validation/validate.js';
import { lifecycleReason } from './codes.js';
import {
  configurationOnlyOptionsRefusal,
  secondConfigurationOnlyRefusal,
} from './configuration-only.js';
import { dtcChange, rmidChange } from './dtc-change.js';
import { readableWhileOpen } from './readable-while-open.js';

/** Configuration changes by ALTER AVAILABILITY GROUP, run on the primary; the new configuration must pass every rule. */

const ALTER = source('S3', 'ALTER AVAILABILITY GROUP runs on the primary replica');

export type ConfigEvent =
  | EventOf<'replica.setAvailabilityMode'>
  | EventOf<'replica.setFailoverMode'>
  | EventOf<'replica.setSeedingMode'>
  | EventOf<'replica.modify'>
  | EventOf<'ag.set'>
  | EventOf<'ag.addListener'>
  | EventOf<'ag.modifyListener'>
  | EventOf<'ag.removeListener'>;

const patchReplica = (config: Config, name: string, patch: (r: Replica) => Replica): Config =>
  withReplicasOf(
    config,
    config.replicas.map((r) => (r.name.toLowerCase() === name.toLowerCase() ? patch(r) : r)),
  );

/**
 * MODIFY REPLICA's AVAILABILITY_MODE is SYNCHRONOUS_COMMIT or ASYNCHRONOUS_COMMIT only (S3), and a
 * configuration-only replica's mode cannot be modified (S29, configuration-only replica).
 */
const modeChangeRefusal = (
  config: Config,
  replica: string,
  mode: Replica['availabilityMode'] | undefined,
): Reason | null => {
  if (mode === undefined) return null;
  if (mode === 'CONFIGURATION_ONLY')
    return reason(
      'CONFIGURATION_ONLY_NOT_MODIFIABLE',
      'MODIFY REPLICA accepts only SYNCHRONOUS_COMMIT or ASYNCHRONOUS_COMMIT',
      source('S3', 'AVAILABILITY_MODE'),
    );
  const current = config.replicas.find((r) => r.name.toLowerCase() === replica.toLowerCase());
  return current?.availabilityMode === 'CONFIGURATION_ONLY'
    ? reason(
        'CONFIGURATION_ONLY_NOT_MODIFIABLE',
        `${current.name} is a configuration-only replica: its availability mode cannot be modified`,
        source('S29', 'Configuration-only replica: the availability mode cannot be modified'),
      )
    : null;
};

const nextConfig = (config: Config, e: ConfigEvent): Config | Reason => {
  const known = (name: string) =>
    config.replicas.some((r) => r.name.toLowerCase() === name.toLowerCase());
  switch (e.type) {
    case 'replica.setAvailabilityMode': {
      if (!known(e.replica))
        return reason('UNKNOWN_REPLICA', `${e.replica} is not a replica of ${config.name}`, ALTER);
      const refusal = modeChangeRefusal(config, e.replica, e.mode);
      if (refusal !== null) return refusal;
      return patchReplica(config, e.replica, (r) => ({ ...r, availabilityMode: e.mode }));
    }
    case 'replica.setFailoverMode': {
      if (!known(e.replica))
        return reason('UNKNOWN_REPLICA', `${e.replica} is not a replica of ${config.name}`, ALTER);
      const refusal = configurationOnlyOptionsRefusal(config, e.replica, { failoverMode: e.mode });
      if (refusal !== null) return refusal;
      return patchReplica(config, e.replica, (r) => ({ ...r, failoverMode: e.mode }));
    }
    case 'replica.setSeedingMode': {
      if (!known(e.replica))
        return reason('UNKNOWN_REPLICA', `${e.replica} is not a replica of ${config.name}`, ALTER);
      const refusal = configurationOnlyOptionsRefusal(config, e.replica, { seedingMode: e.mode });
      if (refusal !== null) return refusal;
      return patchReplica(config, e.replica, (r) => ({ ...r, seedingMode: e.mode }));
    }
    case 'replica.modify': {
      if (!known(e.replica))
        return reason('UNKNOWN_REPLICA', `${e.replica} is not a replica of ${config.name}`, ALTER);
      const refusal =
        modeChangeRefusal(config, e.replica, e.options.availabilityMode) ??
        configurationOnlyOptionsRefusal(config, e.replica, e.options);
      if (refusal !== null) return refusal;
      return patchReplica(config, e.replica, (r) =>
        resolveReplica({
          ...r,
          ...e.options,
          secondaryRole: { ...r.secondaryRole, ...e.options.secondaryRole },
          primaryRole: { ...r.primaryRole, ...e.options.primaryRole },
        }),
      );
    }
    case 'ag.set':
      return { ...config, ...e.options };
    case 'ag.addListener':
      if (config.listener !== null)
        return reason(
          'LISTENER_EXISTS',
          `${config.name} already has the listener ${config.listener.name}`,
          source('S3', 'ADD LISTENER'),
        );
      return { ...config, listener: resolveListener(e.listener) };
    case 'ag.modifyListener': {
      const l = config.listener;
      if (l === null || l.name.toLowerCase() !== e.name.toLowerCase())
        return reason(
          'UNKNOWN_LISTENER',
          `${config.name} has no listener ${e.name}`,
          source('S3', 'MODIFY LISTENER'),
        );
      const removed = new Set(e.removeAddresses ?? []);
      const addresses = [
        ...l.addresses.filter((a) => !removed.has(a.address)),
        ...(e.addAddresses ?? []),
      ];
      // "The last remaining IP address can't be removed. Attempting to do so results in error
      // 19535" (S3, REMOVE IP): the statement fails and the listener keeps its address.
      if (removed.size > 0 && l.addresses.length > 0 && addresses.length === 0)
        return reason(
          'LISTENER_LAST_ADDRESS',
          `REMOVE IP would leave listener ${l.name} without an address: SQL Server refuses it (error 19535) and ${l.name} keeps ${l.addresses.map((a) => a.address).join(', ')}; add the new address first (MODIFY LISTENER … ADD IP), then remove the old one`,
          source(
            'S3',
            'MODIFY LISTENER, REMOVE IP (SQL Server 2025): the last remaining IP address',
          ),
        );
      return { ...config, listener: { ...l, port: e.port ?? l.port, addresses } };
    }
    case 'ag.removeListener':
      if (config.listener === null || config.listener.name.toLowerCase() !== e.name.toLowerCase())
        return reason(
          'UNKNOWN_LISTENER',
          `${config.name} has no listener ${e.name}`,
          source('S3', 'REMOVE LISTENER'),
        );
      return { ...config, listener: null };
  }
};

/**
 * The configuration after one event of a script, without a cluster to run it on: ALTER
 * AVAILABILITY GROUP … ADD / REMOVE / MODIFY REPLICA, ADD / REMOVE DATABASE, SET, and the listener
 * statements change it;
 * any other event leaves it as it is. A change the statement cannot make (a replica the group does
 * not have, a listener it lacks) is the reason; whether the result keeps the documented rules is
 * validateConfig's to say.
 */
export const configAfterEvent = (config: Config, e: ClusterEvent): Config | Reason =>
  configRefusals(config, e)[0] ?? changedConfig(config, e);

/**
 * Every reason SQL Server refuses one event of a script for, none where it takes it: a change the
 * statement cannot make, each mode rule the change breaks (R-CFG-1, D1, D2), or a routing list
 * naming a replica without its routing URL. A decision gives all of its reasons, not the first.
 */
export const configRefusals = (config: Config, e: ClusterEvent): readonly Reason[] => {
  const next = changedConfig(config, e);
  if ('code' in next) return [next];
  const secondWitness =
    e.type === 'replica.add'
      ? secondConfigurationOnlyRefusal(config, resolveReplica(e.spec))
      : null;
  if (secondWitness !== null) return [secondWitness];
  // A mode change SQL Server refuses at its statement, as the step does (configure, below).
  const modes = modeChangeViolations(config, next, e);
  if (modes.length > 0) return modes;
  // A statement that sets a routing list runs only if each listed replica has its routing URL.
  const owner =
    e.type === 'replica.modify' && e.options.primaryRole?.readOnlyRoutingList !== undefined
      ? e.replica
      : e.type === 'replica.add' && e.spec.primaryRole?.readOnlyRoutingList !== undefined
        ? e.spec.name
        : null;
  const routing = owner === null ? null : routingListRefusal(next, owner);
  return routing === null ? [] : [routing];
};

/** The rules a MODIFY REPLICA of AVAILABILITY_MODE or FAILOVER_MODE can break (R-CFG-1, D1, D2). */
const MODE_RULES: ReadonlySet<string> = new Set([
  'AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT',
  'TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS',
  'TOO_MANY_AUTOMATIC_FAILOVER_REPLICAS',
]);

/**
 * A MODIFY REPLICA that changes a replica's availability or failover mode is refused when the group
 * it leaves breaks one of those rules and the group before it did not: the step refuses the same
 * change (validateConfig in configure), so a script that orders two changes the wrong way (the
 * primary to SYNCHRONOUS_COMMIT before another replica to ASYNCHRONOUS_COMMIT at the limit, S44's
 * example, step 2) does not deploy what it says. A rule the CREATE already broke is its own finding.
 */
const modeChangeViolations = (before: Config, after: Config, e: ClusterEvent): Reason[] => {
  const changesMode =
    e.type === 'replica.setAvailabilityMode' ||
    e.type === 'replica.setFailoverMode' ||
    (e.type === 'replica.modify' &&
      (e.options.availabilityMode !== undefined || e.options.failoverMode !== undefined));
  if (!changesMode) return [];
  const already = new Set(validateConfig(before).map((r) => r.code));
  return validateConfig(after).filter((r) => MODE_RULES.has(r.code) && !already.has(r.code));
};

const changedConfig = (config: Config, e: ClusterEvent): Config | Reason => {
  switch (e.type) {
    case 'replica.add':
      return withReplicasOf(config, [...config.replicas, resolveReplica(e.spec)]);
    case 'replica.remove':
      return config.replicas.some((r) => r.name.toLowerCase() === e.replica.toLowerCase())
        ? withReplicasOf(
            config,
            config.replicas.filter((r) => r.name.toLowerCase() !== e.replica.toLowerCase()),
          )
        : reason('UNKNOWN_REPLICA', `${e.replica} is not a replica of ${config.name}`, ALTER);
    // ADD DATABASE lists the database in the group (S3); whether the group may hold it (a basic
    // group holds one) is validateConfig's to say.
    case 'db.add':
      return config.databases.includes(e.database)
        ? lifecycleReason('DATABASE_ALREADY_IN_GROUP', `${e.database} is already in ${config.name}`)
        : { ...config, databases: [...config.databases, e.database] };
    case 'db.remove':
      return config.databases.includes(e.database)
        ? { ...config, databases: config.databases.filter((d) => d !== e.database) }
        : lifecycleReason('DATABASE_NOT_IN_GROUP', `${e.database} is not in ${config.name}`);
    case 'replica.setAvailabilityMode':
    case 'replica.setFailoverMode':
    case 'replica.setSeedingMode':
    case 'replica.modify':
    case 'ag.set':
    case 'ag.addListener':
    case 'ag.modifyListener':
    case 'ag.removeListener':
      return nextConfig(config, e);
    default:
      return config;
  }
};

/**
 * CREATE AVAILABILITY GROUP of a name the instance already has, with no DROP AVAILABILITY GROUP
 * since: refused, for "group_name … must be unique across all availability groups in the WSFC
 * cluster" (S4), and an instance's groups have distinct names whatever the cluster type.
 */
export const groupNameTaken = (name: string, instance: string, createdAt: number): Reason =>
  reason(
    'GROUP_NAME_EXISTS',
    `${instance} already has an availability group named ${name} (CREATE at line ${createdAt}, not dropped since); an availability group name must be unique`,
    source('S4', 'group_name: unique across all availability groups in the WSFC cluster'),
  );

/**
 * ALTER AVAILABILITY GROUP … FAILOVER or FORCE_FAILOVER_ALLOW_DATA_LOSS run on the group's primary:
 * "the JOIN, FAILOVER, and FORCE_FAILOVER_ALLOW_DATA_LOSS arguments are supported only on secondary
 * replicas" (S3); either failover is issued on the target, which then takes the primary role. `why`
 * says how the script makes the instance primary (CREATE ran there, a failover to it, a
 * primary-only statement).
 */
export const failoverOnPrimary = (
  group: string,
  replica: string,
  why: string,
  verb: 'FAILOVER' | 'FORCE_FAILOVER_ALLOW_DATA_LOSS' = 'FAILOVER',
): Reason =>
  reason(
    'TARGET_IS_PRIMARY',
    `${verb} runs on ${replica}, the primary of ${group} (${why}): SQL Server runs ${verb} only on a secondary replica, the one that is to become primary, so it refuses it here; connect to the target secondary to fail over`,
    source(
      'S3',
      'FAILOVER and FORCE_FAILOVER_ALLOW_DATA_LOSS: supported only on secondary replicas (run on the failover target)',
    ),
  );

/**
 * ALTER AVAILABILITY GROUP … REMOVE REPLICA naming the group's primary of the moment: REMOVE
 * REPLICA removes a secondary replica, and the primary cannot be removed (S3); the step refuses
 * it alike (`REMOVE_PRIMARY_REPLICA`, core/lifecycle/replica.ts).
 */
export const removePrimary = (group: string, replica: string): Reason =>
  lifecycleReason(
    'REMOVE_PRIMARY_REPLICA',
    `${replica} is the primary replica of ${group} here: REMOVE REPLICA removes a secondary replica, so SQL Server refuses it; fail over to another replica first, or DROP AVAILABILITY GROUP to remove the group`,
  );

/**
 * ALTER AVAILABILITY GROUP … JOIN on an instance whose replica has already joined the group (the
 * instance CREATE ran on, or an earlier JOIN there): JOIN is "supported only on a secondary replica
 * that has not yet been joined to the availability group" (S3), so SQL Server refuses it; the step
 * refuses it alike (`REPLICA_ALREADY_JOINED`, core/lifecycle/replica.ts).
 */
export const joinedAlready = (group: string, replica: string, where: string): Reason =>
  lifecycleReason(
    'REPLICA_ALREADY_JOINED',
    `${replica} has already joined ${group} (${where}): JOIN runs only on a secondary replica that has not yet been joined to the availability group, so SQL Server refuses it here; a database restored there is joined with ALTER DATABASE … SET HADR AVAILABILITY GROUP alone`,
  );

/**
 * ALTER AVAILABILITY GROUP … JOIN on an instance the group has no replica for: JOIN "Causes the
 * local server instance to host a secondary replica in the specified availability group" (S3), and
 * "After a secondary replica is added to an Always On availability group, the secondary replica
 * must be joined … on the instance of SQL Server that is hosting the secondary replica" (S98): the
 * replica is added on the primary first. The step refuses it alike (`UNKNOWN_REPLICA`).
 */
export const joinNotAReplica = (group: string, instance: string): Reason =>
  lifecycleReason(
    'UNKNOWN_REPLICA',
    `${instance} is not a replica of ${group} here: JOIN runs only on the instance of a secondary replica already added to the group (ADD REPLICA ON N'${instance}' on the primary, or REPLICA ON in its CREATE), so SQL Server refuses it`,
  );

/**
 * ALTER AVAILABILITY GROUP … JOIN after the script took the group OFFLINE: Msg 41136 (S135),
 * "Failed to join the availability replica to availability group '%.*ls' because the group is not
 * online", and a group taken OFFLINE is not brought back online (S3); the step refuses it alike.
 */
export const joinWhileOffline = (group: string, replica: string, offlineLine: number): Reason =>
  lifecycleReason(
    'JOIN_GROUP_NOT_ONLINE',
    `${group} was taken OFFLINE at line ${offlineLine}: SQL Server refuses the JOIN on ${replica} with Msg 41136 ("because the group is not online") and rolls it back; a group taken OFFLINE is not brought back online, so drop and recreate it`,
  );

/**
 * MODIFY or REMOVE LISTENER naming a listener the script never added, on a WSFC group: the listener
 * may be a client access point made in the cluster ("Create an Additional Listener": Add-ClusterResource
 * for the network name and IP address, a dependency on the availability group resource, then
 * "modify the listener port" from the primary, S106), which a T-SQL script does not show. Whether
 * the group has it is unknown, not a refusal; sys.availability_group_listeners settles it.
 */
export const listenerOutsideScript = (group: string, listener: string, statement: string): Reason =>
  unknownReason(
    'LISTENER_OUTSIDE_SCRIPT',
    `${statement} names the listener ${listener}, which the script never adds to ${group} (no LISTENER in CREATE, no ADD LISTENER): on a WSFC group a listener can be made in the cluster itself (a network name and IP address resource depending on the availability group's resource), so whether ${group} has it, and so whether SQL Server runs the statement, is unknown`,
    source(
      'S106',
      'Create an Additional Listener for an Availability Group: Add-ClusterResource, Add-ClusterResourceDependency, then modify the listener port',
    ),
    [
      `sys.availability_group_listeners (dns_name, port) on the primary of ${group}`,
      `the listener's ADD LISTENER (or CREATE … LISTENER) in the script`,
    ],
  );

/**
 * ALTER DATABASE … SET HADR AVAILABILITY GROUP run on the group's primary: "These options are
 * supported only on secondary replicas" (S50). The primary's database is in the group by CREATE …
 * FOR DATABASE or ADD DATABASE; a script that runs the join there never joins a secondary copy.
 */
/**
 * ALTER DATABASE … SET HADR AVAILABILITY GROUP run before the database is in the group: "The
 * database must already have been added to the availability group on the primary replica" (S50),
 * so SQL Server refuses the join and the copy stays RESTORING.
 */
export const joinBeforeAdd = (group: string, replica: string, database: string): Reason =>
  lifecycleReason(
    'DATABASE_NOT_IN_GROUP',
    `${database} is not in ${group} yet: SET HADR AVAILABILITY GROUP on ${replica} joins a database already added to the group on the primary, so SQL Server refuses it and ${database} stays RESTORING there; run ALTER AVAILABILITY GROUP [${group}] ADD DATABASE [${database}] on the primary first, then the join`,
  );

export const joinOnPrimary = (group: string, replica: string, database: string): Reason =>
  lifecycleReason(
    'IS_PRIMARY_REPLICA',
    `${replica} is the primary of ${group}: SET HADR AVAILABILITY GROUP runs on a secondary replica, where ${database} was restored WITH NORECOVERY; on the primary, ADD DATABASE or CREATE … FOR DATABASE puts it in the group`,
  );

/**
 * ALTER DATABASE … SET HADR OFF run on the group's primary: "This task is supported only on
 * secondary replicas" (S141); KB2857849 (S102) shows the refusal, Msg 35240. The step refuses it
 * alike (core/lifecycle/join.ts).
 */
export const leaveOnPrimary = (group: string, replica: string, database: string): Reason =>
  reason(
    'IS_PRIMARY_REPLICA',
    `${replica} is the primary of ${group}: SET HADR OFF takes a secondary database out of the group and runs only on a secondary replica, so SQL Server refuses it here (Msg 35240, "Database ${database} cannot be joined to or unjoined from availability group ${group}. This operation is not supported on the primary replica of the availability group") and ${database} stays in the group; on the primary, ALTER AVAILABILITY GROUP [${group}] REMOVE DATABASE [${database}] removes it from the group`,
    source(
      'S141',
      'Remove a secondary database: "This task is supported only on secondary replicas"; Msg 35240 on the primary (KB2857849, S102)',
    ),
  );

export const configure = (c: Cluster, e: ConfigEvent): StepResult => {
  if (primaryReplica(c) === undefined)
    return refused(c, [
      reason(
        'NO_PRIMARY',
        'ALTER AVAILABILITY GROUP runs on the primary replica, and there is none now',
        ALTER,
      ),
    ]);
  const dtc = dtcChange(c.config, e);
  const config = nextConfig(c.config, e);
  if ('code' in config) return refused(c, [...dtc.refusals, config]);
  const violations = [...dtc.refusals, ...validateConfig(config)];
  if (violations.length > 0) return refused(c, violations);
  let next: Cluster = { ...c, config };
  // A change of availability mode changes which copies can be SYNCHRONIZED (S1).
  for (const r of next.replicas) {
    for (const [db, copy] of Object.entries(r.databases)) {
      if (copyPhase(copy) !== 'JOINED' || r.name === primaryReplica(next)?.name) continue;
      next = sendCopy(next, r.name, db, {
        type: 'mode.changed',
        facts: synchronizedFacts(next, r.name, db),
      });
    }
  }
  const readable = readableWhileOpen(next, c.config);
  return accepted(
    markFailoverReadiness(readable.cluster),
    [
      ...dtc.unknown,
      ...rmidChange(c, e),
      ...readable.notes,
      ...(e.type === 'replica.modify' ? shortSessionTimeoutSet(config, e) : []),
    ].map((x) => ({
      type: 'note' as const,
      reason: x,
    })),
  );
};
