import type * as t from 'io-ts';
import { markFailoverReadiness } from '../cluster/build.js';
import type { Observation } from '../cluster/observation.js';
import {
  becomePrimary,
  copyRecord,
  mapCopies,
  position,
  rebuild,
  rebuildReplica,
  sendAg,
  sendAllCopies,
  sendReplica,
  setEntry,
  updateReplica,
  withCopy,
  withLog,
} from '../cluster/ops.js';
import {
  copyPhase,
  findReplica,
  isReplicaUp,
  joinedState,
  replicaRole,
} from '../cluster/select.js';
import type { Cluster, DatabaseCopy, ReplicaRuntime } from '../cluster/types.js';
import { connectAllSecondaries } from '../log/connect.js';
import { acknowledgedNotHeld, subtractRanges } from '../log/lineage.js';
import { abandonPending } from '../log/log-step.js';
import type { FailoverForm } from '../model/enums.js';
import type { AcknowledgedRange } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import { oldPrimaryRecoversAsPrimary, oldPrimaryStillWritable } from './cluster-none.js';
import { databasesUpgradedOnFailover } from './database-upgrade.js';
import { clearOffline } from './offline-local.js';

const suspendedOnPrimary = (r: ReplicaRuntime): boolean => {
  for (const db in r.databases) if (r.databases[db]!.suspendedOnPrimary) return true;
  return false;
};

/** A database with a transaction open on the old primary when it gave up its role (S63). */
const interrupted = (c: Cluster, db: string, copy: DatabaseCopy): boolean =>
  copyPhase(copy) === 'JOINED' && (c.logs[db]?.openTransactions ?? []).length > 0;

/**
 * "If a large transaction is running at the time of the failover, the new secondary database log
 * is ahead of the primary replica database" (S63): the old primary's copy holds a log block past
 * the new fork point, on its own fork, so it negotiates a common point and reverts (REVERTING,
 * "Undo of Redo") before it synchronizes again.
 */
const pastForkPoint = (copy: DatabaseCopy): DatabaseCopy => {
  const at = position(copy.hardened.fork, copy.hardened.lsn + 1n);
  return withCopy(copy, { received: at, hardened: at, redone: at });
};

const oldPrimaryReverts = (name: string, databases: readonly string[], down: boolean): Reason =>
  down
    ? reason(
        'OLD_PRIMARY_REVERTS',
        `${name} went down with a transaction open on ${databases.join(', ')}: the log it hardened is ahead of the new primary's, so when it comes back as a secondary it reverts to their common point (REVERTING, "Undo of Redo", unreadable and no failover target meanwhile) before it synchronizes again`,
        source(
          'S118',
          'JBSAG1 goes down during an index rebuild; back as secondary, JBDB is Reverting / In Recovery',
        ),
      )
    : reason(
        'OLD_PRIMARY_REVERTS',
        `${name} gave up the primary role with a transaction open on ${databases.join(', ')}: its log is ahead of the new primary's, so it reverts to their common point (REVERTING, "Undo of Redo", unreadable meanwhile) before it synchronizes again; check for large transactions before a planned failover`,
        source('S63', 'What is the reverting state?'),
      );

/**
 * Carry out a failover once the rules allowed it (ag-rules §4.4): the target redoes its log and
 * takes the primary role on a new recovery fork; the other replicas become secondaries and
 * reconnect; after a forced failover every other copy is suspended (SUSPEND_FROM_PARTNER).
 */
