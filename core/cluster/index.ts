export { type CreateClusterOptions, createCluster, DEFAULT_BASE_LSN } from './build.js';
export { clusterFacts } from './facts.js';
export { localFacts } from './local-facts.js';
export type { Observation } from './observation.js';
export type { StepResult } from './result.js';
export {
  agService,
  connectedState,
  copyPhase,
  findReplica,
  isReplicaUp,
  isSuspended,
  primaryName,
  quorumState,
  replicaRole,
  synchronizationState,
  writablePrimaries,
} from './select.js';
export { run, step } from './step.js';
export type { Cluster, DatabaseCopy, DatabaseLog, ReplicaRuntime } from './types.js';
