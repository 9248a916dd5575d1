export {
  CONFIG_REASON_CODES,
  type ConfigReasonCode,
  type ConfigRule,
} from '../validation/codes.js';
export { type FeatureUse, featureUses } from '../validation/features.js';
export {
  describeRelease,
  describeSince,
  FEATURE_TIMELINE,
  FEATURES,
  type Feature,
  type FeatureEntry,
  featureEntry,
  hasFeature,
  isAtLeast,
  LIMITS,
  type Limit,
  limitsFor,
  type Release,
  type Since,
  type VersionLimits,
} from '../validation/limits.js';
export { parseTcpUrl, type TcpUrl } from '../validation/urls.js';
export {
  CONFIG_RULES,
  type ConfigJudgement,
  judgeConfig,
  validateConfig,
} from '../validation/validate.js';
