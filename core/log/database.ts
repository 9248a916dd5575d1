import { sendCopy, updateCopy, withCopy } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import {
  behindUpgradedPrimary,
  connectedState,
  copyPhase,
  findReplica,
  isReplicaUp,
  joinedState,
  primaryReplica,
  replicaVersion,
} from '../cluster/select.js';
import type { Cluster, DatabaseCopy, ReplicaRuntime } from '../cluster/types.js';
import { forkLimitReason, forksBehind, isWithinForkLimit } from '../failover/fork-limit.js';
import type { DatabaseReplicaEvent } from '../machines/databaseReplica/events.js';
import type { EventOf } from '../model/events.js';
import type { LogPosition } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import { isPrefixOf } from './lineage.js';

/** Suspend and resume data movement (ALTER DATABASE … SET HADR SUSPEND | RESUME; ag-rules §3.3, S50). */

const SET_HADR = source('S50', 'SET HADR SUSPEND / RESUME');
const RESUME_PREREQUISITES = source('S67', 'Prerequisites');

/** The running replica and joined copy a SET HADR command acts on, or why there is none. */
const locate = (
  c: Cluster,
  replica: string,
  database: string,
): { r: ReplicaRuntime; copy: DatabaseCopy } | { refusal: StepResult } => {
  const r = findReplica(c, replica);
  const copy = r?.databases[database];
  if (r === undefined || copy === undefined || copyPhase(copy) !== 'JOINED')
    return {
      refusal: refused(c, [
        reason(
          'DATABASE_NOT_JOINED',
          `${database} is not an availability database on ${replica}`,
          SET_HADR,
        ),
      ]),
    };
  if (!isReplicaUp(r))
    return { refusal: refused(c, [reason('REPLICA_DOWN', `${r.name} is not running`, SET_HADR)]) };
  return { r, copy };
};

export const suspend = (c: Cluster, e: EventOf<'db.suspend'>): StepResult => {
  const found = locate(c, e.replica, e.database);
  if ('refusal' in found) return found.refusal;
  const { r, copy } = found;
  if (joinedState(copy) === 'SUSPENDED') {
    // Suspended only by the primary's SUSPEND: it is now suspended locally too (S50, RESUME).
    if (copy.suspendedOnPrimary && primaryReplica(c)?.name !== r.name)
      return accepted(
        updateCopy(c, r.name, e.database, (x) => withCopy(x, { suspendedOnPrimary: false })),
        [
          {
            type: 'note',
            reason: reason(
              'ALSO_SUSPENDED_LOCALLY',
              `${e.database} on ${r.name}, suspended by the primary, is now suspended locally too: resuming the primary will not resume it; resume it on ${r.name}`,
              SET_HADR,
            ),
          },
        ],
      );
    return refused(c, [
      reason('ALREADY_SUSPENDED', `${e.database} on ${r.name} is already suspended`, SET_HADR),
    ]);
  }
  const event: DatabaseReplicaEvent = { type: 'db.suspend', reason: 'SUSPEND_FROM_USER' };
  let next = sendCopy(c, r.name, e.database, event);
  if (primaryReplica(c)?.name === r.name) {
    // On the primary, data movement to every secondary copy of the database stops.
    for (const other of c.replicas) {
      const otherCopy = other.databases[e.database];
      if (other.name === r.name || otherCopy === undefined || copyPhase(otherCopy) !== 'JOINED')
        continue;
      if (joinedState(otherCopy) === 'SUSPENDED') continue;
      next = sendCopy(next, other.name, e.database, event);
      next = updateCopy(next, other.name, e.database, (x) =>
        withCopy(x, { suspendedOnPrimary: true }),
      );
    }
  }
  return accepted(next);
};

/** One copy resumed: it moves data again, and a suspension ordered on the primary is cleared. */
const resumeCopy = (
  cluster: Cluster,
  name: string,
  database: string,
  primaryName: string | undefined,
  primaryEnd: LogPosition | undefined,
): Cluster => {
  const runtime = findReplica(cluster, name)!;
  const target = runtime.databases[database]!;
  const forks = cluster.logs[database]?.forks ?? [];
  // A secondary copy out of ONLINE (SUSPECT after a forced failover could not start it) moves no
  // data, as connectSecondary leaves it (core/log/connect.ts).
  const connected =
    connectedState(runtime) === 'CONNECTED' &&
    runtime.linkDownSinceMs === null &&
    primaryName !== undefined &&
    target.notOnline === undefined;
  const diverged = primaryEnd !== undefined && !isPrefixOf(forks, target.hardened, primaryEnd);
  const next = sendCopy(cluster, name, database, {
    type: 'db.resume',
    isPrimary: name === primaryName,
    connected,
    diverged,
  });
  // Most copies were suspended on themselves: then there is no flag to clear, and no copy to build.
  return target.suspendedOnPrimary
    ? updateCopy(next, name, database, clearSuspendedOnPrimary)
    : next;
};

const clearSuspendedOnPrimary = (x: DatabaseCopy): DatabaseCopy =>
  x.suspendedOnPrimary ? withCopy(x, { suspendedOnPrimary: false }) : x;

