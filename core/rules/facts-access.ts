import type { Config, Replica } from '../model/config.js';
import type {
  ClusterFacts,
  DatabaseLogFacts,
  DatabaseReplicaFacts,
  ReplicaFacts,
} from '../model/facts.js';
import { memoLast as memo } from '../model/memo.js';
import { type Reason, type RuleSource, source, unknownReason } from '../model/source.js';

/**
 * Lookups over ClusterFacts, shared by the rules. Names compare as instance names do:
 * case-insensitively; the first row that matches answers, as a scan in the facts' order would.
 *
 * Each lookup reads an index built once per list (the facts are immutable, so caching by
 * identity changes no answer): the decision engine asks thousands of questions of one snapshot
 * (9 replicas × 100 databases), and a scan per question made it quadratic. An index also
 * remembers the spellings it was asked with, so a lookup allocates nothing.
 */

export const sameName = (a: string, b: string): boolean => {
  if (a === b) return true;
  // ASCII names are compared in place, letter by letter: folding both to lower case made two
  // strings per comparison, and a scan compares every name before the one it finds. Any other
  // character leaves it to toLowerCase, whose folding may change the length.
  const length = a.length;
  if (length !== b.length) return (!isAscii(a) || !isAscii(b)) && foldedEqual(a, b);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x > 127 || y > 127) return foldedEqual(a, b);
    const lower = x | 32;
    if (lower !== (y | 32) || lower < 97 || lower > 122) return false;
  }
  return true;
};

const foldedEqual = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

const isAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
};

/** A case-insensitive map that answers each spelling it is asked with from a cache. */
class ByName<V> {
  private readonly folded = new Map<string, V>();
  private readonly asked = new Map<string, V | undefined>();

  constructor(entries: Iterable<readonly [string, V]>) {
    for (const [name, value] of entries) {
      const key = name.toLowerCase();
      if (!this.folded.has(key)) this.folded.set(key, value);
    }
  }

  get(name: string): V | undefined {
    const cached = this.asked.get(name);
    if (cached !== undefined || this.asked.has(name)) return cached;
    const found = this.folded.get(name.toLowerCase());
    this.asked.set(name, found);
    return found;
  }
}

const configIndex = memo(
  (replicas: readonly Replica[]) => new ByName(replicas.map((r) => [r.name, r] as const)),
);

const replicaIndex = memo(
  (rows: readonly ReplicaFacts[]) => new ByName(rows.map((r) => [r.name, r] as const)),
);

const NO_ROWS: ReadonlyMap<string, DatabaseReplicaFacts> = new Map();

/** A replica's rows aligned with a list of the group's databases. */
interface Alignment {
  readonly databases: readonly string[];
  readonly rows: readonly (DatabaseReplicaFacts | undefined)[];
}

/**
 * The database rows by replica (case-insensitively), then by database (exactly); and each
 * replica's rows as aligned with the group's databases, once asked.
 */
interface RowIndex {
  readonly byReplica: ByName<ReadonlyMap<string, DatabaseReplicaFacts>>;
  readonly aligned: Map<ReadonlyMap<string, DatabaseReplicaFacts>, Alignment>;
}

const rowIndex = memo((rows: readonly DatabaseReplicaFacts[]): RowIndex => {
  const byReplica = new Map<string, Map<string, DatabaseReplicaFacts>>();
  // Rows repeat a few replica names: each spelling is folded once, not once per row.
  const bySpelling = new Map<string, Map<string, DatabaseReplicaFacts>>();
  for (const d of rows) {
    let own = bySpelling.get(d.replica);
    if (own === undefined) {
      const key = d.replica.toLowerCase();
      own = byReplica.get(key);
      if (own === undefined) {
        own = new Map();
        byReplica.set(key, own);
      }
      bySpelling.set(d.replica, own);
    }
    if (!own.has(d.database)) own.set(d.database, d);
  }
  return { byReplica: new ByName(byReplica), aligned: new Map() };
});

