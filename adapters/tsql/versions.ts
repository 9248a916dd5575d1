import { type Reason, reason, source } from '../../core/model/source.js';
import { featureInRelease, use } from '../../core/validation/features.js';
import type { Feature, Release } from '../../core/validation/limits.js';
import type { AlterAction, OptionNode, SpecNode, StatementNode, ValueNode } from './ast.js';
import type { Facts } from './config.js';
import { quote } from './errors.js';

/**
 * Each option checked as the statement writes it against the SQL Server version that brought it
 * (ag-rules §2.2 feature timeline; each feature's own source): a version without the option
 * refuses the statement whatever the value, so `CLUSTER_TYPE = WSFC` on 2016 and
 * `SET (DTC_SUPPORT = PER_DB)` in an ALTER-only script are judged too. One finding per option.
 */

/** A reason about one option of a statement, at the option's place. */
export interface PlacedReason {
  readonly line: number;
  readonly column: number;
  readonly reason: Reason;
}

const upper = (o: OptionNode): string => o.name.text.toUpperCase();
const isWord = (v: ValueNode | null, word: string): boolean =>
  v !== null && v.kind === 'word' && v.text.toUpperCase() === word;

const RSSTC = 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT';

/** Features that are an option itself (any value), not one value of it. */
const OPTIONS_AT_ANY_VALUE: ReadonlySet<Feature> = new Set<Feature>([
  'DB_FAILOVER',
  'DTC_SUPPORT',
  RSSTC,
  'CLUSTER_TYPE',
  'WRITE_LEASE_VALIDITY',
  'CLUSTER_CONNECTION_OPTIONS',
  'AUTOMATIC_SEEDING',
  'READ_WRITE_ROUTING_URL',
]);

/** The features an option needs, oldest first: the first one missing is the finding. */
type Needs = (o: OptionNode) => readonly Feature[];

const always =
  (f: Feature): Needs =>
  () => [f];
const withNone =
  (f: Feature | null): Needs =>
  (o) => [
    ...(f === null ? [] : [f]),
    ...(isWord(o.value, 'NONE') ? ['ROUTING_URL_NONE' as const] : []),
  ];

const GROUP: Readonly<Record<string, Needs>> = {
  DB_FAILOVER: always('DB_FAILOVER'),
  DTC_SUPPORT: always('DTC_SUPPORT'),
  REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: always(
    'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
  ),
  CLUSTER_TYPE: always('CLUSTER_TYPE'),
  WRITE_LEASE_VALIDITY: always('WRITE_LEASE_VALIDITY'),
  CLUSTER_CONNECTION_OPTIONS: always('CLUSTER_CONNECTION_OPTIONS'),
  BASIC: always('BASIC_AVAILABILITY_GROUP'),
  DISTRIBUTED: always('DISTRIBUTED_AVAILABILITY_GROUP'),
  CONTAINED: (o) => [
    'CONTAINED_AVAILABILITY_GROUP',
    ...(o.modifiers.some((m) => m.text.toUpperCase() === 'AUTOSEEDING_SYSTEM_DATABASES')
      ? ['AUTOSEEDING_SYSTEM_DATABASES' as const]
      : []),
  ],
  REUSE_SYSTEM_DATABASES: always('CONTAINED_AVAILABILITY_GROUP'),
  AUTOSEEDING_SYSTEM_DATABASES: always('AUTOSEEDING_SYSTEM_DATABASES'),
};

const SECONDARY_ROLE: Readonly<Record<string, Needs>> = { READ_ONLY_ROUTING_URL: withNone(null) };
const PRIMARY_ROLE: Readonly<Record<string, Needs>> = {
  READ_WRITE_ROUTING_URL: withNone('READ_WRITE_ROUTING_URL'),
  READ_ONLY_ROUTING_LIST: (o) =>
    o.value?.kind === 'list' && o.value.items.some((i) => i.kind === 'list')
      ? ['LOAD_BALANCED_READ_ONLY_ROUTING']
      : [],
};

const REPLICA: Readonly<Record<string, Needs>> = {
  SEEDING_MODE: always('AUTOMATIC_SEEDING'),
  AVAILABILITY_MODE: (o) =>
    isWord(o.value, 'CONFIGURATION_ONLY') ? ['CONFIGURATION_ONLY_REPLICA'] : [],
  FAILOVER_MODE: (o) => (isWord(o.value, 'EXTERNAL') ? ['FAILOVER_MODE_EXTERNAL'] : []),
};

const MEMBER: Readonly<Record<string, Needs>> = { SEEDING_MODE: always('AUTOMATIC_SEEDING') };
const NESTED: Readonly<Record<string, Readonly<Record<string, Needs>>>> = {
  SECONDARY_ROLE,
  PRIMARY_ROLE,
};

