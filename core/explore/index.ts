export { type Action, type ActionKind, actions } from './alphabet.js';
export {
  type Answer,
  type ExploreOptions,
  type ExploreResult,
  explore,
  exploreIterator,
  type Progress,
  QUESTIONS,
  type QuestionId,
  type TraceStep,
} from './explore.js';
export { hashKey, stateKey, symmetryClasses } from './key.js';
