import { checkFacts } from '../consistency/facts.js';
import type { Finding } from '../consistency/finding.js';
import {
  automaticFailover,
  automaticFailoverAnswer,
  type FailoverVerdict,
  forcedFailover,
  forcedFailoverLoss,
  type PredictedLoss,
  plannedFailover,
} from '../failover/failover.js';
import { type TargetEstimates, targetEstimates } from '../failover/recovery-estimates.js';
import {
  failurePeriodMs,
  failuresInPeriod,
  failureThresholdReason,
  maxFailuresInPeriod,
  maxFailuresUnknownReason,
} from '../health/health.js';
import {
  type SynchronizationHealthReport,
  synchronizationHealth,
} from '../health/synchronization-health.js';
import { type CommitOutcome, commitOutcome } from '../log/commit.js';
import { type LogTruncationHolder, logTruncationHolders } from '../log/truncation-holder.js';
import type { Config, Replica } from '../model/config.js';
import type { BackupType, ClusterType } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { factsThroughListener } from '../routing/connection.js';
import { connectThroughListener, type ListenerConnection } from '../routing/listener.js';
import {
  isPrimaryName,
  isPrimaryUnseen,
  nodeWithoutQuorum,
  replicaConfig,
  sameName,
} from '../rules/facts-access.js';
import { recommendedActions } from './actions.js';
import { automaticHealthLogin } from './automatic-health-login.js';
import {
  automaticQuorumAtRisk,
  forcedQuorumSplitRisk,
  primaryNodeWithoutVote,
} from './automatic-quorum.js';
import { type BackupEntry, backupSection } from './backup-section.js';
import { findingsFor, flagLoss, flagVerdict, isFlaggedAction } from './contradictions.js';
import { type DatabaseFailoverOutcome, primaryDatabaseFailover } from './database-failover.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * The decision engine's one entry point: every decision about an availability group at one
 * moment, each with all of its reasons. Pure: it reads facts (from a simulated cluster or a DMV
 * snapshot) and nothing else.
 */

export interface TargetOptions {
  readonly replica: string;
  readonly automatic: FailoverVerdict;
  readonly planned: FailoverVerdict;
  readonly forced: FailoverVerdict;
  /** What a forced failover to this replica would lose, per database. */
  readonly forcedLoss: readonly PredictedLoss[];
  /** Estimated recovery time and data loss (S47), per database, beside the LSN ranges. */
  readonly estimates: TargetEstimates;
}

export interface Readiness {
  readonly replica: string;
  readonly database: string;
  /** sys.dm_hadr_database_replica_cluster_states.is_failover_ready; null when unknown. */
  readonly isFailoverReady: boolean | null;
  readonly synchronizationState: string | null;
}