export const promote = (
  c: Cluster,
  target: string,
  form: FailoverForm,
  suspendOthers: boolean,
  reasons: readonly Reason[],
): { cluster: Cluster; observations: Observation[] } => {
  const observations: Observation[] = [];
  const oldPrimary = c.ag.context.primary;
  let next = c;
  if (oldPrimary !== null) {
    const abandoned = abandonPending(next, oldPrimary);
    next = abandoned.cluster;
    observations.push(...abandoned.observations);
  }
  const targetRuntime = next.replicas.find((r) => r.name === target)!;
  const lost: { database: string; ranges: readonly AcknowledgedRange[] }[] = [];
  const logs = copyRecord(next.logs);
  // Databases removed from the group keep their copies and are no longer the group's to lose.
  const targetDatabases: Record<string, DatabaseCopy> = copyRecord(targetRuntime.databases);
  // In the configuration's database order, as the decision engine lists its predictions.
  for (const db of next.config.databases) {
    const log = logs[db];
    const copy = targetRuntime.databases[db];
    if (log === undefined) continue;
    // A REVERTING or INITIALIZING copy "would fail to start as a primary database" and must be
    // restored from backups (S44, Limitations): it stays out of ONLINE (SUSPECT, MODEL).
    const failsToStart =
      copy !== undefined &&
      copyPhase(copy) === 'JOINED' &&
      (joinedState(copy) === 'REVERTING' || joinedState(copy) === 'INITIALIZING');
    if (failsToStart) setEntry(targetDatabases, db, withCopy(copy, { notOnline: 'SUSPECT' }));
    if (copy === undefined || copyPhase(copy) !== 'JOINED' || failsToStart) {
      // The new primary has no copy of this database it can bring online: every acknowledged
      // commit of it is gone from the group's history, as forcedFailoverLoss predicts. A copy that
      // fails to start takes no transaction, so no commit waits on the log it holds (often the
      // log of an older fork that an earlier forced failover lost): it is settled, not pending.
      if (log.acknowledged.length > 0) lost.push({ database: db, ranges: log.acknowledged });
      if (log.acknowledged.length > 0 || failsToStart)
        setEntry(
          logs,
          db,
          withLog(log, {
            acknowledged: [],
            lost: [...log.lost, ...log.acknowledged],
            ...(failsToStart ? { settledLsn: copy.hardened.lsn } : {}),
          }),
        );
      continue;
    }
    const missing = acknowledgedNotHeld(log.forks, log.acknowledged, copy.hardened);
    if (missing.length > 0) lost.push({ database: db, ranges: missing });
    let forkId = 0;
    for (const f of log.forks) if (f.id >= forkId) forkId = f.id + 1;
    const start = copy.hardened;
    setEntry(
      logs,
      db,
      withLog(log, {
        acknowledged: subtractRanges(log.acknowledged, missing),
        lost: [...log.lost, ...missing],
        forks: [
          ...log.forks,
          // The recovery-fork limit counts the forks of forced failovers (S2), not a planned one's.
          form === 'forced' && suspendOthers
            ? { id: forkId as t.Int, parent: start.fork, startLsn: start.lsn, forced: true }
            : { id: forkId as t.Int, parent: start.fork, startLsn: start.lsn },
        ],
        settledLsn: start.lsn,
      }),
    );
    const at = position(forkId, start.lsn);
    setEntry(
      targetDatabases,
      db,
      withCopy(copy, { received: at, hardened: at, redone: at, failoverReady: false }),
    );
  }
  next = rebuild(next, next.replicas, next.journal, next.ag, logs);
  next = updateReplica(next, target, (r) => rebuildReplica(r, r.machine, targetDatabases, null));
  // The local states the error log reports, in order: the target of a failover command goes
  // RESOLVING_PENDING_FAILOVER while the command is processed (S7, S246), the old primary gives up
  // its role (PRIMARY_NORMAL to RESOLVING_NORMAL, S28), then the target goes RESOLVING_NORMAL,
  // PRIMARY_PENDING, PRIMARY_NORMAL (KB2833707); the old primary then comes back as a secondary.
  // An automatic failover runs no command: its target goes straight to RESOLVING_NORMAL.
  // CLUSTER_TYPE NONE: no cluster manager demotes a running old primary; it stays writable until
  // SET (ROLE = SECONDARY) runs on it (S45, read-scale failover).
  const stillWritable =
    form === 'forced' && next.config.clusterType === 'NONE' && oldPrimary !== null
      ? next.replicas.find(
          (r) => r.name === oldPrimary && isReplicaUp(r) && replicaRole(r) === 'PRIMARY',
        )?.name
      : undefined;
  if (form !== 'automatic') next = sendReplica(next, target, { type: 'failover.pending' });
  const old = oldPrimary === null ? undefined : next.replicas.find((r) => r.name === oldPrimary);
  // An old primary that is down takes the primary role again when it recovers (S45): marked here.
  const recovering =
    form === 'forced' &&
    next.config.clusterType === 'NONE' &&
    old !== undefined &&
    old.name !== target &&
    !isReplicaUp(old)
      ? old.name
      : undefined;
  if (recovering !== undefined) {
    next = updateReplica(next, recovering, (r) => ({ ...r, recoversAsPrimary: true }));
    observations.push({ type: 'note', reason: oldPrimaryRecoversAsPrimary(recovering, target) });
  }
  if (old !== undefined && old.name !== target && old.name !== stillWritable && isReplicaUp(old))
    next = sendReplica(next, old.name, { type: 'role.resolving' });
  next = sendReplica(next, target, { type: 'role.resolving' });
  next = becomePrimary(clearOffline(next, target), target);
  next = sendReplica(next, target, { type: 'link.connected' });
  next = sendAllCopies(next, target, (_db, copy) =>
    copyPhase(copy) === 'JOINED' ? { type: 'role.primary' } : null,
  );
  next = sendAg(next, { type: 'failover.completed', primary: target });
  if (stillWritable !== undefined)
    observations.push({ type: 'note', reason: oldPrimaryStillWritable(stillWritable, target) });
  for (const r of next.replicas) {
    if (r.name === target || r.name === stillWritable) continue;
    // A replica taken offline (CLUSTER_TYPE NONE) holds no role until SET (ROLE = SECONDARY) (S108).
    if (isReplicaUp(r) && replicaRole(r) !== 'SECONDARY' && r.offlineLocally !== true)
      next = sendReplica(next, r.name, { type: 'role.secondary' });
    next = sendReplica(next, r.name, { type: 'link.lost' });
    next = sendAllCopies(next, r.name, () => ({ type: 'role.secondary' }));
    next = sendAllCopies(next, r.name, () => ({ type: 'link.lost' }));
    if (suspendOthers) {
      next = sendAllCopies(next, r.name, (_db, copy) =>
        copyPhase(copy) === 'JOINED'
          ? { type: 'db.suspend', reason: 'SUSPEND_FROM_PARTNER' }
          : null,
      );
    }
  }
  // An old primary that gives up its role in the middle of an open transaction holds log the new
  // primary does not: it reverts to the common point when it reconnects (S63), also when it went
  // down and comes back as a secondary (S118). A CLUSTER_TYPE NONE one takes the primary role again.
  if (
    old !== undefined &&
    old.name !== target &&
    old.name !== stillWritable &&
    old.name !== recovering
  ) {
    const reverting = Object.keys(old.databases).filter((db) =>
      interrupted(c, db, old.databases[db]!),
    );
    if (reverting.length > 0) {
      next = updateReplica(next, old.name, (r) =>
        mapCopies(r, (copy, db) => (reverting.includes(db) ? pastForkPoint(copy) : copy)),
      );
      observations.push({
        type: 'note',
        reason: oldPrimaryReverts(old.name, reverting, !isReplicaUp(old)),
      });
    }
  }
  // A suspension ordered on the old primary is now each copy's own: it resumes where it is.
  if (next.replicas.some(suspendedOnPrimary))
    next = rebuild(
      next,
      next.replicas.map((r) =>
        mapCopies(r, (d) =>
          d.suspendedOnPrimary ? withCopy(d, { suspendedOnPrimary: false }) : d,
        ),
      ),
      next.journal,
    );
  next = connectAllSecondaries(next);
  next = markFailoverReadiness(next);
  const upgraded = databasesUpgradedOnFailover(c, oldPrimary, target);
  if (upgraded !== undefined) observations.push({ type: 'note', reason: upgraded });
  observations.push({
    type: 'failover.completed',
    form,
    from: oldPrimary,
    to: target,
    lost,
    reasons,
  });
  return { cluster: next, observations };
};

