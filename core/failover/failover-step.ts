import { stepFacts } from '../cluster/facts.js';
import {
  becomePrimary,
  sendAg,
  sendAllCopies,
  sendCopy,
  sendReplica,
  updateCopy,
  withCopy,
} from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import {
  agService,
  findReplica,
  isReplicaUp,
  joinedState,
  primaryName,
  primaryReplica,
  quorumState,
  replicaRole,
  synchronizationState,
} from '../cluster/select.js';
import type { Cluster, ReplicaRuntime } from '../cluster/types.js';
import { detectionLatencyMs, healthSignalTriggersFailover } from '../health/health.js';
import { advanceTime } from '../health/replicas.js';
import { connectAllSecondaries, disconnectSecondary } from '../log/connect.js';
import { abandonPending } from '../log/log-step.js';
import type { EventOf } from '../model/events.js';
import { type Reason, reason, source } from '../model/source.js';
import { featureInRelease, use } from '../validation/features.js';
import { featureAvailability } from '../validation/limits.js';
import { stalePrimaryDemoted } from './cluster-none.js';
import { pacemakerPromotesOnQuorum } from './external-promote.js';
import { forceQuorumUnderExternal } from './external-quorum.js';
import { forcedFailover, plannedFailover } from './failover.js';
import { primaryFailure } from './failure.js';
import { listenerLeftAtOffline } from './offline-listener.js';
import {
  isOfflineHere,
  offlineOnReplica,
  offlineStray,
  offlineToSecondary,
} from './offline-local.js';
import { promote, rollForwardTarget } from './promote.js';
import { quorumVotesAfterFailover } from './quorum-votes.js';

/** Failover commands, quorum and health (ag-rules §4, §8). */

const MODEL = source('MODEL', 'availability group events');
const QUORUM = source('S26', 'Quorum loss takes every availability group in the partition offline');

/** ALTER AVAILABILITY GROUP … FAILOVER on the target. */
export const plannedFailoverStep = (c: Cluster, e: EventOf<'ag.failover'>): StepResult => {
  const facts = stepFacts(c);
  const verdict = plannedFailover(facts, e.target);
  // The machine's guard is this same rule: a refused verdict needs no transition to be refused.
  if (!verdict.allowed) return refused(c, verdict.reasons);
  const next = sendAg(c, { type: 'ag.failover', target: verdict.target, facts });
  if (!verdict.allowed || agService(next) !== 'FAILING_OVER.PLANNED')
    return refused(c, verdict.reasons);
  const rolled = rollForwardTarget(next, verdict.target, primaryName(c));
  const done = promote(rolled.cluster, verdict.target, 'planned', false, verdict.reasons);
  return accepted(done.cluster, [
    ...done.observations,
    ...rolled.observations,
    ...followUp(c, verdict.target, 'planned'),
  ]);
};

/** S45 / S44 Follow Up: a failover that left the automatic failover set asks for the quorum votes. */
const followUp = (c: Cluster, target: string, form: 'planned' | 'forced') => {
  const note = quorumVotesAfterFailover(c.config, c.ag.context.primary, target, form);
  return note === undefined ? [] : [{ type: 'note' as const, reason: note }];
};

/** ALTER AVAILABILITY GROUP … FORCE_FAILOVER_ALLOW_DATA_LOSS on the target. */
export const forcedFailoverStep = (c: Cluster, e: EventOf<'ag.forceFailover'>): StepResult => {
  const facts = stepFacts(c);
  const verdict = forcedFailover(facts, e.target);
  if (!verdict.allowed) return refused(c, verdict.reasons);
  const next = sendAg(c, { type: 'ag.forceFailover', target: verdict.target, facts });
  if (!verdict.allowed || agService(next) !== 'FAILING_OVER.FORCED')
    return refused(c, verdict.reasons);
  // On a synchronized secondary with healthy quorum a forced failover behaves as a planned one (SEED003).
  const asPlanned = verdict.reasons.some((x) => x.code === 'FORCED_BEHAVES_AS_PLANNED');
  const rolled = asPlanned
    ? rollForwardTarget(next, verdict.target, primaryName(c))
    : { cluster: next, observations: [] };
  const done = promote(rolled.cluster, verdict.target, 'forced', !asPlanned, verdict.reasons);
  return accepted(done.cluster, [
    ...done.observations,
    ...rolled.observations,
    ...followUp(c, verdict.target, 'forced'),
  ]);
};