export interface Decisions {
  /**
   * What the consistency checks found in the facts (docs/checks.md). Every decision that reads a
   * flagged fact is unknown ("contradictory snapshot"), and no failover to it is advised.
   */
  readonly findings: readonly Finding[];
  readonly group: {
    readonly name: string;
    /** WSFC, EXTERNAL or NONE: who fails the group over, and so how an action is carried out. */
    readonly clusterType: ClusterType;
    readonly primary: string | null;
    /** primary is null because the snapshot cannot tell (no group state shown), not because there is none. */
    readonly primaryUnseen: boolean;
    readonly quorum: string | null;
  };
  readonly failover: {
    /** Where an automatic failover would go if the primary failed now, and why not elsewhere. */
    readonly automaticTarget: string | null;
    /**
     * Replicas whose automatic verdict is unknown: any may be the one chosen, so with any of
     * them the answer is unknown.
     */
    readonly automaticUndecided: readonly string[];
    /**
     * Two or more replicas that qualify (the target is then null): the cluster chooses among
     * them by the role's preferred owners, which no view shows.
     */
    readonly automaticAmong: readonly string[];
    /**
     * The replica of a snapshot taken on a node without quorum, set when no replica it lists is
     * the target: it lists only that node's replicas (S32), so one it does not list, on a node
     * that kept quorum (S107), may be; the answer is then unknown, not "no replica".
     */
    readonly automaticUnlistedBeyond?: string;
    /**
     * Beside a target (or replicas to choose among): the cluster may lose quorum if the primary's
     * node fails, by the votes the snapshot shows, and then nothing fails over (unknown).
     */
    readonly automaticQuorum?: Reason;
    /**
     * Beside a target (or replicas to choose among) on a WSFC snapshot: the resource DLL starts
     * health detection there as NT AUTHORITY\SYSTEM, whose permissions no view shows (unknown).
     */
    readonly automaticHealthLogin?: Reason;
    readonly targets: readonly TargetOptions[];
  };
  readonly readiness: readonly Readiness[];
  readonly commit: readonly CommitOutcome[];
  /** Per database asked: the secondary copy that holds the primary's log truncation (S94). */
  readonly logTruncation: readonly LogTruncationHolder[];
  readonly backup: readonly BackupEntry[];
  readonly routing: {
    readonly readWrite: ListenerConnection;
    /** A read-intent connection to the first database asked (`readOnlyByDatabase[0]`). */
    readonly readOnly: ListenerConnection;
    /**
     * A read-intent connection to each database asked, in order: routing goes by the database
     * the connection names (S15), so one database's copies can turn it away where another's do not.
     */
    readonly readOnlyByDatabase: readonly DatabaseConnection[];
    /**
     * The same connections through each listener after the first (created in the cluster, S106),
     * which clients name as they name the first; absent when the group has no other listener.
     */
    readonly otherListeners?: readonly OtherListenerRouting[];
  };
  /** What a DBA could do now, each with why; the T-SQL adapter renders them as statements. */
  readonly actions: readonly RecommendedAction[];
  /** synchronization_health of the group, each data-bearing replica and each copy, with reasons. */
  readonly synchronizationHealth: SynchronizationHealthReport;
  readonly health: {
    /** null when a snapshot lists no WSFC nodes and no FailoverThreshold is set: `maxFailuresUnknown` says why. */
    readonly maxFailuresInPeriod: number | null;
    readonly maxFailuresUnknown: Reason | null;
    readonly periodMs: number;
    /** null when the facts do not hold the failures (a DMV snapshot): `failuresUnknown` says why. */
    readonly failuresInPeriod: number | null;
    readonly failuresUnknown: Reason | null;
    readonly thresholdExceeded: Reason | null;
    /** Each asked database not ONLINE on the primary (or of unknown state there): does it fail the group over (S28)? */
    readonly databaseFailover: readonly DatabaseFailoverOutcome[];
    /** The primary's node has no quorum vote (ADJUST_QUORUM_VOTES); absent otherwise. */
    readonly quorumVotes?: Reason;
    /** Quorum forced while DOWN members hold most votes (FORCED_QUORUM_SPLIT_RISK); absent otherwise. */
    readonly forcedQuorumSplit?: Reason;
  };
}

/** A read-intent connection through the listener that names `database`. */
export interface DatabaseConnection {
  readonly database: string;
  readonly connection: ListenerConnection;
}

/** The connections of `routing` through one more listener of the group, named. */
export interface OtherListenerRouting
  extends Pick<Decisions['routing'], 'readWrite' | 'readOnly' | 'readOnlyByDatabase'> {
  readonly listener: string;
}

/** Each database's read-intent connection, and the first one's (or, with none, the group's). */
export const readOnlyRouting = (
  facts: ClusterFacts,
  databases: readonly string[],
): Pick<Decisions['routing'], 'readOnly' | 'readOnlyByDatabase'> => {
  const readOnlyByDatabase = databases.map((database) => ({
    database,
    connection: connectThroughListener(facts, { intent: 'READ_ONLY', database }),
  }));
  return {
    readOnly:
      readOnlyByDatabase[0]?.connection ?? connectThroughListener(facts, { intent: 'READ_ONLY' }),
    readOnlyByDatabase,
  };
};

