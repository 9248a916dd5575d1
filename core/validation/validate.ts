import type { Config } from '../model/config.js';
import { isUnknownReason, type Reason } from '../model/source.js';
import { clusterConnectionOptionsOutsideWsfc } from './cluster-connection-options.js';
import type { ConfigRule } from './codes.js';
import { COUNT_RULES } from './counts.js';
import { endpointOnDefaultEnginePort } from './endpoint-port.js';
import { FEATURE_RULES } from './features.js';
import { GROUP_RULES } from './group.js';
import { KIND_RULES } from './kinds.js';
import { REPLICA_RULES } from './replicas.js';
import { ROUTING_RULES } from './routing.js';
import { routingUrlHosts } from './routing-hosts.js';
import { URL_RULES } from './urls.js';

/** Every configuration rule, in the order their reasons are reported. */
export const CONFIG_RULES: readonly ConfigRule[] = [
  ...KIND_RULES,
  ...GROUP_RULES,
  ...COUNT_RULES,
  ...REPLICA_RULES,
  ...URL_RULES,
  endpointOnDefaultEnginePort,
  ...ROUTING_RULES,
  routingUrlHosts,
  ...FEATURE_RULES,
  clusterConnectionOptionsOutsideWsfc,
];

/** A configuration judged: what breaks a rule, and what the input does not say. */
export interface ConfigJudgement {
  readonly violations: readonly Reason[];
  /**
   * Rules that cannot be judged from what the input says (a T-SQL script that does not say
   * where CREATE runs, a URL that is still a template placeholder), each naming in `settledBy`
   * what would settle it. Never a "no".
   */
  readonly unknown: readonly Reason[];
}

/** Every rule on a configuration: its violations and its unknowns, in rule order. */
export const judgeConfig = (config: Config): ConfigJudgement => {
  // Loops, not flatMap and filters: every configuration change in a step runs all the rules.
  const violations: Reason[] = [];
  const unknown: Reason[] = [];
  for (const rule of CONFIG_RULES)
    for (const r of rule(config)) (isUnknownReason(r) ? unknown : violations).push(r);
  return { violations, unknown };
};

/**
 * Every way a configuration breaks the documented rules (ag-rules §1.5, §2), all at once, each
 * with a stable code, a message naming the replica or option and its value, and its source. An
 * empty array means the configuration is valid: what the input does not say is not a violation
 * (judgeConfig gives those unknowns). Pure: it changes nothing. Expects a decoded configuration
 * (decodeConfig); for a document that was not decoded, `checkInput('config', doc)` decodes it,
 * applies these rules and never throws.
 */
export const validateConfig = (config: Config): readonly Reason[] => judgeConfig(config).violations;