/** Where the statement stands: its release and the groups created DISTRIBUTED before it. */
export interface VersionContext {
  readonly release: Release;
  readonly distributedGroups: ReadonlySet<string>;
  /** The distributed groups created as Managed Instance links (a member's LISTENER_URL in the link form). */
  readonly linkGroups?: ReadonlySet<string>;
}

/**
 * The release a script runs on as far as the caller says it: without a cumulative update only
 * the major version is known (`--sql-version 2016`), so a feature that came in a later build of
 * that version is unknown, never assumed.
 */
export const releaseOf = (facts: Facts): Release =>
  facts.cumulativeUpdate === undefined
    ? { version: facts.version, cumulativeUpdate: null, productVersion: null }
    : { version: facts.version, cumulativeUpdate: facts.cumulativeUpdate };

class Findings {
  readonly found: PlacedReason[] = [];
  constructor(private readonly release: Release) {}

  option(o: OptionNode, table: Readonly<Record<string, Needs>>, override?: Feature): void {
    const name = upper(o);
    const nested = NESTED[name];
    if (nested !== undefined && table === REPLICA) {
      for (const inner of o.nested ?? []) this.option(inner, nested);
      return;
    }
    const needs = override === undefined ? (table[name]?.(o) ?? []) : [override];
    for (const feature of needs) {
      // An option a version lacks is refused whatever its value: name the option, not a value.
      const what =
        override === undefined && OPTIONS_AT_ANY_VALUE.has(feature)
          ? `the option ${name}`
          : undefined;
      const reasons = featureInRelease(this.release, use(feature, quote(o.source), what));
      if (reasons.length === 0) continue;
      for (const reason of reasons)
        this.found.push({ line: o.loc.line, column: o.loc.column, reason });
      return;
    }
  }

  options(list: readonly OptionNode[], table: Readonly<Record<string, Needs>>): void {
    for (const o of list) this.option(o, table);
  }

  specs(specs: readonly SpecNode[] | null, table: Readonly<Record<string, Needs>>): void {
    for (const spec of specs ?? []) this.options(spec.options, table);
  }

  /** A statement form that came with a feature (`GRANT CREATE ANY DATABASE`, `JOIN AVAILABILITY GROUP ON`). */
  form(at: { readonly loc: AlterAction['loc'] }, written: string, feature: Feature): void {
    for (const reason of featureInRelease(this.release, use(feature, written)))
      this.found.push({ line: at.loc.line, column: at.loc.column, reason });
  }
}

const isDistributed = (options: readonly OptionNode[]): boolean =>
  options.some((o) => upper(o) === 'DISTRIBUTED');

const alterFindings = (
  f: Findings,
  action: AlterAction,
  distributed: boolean,
  link: boolean,
): void => {
  switch (action.kind) {
    case 'failover':
      // A link's planned failover in T-SQL came with 2022 CU13 (S104); between SQL Server groups
      // FAILOVER is refused in every version (distributed-failover-side.ts).
      if (link) f.form(action, 'FAILOVER', 'LINK_TSQL_FAILOVER');
      return;
    case 'set':
      for (const o of action.options) {
        const name = upper(o);
        // Changing DTC_SUPPORT needs 2016 SP2 (S3); RSSTC on a distributed group needs 2022 (S3).
        if (name === 'DTC_SUPPORT') f.option(o, GROUP, 'ALTER_DTC_SUPPORT');
        else if (name === RSSTC && distributed)
          f.option(o, GROUP, 'DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT');
        else f.option(o, GROUP);
      }
      return;
    case 'addReplica':
    case 'modifyReplica':
      f.specs(action.specs, REPLICA);
      return;
    case 'join':
      f.options(action.options, GROUP);
      return;
    case 'joinGroups':
    case 'modifyGroups':
      f.form(
        action,
        `${action.kind === 'joinGroups' ? 'JOIN' : 'MODIFY'} AVAILABILITY GROUP ON`,
        'DISTRIBUTED_AVAILABILITY_GROUP',
      );
      f.specs(action.specs, MEMBER);
      return;
    case 'modifyListener':
      for (const change of action.changes)
        if (change.kind === 'removeIp')
          f.form(change, 'MODIFY LISTENER … REMOVE IP', 'LISTENER_REMOVE_IP');
      return;
    case 'offline':
      f.form(action, 'OFFLINE', 'OFFLINE_STATEMENT');
      return;
    case 'grantCreateDatabase':
    case 'denyCreateDatabase':
      f.form(
        action,
        `${action.kind === 'grantCreateDatabase' ? 'GRANT' : 'DENY'} CREATE ANY DATABASE`,
        'AUTOMATIC_SEEDING',
      );
      return;
    default:
      return;
  }
};