/**
 * A planned failover (and a forced one that behaves as planned) hands the group to `target` with
 * what it hardened: it redoes that log and takes the role. Log the primary wrote that the target
 * had not hardened, received or not, is never acknowledged and is discarded: "performing a
 * failover will cause all unacknowledged log messages to be discarded" (S64); its commits are
 * abandoned, and a copy that hardened it (the old primary's) reverts when it reconnects.
 * `from` names the primary the failover starts from.
 */
export const rollForwardTarget = (
  c: Cluster,
  target: string,
  from: string | null,
): { cluster: Cluster; observations: Observation[] } => {
  const primary = from === null ? undefined : findReplica(c, from);
  const targetRuntime = findReplica(c, target);
  if (targetRuntime === undefined) return { cluster: c, observations: [] };
  const observations: Observation[] = [];
  for (const db of c.config.databases) {
    const kept = targetRuntime.databases[db];
    const end = primary?.databases[db]?.hardened;
    if (kept === undefined || end === undefined || copyPhase(kept) !== 'JOINED') continue;
    if (end.lsn > kept.hardened.lsn)
      observations.push({
        type: 'note',
        reason: unacknowledgedLogDiscarded(db, target, kept.hardened.lsn, end.lsn, from!),
      });
  }
  const cluster = updateReplica(c, target, (r) =>
    mapCopies(r, (copy, db) => {
      if (copyPhase(copy) !== 'JOINED') return copy;
      // Caught up: the target's end is the primary's, named on the primary's fork.
      const end = primary?.databases[db]?.hardened;
      const at = end !== undefined && end.lsn === copy.hardened.lsn ? end : copy.hardened;
      return withCopy(copy, { received: at, hardened: at, redone: at });
    }),
  );
  return { cluster, observations };
};

const unacknowledgedLogDiscarded = (
  db: string,
  target: string,
  kept: bigint,
  end: bigint,
  from: string,
): Reason =>
  reason(
    'UNACKNOWLEDGED_LOG_DISCARDED',
    `the log of ${db} after LSN ${kept} through ${end}, which ${target} had not hardened, is discarded with the failover: its commits were never acknowledged (the clients see them fail), and ${from}, which hardened it, reverts to LSN ${kept} before it synchronizes again`,
    source(
      'S64',
      'Availability Group with One Remote Secondary Replica: "performing a failover will cause all unacknowledged log messages to be discarded"',
    ),
  );