const databaseIndex = memo((rows: readonly DatabaseReplicaFacts[]) => {
  const built = new Map<string, DatabaseReplicaFacts[]>();
  for (const d of rows) {
    const own = built.get(d.database);
    if (own === undefined) built.set(d.database, [d]);
    else own.push(d);
  }
  return built;
});

/**
 * Below this many rows a scan answers faster than building an index: the cluster step judges
 * fresh facts of a small group on every event, and would build every index for one question.
 */
const SCAN_BELOW = 16;

export const replicaConfig = (facts: ClusterFacts, name: string): Replica | undefined => {
  const replicas = facts.config.replicas;
  return replicas.length < SCAN_BELOW
    ? scanByName(replicas, name)
    : configIndex(replicas).get(name);
};

export const replicaFacts = (facts: ClusterFacts, name: string): ReplicaFacts | undefined =>
  facts.replicas.length < SCAN_BELOW
    ? scanByName(facts.replicas, name)
    : replicaIndex(facts.replicas).get(name);

const scanByName = <T extends { readonly name: string }>(
  rows: readonly T[],
  name: string,
): T | undefined => {
  for (const r of rows) if (sameName(r.name, name)) return r;
  return undefined;
};

/** The first row about `database` on `replica`. */
export const databaseReplicaFacts = (
  facts: ClusterFacts,
  replica: string,
  database: string,
): DatabaseReplicaFacts | undefined =>
  facts.databaseReplicas.length < SCAN_BELOW
    ? facts.databaseReplicas.find((d) => d.database === database && sameName(d.replica, replica))
    : rowIndex(facts.databaseReplicas).byReplica.get(replica)?.get(database);

/** Every replica's first row about each database it has a row for, by database name. */
export const replicaRows = (
  facts: ClusterFacts,
  replica: string,
): ReadonlyMap<string, DatabaseReplicaFacts> =>
  rowIndex(facts.databaseReplicas).byReplica.get(replica) ?? NO_ROWS;

/**
 * A replica's first row about each database of the group, in the configuration's order
 * (undefined where it has none): the rules that walk every database read it by position.
 */
export const replicaRowsByDatabase = (
  facts: ClusterFacts,
  replica: string,
): readonly (DatabaseReplicaFacts | undefined)[] => {
  const databases = facts.config.databases;
  if (facts.databaseReplicas.length < SCAN_BELOW) {
    const found: (DatabaseReplicaFacts | undefined)[] = new Array(databases.length);
    for (let i = 0; i < databases.length; i++)
      found[i] = databaseReplicaFacts(facts, replica, databases[i]!);
    return found;
  }
  const index = rowIndex(facts.databaseReplicas);
  const rows = index.byReplica.get(replica) ?? NO_ROWS;
  let alignment = index.aligned.get(rows);
  if (alignment?.databases !== databases) {
    alignment = { databases, rows: databases.map((d) => rows.get(d)) };
    index.aligned.set(rows, alignment);
  }
  return alignment.rows;
};

/** Every row about `database`, in the facts' order. */
export const databaseRows = (
  facts: ClusterFacts,
  database: string,
): readonly DatabaseReplicaFacts[] => databaseIndex(facts.databaseReplicas).get(database) ?? [];

const groupSets = memo((databases: readonly string[]) => new Set(databases));

/** Whether no database name of the group is listed twice. */
export const hasDistinctDatabases = (config: Config): boolean =>
  groupSets(config.databases).size === config.databases.length;

/** Whether the group holds `database` (its exact name). */
export const isGroupDatabase = (config: Config, database: string): boolean =>
  groupSets(config.databases).has(database);

const logIndex = memo((logs: readonly DatabaseLogFacts[]) => {
  const built = new Map<string, DatabaseLogFacts>();
  for (const l of logs) if (!built.has(l.database)) built.set(l.database, l);
  return built;
});

/** The exact log of `database`, when the facts carry logs (a simulated cluster's do). */
export const databaseLog = (facts: ClusterFacts, database: string): DatabaseLogFacts | undefined =>
  facts.logs === undefined ? undefined : logIndex(facts.logs).get(database);