/** Where read-write and read-intent connections through the group's listener go. */
const listenerRouting = (
  facts: ClusterFacts,
  databases: readonly string[],
): Pick<Decisions['routing'], 'readWrite' | 'readOnly' | 'readOnlyByDatabase'> => ({
  readWrite: connectThroughListener(facts, {
    intent: 'READ_WRITE',
    ...(databases[0] === undefined ? {} : { database: databases[0] }),
  }),
  ...readOnlyRouting(facts, databases),
});

export interface DecideOptions {
  /** Only this replica as a failover target (all secondaries when absent). */
  readonly target?: string;
  /** Only this database (all availability databases when absent). */
  readonly database?: string;
  /** The backup type the backup decisions are for (default: LOG, what scheduled jobs run most). */
  readonly backupType?: BackupType;
}

/** The databases asked about: one, or every database of the group (null). */
const askedSet = (options: DecideOptions): ReadonlySet<string> | null =>
  options.database === undefined ? null : new Set([options.database]);

const optionsFor = (
  facts: ClusterFacts,
  findings: readonly Finding[],
  r: Replica,
  asked: ReadonlySet<string> | null,
): TargetOptions => {
  const flagged = findings.length === 0 ? findings : findingsFor(facts, findings, r.name);
  const losses = forcedFailoverLoss(facts, r.name);
  const chosen = asked === null ? losses : losses.filter((l) => asked.has(l.database));
  return {
    replica: r.name,
    automatic: flagVerdict(automaticFailover(facts, r.name), flagged),
    planned: flagVerdict(plannedFailover(facts, r.name), flagged),
    forced: flagVerdict(forcedFailover(facts, r.name), flagged),
    forcedLoss:
      findings.length === 0
        ? chosen
        : chosen.map((l) => flagLoss(l, findingsFor(facts, findings, r.name, l.database))),
    estimates: targetEstimates(facts, r.name, asked === null ? facts.config.databases : [...asked]),
  };
};

/**
 * One target's failover options (every form with its reasons, the predicted loss and the
 * estimates), as `decide` reports them for it, without deciding anything about the other
 * replicas; null when the group has no replica of that name.
 */
export const decideTarget = (
  facts: ClusterFacts,
  target: string,
  options: Pick<DecideOptions, 'database'> = {},
): TargetOptions | null => {
  const replica = replicaConfig(facts, target);
  return replica === undefined
    ? null
    : optionsFor(facts, checkFacts(facts), replica, askedSet(options));
};

/**
 * Every decision about the group in `facts`. Expects decoded facts (ClusterFacts, LSNs as bigint):
 * for input that has not been decoded, use `decideInput`, which decodes, checks and places every
 * problem. Facts that the consistency checks flag make the decisions that read them unknown.
 */
