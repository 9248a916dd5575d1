import type { ClusterFacts, DatabaseReplicaFacts } from '../core/model/facts.js';
import { sameName } from '../core/rules/facts-access.js';

/**
 * Mutations that turn a real snapshot into one no server produces (each named by the finding it
 * must raise), and one that a server can produce when its views are read at different instants.
 */

export const IMPOSSIBLE = [
  'DUPLICATE_REPLICA_ROW',
  'DUPLICATE_DATABASE_ROW',
  'TWO_PRIMARY_ROWS',
  'PRIMARY_FLAG_ON_NON_PRIMARY',
  'SYNCHRONIZED_ON_ASYNCHRONOUS_COMMIT',
  'REDONE_AHEAD_OF_HARDENED',
] as const;
export type ImpossibleCode = (typeof IMPOSSIBLE)[number];

const flipCase = (s: string): string =>
  [...s].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');

const at = <A>(xs: readonly A[], pick: number): A | undefined => xs[pick % Math.max(1, xs.length)];

/** A row of the primary, or of an old primary still holding the role (CLUSTER_TYPE NONE, S45). */
const isPrimaryRow = (facts: ClusterFacts, d: DatabaseReplicaFacts): boolean =>
  (facts.primary !== null && sameName(facts.primary, d.replica)) ||
  facts.replicas.some((r) => sameName(r.name, d.replica) && r.role === 'PRIMARY');

const replaceRow = (
  facts: ClusterFacts,
  row: DatabaseReplicaFacts,
  next: DatabaseReplicaFacts,
): ClusterFacts => ({
  ...facts,
  databaseReplicas: facts.databaseReplicas.map((d) => (d === row ? next : d)),
});

/** The snapshot with one impossible contradiction, or null when it has nothing to mutate. */
export const makeImpossible = (
  facts: ClusterFacts,
  code: ImpossibleCode,
  pick: number,
  blocks: bigint,
): ClusterFacts | null => {
  const replica = at(facts.replicas, pick);
  const secondaryRows = facts.databaseReplicas.filter((d) => !isPrimaryRow(facts, d));
  switch (code) {
    case 'DUPLICATE_REPLICA_ROW':
      return replica === undefined
        ? null
        : { ...facts, replicas: [...facts.replicas, { ...replica, name: flipCase(replica.name) }] };
    case 'DUPLICATE_DATABASE_ROW': {
      const row = at(facts.databaseReplicas, pick);
      return row === undefined
        ? null
        : {
            ...facts,
            databaseReplicas: [
              ...facts.databaseReplicas,
              { ...row, replica: flipCase(row.replica) },
            ],
          };
    }
    case 'TWO_PRIMARY_ROWS': {
      // Without a cluster manager two replicas can hold the role (CLUSTER_TYPE NONE, S45).
      if (facts.replicas.length < 2 || facts.config.clusterType === 'NONE') return null;
      const first = pick % facts.replicas.length;
      const second = (first + 1) % facts.replicas.length;
      return {
        ...facts,
        replicas: facts.replicas.map((r, i) =>
          i === first || i === second ? { ...r, role: 'PRIMARY' } : r,
        ),
      };
    }
    case 'PRIMARY_FLAG_ON_NON_PRIMARY':
      return replica === undefined
        ? null
        : {
            ...facts,
            primary: replica.name,
            replicas: facts.replicas.map((r) => (r === replica ? { ...r, role: 'SECONDARY' } : r)),
          };
    case 'SYNCHRONIZED_ON_ASYNCHRONOUS_COMMIT': {
      const row = at(secondaryRows, pick);
      if (row === undefined) return null;
      const mutated = replaceRow(facts, row, { ...row, synchronizationState: 'SYNCHRONIZED' });
      return {
        ...mutated,
        config: {
          ...facts.config,
          replicas: facts.config.replicas.map((r) =>
            sameName(r.name, row.replica) ? { ...r, availabilityMode: 'ASYNCHRONOUS_COMMIT' } : r,
          ),
        },
      };
    }
    case 'REDONE_AHEAD_OF_HARDENED': {
      const row = at(
        secondaryRows.filter((d) => d.lastHardenedLsn !== null),
        pick,
      );
      if (row === undefined || row.lastHardenedLsn === null) return null;
      return replaceRow(facts, row, {
        ...row,
        lastRedoneLsn: row.lastHardenedLsn + blocks * 100_000n,
      });
    }
  }
};

/**
 * The snapshot with one secondary that receives the primary's log showing a hardened LSN past the
 * primary's end of log: possible when the views are read at slightly different instants. Returns
 * the replica and database it concerns, or null when the group has no primary copy to outrun.
 */
export const makeSuspicious = (
  facts: ClusterFacts,
  pick: number,
  ahead: bigint,
): { facts: ClusterFacts; replica: string; database: string } | null => {
  const primary = facts.primary;
  if (primary === null) return null;
  const candidates = facts.databaseReplicas.filter(
    (d) =>
      !isPrimaryRow(facts, d) &&
      d.isJoined === true &&
      facts.databaseReplicas.some(
        (p) => sameName(p.replica, primary) && p.database === d.database && p.endOfLogLsn !== null,
      ),
  );
  const row = at(candidates, pick);
  if (row === undefined) return null;
  const end = facts.databaseReplicas.find(
    (p) => sameName(p.replica, primary) && p.database === row.database,
  )!.endOfLogLsn!;
  const hardened = end + ahead;
  return {
    facts: replaceRow(facts, row, {
      ...row,
      synchronizationState: 'SYNCHRONIZING',
      isSuspended: false,
      lastReceivedLsn: hardened,
      lastHardenedLsn: hardened,
      endOfLogLsn: hardened,
    }),
    replica: row.replica,
    database: row.database,
  };
};
