import type * as t from 'io-ts';
import { FAILOVER_RULES, forcedFailover, plannedFailover } from '../failover/failover.js';
import { forkLimitReason, forksBehind, TRACKED_FORKS } from '../failover/fork-limit.js';
import { failurePeriodMs, failureThresholdReason, maxFailuresInPeriod } from '../health/health.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import {
  databaseLog,
  isReplicaUp,
  primaryConfig,
  replicaConfig,
  replicaFacts,
  sameName,
  sameNameAs,
} from '../rules/facts-access.js';
import { behindPrimaryVersion, NOT_UPGRADED } from '../rules/mixed-versions.js';
import { anotherAutomaticTarget } from './automatic-target.js';
import { damagedPrimaryFailover } from './damaged-primary.js';
import { reconnectDisconnectedReplicas } from './disconnected-replica.js';
import { otherCopiesAhead } from './force-other-copy-ahead.js';
import { forceQuorum } from './force-quorum.js';
import { wholeDatabaseLosses } from './force-whole-loss.js';
import { grantForSeedingUnknown } from './grant-unknown.js';
import { joinPreparedDatabases } from './join-database.js';
import { joinDatabaseUnknown } from './join-database-unknown.js';
import { joinAddedReplicas } from './join-replica.js';
import { logBackupsAfterForcedFailovers } from './log-backup-after-forced.js';
import { lowerRequiredSecondaries } from './lower-rsstc.js';
import { requiredSecondariesBackToAgent } from './pacemaker-rsstc-reset.js';
import { primaryToSynchronousCommit } from './primary-async.js';
import type { RecommendedAction } from './recommended-action.js';
import { removeDamagedReplicas } from './remove-damaged.js';
import { removeLostReplicas } from './remove-lost-replicas.js';
import { restartFailedReplicas } from './restart-failed.js';
import { restartPrimaryAfterKb3033492 } from './restart-primary-kb3033492.js';
import { resumeCopyNotRecovered } from './resume-not-recovered.js';
import { resumeReplicaStateUnknown } from './resume-replica-unseen.js';
import {
  primaryDatabaseStateUnknown,
  resumeIfSuspended,
  suspensionUnknown,
  whySuspendedUnknown,
} from './resume-unknown.js';
import { restartFailedSeedings } from './seeding-restart.js';

const RESUME = source('S50', 'SET HADR RESUME');

/**
 * "Resume an availability database" (S67): "Resuming the primary database also resumes any of its
 * secondary databases that were suspended as the result of suspending the primary database. If
 * any secondary database was suspended locally, from the server instance that hosts the secondary
 * replica, that secondary database must be resumed locally." A copy suspended for a reason of its
 * own (SUSPEND_FROM_USER there, or a forced failover) before or after the primary's SUSPEND.
 */
const resumeLocallyToo = (
  replica: string,
  database: string,
  primary: string,
  why: string,
): Reason =>
  reason(
    'RESUME_ALSO_ON_SECONDARY',
    `${database} is suspended on the primary ${primary} and on ${replica} itself (${why}): resuming the primary resumes only the secondary copies its own suspension stopped, so ${replica}'s stays suspended until it is resumed on ${replica}; data moves there once both are resumed, in either order`,
    source(
      'S67',
      'Resuming the primary database; a secondary suspended locally must be resumed locally',
    ),
  );
const AFTER_FORCED = source('S44', 'Follow Up: Essential Tasks After a Forced Failover');
const GRANT = source(
  'SEED001',
  'Grant create database permission on secondary replica to availability group',
);

/**
 * A copy a forced failover suspended (SUSPEND_FROM_PARTNER) has received nothing since the fork:
 * if it hardened past the point it must revert to (S6 recovery_lsn below its last_hardened_lsn),
 * resuming rolls those records back; S44 says how to keep them first. Where the snapshot lacks
 * either LSN, whether it did is unknown: the former primary's copy holds what it had not sent
 * ("Before you resume a given secondary database, you might be able to recover lost data from
 * it", S44), another copy may hold nothing past the fork. A copy suspended otherwise may have
 * hardened past recovery_lsn on the current history, so it is not judged here.
 */
