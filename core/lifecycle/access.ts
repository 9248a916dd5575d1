import type * as t from 'io-ts';
import type { Observation } from '../cluster/observation.js';
import { sendCopy } from '../cluster/ops.js';
import {
  connectedState,
  copyPhase,
  findReplica,
  isReplicaUp,
  primaryReplica,
  replicaRole,
  synchronizationState,
} from '../cluster/select.js';
import type { CatalogDatabase, Cluster, DatabaseCopy, ReplicaRuntime } from '../cluster/types.js';
import { secondaryNeedsFrom } from '../log/lineage.js';
import { synchronizedFacts } from '../log/log-step.js';
import type { DatabaseReplicaEvent } from '../machines/databaseReplica/events.js';
import { isSeedingRunning } from '../machines/seeding/selectors.js';
import type { Fork, LogPosition } from '../model/facts.js';
import { sameName } from '../rules/facts-access.js';
import type { TruncationHold } from './lifecycle.js';

/**
 * What the lifecycle modules share: the group's databases, their ends of log, who holds the log,
 * and starting data movement on a copy that just joined.
 */

export const inGroup = (c: Cluster, database: string): boolean =>
  c.config.databases.includes(database);

const ROOT: readonly Fork[] = [{ id: 0 as t.Int, parent: null, startLsn: 0n }];

/** The recovery forks of a database's log; one root fork for a database never in the group. */
export const forksOf = (c: Cluster, database: string): readonly Fork[] =>
  c.logs[database]?.forks ?? ROOT;

/** The primary's joined copy of a database, if the group is online and has one. */
export const primaryCopy = (c: Cluster, database: string): DatabaseCopy | undefined => {
  const copy = primaryReplica(c)?.databases[database];
  return copy !== undefined && copyPhase(copy) === 'JOINED' ? copy : undefined;
};

/** Where the database's log ends: the primary copy's in the group, the catalog's outside it. */
export const databaseEnd = (c: Cluster, database: string): LogPosition | undefined =>
  primaryCopy(c, database)?.hardened ?? c.catalog[database]?.end;

/** The catalog entry of a database on the primary's instance. */
export const catalogOnPrimary = (c: Cluster, database: string): CatalogDatabase | undefined => {
  const entry = c.catalog[database];
  const primary = primaryReplica(c);
  if (entry === undefined || primary === undefined) return undefined;
  return inGroup(c, database) || entry.instance === primary.name ? entry : undefined;
};

/** Running, SECONDARY and in session with the primary: log and seeding streams can reach it. */
export const isReachable = (r: ReplicaRuntime): boolean =>
  isReplicaUp(r) &&
  replicaRole(r) === 'SECONDARY' &&
  connectedState(r) === 'CONNECTED' &&
  r.linkDownSinceMs === null;

/**
 * How many databases the primary's seeding thread handles now, besides `database`: SEED001 counts
 * databases ("can handle up to five databases"), so one database seeded to several secondaries
 * takes one place, and a database already being seeded needs no new one.
 */
export const runningSeedings = (c: Cluster, database?: string): number =>
  new Set(
    c.replicas.flatMap((r) =>
      Object.entries(r.databases).flatMap(([db, copy]) =>
        db !== database && isSeedingRunning(copy.seeding) ? [db] : [],
      ),
    ),
  ).size;

/**
 * Everything that still needs the primary's log of a database: each joined secondary copy from
 * its hardened LSN or its fork point (running or not, suspended or not: S6, S50, S44), each running
 * seeding from where it started (SEED001).
 */
export const truncationHolds = (c: Cluster, database: string): readonly TruncationHold[] => {
  const holds: TruncationHold[] = [];
  forEachTruncationHold(c, database, (lsn, holder, kind) => holds.push({ lsn, holder, kind }));
  return holds;
};

/**
 * The same holds, each handed to `visit` as it is found: the invariants ask for them on every state
 * the explorer reaches, and build nothing unless one is broken.
 */
export const forEachTruncationHold = (
  c: Cluster,
  database: string,
  visit: (lsn: bigint, holder: string, kind: TruncationHold['kind']) => void,
): void => {
  const primary = primaryReplica(c)?.name;
  const end = primaryCopy(c, database)?.hardened;
  for (const r of c.replicas) {
    const copy = r.databases[database];
    if (copy === undefined || r.name === primary) continue;
    if (copyPhase(copy) === 'JOINED') {
      const lsn = secondaryNeedsFrom(c.logs[database]?.forks, copy.hardened, end);
      visit(lsn, r.name, lsn < copy.hardened.lsn ? 'fork' : 'secondary');
    }
    const from = copy.seeding.context.fromLsn;
    if (isSeedingRunning(copy.seeding) && from !== null) visit(from, r.name, 'seeding');
  }
  // An open transaction keeps the log from where it began (log_reuse_wait_desc ACTIVE_TRANSACTION).
  const open = c.logs[database]?.openTransactions ?? [];
  if (open.length > 0 && primary !== undefined) {
    let oldest = open[0]!;
    for (const lsn of open) if (lsn < oldest) oldest = lsn;
    visit(oldest, primary, 'transaction');
  }
};

export const replicaConfigOf = (c: Cluster, name: string) =>
  c.config.replicas.find((r) => sameName(r.name, name));

/** A copy's state for a trace: its phase, or its synchronization state once joined. */
export const copyLabel = (copy: DatabaseCopy | undefined): string => {
  if (copy === undefined) return 'ABSENT';
  const phase = copyPhase(copy);
  return phase === 'JOINED' ? (synchronizationState(copy) ?? phase) : phase;
};

/** A cluster and what was observed on the way to it. */
export interface Traced {
  readonly cluster: Cluster;
  readonly observations: readonly Observation[];
}

/** Send events to one copy in turn, observing every change of its state (state.changed). */
export const sendCopyTraced = (
  c: Cluster,
  replica: string,
  database: string,
  events: readonly ((c: Cluster) => DatabaseReplicaEvent)[],
): Traced => {
  let cluster = c;
  const observations: Observation[] = [];
  for (const event of events) {
    const before = copyLabel(findReplica(cluster, replica)?.databases[database]);
    cluster = sendCopy(cluster, replica, database, event(cluster));
    const after = copyLabel(findReplica(cluster, replica)?.databases[database]);
    if (before !== after)
      observations.push({
        type: 'state.changed',
        entity: `${database} on ${replica}`,
        from: before,
        to: after,
      });
  }
  return { cluster, observations };
};

/**
 * A copy that joins (by SET HADR or by automatic seeding) is NOT SYNCHRONIZING, then
 * SYNCHRONIZING once in session with the primary, and SYNCHRONIZED at once when a
 * synchronous-commit copy already holds all the primary's log (S50, S1 R-SYNC-1/2, SEED001).
 */
export const joinAndStartDataMovement = (
  c: Cluster,
  replica: string,
  database: string,
  joinEvent: DatabaseReplicaEvent,
): Traced => {
  const r = findReplica(c, replica);
  const reachable = r !== undefined && isReachable(r);
  return sendCopyTraced(c, replica, database, [
    () => joinEvent,
    ...(reachable
      ? [
          (): DatabaseReplicaEvent => ({ type: 'link.connected', diverged: false }),
          (x: Cluster): DatabaseReplicaEvent => ({
            type: 'log.hardened',
            facts: synchronizedFacts(x, replica, database),
          }),
        ]
      : []),
  ]);
};