export const healthSignal = (c: Cluster, e: EventOf<'health.signal'>): StepResult => {
  const r = findReplica(c, e.replica);
  const primary = primaryReplica(c);
  if (r === undefined || primary === undefined || primary.name !== r.name || !isReplicaUp(r))
    return refused(c, [
      reason(
        'NOT_THE_PRIMARY',
        `${e.replica} is not the running primary: the failover policy watches only the primary`,
        source('S23', 'Flexible failover policy'),
      ),
    ]);
  if (
    e.condition === 'DATABASE_NOT_ONLINE' &&
    (e.database === undefined || !c.config.databases.includes(e.database))
  )
    return refused(c, [
      reason(
        'DATABASE_REQUIRED',
        'DATABASE_NOT_ONLINE names an availability database of the group',
        MODEL,
      ),
    ]);
  if (
    e.condition === 'DATABASE_NOT_ONLINE' &&
    primary.databases[e.database!]?.notOnline !== undefined
  )
    return refused(c, [
      reason(
        'DATABASE_ALREADY_NOT_ONLINE',
        `${e.database} is already ${primary.databases[e.database!]!.notOnline} on ${primary.name}: it cannot leave ONLINE again before its instance restarts`,
        MODEL,
      ),
    ]);
  const verdict = healthSignalTriggersFailover(c.config, e);
  if (!verdict.triggersFailover && e.condition === 'DATABASE_NOT_ONLINE')
    return databaseStopsServing(c, primary, e.database!, verdict.reasons);
  if (!verdict.triggersFailover)
    return accepted(
      c,
      verdict.reasons.map((x) => ({ type: 'note' as const, reason: x })),
    );
  if (e.condition === 'DATABASE_NOT_ONLINE')
    return databaseLeftOnline(c, primary, e.database!, verdict.reasons[0]!);
  // The cluster acts when the health check sees the condition: the clock moves on to then.
  const latencyMs = detectionLatencyMs(c.config, e.condition);
  if (latencyMs === 0) return primaryFailure(c, false, verdict.reasons[0]!);
  const waited = advanceTime(c, { type: 'time.advance', ms: latencyMs });
  const failed = primaryFailure(waited.cluster, false, verdict.reasons[0]!);
  return accepted(failed.cluster, [
    {
      type: 'note',
      reason: reason(
        'DETECTED_BY_HEALTH_CHECK',
        `sp_server_diagnostics returns every HEALTH_CHECK_TIMEOUT / 3 (${latencyMs} ms): the cluster sees ${e.condition} at the next result, ${latencyMs} ms later`,
        source('S23', 'Health-Check Timeout Threshold'),
      ),
    },
    ...waited.observations,
    ...failed.observations,
  ]);
};

/**
 * DB_FAILOVER = ON and a database left ONLINE on the primary (S28): error 41653 is logged and the
 * group fails over. The database stays out of ONLINE on the old primary (RECOVERY_PENDING: MODEL,
 * the documents do not name the state) and NOT SYNCHRONIZING until its instance restarts.
 */
const databaseLeftOnline = (
  c: Cluster,
  primary: ReplicaRuntime,
  database: string,
  cause: Reason,
): StepResult => {
  const marked = updateCopy(c, primary.name, database, (copy) =>
    withCopy(copy, { notOnline: 'RECOVERY_PENDING' }),
  );
  const failed = primaryFailure(marked, false, cause);
  const copy = findReplica(failed.cluster, primary.name)?.databases[database];
  const stopped =
    copy === undefined || joinedState(copy) === 'NOT_SYNCHRONIZING'
      ? failed.cluster
      : sendCopy(failed.cluster, primary.name, database, { type: 'link.lost' });
  return accepted(stopped, [
    {
      type: 'errorlog',
      server: primary.name,
      message: `database '${database}' left ONLINE (error 41653, error type: 2 'DB_SHUTDOWN'): DB_FAILOVER fails availability group '${c.config.name}'`,
      verbatim: false,
      rule: source('S28', 'Database level health detection'),
    },
    ...failed.observations,
  ]);
};