const rollsBack = (row: {
  readonly replica: string;
  readonly database: string;
  readonly suspendReason?: string | null | undefined;
  readonly recoveryLsn?: bigint | null | undefined;
  readonly lastHardenedLsn?: bigint | null | undefined;
}): Reason[] => {
  const from = row.recoveryLsn;
  const to = row.lastHardenedLsn;
  if (row.suspendReason !== 'SUSPEND_FROM_PARTNER') return [];
  if (from === undefined || from === null || to === undefined || to === null)
    return [
      unknownReason(
        'RESUME_ROLLBACK_UNKNOWN',
        `whether ${row.database} on ${row.replica} holds log the primary does not have is not in this snapshot (${[from === undefined || from === null ? 'recovery_lsn' : null, to === undefined || to === null ? 'last_hardened_lsn' : null].filter((c) => c !== null).join(' and ')} not shown): if it does, resuming rolls it back ("The secondary database rolls back any log records that were never committed on the new primary database"), as the former primary's copy does with what it had not sent ("Before you resume a given secondary database, you might be able to recover lost data from it"); to keep it, create a database snapshot of ${row.database} on ${row.replica} before resuming`,
        AFTER_FORCED,
        [
          `sys.dm_hadr_database_replica_states.recovery_lsn and last_hardened_lsn of ${row.database} on ${row.replica} (the primary's row for ${row.replica}; recovery_lsn below last_hardened_lsn: the range resuming rolls back)`,
        ],
      ),
    ];
  if (from >= to) return [];
  return [
    reason(
      'RESUME_ROLLS_BACK',
      `${row.database} on ${row.replica} holds log after LSN ${from} through ${to} that the primary does not have: resuming rolls it back ("The secondary database rolls back any log records that were never committed on the new primary database"); to keep it, create a database snapshot of ${row.database} on ${row.replica} before resuming`,
      AFTER_FORCED,
    ),
  ];
};

/** How many recovery forks the primary started since a copy's own, when the facts hold the log. */
const missedForks = (facts: ClusterFacts, replica: string, database: string): number | null => {
  const log = databaseLog(facts, database);
  const primary = facts.primary;
  if (log === undefined || primary === null) return null;
  const copy = Object.entries(log.hardened).find(([name]) => sameName(name, replica))?.[1];
  const end = Object.entries(log.hardened).find(([name]) => sameName(name, primary))?.[1];
  return copy === undefined || end === undefined ? null : forksBehind(log.forks, copy, end);
};

/**
 * After a forced failover, how a synchronous-commit copy becomes a target to fail back to: once
 * SYNCHRONIZED, which under an asynchronous-commit primary it never is (S44 example, step 2).
 */
const failBack = (facts: ClusterFacts, replica: string): string => {
  if (replicaConfig(facts, replica)?.availabilityMode !== 'SYNCHRONOUS_COMMIT') return '';
  const primary = primaryConfig(facts);
  return primary?.availabilityMode === 'ASYNCHRONOUS_COMMIT'
    ? `; it becomes SYNCHRONIZED again only once the primary ${primary.name} runs SYNCHRONOUS_COMMIT (it runs ASYNCHRONOUS_COMMIT), and then a planned failover back to ${replica} (fail back) loses nothing`
    : `; once it is SYNCHRONIZED again, a planned failover back to ${replica} (fail back) loses nothing`;
};

/**
 * A running replica left RESOLVING, no primary shown, and a snapshot without the cluster view: the
 * forced failover is unknown only for want of quorum. "Nothing to do" would be a settled answer the
 * snapshot does not give: "A Secondary replica will never promote to primary, if it cannot reach
 * quorum" (S132), so quorum decides between FORCE_FAILOVER_ALLOW_DATA_LOSS now (S44) and forcing
 * quorum on that node first (S124).
 */
const quorumUnseenBeforeForcing = (facts: ClusterFacts, replica: string, status: string): boolean =>
  status === 'unknown' &&
  facts.config.clusterType === 'WSFC' &&
  facts.quorum === null &&
  facts.primary === null &&
  isReplicaUp(replicaFacts(facts, replica)) === true;