/** Every option of a statement its SQL Server version lacks (or may lack), each at its place. */
export const versionFindings = (node: StatementNode, ctx: VersionContext): PlacedReason[] => {
  const f = new Findings(ctx.release);
  if (node.kind === 'createGroup') {
    const distributed = isDistributed(node.options);
    for (const o of node.options)
      if (upper(o) === RSSTC && distributed) f.found.push(rsstcInCreate(o));
      else f.option(o, GROUP);
    f.specs(node.replicas, REPLICA);
    f.specs(node.members, MEMBER);
    if (node.options.some((o) => upper(o) === 'CONTAINED') && ctx.release.version <= 2022)
      f.found.push(...containedManualSeeding(node.replicas ?? []));
    const basic = node.options.find((o) => upper(o) === 'BASIC');
    if (basic !== undefined) f.found.push(...basicWithoutBothReplicas(basic, node.replicas ?? []));
  } else if (node.kind === 'alterGroup') {
    const name = node.name.text.toLowerCase();
    alterFindings(
      f,
      node.action,
      ctx.distributedGroups.has(name),
      ctx.linkGroups?.has(name) ?? false,
    );
  }
  return f.found;
};

/**
 * The distributed group a statement shows, which later ALTERs of its name act on: CREATE …
 * DISTRIBUTED, or JOIN / MODIFY AVAILABILITY GROUP ON, which only a distributed group has (S3).
 */
export const distributedGroupOf = (node: StatementNode): string | null =>
  (node.kind === 'createGroup' && isDistributed(node.options)) ||
  (node.kind === 'alterGroup' &&
    (node.action.kind === 'joinGroups' || node.action.kind === 'modifyGroups'))
    ? node.name.text.toLowerCase()
    : null;

/** "2022+ settable on a distributed AG via ALTER only" (ag-rules §2.2, S3): never in CREATE. */
const rsstcInCreate = (o: OptionNode): PlacedReason => ({
  line: o.loc.line,
  column: o.loc.column,
  reason: reason(
    'DISTRIBUTED_RSSTC_NOT_IN_CREATE',
    `${quote(o.source)}: REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is set on a distributed availability group by ALTER AVAILABILITY GROUP (SQL Server 2022 and later), never in CREATE`,
    source(
      'S3',
      'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT (distributed availability groups): ALTER only',
    ),
  ),
});

/**
 * "In SQL Server 2022 and earlier versions, contained availability groups must use automatic
 * seeding during creation" (S42, Initial data synchronization): each replica of the CREATE, with
 * SEEDING_MODE = MANUAL written or left to its default (MANUAL).
 */
const containedManualSeeding = (replicas: readonly SpecNode[]): PlacedReason[] =>
  replicas.flatMap((spec) => {
    if (
      spec.options.some(
        (o) => upper(o) === 'AVAILABILITY_MODE' && isWord(o.value, 'CONFIGURATION_ONLY'),
      )
    )
      return [];
    const seeding = spec.options.find((o) => upper(o) === 'SEEDING_MODE');
    if (seeding !== undefined && isWord(seeding.value, 'AUTOMATIC')) return [];
    const at = seeding ?? spec;
    return [
      {
        line: at.loc.line,
        column: at.loc.column,
        reason: reason(
          'CONTAINED_NEEDS_AUTOMATIC_SEEDING',
          `${spec.name.text}: ${seeding === undefined ? 'SEEDING_MODE left to its default, MANUAL' : quote(seeding.source)}: a contained availability group is created with SEEDING_MODE = AUTOMATIC on SQL Server 2022 and earlier (manual seeding, JOIN ONLY, only after it is created)`,
          source(
            'S42',
            'Initial data synchronization: automatic seeding during creation (2022 and earlier)',
          ),
        ),
      },
    ];
  });

/**
 * "When you create a basic availability group, you must specify both replicas during creation",
 * and "the limitations of basic availability groups apply to the CREATE AVAILABILITY GROUP command
 * when WITH BASIC is specified" (S41, Configuration): a CREATE … BASIC that lists fewer than two
 * replicas that hold data is refused, even when an ALTER … ADD REPLICA later in the script would
 * bring the group to two. A configuration-only replica (Linux) holds no data and does not count.
 */
const basicWithoutBothReplicas = (
  basic: OptionNode,
  replicas: readonly SpecNode[],
): PlacedReason[] => {
  const holding = replicas.filter(
    (spec) =>
      !spec.options.some(
        (o) => upper(o) === 'AVAILABILITY_MODE' && isWord(o.value, 'CONFIGURATION_ONLY'),
      ),
  );
  if (holding.length >= 2) return [];
  return [
    {
      line: basic.loc.line,
      column: basic.loc.column,
      reason: reason(
        'BASIC_GROUP_CREATED_WITHOUT_BOTH_REPLICAS',
        `CREATE AVAILABILITY GROUP … BASIC lists ${holding.length === 0 ? 'no replica' : `one replica that holds data (${holding[0]!.name.text})`}: a basic availability group is created with both its replicas, primary and secondary, and SQL Server refuses the CREATE; an ALTER … ADD REPLICA afterwards cannot make up for it`,
        source('S41', 'Configuration: specify both replicas during creation'),
      ),
    },
  ];
};