/**
 * A database left ONLINE on the primary and nothing fails the group over (DB_FAILOVER = OFF, a
 * version without it, or no cluster manager): the primary stays, and the database is out of
 * service there. It reports RECOVERY_PENDING (as KB2857849 shows it on the primary; MODEL, the
 * cause decides the state), takes no transactions (S28: a database not ONLINE is not serving), and
 * its commits still waiting are abandoned; the primary database and its secondary databases end
 * their sessions (S28's error log: "connection with secondary database terminated for primary
 * database"), so every copy is NOT SYNCHRONIZING and no log moves (S6), until the instance restarts.
 */
const databaseStopsServing = (
  c: Cluster,
  primary: ReplicaRuntime,
  database: string,
  why: readonly Reason[],
): StepResult => {
  const abandoned = abandonPending(c, primary.name, database);
  let next = updateCopy(abandoned.cluster, primary.name, database, (copy) =>
    withCopy(copy, { notOnline: 'RECOVERY_PENDING' }),
  );
  for (const r of next.replicas) next = sendCopy(next, r.name, database, { type: 'link.lost' });
  return accepted(next, [
    ...why.map((x) => ({ type: 'note' as const, reason: x })),
    {
      type: 'note',
      reason: reason(
        'DATABASE_OUT_OF_SERVICE',
        `${database} is RECOVERY_PENDING on the primary ${primary.name}: it takes no transactions and sends no log, and its secondary databases stop synchronizing, until ${primary.name}'s instance restarts`,
        source('S28', 'ErrorLog: connection with secondary database terminated'),
      ),
    },
    ...abandoned.observations,
  ]);
};

export const quorumLost = (c: Cluster): StepResult => {
  // No cluster manager, so no cluster quorum: a read-scale group fails over with no quorum condition (S45).
  if (c.config.clusterType === 'NONE')
    return refused(c, [
      reason(
        'NO_CLUSTER_QUORUM',
        `CLUSTER_TYPE = NONE: ${c.config.name} has no cluster manager, so no cluster quorum to lose`,
        source('S46', 'CLUSTER_TYPE = NONE: read-scale, no cluster'),
      ),
    ]);
  if (quorumState(c) === 'LOST')
    return refused(c, [
      reason('QUORUM_ALREADY_LOST', 'the cluster has already lost quorum', MODEL),
    ]);
  let next = c;
  const primary = c.ag.context.primary;
  const observations = [];
  if (primary !== null && agService(c) === 'ONLINE') {
    const abandoned = abandonPending(next, primary);
    next = abandoned.cluster;
    observations.push(...abandoned.observations);
  }
  next = sendAg(next, { type: 'quorum.lost' });
  for (const r of next.replicas) {
    next = disconnectSecondary(next, r.name, false);
    if (isReplicaUp(r)) next = sendReplica(next, r.name, { type: 'role.resolving' });
  }
  observations.push({
    type: 'note' as const,
    reason: reason(
      'GROUP_OFFLINE',
      'without quorum the group goes offline: every replica is RESOLVING and no database is writable',
      QUORUM,
    ),
  });
  return accepted(next, observations);
};

export const quorumRegained = (c: Cluster): StepResult => {
  if (quorumState(c) === 'HEALTHY')
    return refused(c, [reason('QUORUM_HEALTHY', 'the cluster has quorum', MODEL)]);
  let next = sendAg(c, { type: 'quorum.regained' });
  const last = next.ag.context.primary;
  const lastRuntime = last === null ? undefined : findReplica(next, last);
  if (agService(next) === 'RESOLVING' && lastRuntime !== undefined && isReplicaUp(lastRuntime)) {
    next = sendAg(next, { type: 'primary.recovered', primary: lastRuntime.name });
    next = becomePrimary(next, lastRuntime.name);
    next = sendReplica(next, lastRuntime.name, { type: 'link.connected' });
    // The returning primary's databases come back as they were: a suspended one stays suspended.
    next = sendAllCopies(next, lastRuntime.name, (_db, copy) =>
      joinedState(copy) === 'SUSPENDED' ? null : { type: 'role.primary' },
    );
  }
  if (agService(next) === 'ONLINE') {
    for (const r of next.replicas) {
      if (r.name !== next.ag.context.primary && isReplicaUp(r))
        next = sendReplica(next, r.name, { type: 'role.secondary' });
    }
    next = connectAllSecondaries(next);
  }
  return pacemakerPromotesOnQuorum(next) ?? accepted(next);
};