const forceQuorumStateUnknown = (replica: string): Reason =>
  unknownReason(
    'FORCE_QUORUM_STATE_UNKNOWN',
    `no primary is shown and whether the cluster has quorum is not in this snapshot: with quorum, FORCE_FAILOVER_ALLOW_DATA_LOSS on ${replica} brings the group online; without it "a secondary replica will never promote to primary, if it cannot reach quorum", and quorum must first return or be forced on the node of ${replica} (Start-ClusterNode -FixQuorum), after which the same command brings the group online`,
    source('S132', 'A secondary replica will never promote to primary if it cannot reach quorum'),
    [`sys.dm_hadr_cluster.quorum_state_desc on ${replica}`],
  );

export const recommendedActions = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const out: RecommendedAction[] = [];
  const candidates = facts.config.replicas.filter(
    (r) => r.availabilityMode !== 'CONFIGURATION_ONLY',
  );
  const plannedVerdicts = new Map(candidates.map((r) => [r.name, plannedFailover(facts, r.name)]));
  const somePlannedAllowed = [...plannedVerdicts.values()].some((v) => v.allowed);
  for (const r of candidates) {
    const planned = plannedVerdicts.get(r.name) ?? plannedFailover(facts, r.name);
    if (planned.allowed) {
      out.push({
        event: { type: 'ag.failover', target: r.name },
        why: [
          reason(
            'PLANNED_FAILOVER_POSSIBLE',
            `a planned failover to ${r.name} loses no data`,
            source('S45', 'Perform a planned manual failover'),
          ),
          ...damagedPrimaryFailover(facts, r.name, planned),
        ],
      });
      continue;
    }
    // A primary whose database has not been recovered: the documented resolution fails over first.
    const fromDamaged =
      planned.status === 'unknown' && facts.primary !== null
        ? damagedPrimaryFailover(facts, r.name, planned)
        : [];
    if (fromDamaged.length > 0)
      out.push({
        event: { type: 'ag.failover', target: r.name },
        why: [...fromDamaged, ...planned.reasons],
      });
    // With no primary shown, a planned failover the input cannot settle comes before any forced one:
    // it loses nothing where the target's databases are failover ready (S2). Only on a replica shown
    // as a secondary, or RESOLVING once quorum is shown regained (S44); one of unknown role may be
    // the primary itself, unless the snapshot shows the group without one (RESOLVING: a secondary's
    // own snapshot shows no other replica's role) and no replica it shows takes a planned failover
    // now, and none while a failover command is still being processed.
    const role = replicaFacts(facts, r.name)?.role ?? null;
    const notPrimary =
      role === 'RESOLVING' ||
      (role === null && facts.groupState === 'RESOLVING' && !somePlannedAllowed);
    if (
      planned.status === 'unknown' &&
      facts.primary === null &&
      (role === 'SECONDARY' || (notPrimary && facts.quorum === 'HEALTHY')) &&
      !planned.reasons.some((x) => x.code === 'FAILOVER_IN_PROGRESS')
    )
      out.push(plannedUnsettled(r.name, planned.reasons));
    // A forced failover is a disaster-recovery action: offered only when no primary serves the group.
    const forced = forcedFailover(facts, r.name);
    if (forced.allowed && facts.primary === null) {
      out.push({
        event: { type: 'ag.forceFailover', target: r.name },
        why: [
          ...forced.reasons,
          ...wholeDatabaseLosses(facts, r.name),
          ...otherCopiesAhead(facts, r.name),
        ],
      });
    } else if (quorumUnseenBeforeForcing(facts, r.name, forced.status)) {
      out.push({
        event: { type: 'ag.forceFailover', target: r.name },
        why: [
          ...forced.reasons,
          ...wholeDatabaseLosses(facts, r.name),
          forceQuorumStateUnknown(r.name),
        ],
      });
    }
  }
  if (facts.primary !== null) {
    const primary = facts.primary;
    const isPrimary = sameNameAs(primary);
    const suspendedOnPrimary = new Set(
      facts.databaseReplicas
        .filter((d) => d.isSuspended === true && isPrimary(d.replica))
        .map((d) => d.database),
    );
    const suspendedAtPrimary = (database: string) => suspendedOnPrimary.has(database);
    // RESUME needs the primary database online and available (S67, Prerequisites).
    const notOnlineOnPrimary = new Set(
      facts.databaseReplicas
        .filter(
          (d) =>
            isPrimary(d.replica) &&
            d.databaseState !== null &&
            d.databaseState !== undefined &&
            d.databaseState !== 'ONLINE',
        )
        .map((d) => d.database),
    );
    // The primary's own databases first (resuming there resumes what it stopped), then the
    // synchronous-commit secondaries that can be failover targets again, then the rest (S50, S44).
    const rank = (replica: string): number =>
      isPrimary(replica)
        ? 0
        : replicaConfig(facts, replica)?.availabilityMode === 'SYNCHRONOUS_COMMIT'
          ? 1
          : 2;
    const suspendedRows = facts.databaseReplicas
      .filter(
        (row) =>
          row.isSuspended === true && isReplicaUp(replicaFacts(facts, row.replica)) !== false,
      )
      .map((row, i) => ({ row, i }))
      .sort((a, b) => rank(a.row.replica) - rank(b.row.replica) || a.i - b.i)
      .map(({ row }) => row);
    for (const row of suspendedRows) {
      // A database suspended on the primary resumes there, for every secondary it stopped (S50);
      // a secondary suspended for a reason of its own too stays suspended until resumed there (S67).
      const alsoOwn =
        suspendedAtPrimary(row.database) && !isPrimary(row.replica)
          ? (row.suspendReason ?? null)
          : null;
      if (suspendedAtPrimary(row.database) && !isPrimary(row.replica) && alsoOwn === null) continue;
      if (notOnlineOnPrimary.has(row.database)) continue;
      // A copy past the recovery-fork limit cannot resume: it leaves the group to be restored (S2).
      const behind = missedForks(facts, row.replica, row.database);
      if (behind !== null && behind >= TRACKED_FORKS && !isPrimary(row.replica)) {
        out.push({
          event: { type: 'db.leave', replica: row.replica, database: row.database },
          why: [forkLimitReason(row.replica, row.database, behind)],
        });
        continue;
      }
      // A secondary still on the earlier version receives no log from an upgraded primary: it is
      // upgraded first, then resumed (S64).
      const older = isPrimary(row.replica) ? null : behindPrimaryVersion(facts, row.replica);
      if (older !== null) {
        out.push({
          event: { type: 'db.resume', replica: row.replica, database: row.database },
          why: [
            reason(
              'RESUME_AFTER_UPGRADE',
              `${row.database} is suspended on ${row.replica}, which runs SQL Server ${older.version} while the primary ${older.primary} runs ${older.primaryVersion}: an upgraded primary can no longer ship log to a replica not yet upgraded, so resuming now moves no data; upgrade ${row.replica}'s instance to SQL Server ${older.primaryVersion} first, then resume ${row.database} there`,
              NOT_UPGRADED,
            ),
            ...resumeCopyNotRecovered(row),
            ...primaryDatabaseStateUnknown(facts, row.database),
          ],
        });
        continue;
      }
      out.push({
        event: { type: 'db.resume', replica: row.replica, database: row.database },
        why: [
          reason(
            'RESUME_SUSPENDED',
            `${row.database} is suspended on ${row.replica} (${row.suspendReason ?? 'reason unknown'}): the primary keeps its log until it resumes${row.suspendReason === 'SUSPEND_FROM_PARTNER' ? `; after a forced failover it first reverts to the fork point, losing what the new primary lacks${failBack(facts, row.replica)}` : ''}`,
            RESUME,
          ),
          ...(alsoOwn === null
            ? []
            : [resumeLocallyToo(row.replica, row.database, primary, alsoOwn)]),
          ...(isPrimary(row.replica) ? [] : rollsBack(row)),
          ...resumeReplicaStateUnknown(facts, row),
          ...whySuspendedUnknown(row, isPrimary(row.replica)),
          ...(isPrimary(row.replica) ? [] : resumeCopyNotRecovered(row)),
          ...primaryDatabaseStateUnknown(facts, row.database),
        ],
      });
    }
    // A copy NOT SYNCHRONIZING whose row does not say whether it is suspended: the RESUME, unknown.
    for (const row of facts.databaseReplicas.filter((d) => suspensionUnknown(facts, d))) {
      if (suspendedAtPrimary(row.database) && !isPrimary(row.replica)) continue;
      if (notOnlineOnPrimary.has(row.database)) continue;
      out.push({
        event: { type: 'db.resume', replica: row.replica, database: row.database },
        why: [
          ...resumeIfSuspended(row),
          ...resumeCopyNotRecovered(row),
          ...primaryDatabaseStateUnknown(facts, row.database),
        ],
      });
    }
    out.push(...reconnectDisconnectedReplicas(facts));
    out.push(...joinAddedReplicas(facts));
    out.push(...joinPreparedDatabases(facts));
    out.push(...joinDatabaseUnknown(facts));
    out.push(...removeDamagedReplicas(facts));
    for (const f of facts.replicas) {
      const spec = replicaConfig(facts, f.name);
      if (
        spec === undefined ||
        spec.seedingMode !== 'AUTOMATIC' ||
        f.canCreateDatabase !== false ||
        f.name === facts.primary
      )
        continue;
      if (facts.config.version < 2016 || isReplicaUp(f) === false) continue;
      out.push({
        event: { type: 'replica.grantCreateDatabase', replica: f.name },
        why: [
          reason(
            'GRANT_FOR_SEEDING',
            `${f.name} has SEEDING_MODE AUTOMATIC but the group may not create databases there`,
            GRANT,
          ),
        ],
      });
    }
    out.push(...grantForSeedingUnknown(facts));
    out.push(...restartFailedSeedings(facts));
  }
  out.push(...forceQuorum(facts));
  out.push(...restartFailedReplicas(facts));
  out.push(...restartPrimaryAfterKb3033492(facts));
  out.push(...primaryToSynchronousCommit(facts));
  out.push(...removeLostReplicas(facts));
  out.push(...anotherAutomaticTarget(facts));
  out.push(...lowerRequiredSecondaries(facts));
  out.push(...requiredSecondariesBackToAgent(facts));
  out.push(...logBackupsAfterForcedFailovers(facts));
  const wait = failureThresholdWait(facts);
  if (wait !== null) out.push(wait);
  return out;
};

