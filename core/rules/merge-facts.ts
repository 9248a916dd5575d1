import type {
  ClusterFacts,
  DatabaseReplicaFacts,
  QuorumState,
  ReplicaFacts,
  SeedingSeen,
} from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import { seedingRuns } from '../seeding/seen.js';
import { sameName } from './facts-access.js';
import { comparableConfig, withMergedListener } from './merge-listener.js';

/**
 * Merge snapshots taken on several replicas at about the same time into one facts value. A
 * snapshot on a secondary knows its own rows best; one on the primary knows every replica as the
 * primary last heard of it (S6, S7: "values have only local relevance"). Each row is taken from
 * the replica's own snapshot, then the primary's, then any other, field by field, and keeps its
 * origin. Where the snapshots disagree in a way that timing cannot explain, a finding says so.
 */

export interface SnapshotInput {
  /** A name for the snapshot in findings, such as its file name. */
  readonly source: string;
  readonly facts: ClusterFacts;
}

export interface MergedFacts {
  readonly facts: ClusterFacts;
  readonly findings: readonly Reason[];
}

export const MERGE_RULES = {
  localRelevance: source(
    'S6',
    'Values have only local relevance (the primary shows what it last heard)',
  ),
  onePrimary: source('S2', 'At most one primary replica per availability group'),
  flushLsn: source(
    'S6',
    'Understanding the LSN column values: log on disk only grows, except by a revert',
  ),
  model: source('MODEL', 'docs/dmv-snapshot.md, Several snapshots'),
  configOnPrimary: source(
    'S77',
    'Remove a primary database: run on the primary; the primary database and all its corresponding secondary databases are removed from the availability group',
  ),
  mixedVersions: source(
    'S64',
    'Prerequisites: versions are mixed only during a rolling upgrade of the replicas in place',
  ),
  nodeQuorum: source(
    'S107',
    'If the WSFC node has WSFC quorum, sys.dm_hadr_cluster returns a row; if the WSFC node has no quorum, no row is returned',
  ),
} as const;

type Indexed = SnapshotInput & { readonly index: number };

const firstNonNull = <A>(values: readonly (A | null | undefined)[]): A | null =>
  values.find((v): v is A => v !== null && v !== undefined) ?? null;

/** Order the snapshots for one replica's rows: its own first, then the primary's, then the rest. */
const byAuthority = (inputs: readonly Indexed[], replica: string, primary: string | null) =>
  [...inputs].sort(
    (a, b) => rank(a, replica, primary) - rank(b, replica, primary) || a.index - b.index,
  );

const rank = (i: Indexed, replica: string, primary: string | null): number => {
  const local = i.facts.localReplica ?? null;
  if (local !== null && sameName(local, replica)) return 0;
  if (local !== null && primary !== null && sameName(local, primary)) return 1;
  return 2;
};

const mergeRows = <R extends object>(rows: readonly R[]): R => {
  const [first, ...rest] = rows;
  const out: Record<string, unknown> = { ...first };
  for (const row of rest)
    for (const [k, v] of Object.entries(row))
      if ((out[k] === null || out[k] === undefined) && v !== null && v !== undefined) out[k] = v;
  return out as R;
};

/**
 * The seeding views of one copy from several snapshots: each view's row from the first snapshot
 * (by authority) that has one, so a snapshot that read a view without a row for the copy does not
 * hide another's FAILED or running attempt; a view counts as read where any snapshot read it.
 */
const mergeSeeding = (rows: readonly DatabaseReplicaFacts[]): SeedingSeen | undefined => {
  const seen = rows.flatMap((r) => (r.seeding === undefined ? [] : [r.seeding]));
  if (seen.length < 2) return seen[0];
  return {
    automaticSeedingRead: seen.some((x) => x.automaticSeedingRead),
    physicalSeedingStatsRead: seen.some((x) => x.physicalSeedingStatsRead),
    attempt: seen.find((x) => x.attempt !== null)?.attempt ?? null,
    stream: seen.find((x) => x.stream !== null)?.stream ?? null,
  };
};