export const decide = (facts: ClusterFacts, options: DecideOptions = {}): Decisions => {
  const { config } = facts;
  const findings = checkFacts(facts);
  const databases = options.database === undefined ? config.databases : [options.database];
  const asked = askedSet(options);
  const isAsked = (database: string) => asked === null || asked.has(database);
  const isPrimary = (r: Replica) => isPrimaryName(facts, r.name);
  const targets = config.replicas
    .filter((r) =>
      options.target === undefined ? !isPrimary(r) : sameName(r.name, options.target),
    )
    .map((r) => optionsFor(facts, findings, r, asked));
  // The one replica whose automatic verdict allows it; among several, the cluster's choice.
  const choice = automaticFailoverAnswer(facts);
  const automatic = choice.target;
  // A qualifying replica whose facts are flagged has an unknown verdict (flagVerdict): it is
  // undecided, not "no replica"; a flag on a replica every form refuses changes nothing.
  const flagged = automatic !== null && findingsFor(facts, findings, automatic).length > 0;
  const automaticTarget = flagged ? null : automatic;
  const cutOff = nodeWithoutQuorum(facts);
  const quorumAtRisk = automaticQuorumAtRisk(facts);
  const primaryVote = primaryNodeWithoutVote(facts);
  const splitRisk = forcedQuorumSplitRisk(facts);
  const backupType = options.backupType ?? 'LOG';
  const nowMs = facts.nowMs ?? 0;
  const past = facts.failureTimesMs ?? [];
  const backupReplicas = config.replicas.filter((r) => r.availabilityMode !== 'CONFIGURATION_ONLY');
  const actions = recommendedActions(facts);
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
      automaticUndecided: flagged ? [...choice.undecided, automatic] : choice.undecided,
      automaticAmong: choice.among,
      ...(cutOff !== null && automaticTarget === null && choice.among.length === 0
        ? { automaticUnlistedBeyond: cutOff }
        : {}),
      ...(quorumAtRisk !== null && (automaticTarget !== null || choice.among.length > 0)
        ? { automaticQuorum: quorumAtRisk }
        : {}),
      ...withHealthLogin(
        automaticHealthLogin(facts, automaticTarget !== null ? [automaticTarget] : choice.among),
      ),
      targets,
    },
    readiness: facts.databaseReplicas
      .filter((d) => isAsked(d.database))
      .map((d) => ({
        replica: d.replica,
        database: d.database,
        isFailoverReady: d.isFailoverReady,
        synchronizationState: d.synchronizationState,
      })),
    commit: databases.map((db) => commitOutcome(facts, db)),
    logTruncation: logTruncationHolders(facts, databases),
    backup: backupSection(facts, databases, backupType, backupReplicas),
    routing: {
      ...listenerRouting(facts, databases),
      ...(facts.otherListeners === undefined || facts.otherListeners.length === 0
        ? {}
        : {
            otherListeners: facts.otherListeners.map((l) => ({
              listener: l.listener.name,
              ...listenerRouting(factsThroughListener(facts, l), databases),
            })),
          }),
    },
    actions:
      findings.length === 0 ? actions : actions.filter((a) => !isFlaggedAction(facts, findings, a)),
    synchronizationHealth: synchronizationHealthFor(facts, isAsked),
    health: {
      maxFailuresInPeriod: maxFailuresInPeriod(config, facts.clusterNodes),
      maxFailuresUnknown: maxFailuresUnknownReason(config, facts.clusterNodes),
      periodMs: failurePeriodMs(config),
      ...failuresOf(config, facts.failureTimesMs, nowMs),
      thresholdExceeded: failureThresholdReason(config, past, nowMs, facts.clusterNodes),
      databaseFailover: databases.flatMap((db) => primaryDatabaseFailover(facts, db) ?? []),
      ...(primaryVote === null ? {} : { quorumVotes: primaryVote }),
      ...(splitRisk === null ? {} : { forcedQuorumSplit: splitRisk }),
    },
  };
};

const withHealthLogin = (login: Reason | null): { readonly automaticHealthLogin?: Reason } =>
  login === null ? {} : { automaticHealthLogin: login };

/** The failures in the period, as the health section gives them. */
const failuresOf = (
  config: Config,
  failureTimesMs: readonly number[] | undefined,
  nowMs: number,
): { readonly failuresInPeriod: number | null; readonly failuresUnknown: Reason | null } => {
  const f = failuresInPeriod(config, failureTimesMs, nowMs);
  return { failuresInPeriod: f.count, failuresUnknown: f.unknown };
};

const synchronizationHealthFor = (
  facts: ClusterFacts,
  isAsked: (database: string) => boolean,
): SynchronizationHealthReport => {
  const report = synchronizationHealth(facts);
  return { ...report, databases: report.databases.filter((d) => isAsked(d.database)) };
};
