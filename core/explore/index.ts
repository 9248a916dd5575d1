export { type Action, type ActionKind, actions } from './alphabet.js';
export type { BlockedCommit } from './blocked-commits.js';
export type { SearchCommand } from './breadth-first.js';
export {
  type BudgetAnswer,
  type BudgetResult,
  type BudgetSearch,
  type ByFaultsProgress,
  type ByFaultsResult,
  combineByFaults,
  exploreByFaults,
  exploreByFaultsIterator,
} from './by-faults.js';
export type { DepthFirstProgress } from './depth-first.js';
export {
  DEFAULT_MAX_STATES,
  type ExploreOptions,
  explore,
  exploreDepthFirst,
  exploreDepthFirstIterator,
  exploreIterator,
  type Progress,
} from './explore.js';
export { stateKey, symmetryClasses, writeStateKey } from './key.js';
export {
  NO_PRIMARY_CAUSES,
  type NoPrimaryCause,
  QUESTION_IDS,
  QUESTIONS,
  type QuestionId,
} from './questions.js';
export type { Answer, ExploreResult, SearchReport, Verdict } from './result.js';
export { verdictOf } from './result.js';
export type { TraceStep } from './search.js';
export { KeyWriter, keyText, type StateKey } from './state-key.js';
export type { StoreKind, StoreOptions, StoreReport } from './store/index.js';