export const mergeFacts = (
  first: SnapshotInput,
  ...others: readonly SnapshotInput[]
): MergedFacts => {
  const findings: Reason[] = [];
  const group = first.facts.config.name;
  const all: Indexed[] = [first, ...others].map((x, index) => ({ ...x, index }));
  const inputs = all.filter((x) => {
    if (sameName(x.facts.config.name, group)) return true;
    findings.push(
      reason(
        'MERGE_OTHER_GROUP',
        `${x.source} shows availability group ${x.facts.config.name}, not ${group}: left out`,
        MERGE_RULES.model,
      ),
    );
    return false;
  });
  // Each instance reports its own version: replicas differ during a rolling upgrade (S64), which
  // is no change of the group's configuration.
  // Each snapshot's claim: the primary it names.
  const claims = inputs.flatMap((x) =>
    x.facts.primary === null ? [] : [{ source: x.source, primary: x.facts.primary }],
  );
  const claimed = [...new Map(claims.map((c) => [c.primary.toLowerCase(), c])).values()];
  if (claimed.length > 1)
    findings.push(
      reason(
        'MERGE_TWO_PRIMARIES',
        `the snapshots name different primaries: ${claimed.map((c) => `${c.primary} (${c.source})`).join(', ')}; the primary is left unknown`,
        MERGE_RULES.onePrimary,
      ),
    );
  const primary = claimed.length === 1 ? claimed[0]!.primary : null;

  const primaryInput =
    primary === null
      ? undefined
      : inputs.find((x) => x.facts.localReplica != null && sameName(x.facts.localReplica, primary));
  // The configuration is changed on the primary (S77: REMOVE DATABASE runs there and takes every
  // secondary copy out with it), so a secondary that has not heard of a change yet is behind. A
  // node without quorum lists only its local replicas (S32): its catalog is a part of the group's,
  // taken only when no snapshot has more, and then joined with the other nodes' parts.
  const localOnly = (x: SnapshotInput): boolean => x.facts.quorum === 'LOST';
  const base = primaryInput ?? inputs.find((x) => !localOnly(x)) ?? first;
  const replicaList = localOnly(base)
    ? inputs
        .flatMap((x) => x.facts.config.replicas)
        .filter((r, i, all) => all.findIndex((o) => sameName(o.name, r.name)) === i)
    : base.facts.config.replicas;
  // What x's catalog would show of the group: all of it, or its own replicas without quorum.
  const seenBy = (x: SnapshotInput): ClusterFacts['config'] => ({
    ...base.facts.config,
    replicas: localOnly(x)
      ? replicaList.filter((r) => x.facts.config.replicas.some((o) => sameName(o.name, r.name)))
      : replicaList,
  });
  for (const x of inputs)
    if (
      x !== base &&
      comparableConfig(x.facts.config, x.facts, base.facts) !==
        comparableConfig(seenBy(x), base.facts, x.facts)
    )
      findings.push(
        reason(
          'MERGE_CONFIG_DIFFERS',
          `the configuration in ${x.source} differs from ${base.source}'s (a change between the snapshots?); ${base === primaryInput ? `the primary's, ${base.source}'s,` : `${base.source}'s`} is used`,
          base === primaryInput ? MERGE_RULES.configOnPrimary : MERGE_RULES.model,
        ),
      );
  const mixed = [...new Map(inputs.map((x) => [x.facts.config.version, x] as const)).values()];
  if (mixed.length > 1)
    findings.push(
      reason(
        'MERGE_MIXED_VERSIONS',
        `the snapshots come from different SQL Server versions (${mixed.map((x) => `${x.facts.config.version} in ${x.source}`).join(', ')}): a rolling upgrade in progress; the rules of ${(primaryInput ?? first).facts.config.version}, ${primaryInput === undefined ? `${first.source}'s` : "the primary's"}, are applied to the group`,
        MERGE_RULES.mixedVersions,
      ),
    );
  // The primary's version governs the group while its secondaries are upgraded (S64).
  // A snapshot without the listener views does not say the group has no listener: one that
  // shows it gives the group's.
  const { config: withListener, ...listenerShown } = withMergedListener(
    base.facts,
    inputs.map((x) => x.facts),
  );
  const config = { ...withListener, replicas: replicaList };
  // Each snapshot shows its own node's quorum (S107), and quorum loss takes the group offline on
  // that node (S26): the group is online where the primary is, so the quorum it runs under is the
  // one shown by the primary's snapshot, else by one that sees that primary; a node cut off from
  // it says only that its own side has none.
  const seesPrimary = inputs.filter(
    (x) => primary !== null && x.facts.primary !== null && sameName(x.facts.primary, primary),
  );
  const primarySide = firstNonNull(
    (primaryInput === undefined ? seesPrimary : [primaryInput, ...seesPrimary]).map(
      (x) => x.facts.quorum,
    ),
  );
  const replicas: ReplicaFacts[] = config.replicas.map((r) => {
    const rows = byAuthority(inputs, r.name, primary).flatMap((x) =>
      x.facts.replicas.filter((f) => sameName(f.name, r.name)),
    );
    const roles = [...new Set(rows.map((f) => f.role).filter((x) => x !== null))];
    if (roles.length > 1)
      findings.push(
        reason(
          'MERGE_ROLE_DIFFERS',
          `the snapshots disagree on the role of ${r.name}: ${roles.join(', ')}; its own snapshot is taken`,
          MERGE_RULES.localRelevance,
        ),
      );
    if (rows.length === 0)
      return { name: r.name, role: null, operationalState: null, connectedState: null };
    const link = staleLink(inputs, r.name, primary);
    findings.push(...link);
    const merged = mergeRows(rows);
    const up = merged.nodeDown === true ? upSides(inputs, r.name) : [];
    const partitioned = up.length > 0;
    if (partitioned) findings.push(nodeStateDiffers(inputs, r.name, up));
    return {
      ...merged,
      ...(link.length > 0 ? { connectedState: null } : {}),
      ...(cutOff(inputs, r.name, primarySide) && merged.nodeDown == null ? { nodeDown: true } : {}),
      ...(partitioned ? { nodeDown: null } : {}),
    };
  });

  const databaseReplicas: DatabaseReplicaFacts[] = [];
  const keys = new Map<string, { replica: string; database: string }>();
  for (const x of inputs)
    for (const d of x.facts.databaseReplicas)
      keys.set(`${d.replica.toLowerCase()}\u0000${d.database}`, d);
  const gone = new Set<string>();
  for (const { replica, database } of keys.values()) {
    // The primary's snapshot lists every database of the group (S7): a copy of another one is
    // no longer in it, whatever a secondary that has not heard yet still shows.
    if (primaryInput !== undefined && !config.databases.includes(database)) {
      gone.add(database);
      continue;
    }
    const ordered = byAuthority(inputs, replica, primary);
    const rows = ordered.flatMap((x) =>
      x.facts.databaseReplicas
        .filter((d) => sameName(d.replica, replica) && d.database === database)
        .map((d) => ({
          source: x.source,
          row: d,
          own: rank(x, replica, primary) === 0,
          fromPrimary: rank(x, replica, primary) === 1,
        })),
    );
    const backwards = lsnFindings(rows, replica, database);
    findings.push(...backwards);
    const stale = staleStates(rows, replica, database, primary);
    findings.push(...stale.findings);
    const seeding = mergeSeeding(rows.map((x) => x.row));
    databaseReplicas.push({
      ...mergeRows(rows.map((x) => x.row)),
      ...(seeding === undefined ? {} : { seeding, isSeeding: seedingRuns(seeding) }),
      ...stale.unknown,
      ...(backwards.length > 0 ? POSITION_UNKNOWN : {}),
    });
  }
  for (const database of gone)
    findings.push(
      reason(
        'MERGE_DATABASE_NOT_IN_GROUP',
        `${database} is not in the group on the primary ${primary} (${primaryInput!.source}): removed from it there, so its secondary copies are out of the group too (left RESTORING); its rows from the other snapshots are left out`,
        MERGE_RULES.configOnPrimary,
      ),
    );
  findings.push(...aheadOfPrimaryFindings(databaseReplicas, primary));

  const preferred = primaryInput === undefined ? inputs : [primaryInput, ...inputs];
  const quorums = [...new Set(inputs.map((x) => x.facts.quorum).filter((q) => q !== null))];
  if (quorums.length > 1)
    findings.push(
      reason(
        'MERGE_QUORUM_DIFFERS',
        `the snapshots disagree on quorum: ${quorums.join(', ')} (a partition, or a change between them)${primarySide === null ? '' : `; the primary ${primary}'s side has ${primarySide}, which the group runs under`}`,
        primarySide === null ? MERGE_RULES.model : MERGE_RULES.nodeQuorum,
      ),
    );
  const groupState = firstNonNull(preferred.map((x) => x.facts.groupState));
  const health = firstNonNull(preferred.map((x) => x.facts.synchronizationHealth));
  const versions = [...new Set(inputs.map((x) => x.facts.productVersion).filter((v) => v != null))];
  return {
    facts: {
      config,
      quorum:
        primarySide ??
        (quorums.includes('LOST') ? 'LOST' : firstNonNull(preferred.map((x) => x.facts.quorum))),
      primary,
      replicas,
      databaseReplicas,
      localReplica: null,
      productVersion: versions.length === 1 ? versions[0]! : null,
      // The WSFC's node count (the failure threshold's default, S23), from any snapshot that lists
      // the nodes; left out, the group's replicas would be counted instead.
      ...(inputs.some((x) => x.facts.clusterNodes !== undefined)
        ? { clusterNodes: firstNonNull(preferred.map((x) => x.facts.clusterNodes)) }
        : {}),
      // The quorum's members and votes as the primary's snapshot lists them, else the first that does.
      ...(inputs.some((x) => x.facts.clusterMembers !== undefined)
        ? { clusterMembers: firstNonNull(preferred.map((x) => x.facts.clusterMembers ?? null))! }
        : {}),
      // The nodes' subnets are the cluster's, the same from any node with quorum.
      ...(inputs.some((x) => x.facts.clusterNetworks !== undefined)
        ? { clusterNetworks: firstNonNull(preferred.map((x) => x.facts.clusterNetworks ?? null))! }
        : {}),
      ...listenerShown,
      // The listener's IP states as the primary's snapshot shows them, else the first that does.
      ...(inputs.some((x) => x.facts.listenerAddressStates !== undefined)
        ? {
            listenerAddressStates: firstNonNull(
              preferred.map((x) => x.facts.listenerAddressStates),
            )!,
          }
        : {}),
      // The group's other listeners (S106) as the primary's snapshot lists them, else the first.
      ...(inputs.some((x) => x.facts.otherListeners !== undefined)
        ? { otherListeners: firstNonNull(preferred.map((x) => x.facts.otherListeners ?? null))! }
        : {}),
      ...(inputs.some((x) => x.facts.clusterName !== undefined)
        ? { clusterName: firstNonNull(preferred.map((x) => x.facts.clusterName ?? null))! }
        : {}),
      ...(claimed.length > 1 ? { splitPrimaries: claimed.map((c) => c.primary) } : {}),
      // Every snapshot taken without quorum (S107: no row of sys.dm_hadr_cluster there): together
      // they still show only their own side, and the other may have kept quorum and a primary.
      ...(withoutQuorumOn(inputs) ?? {}),
      ...(primary === null && claimed.length <= 1 && groupState !== null ? { groupState } : {}),
      ...(health === null ? {} : { synchronizationHealth: health }),
    },
    findings,
  };
};

