import type { Config } from '../model/config.js';
import type { Reason } from '../model/source.js';
import type { ConfigRule } from './validate-codes.js';
import { COUNT_RULES } from './validate-counts.js';
import { FEATURE_RULES } from './validate-features.js';
import { GROUP_RULES } from './validate-group.js';
import { KIND_RULES } from './validate-kinds.js';
import { REPLICA_RULES } from './validate-replicas.js';
import { ROUTING_RULES } from './validate-routing.js';
import { URL_RULES } from './validate-urls.js';

/** Every configuration rule, in the order their reasons are reported. */
export const CONFIG_RULES: readonly ConfigRule[] = [
  ...KIND_RULES,
  ...GROUP_RULES,
  ...COUNT_RULES,
  ...REPLICA_RULES,
  ...URL_RULES,
  ...ROUTING_RULES,
  ...FEATURE_RULES,
];

/**
 * Every way a configuration breaks the documented rules (ag-rules §1.5, §2), all at once, each
 * with a stable code, a message naming the replica or option and its value, and its source. An
 * empty array means the configuration is valid. Pure: it changes nothing. Expects a decoded
 * configuration (decodeConfig); for a document that was not decoded, `checkInput('config', doc)`
 * decodes it, applies these rules and never throws.
 */
export const validateConfig = (config: Config): readonly Reason[] =>
  CONFIG_RULES.flatMap((rule) => rule(config));