/**
 * "When the target secondary replica is synchronized, manual failover (without data loss) is possible
 * even if the primary replica has crashed" (S2). Offering only the forced failover there would send a
 * DBA to lose data where the cluster may still allow a failover that loses none: the planned one is
 * offered first, with what the input leaves unknown.
 */
const plannedUnsettled = (target: string, unknowns: readonly Reason[]): RecommendedAction => ({
  event: { type: 'ag.failover', target },
  why: [
    reason(
      'PLANNED_FAILOVER_UNSETTLED',
      `this snapshot shows no primary: a planned failover to ${target} loses no data if every database there is marked failover ready in the cluster, and is refused otherwise; try it before any forced failover`,
      FAILOVER_RULES.plannedPrimaryDown,
    ),
    ...unknowns,
  ],
});

/**
 * Past the failure threshold the cluster leaves the group failed on the next failure of the
 * primary (S23): wait until the oldest counted failure leaves the period, or reset the count.
 */
const failureThresholdWait = (facts: ClusterFacts): RecommendedAction | null => {
  const now = facts.nowMs;
  const times = facts.failureTimesMs;
  if (now === undefined || times === undefined) return null;
  const exceeded = failureThresholdReason(facts.config, times, now);
  if (exceeded === null) return null;
  const period = failurePeriodMs(facts.config);
  const recent = times.filter((t) => now - t < period).sort((a, b) => a - b);
  const expiring = recent[recent.length - (maxFailuresInPeriod(facts.config) ?? 0)];
  if (expiring === undefined) return null;
  const ms = Math.max(1, expiring + period - now);
  return {
    event: { type: 'time.advance', ms: ms as t.Int },
    why: [
      exceeded,
      reason(
        'WAIT_OUT_FAILURE_THRESHOLD',
        `automatic failover stays off until ${Math.ceil(ms / 60_000)} more minutes have passed and the oldest counted failure leaves the period; or raise FailoverThreshold, or reset the group's failure count in the cluster, to allow it sooner`,
        source('S23', 'Flexible failover policy: maximum failures in the specified period'),
      ),
    ],
  };
};