/**
 * A replica whose own snapshot shows its node without quorum (S107) while the primary's side has
 * it: the node is out of the cluster the group runs in, and the group cannot come online there
 * (S26) until that node rejoins it, so no failover can target it, whatever the merged quorum says.
 */
const cutOff = (
  inputs: readonly Indexed[],
  replica: string,
  primarySide: QuorumState | null,
): boolean =>
  primarySide !== null &&
  primarySide !== 'LOST' &&
  inputs.some(
    (x) =>
      x.facts.quorum === 'LOST' &&
      x.facts.localReplica != null &&
      sameName(x.facts.localReplica, replica),
  );

/**
 * Snapshots with quorum (S107: a node without quorum returns no row of sys.dm_hadr_cluster) in
 * whose cluster the replica's node is a member: its own, or one that lists the cluster's nodes
 * (sys.dm_hadr_cluster_members) without that node DOWN. Another snapshot's DOWN is then its own
 * side's view of a partition, not the node's state.
 */
const upSides = (inputs: readonly Indexed[], replica: string): readonly Indexed[] =>
  inputs.filter(
    (x) =>
      x.facts.quorum != null &&
      x.facts.quorum !== 'LOST' &&
      ((x.facts.localReplica != null && sameName(x.facts.localReplica, replica)) ||
        (x.facts.clusterNodes != null &&
          x.facts.replicas.some((f) => sameName(f.name, replica) && f.nodeDown !== true))),
  );

