/**
 * agstate's public API: the embedded decision engine, the cluster model, the machines and the
 * codecs. Named exports only; adapters are reached through their own subpaths.
 *
 * Entry points that can fail return a plain result, `{ ok: true, value }` or
 * `{ ok: false, problems }`, and come with an `…OrThrow` variant and an `…Either` variant (fp-ts).
 *
 * @module agstate
 */

// Plain results, errors, and JSON with exact LSNs.
export {
  createCluster,
  createClusterEither,
  createClusterOrThrow,
  decodeConfig,
  decodeConfigEither,
  decodeConfigOrThrow,
  decodeWith,
  decodeWithEither,
  fromJSON,
  fromJSONEither,
  fromJSONOrThrow,
} from './api/faces.js';
export {
  checkInput,
  decideInput,
  type InputKind,
  type InputProblem,
  stepInput,
} from './api/inputs.js';
export { AgstateError, fromEither, type Result, toEither } from './api/result.js';
// Automatic seeding: the time estimate and the two seeding DMVs of a simulated group.
export {
  estimateSeeding,
  estimateSeedingEither,
  estimateSeedingOrThrow,
} from './api/seeding.js';
export { type BackupDecision, backupDecision, backupTypeOnSecondary } from './backup/backup.js';
export {
  BACKUP_JOB_CONVENTIONS,
  BACKUP_JOB_OUTCOMES,
  BACKUP_JOB_TYPES,
  type BackupJobConvention,
  type BackupJobDecision,
  type BackupJobOptions,
  type BackupJobOutcome,
  backupJobDecision,
  backupJobMatrix,
} from './backup/conventions.js';
export {
  isPreferredBackupReplica,
  type PreferredBackupReplicas,
  preferredBackupReplicas,
} from './backup/preference.js';
// The cluster model.
export {
  type Cluster,
  type CreateClusterOptions,
  clusterFacts,
  DEFAULT_BASE_LSN,
  localFacts,
  type Observation,
  primaryName,
  run,
  type StepResult,
  step,
  writablePrimaries,
} from './cluster/index.js';
export { stateViolations, stepViolations, type Violation } from './cluster/invariants.js';
export { type Simulation, simulate, type TraceEntry } from './cluster/simulate.js';
// Consistency checks on facts (docs/checks.md).
export { checkFacts } from './consistency/facts.js';
export { type Finding, formatFinding, type Severity } from './consistency/finding.js';
// Decisions over facts (from a simulated cluster or a DMV snapshot).
export {
  type DecideOptions,
  type Decisions,
  decide,
  decideTarget,
  type Explanation,
  explainConfig,
  type HealthOutcome,
  healthSignalOutcome,
  type PairForms,
  type Readiness,
  type RecommendedAction,
  recommendedActions,
  type TargetOptions,
} from './decide/index.js';
export {
  connectMember,
  createDistributed,
  createDistributedEither,
  createDistributedOrThrow,
  type DistributedCluster,
  type DistributedDecisions,
  DistributedEvent,
  type DistributedFacts,
  type DistributedFailoverReadiness,
  type DistributedStepResult,
  decideDistributed,
  decideMember,
  distributedFactsOf,
  distributedFactsReadiness,
  distributedFactsSequence,
  distributedFailoverReadiness,
  distributedFailoverSequence,
  forwarder,
  globalPrimary,
  runDistributed,
  type SequenceStatement,
  stepDistributed,
} from './distributed/index.js';
// The explorer: every sequence of events within a budget, searched (docs/checks.md).
export {
  type Answer,
  type BudgetSearch,
  type ByFaultsProgress,
  type ByFaultsResult,
  combineByFaults,
  DEFAULT_MAX_STATES,
  type DepthFirstProgress,
  type ExploreOptions,
  type ExploreResult,
  explore,
  exploreByFaults,
  exploreByFaultsIterator,
  exploreDepthFirst,
  exploreDepthFirstIterator,
  exploreIterator,
  NO_PRIMARY_CAUSES,
  type NoPrimaryCause,
  type Progress,
  QUESTIONS,
  type QuestionId,
  type SearchCommand,
  type TraceStep,
  type Verdict,
} from './explore/index.js';
export {
  automaticFailover,
  automaticFailoverAnswer,
  automaticFailoverChoice,
  type FailoverVerdict,
  failoverOptions,
  forcedFailover,
  forcedFailoverLoss,
  type PredictedLoss,
  plannedFailover,
} from './failover/failover.js';
export {
  conditionLevel,
  detectionLatencyMs,
  FAILURE_PERIOD_MS,
  failurePeriodMs,
  healthSignalTriggersFailover,
  maxFailuresInPeriod,
} from './health/health.js';
export {
  databaseSynchronizationHealth,
  groupSynchronizationHealth,
  type HealthAnswer,
  type SynchronizationHealthReport,
  synchronizationHealth,
} from './health/synchronization-health.js';
export {
  type CommitOutcome,
  commitOutcome,
  commitParticipants,
} from './log/commit.js';
// The machines.
export { MACHINE_NAMES, MACHINES, type MachineName } from './machines/registry.js';
// Codecs and shapes.
export {
  type BackupType,
  ClusterEvent,
  type ClusterEventType,
  ClusterFacts,
  Config,
  ConfigInput,
  type ContainedOptions,
  DatabaseReplicaFacts,
  DEFAULTS,
  type DecodeProblem,
  type DistributedMember,
  formatProblem,
  type Listener,
  type ListenerAddress,
  type Lsn,
  LsnFromString,
  type PrimaryRole,
  type Reason,
  type Replica,
  ReplicaFacts,
  ReplicaInput,
  type RuleSource,
  resolveConfig,
  ScenarioInput,
  ScenarioStep,
  type SecondaryRole,
  type SqlServerVersion,
} from './model/index.js';
export { toJSON } from './model/json.js';
export {
  type ConnectionAnswer,
  type ConnectionAsk,
  type ConnectionServer,
  connectWith,
} from './routing/connection.js';
export { connectThroughListener, type ListenerConnection } from './routing/listener.js';
export { connectToReplica } from './routing/routing.js';
export type { SeedingEstimate, SeedingEstimateInput } from './seeding/seeding.js';
export {
  type AutomaticSeedingRow,
  automaticSeedingRows,
  DEFAULT_SEEDING_BANDWIDTH_BITS_PER_SECOND,
  type PhysicalSeedingStatsRow,
  physicalSeedingStats,
  type SeedingViewOptions,
} from './seeding/view.js';
export { type ConfigJudgement, judgeConfig, validateConfig } from './validation/validate.js';
