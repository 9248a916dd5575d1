import { backupDecision, preferredBackupReplicas } from '../core/backup/backup.js';
import { backupJobMatrix } from '../core/backup/conventions.js';
import { checkFacts } from '../core/consistency/facts.js';
import { recommendedActions } from '../core/decide/actions.js';
import { automaticHealthLogin } from '../core/decide/automatic-health-login.js';
import { automaticQuorumAtRisk } from '../core/decide/automatic-quorum.js';
import {
  findingsFor,
  flagLoss,
  flagVerdict,
  isFlaggedAction,
} from '../core/decide/contradictions.js';
import { primaryDatabaseFailover } from '../core/decide/database-failover.js';
import type { DecideOptions, Decisions } from '../core/decide/decide.js';
import {
  automaticFailover,
  automaticFailoverChoice,
  forcedFailover,
  forcedFailoverLoss,
  plannedFailover,
} from '../core/failover/failover.js';
import { targetEstimates } from '../core/failover/recovery-estimates.js';
import {
  failurePeriodMs,
  failuresInPeriod,
  failureThresholdReason,
  maxFailuresInPeriod,
  maxFailuresUnknownReason,
} from '../core/health/health.js';
import { synchronizationHealth } from '../core/health/synchronization-health.js';
import { commitOutcome } from '../core/log/commit.js';
import { logTruncationHolder } from '../core/log/truncation-holder.js';
import type { ClusterFacts } from '../core/model/facts.js';
import { factsThroughListener } from '../core/routing/connection.js';
import { connectThroughListener } from '../core/routing/listener.js';
import { isPrimaryUnseen, sameName } from '../core/rules/facts-access.js';

/**
 * Every decision asked of each public rule separately, the plain way: every target's verdicts by
 * name, every database's outcome, every replica's backup decision, and the flags for each. The
 * indexed `decide` shares the rules but skips, reuses and filters; it must answer the same.
 */