export const quorumForce = (c: Cluster, e: EventOf<'quorum.force'>): StepResult => {
  const r = findReplica(c, e.replica);
  const against = forceQuorumUnderExternal(c);
  if (quorumState(c) !== 'LOST')
    against.push(
      reason(
        'QUORUM_NOT_LOST',
        'quorum is forced only after it was lost',
        source('S44', 'Forced quorum'),
      ),
    );
  if (r === undefined || !isReplicaUp(r))
    against.push(reason('NODE_DOWN', `${e.replica} is not a running node`, MODEL));
  if (against.length > 0) return refused(c, against);
  return accepted(sendAg(c, { type: 'quorum.force' }), [
    {
      type: 'note',
      reason: reason(
        'ONLY_FORCED_FAILOVER',
        'quorum forced: only FORCE_FAILOVER_ALLOW_DATA_LOSS can bring the group online',
        source('S44', 'Forced quorum'),
      ),
    },
  ]);
};

/** ALTER AVAILABILITY GROUP … SET (ROLE = SECONDARY) on the primary: CLUSTER_TYPE NONE or EXTERNAL, or a distributed group (D18). */
export const setRoleSecondary = (c: Cluster, e: EventOf<'ag.setRoleSecondary'>): StepResult => {
  const offlineHere = findReplica(c, e.replica);
  if (offlineHere !== undefined && isOfflineHere(c, offlineHere.name))
    return offlineToSecondary(c, offlineHere.name);
  const primary = primaryReplica(c);
  const stale = findReplica(c, e.replica);
  if (
    primary !== undefined &&
    stale !== undefined &&
    stale.name !== primary.name &&
    isReplicaUp(stale) &&
    replicaRole(stale) === 'PRIMARY'
  )
    return demoteStalePrimary(c, stale.name, primary.name);
  const reasons = [];
  if (primary === undefined || primary.name !== findReplica(c, e.replica)?.name)
    reasons.push(
      reason(
        'NOT_THE_PRIMARY',
        `${e.replica} is not the primary`,
        source('S45', 'SET (ROLE = SECONDARY)'),
      ),
    );
  if (c.config.clusterType === 'WSFC' && c.config.kind !== 'DISTRIBUTED')
    reasons.push(
      reason(
        'ROLE_SECONDARY_NOT_ALLOWED',
        'SET (ROLE = SECONDARY) applies to CLUSTER_TYPE NONE or EXTERNAL groups and to distributed groups',
        source('S3', 'SET ( ROLE = SECONDARY )'),
      ),
    );
  if (reasons.length > 0) return refused(c, reasons);
  const abandoned = abandonPending(c, primary!.name);
  let next = sendAg(abandoned.cluster, { type: 'primary.demoted' });
  next = sendReplica(next, primary!.name, { type: 'role.resolving' });
  next = sendReplica(next, primary!.name, { type: 'role.secondary' });
  next = sendReplica(next, primary!.name, { type: 'link.lost' });
  next = sendAllCopies(next, primary!.name, () => ({ type: 'role.secondary' }));
  for (const r of next.replicas)
    if (r.name !== primary!.name) next = disconnectSecondary(next, r.name, false);
  return accepted(next, abandoned.observations);
};

/**
 * SET (ROLE = SECONDARY) on an old primary that a forced failover left writable (CLUSTER_TYPE
 * NONE, S45): it becomes a secondary of the new primary; its databases are suspended as after any
 * forced failover, and resuming them reverts them to the new primary's history.
 */
