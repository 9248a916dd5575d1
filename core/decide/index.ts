export { recommendedActions } from './actions.js';
export { type DatabaseFailoverOutcome, primaryDatabaseFailover } from './database-failover.js';
export {
  type DecideOptions,
  type Decisions,
  decide,
  decideTarget,
  type Readiness,
  type TargetOptions,
} from './decide.js';
export { type Explanation, explainConfig, type PairForms } from './explain.js';
export {
  type CommitGroup,
  type DatabaseReasons,
  databaseReasonText,
  type FleetForm,
  type FleetTarget,
  type FleetUnknown,
  type FleetVerdict,
  fleetVerdict,
} from './fleet.js';
export { type HealthOutcome, healthSignalOutcome } from './health.js';
export type { RecommendedAction } from './recommended-action.js';