export const decideByRule = (facts: ClusterFacts, options: DecideOptions = {}): Decisions => {
  const { config } = facts;
  const findings = checkFacts(facts);
  const databases = options.database === undefined ? config.databases : [options.database];
  const asked = new Set(databases);
  const targets = config.replicas
    .filter((r) => options.target === undefined || sameName(r.name, options.target))
    .filter(
      (r) =>
        facts.primary === null || !sameName(r.name, facts.primary) || options.target !== undefined,
    )
    .map((r) => {
      const flagged = findingsFor(facts, findings, r.name);
      return {
        replica: r.name,
        automatic: flagVerdict(automaticFailover(facts, r.name), flagged),
        planned: flagVerdict(plannedFailover(facts, r.name), flagged),
        forced: flagVerdict(forcedFailover(facts, r.name), flagged),
        forcedLoss: forcedFailoverLoss(facts, r.name)
          .filter((l) => asked.has(l.database))
          .map((l) => flagLoss(l, findingsFor(facts, findings, r.name, l.database))),
        estimates: targetEstimates(facts, r.name, databases),
      };
    });
  // Where an automatic failover goes is known only when exactly one replica qualifies and no
  // other's verdict is unknown; among several, the cluster chooses.
  const { verdicts } = automaticFailoverChoice(facts);
  const qualifying = verdicts.filter((v) => v.status === 'allowed').map((v) => v.target);
  const undecided = verdicts.filter((v) => v.status === 'unknown').map((v) => v.target);
  const automatic = qualifying.length === 1 ? qualifying[0]! : null;
  // A flagged replica that would qualify is undecided: its verdict is unknown.
  const flagged = automatic !== null && findingsFor(facts, findings, automatic).length > 0;
  const automaticTarget = flagged ? null : automatic;
  const among = qualifying.length > 1 ? qualifying : [];
  const quorumAtRisk = automaticQuorumAtRisk(facts);
  const healthLogin = automaticHealthLogin(
    facts,
    automaticTarget !== null ? [automaticTarget] : among,
  );
  const backupType = options.backupType ?? 'LOG';
  const nowMs = facts.nowMs ?? 0;
  const past = facts.failureTimesMs ?? [];
  const health = synchronizationHealth(facts);
  return {
    findings,
    group: {
      name: config.name,
      clusterType: config.clusterType,
      primary: facts.primary,
      primaryUnseen: isPrimaryUnseen(facts),
      quorum: facts.quorum,
    },
    failover: {
      automaticTarget,
      automaticUndecided: flagged ? [...undecided, automatic] : undecided,
      automaticAmong: qualifying.length > 1 ? qualifying : [],
      // One WSFC node's snapshot without quorum lists only its replicas (S32, S107).
      ...(facts.quorum === 'LOST' &&
      config.clusterType === 'WSFC' &&
      facts.localReplica != null &&
      automaticTarget === null &&
      qualifying.length <= 1
        ? { automaticUnlistedBeyond: facts.localReplica }
        : {}),
      ...(quorumAtRisk !== null && (automaticTarget !== null || qualifying.length > 1)
        ? { automaticQuorum: quorumAtRisk }
        : {}),
      ...(healthLogin === null ? {} : { automaticHealthLogin: healthLogin }),
      targets,
    },
    readiness: facts.databaseReplicas
      .filter((d) => asked.has(d.database))
      .map((d) => ({
        replica: d.replica,
        database: d.database,
        isFailoverReady: d.isFailoverReady,
        synchronizationState: d.synchronizationState,
      })),
    commit: databases.map((db) => commitOutcome(facts, db)),
    logTruncation: databases.flatMap((db) => logTruncationHolder(facts, db) ?? []),
    backup: databases.map((db) => ({
      database: db,
      preferred: preferredBackupReplicas(facts, db),
      decisions: config.replicas
        .filter((r) => r.availabilityMode !== 'CONFIGURATION_ONLY')
        .map((r) => ({ replica: r.name, decision: backupDecision(facts, db, backupType, r.name) })),
      jobs: backupJobMatrix(facts, db),
    })),
    routing: {
      ...routingThrough(facts, databases),
      // Every listener after the first, as a client naming it reaches the group (S106).
      ...((facts.otherListeners ?? []).length === 0
        ? {}
        : {
            otherListeners: (facts.otherListeners ?? []).map((l) => ({
              listener: l.listener.name,
              ...routingThrough(factsThroughListener(facts, l), databases),
            })),
          }),
    },
    actions: recommendedActions(facts).filter((a) => !isFlaggedAction(facts, findings, a)),
    synchronizationHealth: {
      ...health,
      databases: health.databases.filter((d) => databases.includes(d.database)),
    },
    health: {
      maxFailuresInPeriod: maxFailuresInPeriod(config, facts.clusterNodes),
      maxFailuresUnknown: maxFailuresUnknownReason(config, facts.clusterNodes),
      periodMs: failurePeriodMs(config),
      ...(() => {
        const f = failuresInPeriod(config, facts.failureTimesMs, nowMs);
        return { failuresInPeriod: f.count, failuresUnknown: f.unknown };
      })(),
      thresholdExceeded: failureThresholdReason(config, past, nowMs),
      databaseFailover: databases.flatMap((db) => primaryDatabaseFailover(facts, db) ?? []),
    },
  };
};

/** Read-write to the first database, read intent to each, through the facts' listener. */
const routingThrough = (facts: ClusterFacts, databases: readonly string[]) => ({
  readWrite: connectThroughListener(facts, {
    intent: 'READ_WRITE',
    ...(databases[0] === undefined ? {} : { database: databases[0] }),
  }),
  readOnly:
    databases[0] === undefined
      ? connectThroughListener(facts, { intent: 'READ_ONLY' })
      : connectThroughListener(facts, { intent: 'READ_ONLY', database: databases[0] }),
  readOnlyByDatabase: databases.map((database) => ({
    database,
    connection: connectThroughListener(facts, { intent: 'READ_ONLY', database }),
  })),
});
