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
} from './limits.js';
export { CONFIG_RULES, type ConfigJudgement, judgeConfig, validateConfig } from './validate.js';
export {
  CONFIG_REASON_CODES,
  type ConfigReasonCode,
  type ConfigRule,
} from './validate-codes.js';
export { type FeatureUse, featureUses } from './validate-features.js';
export { parseTcpUrl, type TcpUrl } from './validate-urls.js';
