import type * as t from 'io-ts';
import { stepFacts } from '../cluster/facts.js';
import { NOTHING_OBSERVED, type Observation } from '../cluster/observation.js';
import {
  position,
  rebuild,
  sendCopy,
  updateCopy,
  withCopy,
  withEntry,
  withLog,
} from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import {
  connectedState,
  copyPhase,
  findReplica,
  isReplicaUp,
  joinedState,
  primaryReplica,
  replicaRole,
} from '../cluster/select.js';
import type { Cluster, DatabaseCopy, ReplicaRuntime } from '../cluster/types.js';
import type { EventOf } from '../model/events.js';
import type { AcknowledgedRange } from '../model/facts.js';
import { isUnknownReason, type Reason, reason, source } from '../model/source.js';
import { commitOutcome, commitParticipants } from './commit.js';
import { externalMajorityReasons } from './external-majority.js';
import { commonLsn, isPrefixOf } from './lineage.js';

/**
 * The log model (ag-rules §3.8, SEED004): the primary appends a record per commit; log reaches a
 * secondary (ship), is hardened there (harden) and redone (redo) by explicit events, so lag
 * exists; a commit is acknowledged once every replica that must harden it has.
 */

const PIPELINE = source('S47', 'Data synchronization: log capture, send, harden, redo');
const MODEL = source('MODEL', 'log movement is explicit in the model');

const commitWaits = (c: Cluster, primary: ReplicaRuntime): boolean => {
  for (const database in c.logs) {
    const copy = primary.databases[database];
    if (copy !== undefined && copy.hardened.lsn > c.logs[database]!.settledLsn) return true;
  }
  return false;
};

/** Acknowledge every waiting commit that the rules now let through; abandon nothing. */
export const settleCommits = (
  c: Cluster,
): { cluster: Cluster; observations: readonly Observation[] } => {
  const primary = primaryReplica(c);
  if (primary === undefined || !isReplicaUp(primary))
    return { cluster: c, observations: NOTHING_OBSERVED };
  // Facts only when a commit waits: most steps have none, and building facts walks every copy.
  if (!commitWaits(c, primary)) return { cluster: c, observations: NOTHING_OBSERVED };
  const facts = stepFacts(c);
  // A primary cut off from the majority under CLUSTER_TYPE = EXTERNAL acknowledges nothing.
  if (externalMajorityReasons(facts).some((x) => !isUnknownReason(x)))
    return { cluster: c, observations: NOTHING_OBSERVED };
  const observations: Observation[] = [];
  let logs = c.logs;
  for (const database in c.logs) {
    const log = c.logs[database]!;
    const primaryCopy = primary.databases[database];
    if (primaryCopy === undefined || copyPhase(primaryCopy) !== 'JOINED') continue;
    const end = primaryCopy.hardened;
    if (end.lsn <= log.settledLsn) continue;
    const participants = commitParticipants(facts, database);
    if (participants.length < c.config.requiredSynchronizedSecondariesToCommit) continue;
    let ackTo = end.lsn;
    for (const name of participants) {
      const h = findReplica(c, name)?.databases[database]?.hardened.lsn ?? log.settledLsn;
      if (h < ackTo) ackTo = h;
    }
    if (ackTo <= log.settledLsn) continue;
    const fork = end.fork;
    const last = log.acknowledged[log.acknowledged.length - 1];
    const acknowledged: AcknowledgedRange[] =
      last !== undefined && last.fork === fork && last.toLsn === log.settledLsn
        ? [
            ...log.acknowledged.slice(0, -1),
            { fork: last.fork, fromLsn: last.fromLsn, toLsn: ackTo },
          ]
        : [...log.acknowledged, { fork: fork as t.Int, fromLsn: log.settledLsn, toLsn: ackTo }];
    observations.push({
      type: 'commit.acknowledged',
      database,
      fork,
      fromLsn: log.settledLsn,
      toLsn: ackTo,
      hardenedOn: [primary.name, ...participants],
    });
    logs = withEntry(logs, database, withLog(log, { acknowledged, settledLsn: ackTo }));
  }
  return {
    cluster: logs === c.logs ? c : rebuild(c, c.replicas, c.journal, c.ag, logs),
    observations,
  };
};

/**
 * Commits still waiting on the primary are abandoned when it stops being primary (clients lose
 * their sessions), or, with `only`, when that one database stops serving on it.
 */
export const abandonPending = (
  c: Cluster,
  primaryName: string,
  only?: string,
): { cluster: Cluster; observations: Observation[] } => {
  const primary = findReplica(c, primaryName);
  if (primary === undefined) return { cluster: c, observations: [] };
  const observations: Observation[] = [];
  let logs = c.logs;
  for (const database in c.logs) {
    if (only !== undefined && database !== only) continue;
    const log = c.logs[database]!;
    const end = primary.databases[database]?.hardened.lsn;
    if (end === undefined || end <= log.settledLsn) continue;
    observations.push({ type: 'commit.abandoned', database, fromLsn: log.settledLsn, toLsn: end });
    logs = withEntry(logs, database, withLog(log, { settledLsn: end }));
  }
  return {
    cluster: logs === c.logs ? c : rebuild(c, c.replicas, c.journal, c.ag, logs),
    observations,
  };
};