const demoteStalePrimary = (c: Cluster, stale: string, primary: string): StepResult => {
  // PRIMARY_NORMAL, RESOLVING_NORMAL, SECONDARY_NORMAL: the order the error log reports (KB2833707).
  let next = sendReplica(c, stale, { type: 'role.resolving' });
  next = sendReplica(next, stale, { type: 'role.secondary' });
  next = sendReplica(next, stale, { type: 'link.lost' });
  next = sendAllCopies(next, stale, () => ({ type: 'role.secondary' }));
  next = sendAllCopies(next, stale, (_db, copy) =>
    joinedState(copy) === null ? null : { type: 'db.suspend', reason: 'SUSPEND_FROM_PARTNER' },
  );
  next = connectAllSecondaries(next);
  return accepted(next, [{ type: 'note', reason: stalePrimaryDemoted(stale, primary) }]);
};

const OFFLINE_RULE = source('S73', 'Take an availability group offline: no data loss');

/**
 * OFFLINE raises an error and leaves the group ONLINE while a synchronous-commit secondary is not
 * synchronized (S73); one reason per database of each such replica. With an asynchronous primary
 * no secondary commits synchronously, so none is asked for.
 */
const unsynchronizedForOffline = (c: Cluster, primary: string | null): Reason[] => {
  const mode = (name: string) => c.config.replicas.find((r) => r.name === name)?.availabilityMode;
  if (primary === null || mode(primary) !== 'SYNCHRONOUS_COMMIT') return [];
  const reasons: Reason[] = [];
  for (const r of c.replicas) {
    if (r.name === primary || mode(r.name) !== 'SYNCHRONOUS_COMMIT') continue;
    for (const db of c.config.databases) {
      const copy = r.databases[db];
      const state = copy === undefined ? null : synchronizationState(copy);
      if (state !== 'SYNCHRONIZED')
        reasons.push(
          reason(
            'SYNCHRONOUS_SECONDARY_NOT_SYNCHRONIZED',
            `${db} on the synchronous-commit replica ${r.name} is ${state ?? 'not joined'}, not SYNCHRONIZED: OFFLINE raises an error and leaves the group ONLINE, which protects it from data loss`,
            OFFLINE_RULE,
          ),
        );
    }
  }
  return reasons;
};

export const offline = (c: Cluster, e: EventOf<'ag.offline'>): StepResult => {
  // S73: the instance OFFLINE runs on needs SQL Server 2012 SP1; refused only where the build says
  // it is older (a configuration without one is not judged).
  if (featureAvailability(c.config, 'OFFLINE_STATEMENT') === false)
    return refused(c, featureInRelease(c.config, use('OFFLINE_STATEMENT', 'OFFLINE')));
  // No cluster manager holds the group: OFFLINE acts on the replica it runs on (S108).
  if (c.config.clusterType === 'NONE' && agService(c) !== 'OFFLINE') {
    const stray = e.replica === undefined ? null : offlineStray(c, e.replica);
    if (stray !== null) return stray;
    const on = e.replica === undefined ? (primaryReplica(c)?.name ?? null) : e.replica;
    const r = on === null ? undefined : findReplica(c, on);
    const primary = primaryReplica(c);
    const unsynchronized =
      r !== undefined && primary?.name === r.name ? unsynchronizedForOffline(c, primary.name) : [];
    return offlineOnReplica(c, r?.name ?? on, unsynchronized);
  }
  if (agService(c) === 'OFFLINE')
    return refused(c, [
      reason(
        'ALREADY_OFFLINE',
        `${c.config.name} is already offline: OFFLINE needs a group that is online`,
        source('S73', 'Prerequisites: the availability group must currently be online'),
      ),
    ]);
  const primary = primaryReplica(c);
  const unsynchronized = unsynchronizedForOffline(c, primary?.name ?? null);
  if (unsynchronized.length > 0) return refused(c, unsynchronized);
  const abandoned =
    primary === undefined ? { cluster: c, observations: [] } : abandonPending(c, primary.name);
  let next = sendAg(abandoned.cluster, { type: 'ag.offline' });
  for (const r of next.replicas) {
    next = disconnectSecondary(next, r.name, false);
    if (isReplicaUp(r)) next = sendReplica(next, r.name, { type: 'role.resolving' });
  }
  const listener = listenerLeftAtOffline(c.config).map((x) => ({
    type: 'note' as const,
    reason: x,
  }));
  return accepted(next, [...abandoned.observations, ...listener]);
};