export const primaryConfig = (facts: ClusterFacts): Replica | undefined =>
  facts.primary === null ? undefined : replicaConfig(facts, facts.primary);

/** Whether a replica's instance is running: an explicit fact, or read from its operational state. */
export const isReplicaUp = (r: ReplicaFacts | undefined): boolean | null => {
  if (r === undefined) return null;
  if (r.isUp !== undefined && r.isUp !== null) return r.isUp;
  if (r.operationalState !== null)
    return r.operationalState !== 'FAILED' && r.operationalState !== 'OFFLINE';
  // The primary's rows about its secondaries carry no operational state (S7), but a replica
  // connected to the primary is running.
  return r.connectedState === 'CONNECTED' ? true : null;
};

/**
 * What has been worked out about each facts value, in one place per value: one entry per facts
 * value, however many rules remember something about it.
 */
const derived = memo((_: ClusterFacts) => new Map<object, unknown>());

/**
 * A derived value made once per facts value (facts are immutable, so it cannot go stale): what a
 * rule works out about the whole group, read by every question about one of its databases.
 */
export const memoByFacts = <V>(
  derive: (facts: ClusterFacts) => V,
): ((facts: ClusterFacts) => V) => {
  const slot = {};
  return (facts) => {
    const cache = derived(facts);
    if (cache.has(slot)) return cache.get(slot) as V;
    const value = derive(facts);
    cache.set(slot, value);
    return value;
  };
};

/** A derived value made once per facts value and name. */
export const memoByFactsAnd = <V>(
  derive: (facts: ClusterFacts, name: string) => V,
): ((facts: ClusterFacts, name: string) => V) => {
  const byName = memoByFacts((_: ClusterFacts) => new Map<string, V>());
  return (facts, name) => {
    const cache = byName(facts);
    let value = cache.get(name);
    if (value === undefined) {
      value = derive(facts, name);
      cache.set(name, value);
    }
    return value;
  };
};

const primaryRowIndex = memo(
  (rows: readonly ReplicaFacts[]) =>
    new ByName(rows.filter((r) => r.role === 'PRIMARY').map((r) => [r.name, true] as const)),
);

/** Whether any row for `name` (not only the first) says PRIMARY. */
export const hasPrimaryRow = (facts: ClusterFacts, name: string): boolean =>
  primaryRowIndex(facts.replicas).get(name) === true;

/**
 * Where a snapshot was taken, as far as the facts say, for a column the primary's row leaves out:
 * its own row on the primary, a secondary's snapshot, or unknown.
 */
export const primaryRowGap = (facts: ClusterFacts, primary: string): string => {
  const local = facts.localReplica ?? null;
  if (local === null) return '(taken on a secondary?)';
  return sameName(local, primary)
    ? "(the primary's own row leaves it NULL)"
    : `(taken on ${local}, a secondary)`;
};

/**
 * A test for names equal to `name` as instance names compare, remembering each spelling it has
 * seen: rows repeat a handful of replica names, so a scan over them folds each name once.
 */
export const sameNameAs = (name: string): ((other: string) => boolean) => {
  const seen = new Map<string, boolean>();
  return (other) => {
    let same = seen.get(other);
    if (same === undefined) {
      same = sameName(name, other);
      seen.set(other, same);
    }
    return same;
  };
};

const primaryNameTests = memoByFacts((facts: ClusterFacts) =>
  facts.primary === null ? () => false : sameNameAs(facts.primary),
);

/** Whether `name` is the replica the facts name as primary. */
export const isPrimaryName = (facts: ClusterFacts, name: string): boolean =>
  primaryNameTests(facts)(name);

/**
 * Whether the facts say there is no primary, or only fail to say which replica it is: a snapshot
 * taken on a secondary shows no primary row unless sys.dm_hadr_availability_group_states names it.
 */
export const isPrimaryUnseen = (facts: ClusterFacts): boolean =>
  facts.primary === null && (facts.groupState === undefined || facts.groupState === null);