/** db.commit: the primary appends `count` commit records; they wait for acknowledgement. */
export const commit = (c: Cluster, e: EventOf<'db.commit'>): StepResult => {
  const count = BigInt(e.count ?? 1);
  if (count < 1n)
    return refused(c, [reason('BAD_COUNT', 'a commit event needs a count of at least 1', MODEL)]);
  const facts = stepFacts(c);
  const outcome = commitOutcome(facts, e.database);
  if (
    outcome.acknowledgement === 'refused' ||
    outcome.acknowledgement === 'blocked' ||
    outcome.acknowledgement === 'unknown'
  )
    return refused(c, outcome.reasons);
  const primary = primaryReplica(c)!;
  const next = updateCopy(c, primary.name, e.database, (copy) => {
    const end = position(copy.hardened.fork, copy.hardened.lsn + count);
    return withCopy(copy, { received: end, hardened: end, redone: end });
  });
  const endLsn = primary.databases[e.database]!.hardened.lsn + count;
  return accepted(
    next,
    outcome.mustHarden.length > 0
      ? [
          {
            type: 'commit.pending',
            database: e.database,
            lsn: endLsn,
            waitingFor: outcome.mustHarden,
          },
        ]
      : [],
  );
};

type LogEvent = EventOf<'log.ship'> | EventOf<'log.harden'> | EventOf<'log.redo'>;

/** Apply a log event to one copy, or say why it cannot apply. */
type CopyStep = (
  c: Cluster,
  replica: string,
  database: string,
  copy: DatabaseCopy,
) => Cluster | Reason;

/**
 * Why log.ship cannot move a copy's log, or null when it can: one answer for the step (which words
 * it as a reason) and for the explorer (which does not offer a delivery every copy refuses).
 */
type ShipBlock = 'NO_PRIMARY' | 'NOT_CONNECTED' | 'NO_DATA_MOVEMENT' | 'NO_LOG_TO_SEND';

const shipBlock = (
  c: Cluster,
  primary: ReplicaRuntime | undefined,
  r: ReplicaRuntime,
  database: string,
  copy: DatabaseCopy,
): ShipBlock | null => {
  const primaryEnd = primary?.databases[database]?.hardened;
  if (primary === undefined || primaryEnd === undefined) return 'NO_PRIMARY';
  if (
    replicaRole(r) !== 'SECONDARY' ||
    connectedState(r) !== 'CONNECTED' ||
    r.linkDownSinceMs !== null
  )
    return 'NOT_CONNECTED';
  // A copy out of ONLINE (SUSPECT, RECOVERY_PENDING) moves no data: the session skips it too.
  if (copy.notOnline !== undefined) return 'NO_DATA_MOVEMENT';
  const state = joinedState(copy);
  // A REVERTING copy fetches pages from the primary.
  if (state === 'REVERTING') return null;
  if (state !== 'SYNCHRONIZING' && state !== 'SYNCHRONIZED' && state !== 'INITIALIZING')
    return 'NO_DATA_MOVEMENT';
  const forks = c.logs[database]?.forks ?? [];
  return copy.received.lsn >= primaryEnd.lsn && isPrefixOf(forks, primaryEnd, copy.received)
    ? 'NO_LOG_TO_SEND'
    : null;
};

const ship: CopyStep = (c, replica, database, copy) => {
  const primary = primaryReplica(c);
  const r = findReplica(c, replica)!;
  const block = shipBlock(c, primary, r, database, copy);
  switch (block) {
    case 'NO_PRIMARY':
      return reason('NO_PRIMARY', 'no primary replica sends log', PIPELINE);
    case 'NOT_CONNECTED':
      return reason(
        'NOT_CONNECTED',
        `${replica} has no session with the primary: no log can reach it`,
        PIPELINE,
      );
    case 'NO_DATA_MOVEMENT':
      return reason(
        'NO_DATA_MOVEMENT',
        `${database} on ${replica} is ${copy.notOnline ?? joinedState(copy) ?? copyPhase(copy)}: no data movement`,
        PIPELINE,
      );
    case 'NO_LOG_TO_SEND':
      return reason(
        'NO_LOG_TO_SEND',
        `${database} on ${replica} has received all the primary's log`,
        MODEL,
      );
  }
  const primaryEnd = primary!.databases[database]!.hardened;
  if (joinedState(copy) === 'REVERTING') {
    // Pages are fetched from the primary: the copy goes back to the common point, then receives the rest.
    const forks = c.logs[database]?.forks ?? [];
    const common = position(primaryEnd.fork, commonLsn(forks, copy.hardened, primaryEnd));
    const next = updateCopy(c, replica, database, (x) =>
      withCopy(x, { received: primaryEnd, hardened: common, redone: common }),
    );
    return sendCopy(next, replica, database, { type: 'revert.pagesFetched' });
  }
  return updateCopy(c, replica, database, (x) => withCopy(x, { received: primaryEnd }));
};