const nodeStateDiffers = (
  inputs: readonly Indexed[],
  replica: string,
  up: readonly Indexed[],
): Reason => {
  const down = inputs
    .filter((x) => x.facts.replicas.some((f) => sameName(f.name, replica) && f.nodeDown === true))
    .map((x) => x.source);
  const sides = up.map((x) => `${x.source} (${x.facts.quorum} quorum)`);
  return reason(
    'MERGE_NODE_STATE_DIFFERS',
    `${replica}'s node is DOWN in the cluster membership ${down.join(', ')} show${down.length === 1 ? 's' : ''}, and a member of the cluster ${sides.join(', ')} show${sides.length === 1 ? 's' : ''}: each side of a partition sees the other's nodes DOWN; whether ${replica} can take the group depends on the side the failover runs on, so it is left unknown`,
    MERGE_RULES.nodeQuorum,
  );
};

/**
 * A secondary's connected_state as its own snapshot and the primary's give it: CONNECTED on one
 * side and DISCONNECTED on the other is a session that dropped or came back between them (S1
 * session time-out), and which is current is not known.
 */
const staleLink = (
  inputs: readonly Indexed[],
  replica: string,
  primary: string | null,
): Reason[] => {
  if (primary === null || sameName(replica, primary)) return [];
  const row = (rank0: number) => {
    const input = inputs.find((x) => rank(x, replica, primary) === rank0);
    const found = input?.facts.replicas.find((f) => sameName(f.name, replica));
    return input === undefined || found === undefined ? undefined : { input, found };
  };
  const [own, fromPrimary] = [row(0), row(1)];
  const [a, b] = [own?.found.connectedState, fromPrimary?.found.connectedState];
  if (own === undefined || fromPrimary === undefined || a == null || b == null || a === b)
    return [];
  return [
    stateDiffers(
      `connected_state_desc of ${replica}`,
      [own.input.source, a],
      [fromPrimary.input.source, b],
    ),
  ];
};

