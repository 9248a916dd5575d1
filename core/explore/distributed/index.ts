export {
  type DistributedAction,
  type DistributedActionKind,
  distributedActions,
  type FailoverProcedure,
} from './alphabet.js';
export { combineDistributedByFaults, type DistributedByFaultsResult } from './by-faults.js';
export {
  type DistributedAnswer,
  type DistributedExploreOptions,
  type DistributedExploreResult,
  exploreDistributed,
  exploreDistributedIterator,
} from './explore.js';
export {
  DISTRIBUTED_QUESTION_IDS,
  DISTRIBUTED_QUESTIONS,
  type DistributedQuestionId,
  type DistributedTraceStep,
} from './model.js';