/** log.harden has nothing to do: the copy hardened all it received (and is not INITIALIZING). */
const hardenBlocked = (copy: DatabaseCopy): boolean =>
  joinedState(copy) !== 'INITIALIZING' &&
  copy.received.lsn <= copy.hardened.lsn &&
  copy.received.fork === copy.hardened.fork;

const harden: CopyStep = (c, replica, database, copy) => {
  if (hardenBlocked(copy))
    return reason(
      'NO_LOG_TO_HARDEN',
      `${database} on ${replica} has hardened all the log it received`,
      MODEL,
    );
  const initializing = joinedState(copy) === 'INITIALIZING';
  let next = updateCopy(c, replica, database, (x) => withCopy(x, { hardened: x.received }));
  if (initializing) next = sendCopy(next, replica, database, { type: 'revert.logHardened' });
  return sendCopy(next, replica, database, {
    type: 'log.hardened',
    facts: synchronizedFacts(next, replica, database),
  });
};

/**
 * Whether the step refuses both log.ship and log.harden to `r` whatever else holds (the explorer's
 * "deliver log" is the two in turn): `r` is the primary (IS_PRIMARY), or it has a joined copy and
 * every joined copy refuses both (a copy not joined refuses both too, DATABASE_NOT_JOINED). When
 * every copy refuses log.ship the cluster is unchanged for log.harden, so each copy's own state
 * answers for both. properties/delivery-offer.test.ts holds it to the step.
 */
export const deliveryRefusedAtOnce = (c: Cluster, r: ReplicaRuntime): boolean => {
  const primary = primaryReplica(c);
  if (primary?.name === r.name) return true;
  let joined = false;
  for (const database in r.databases) {
    const copy = r.databases[database]!;
    if (copyPhase(copy) !== 'JOINED') continue;
    joined = true;
    if (!hardenBlocked(copy) || shipBlock(c, primary, r, database, copy) === null) return false;
  }
  return joined;
};

const redo: CopyStep = (c, replica, database, copy) =>
  copy.redone.lsn >= copy.hardened.lsn && copy.redone.fork === copy.hardened.fork
    ? reason('NO_LOG_TO_REDO', `${database} on ${replica} has redone all its hardened log`, MODEL)
    : updateCopy(c, replica, database, (x) => withCopy(x, { redone: x.hardened }));

/** The facts that decide whether a secondary copy is SYNCHRONIZED now. */
export const synchronizedFacts = (c: Cluster, replica: string, database: string) => {
  const primary = primaryReplica(c);
  const r = findReplica(c, replica)!;
  const copy = r.databases[database]!;
  const primaryEnd = primary?.databases[database]?.hardened;
  const forks = c.logs[database]?.forks ?? [];
  const cfg = (name: string) => c.config.replicas.find((x) => x.name === name)!;
  return {
    primaryMode:
      primary === undefined ? ('ASYNCHRONOUS_COMMIT' as const) : cfg(primary.name).availabilityMode,
    replicaMode: cfg(replica).availabilityMode,
    connected: connectedState(r) === 'CONNECTED' && r.linkDownSinceMs === null,
    suspended: joinedState(copy) === 'SUSPENDED',
    caughtUp:
      primaryEnd !== undefined &&
      copy.hardened.lsn >= primaryEnd.lsn &&
      isPrefixOf(forks, primaryEnd, copy.hardened),
    fromLowerVersion: c.logFromVersion !== undefined,
  };
};

const STEPS: Record<LogEvent['type'], CopyStep> = {
  'log.ship': ship,
  'log.harden': harden,
  'log.redo': redo,
};

/** log.ship / log.harden / log.redo on one replica, for one database or all of them. */
export const moveLog = (c: Cluster, e: LogEvent): StepResult => {
  const r = findReplica(c, e.replica);
  if (r === undefined)
    return refused(c, [
      reason('UNKNOWN_REPLICA', `${e.replica} is not a replica of ${c.config.name}`, MODEL),
    ]);
  if (!isReplicaUp(r))
    return refused(c, [reason('REPLICA_DOWN', `${r.name} is not running`, PIPELINE)]);
  if (primaryReplica(c)?.name === r.name)
    return refused(c, [
      reason('IS_PRIMARY', `${r.name} is the primary: log moves from it, not to it`, PIPELINE),
    ]);
  const databases = e.database === undefined ? Object.keys(r.databases) : [e.database];
  const reasons: Reason[] = [];
  let next = c;
  let moved = false;
  for (const db of databases) {
    const copy = findReplica(next, r.name)?.databases[db];
    if (copy === undefined || copyPhase(copy) !== 'JOINED') {
      reasons.push(reason('DATABASE_NOT_JOINED', `${db} is not joined on ${r.name}`, PIPELINE));
      continue;
    }
    const out = STEPS[e.type](next, r.name, db, copy);
    if ('code' in out) reasons.push(out);
    else {
      next = out;
      moved = true;
    }
  }
  return moved ? accepted(next) : refused(c, reasons);
};