/**
 * "Resume an availability database" (S67), Prerequisites: "The availability group must be
 * online." and "The primary database must be online and available." Without a serving primary
 * (the primary failed with no failover, quorum lost, the primary demoted by SET (ROLE = SECONDARY)
 * before the failover) or with the primary's copy out of ONLINE (RECOVERY_PENDING, SUSPECT),
 * RESUME is refused and the copy stays suspended.
 */
const resumePrerequisites = (
  c: Cluster,
  database: string,
  primary: ReplicaRuntime | undefined,
): Reason[] => {
  if (primary === undefined)
    return [
      reason(
        'GROUP_NOT_ONLINE',
        `${c.config.name} is not online: no primary replica serves it, and a database resumes only while the availability group is online`,
        RESUME_PREREQUISITES,
      ),
    ];
  const state = primary.databases[database]?.notOnline;
  return state === undefined
    ? []
    : [
        reason(
          'PRIMARY_DATABASE_NOT_ONLINE',
          `${database} is ${state} on the primary ${primary.name}: a database resumes only while the primary database is online and available`,
          RESUME_PREREQUISITES,
        ),
      ];
};

/**
 * ALTER DATABASE … SET HADR RESUME on a secondary whose copy was suspended there and then on the
 * primary too (S50, RESUME): "only the local secondary database is resumed. Data movement is
 * resumed unless the database has also been suspended on the primary replica." The copy stays
 * SUSPENDED, now only for the primary's suspension: resuming the primary resumes it.
 */
const liftLocalSuspension = (
  c: Cluster,
  replica: string,
  database: string,
  primaryName: string,
): StepResult =>
  accepted(
    updateCopy(c, replica, database, (x) => withCopy(x, { suspendedOnPrimary: true })),
    [
      {
        type: 'note',
        reason: reason(
          'STILL_SUSPENDED_ON_PRIMARY',
          `${database} on ${replica} is no longer suspended locally, but data movement stays suspended until ${database} is resumed on the primary ${primaryName}`,
          SET_HADR,
        ),
      },
    ],
  );

export const resume = (c: Cluster, e: EventOf<'db.resume'>): StepResult => {
  const found = locate(c, e.replica, e.database);
  if ('refusal' in found) return found.refusal;
  const { r, copy } = found;
  const primary = primaryReplica(c);
  // S67's prerequisites hold whether or not the copy is suspended: every reason is returned.
  if (joinedState(copy) !== 'SUSPENDED')
    return refused(c, [
      reason('NOT_SUSPENDED', `${e.database} on ${r.name} is not suspended`, SET_HADR),
      ...resumePrerequisites(c, e.database, primary),
    ]);
  const isPrimary = primary?.name === r.name;
  const primaryCopy = primary?.databases[e.database];
  const suspendedAtPrimary = primaryCopy !== undefined && joinedState(primaryCopy) === 'SUSPENDED';
  const against = resumePrerequisites(c, e.database, primary);
  // Suspended here and on the primary: RESUME lifts the local suspension only (S50, RESUME).
  const liftsLocalOnly = !isPrimary && suspendedAtPrimary && !copy.suspendedOnPrimary;
  if (!isPrimary && !liftsLocalOnly && (copy.suspendedOnPrimary || suspendedAtPrimary))
    against.push(
      reason(
        'SUSPENDED_ON_PRIMARY',
        `${e.database} was suspended on the primary: resume it there`,
        SET_HADR,
      ),
    );
  // A secondary copy that missed more recovery forks than it tracks cannot resume (S2; error 1408).
  const forks = c.logs[e.database]?.forks ?? [];
  const primaryEnd = primaryCopy?.hardened;
  if (
    !isPrimary &&
    primaryEnd !== undefined &&
    !isWithinForkLimit(forks, copy.hardened, primaryEnd)
  )
    against.push(
      forkLimitReason(r.name, e.database, forksBehind(forks, copy.hardened, primaryEnd)),
    );
  if (!isPrimary && behindUpgradedPrimary(c, primary, r))
    against.push(
      reason(
        'RESUME_BEFORE_UPGRADE',
        `${r.name} runs SQL Server ${replicaVersion(c, r)}, the primary ${primary!.name} ${replicaVersion(c, primary!)}: "An upgraded primary replica can no longer ship logs to any secondary replica whose SQL Server instance that has not yet been upgraded to the same version"; upgrade ${r.name}, then resume`,
        source('S64', 'Rolling Upgrade Best Practices'),
      ),
    );
  if (against.length > 0) return refused(c, against);
  if (liftsLocalOnly) return liftLocalSuspension(c, r.name, e.database, primary!.name);
  let next = resumeCopy(c, r.name, e.database, primary?.name, primaryEnd);
  if (isPrimary) {
    for (const other of c.replicas) {
      const otherCopy = other.databases[e.database];
      if (
        other.name !== r.name &&
        otherCopy?.suspendedOnPrimary === true &&
        (primaryEnd === undefined || isWithinForkLimit(forks, otherCopy.hardened, primaryEnd))
      )
        next = resumeCopy(next, other.name, e.database, primary?.name, primaryEnd);
    }
  }
  return accepted(next);
};