/** A value a copy's own snapshot and the primary's disagree on, and which is not known current. */
const stateDiffers = (
  what: string,
  [ownSource, own]: readonly [string, string | boolean],
  [primarySource, primary]: readonly [string, string | boolean],
): Reason =>
  reason(
    'MERGE_COPY_STATE_DIFFERS',
    `${what} is ${String(own)} in ${ownSource} (its own snapshot) and ${String(primary)} in ${primarySource} (the primary's): one of them is older, and which is not known, so it is left unknown`,
    MERGE_RULES.localRelevance,
  );

/**
 * A copy's synchronization state and is_failover_ready as its own snapshot and the primary's give
 * them. They differ when one snapshot is older than the other (an intermittent time-out marks a
 * synchronous copy NOT SYNCHRONIZING on the primary and back, S1), and the input does not say which
 * is current: whether the primary waits for the copy is what the primary has marked, while its own
 * snapshot may be the later one; is_failover_ready is one value for the whole cluster (S8). Each
 * such field is left unknown, with a finding naming both snapshots.
 */
const staleStates = (
  rows: readonly {
    source: string;
    row: DatabaseReplicaFacts;
    own: boolean;
    fromPrimary: boolean;
  }[],
  replica: string,
  database: string,
  primary: string | null,
): { findings: Reason[]; unknown: Partial<DatabaseReplicaFacts> } => {
  const [own, ...others] = rows;
  const fromPrimary = others.find((x) => x.fromPrimary);
  if (
    primary === null ||
    sameName(replica, primary) ||
    own === undefined ||
    !own.own ||
    fromPrimary === undefined
  )
    return { findings: [], unknown: {} };
  const differs = (column: string, a: string | boolean, b: string | boolean): Reason =>
    stateDiffers(
      `${column} of ${database} on ${replica}`,
      [own.source, a],
      [fromPrimary.source, b],
    );
  const findings: Reason[] = [];
  const unknown: { synchronizationState?: null; isFailoverReady?: null } = {};
  // The primary shows a REVERTING or INITIALIZING copy as NOT SYNCHRONIZING at the same moment
  // (the reverting-state support article): only SYNCHRONIZED on one side alone is a disagreement.
  const [state, statePrimary] = [
    own.row.synchronizationState,
    fromPrimary.row.synchronizationState,
  ];
  if (
    state !== null &&
    statePrimary !== null &&
    (state === 'SYNCHRONIZED') !== (statePrimary === 'SYNCHRONIZED')
  ) {
    unknown.synchronizationState = null;
    findings.push(differs('synchronization_state_desc', state, statePrimary));
  }
  const [ready, readyPrimary] = [own.row.isFailoverReady, fromPrimary.row.isFailoverReady];
  if (ready !== null && readyPrimary !== null && ready !== readyPrimary) {
    unknown.isFailoverReady = null;
    findings.push(differs('is_failover_ready', ready, readyPrimary));
  }
  return { findings, unknown };
};