/**
 * The unknown a rule that needs the primary answers when `isPrimaryUnseen`. Two replicas whose own
 * rows each say PRIMARY (merged snapshots: a failover between them, or both sides of a partition
 * after a forced failover on one of them, S44: two copies updated independently) are not a
 * primary unseen: the snapshots show two.
 */
export const primaryUnseen = (rule: RuleSource, facts: ClusterFacts): Reason => {
  const claimants = facts.replicas.filter((r) => r.role === 'PRIMARY').map((r) => r.name);
  return claimants.length > 1 ? primarySplit(claimants) : primaryNotShown(rule, facts);
};

const primarySplit = (claimants: readonly string[]): Reason =>
  unknownReason(
    'PRIMARY_SPLIT_UNKNOWN',
    `${claimants.join(' and ')} each hold the PRIMARY role in the snapshots: a failover between them, or both sides of a partition (split brain), where each takes its own clients' transactions, which the other lacks; which one is the primary the snapshots do not decide`,
    source('S44', 'Perform a forced manual failover: forcing while the old primary still runs'),
    [
      'sys.dm_hadr_availability_replica_states.role_desc on each of them, in snapshots taken together (both PRIMARY again: a split brain, until the partition heals)',
    ],
  );

const primaryNotShown = (rule: RuleSource, facts: ClusterFacts): Reason => {
  const cutOff = nodeWithoutQuorum(facts);
  return cutOff === null
    ? unknownReason(
        'NO_PRIMARY_VIEW',
        `this snapshot does not show which replica is primary, nor that there is none ${facts.localReplica == null ? '(was it taken on a secondary?)' : `(taken on ${facts.localReplica})`}`,
        rule,
        [
          'sys.dm_hadr_availability_group_states.primary_replica',
          'sys.dm_hadr_availability_replica_states.role_desc (a snapshot taken on the primary)',
        ],
      )
    : unknownReason(
        'NO_PRIMARY_VIEW',
        `the snapshot was taken on ${cutOff}, with no quorum there: it shows neither which replica is primary nor that there is none (the other side of a partition may have kept quorum and its primary)`,
        rule,
        NODE_WITH_QUORUM,
      );
};

/** sys.dm_hadr_cluster (S107): a node's row shows its own quorum, and none is returned without. */
export const NODE_QUORUM = source(
  'S107',
  "each node's row shows that node's quorum: none without quorum",
);

/** What a snapshot taken on a node without quorum cannot show: the view from a node with it. */
export const NODE_WITH_QUORUM: readonly string[] = [
  "sys.dm_hadr_cluster.quorum_state_desc and sys.dm_hadr_availability_group_states.primary_replica on another replica's node (a row there: that node has quorum)",
];

/**
 * The local replica of a snapshot taken on one WSFC node without quorum, else null. Such a
 * snapshot shows that node alone: sys.dm_hadr_cluster has no row there ("If the WSFC node has no
 * quorum, no row is returned", S107), sys.availability_replicas lists only its local replicas
 * (S32), and the other side of a partition may have kept quorum and a primary. Snapshots merged
 * from several nodes name no local replica: their quorum is the group's (core/rules/merge-facts.ts).
 */
export const nodeWithoutQuorum = (facts: ClusterFacts): string | null => {
  const on = snapshotReplicasWithoutQuorum(facts);
  return facts.quorum === 'LOST' && facts.config.clusterType === 'WSFC' && on.length > 0
    ? on.join(' and ')
    : null;
};

/**
 * The replicas the snapshots were taken on when none shows a node with quorum: a snapshot's own
 * replica, or those of merged snapshots all taken without quorum (each shows only its own node's
 * side, S107). Read with `quorum === 'LOST'`.
 */
export const snapshotReplicasWithoutQuorum = (facts: ClusterFacts): readonly string[] =>
  facts.localReplica != null ? [facts.localReplica] : (facts.noQuorumSnapshotsOn ?? []);