/**
 * A copy's own hardened log below what another snapshot reported for it: either its log went
 * backwards (a revert after a forced failover) or the snapshots were not taken together, and the
 * input does not say which. On the primary "the secondary rows carry the value from the secondary's
 * latest progress message" (S6): a primary's snapshot ahead of the copy's own is a later one, so the
 * copy's own row is not where it stands now, nor its revert point. Its log position is left unknown,
 * so that no loss is measured from the older row against the other snapshot's end of log.
 */
const POSITION_UNKNOWN = {
  lastReceivedLsn: null,
  lastHardenedLsn: null,
  lastRedoneLsn: null,
  endOfLogLsn: null,
  lastCommitLsn: null,
  lastCommitTimeMs: null,
  lastHardenedTimeMs: null,
} as const satisfies Partial<DatabaseReplicaFacts>;

const lsnFindings = (
  rows: readonly { source: string; row: DatabaseReplicaFacts }[],
  replica: string,
  database: string,
): Reason[] => {
  const own = rows[0];
  if (own === undefined || own.row.lastHardenedLsn === null) return [];
  return rows
    .slice(1)
    .flatMap((x) =>
      x.row.lastHardenedLsn !== null && x.row.lastHardenedLsn > own.row.lastHardenedLsn!
        ? [
            reason(
              'MERGE_LSN_BACKWARDS',
              `last_hardened_lsn of ${database} on ${replica} goes backwards: ${x.source} shows ${x.row.lastHardenedLsn}, ${own.source} ${own.row.lastHardenedLsn} (a revert, or snapshots taken minutes apart: which is current is not known, so its log position and last commit time are left unknown)`,
              MERGE_RULES.flushLsn,
            ),
          ]
        : [],
    );
};

/**
 * A secondary that has hardened log past the primary's end of log is on another fork of history (an
 * old primary after a forced failover), or its own snapshot is later than the primary's: the
 * primary keeps committing between them (S130), and the input does not say which.
 */
const aheadOfPrimaryFindings = (
  rows: readonly DatabaseReplicaFacts[],
  primary: string | null,
): Reason[] => {
  if (primary === null) return [];
  return rows.flatMap((d) => {
    if (sameName(d.replica, primary)) return [];
    const end = rows.find(
      (p) => sameName(p.replica, primary) && p.database === d.database,
    )?.endOfLogLsn;
    return end != null && d.lastHardenedLsn !== null && d.lastHardenedLsn > end
      ? [
          reason(
            'MERGE_SECONDARY_AHEAD',
            `${d.database} on ${d.replica} has hardened log to ${d.lastHardenedLsn}, past the primary ${primary}'s end of log ${end}: another fork of history, or a snapshot of ${d.replica} taken later than the primary's`,
            MERGE_RULES.flushLsn,
          ),
        ]
      : [];
  });
};

/**
 * The replicas of merged snapshots all taken without quorum. Each lists only its own replicas
 * (S32) and no cluster member (S107), so together they cannot show that no other node kept quorum.
 */
const withoutQuorumOn = (
  inputs: readonly SnapshotInput[],
): { noQuorumSnapshotsOn: readonly string[] } | null => {
  const on: string[] = [];
  for (const x of inputs) {
    if (x.facts.quorum !== 'LOST' || x.facts.localReplica == null) return null;
    on.push(x.facts.localReplica);
  }
  return { noQuorumSnapshotsOn: on };
};
