import { source } from '../model/source.js';
import { describeRelease, limitsFor } from './limits.js';
import {
  type ConfigRule,
  dataReplicas,
  isConfigurationOnly,
  quote,
  unless,
  violation,
} from './validate-codes.js';

const names = (rs: readonly { name: string }[]): string => rs.map((r) => quote(r.name)).join(', ');

/**
 * Replicas that hold data, at most the version's maximum; configuration-only replicas do not count
 * (ag-rules §2.1, R-CFG-2, D3).
 */
export const replicaCount: ConfigRule = (config) => {
  const limits = limitsFor(config.version);
  const max = limits.maxReplicasIncludingPrimary.value;
  const count = dataReplicas(config).length;
  return unless(count <= max, () =>
    violation(
      'TOO_MANY_REPLICAS',
      `The availability group has ${count} replicas (a primary and ${count - 1} secondaries); ${describeRelease(config)} allows at most ${max} (a primary and ${limits.maxSecondaries.value} secondaries). Configuration-only replicas do not count.`,
      limits.maxReplicasIncludingPrimary.rule,
    ),
  );
};

/** SYNCHRONOUS_COMMIT replicas, primary included, at most the version's maximum (ag-rules §2.1, D1). */
export const synchronousCommitCount: ConfigRule = (config) => {
  const limit = limitsFor(config.version).maxSynchronousCommitIncludingPrimary;
  const sync = config.replicas.filter((r) => r.availabilityMode === 'SYNCHRONOUS_COMMIT');
  return unless(sync.length <= limit.value, () =>
    violation(
      'TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS',
      `${sync.length} replicas have AVAILABILITY_MODE = SYNCHRONOUS_COMMIT (${names(sync)}); ${describeRelease(config)} allows at most ${limit.value}, the primary included.`,
      limit.rule,
    ),
  );
};

/** FAILOVER_MODE = AUTOMATIC replicas, primary included, at most the version's maximum (ag-rules §2.1, D2). */
export const automaticFailoverCount: ConfigRule = (config) => {
  const limit = limitsFor(config.version).maxAutomaticFailoverIncludingPrimary;
  const auto = config.replicas.filter((r) => r.failoverMode === 'AUTOMATIC');
  return unless(auto.length <= limit.value, () =>
    violation(
      'TOO_MANY_AUTOMATIC_FAILOVER_REPLICAS',
      `${auto.length} replicas have FAILOVER_MODE = AUTOMATIC (${names(auto)}); ${describeRelease(config)} allows at most ${limit.value}, the primary included.`,
      limit.rule,
    ),
  );
};

const configOnlyRule = source('S29', 'Configuration-only replica');

/** At most one configuration-only replica per availability group (R-CFG-2). */
export const singleConfigurationOnly: ConfigRule = (config) => {
  const configOnly = config.replicas.filter(isConfigurationOnly);
  return unless(configOnly.length <= 1, () =>
    violation(
      'MULTIPLE_CONFIGURATION_ONLY_REPLICAS',
      `${configOnly.length} replicas have AVAILABILITY_MODE = CONFIGURATION_ONLY (${names(configOnly)}); an availability group can have at most one.`,
      configOnlyRule,
    ),
  );
};

/** The first replica is where CREATE runs, the initial primary; it cannot be configuration-only (R-CFG-2). */
export const configurationOnlyNotPrimary: ConfigRule = (config) => {
  const primary = config.replicas[0];
  return primary !== undefined && isConfigurationOnly(primary)
    ? [
        violation(
          'CONFIGURATION_ONLY_REPLICA_AS_PRIMARY',
          `Replica ${quote(primary.name)} is listed first, so CREATE AVAILABILITY GROUP runs on it and it becomes the primary, but it has AVAILABILITY_MODE = CONFIGURATION_ONLY; a configuration-only replica can never be primary.`,
          source('S4', 'AVAILABILITY_MODE = CONFIGURATION_ONLY'),
        ),
      ]
    : [];
};

/** A configuration-only replica needs a primary and at least one secondary that hold data (R-CFG-2). */
export const configurationOnlyNeedsSecondary: ConfigRule = (config) => {
  const configOnly = config.replicas.filter(isConfigurationOnly);
  const holdingData = dataReplicas(config).length;
  return configOnly.length > 0 && holdingData < 2
    ? [
        violation(
          'CONFIGURATION_ONLY_REPLICA_WITHOUT_SECONDARY',
          `The availability group has a configuration-only replica (${names(configOnly)}) but ${holdingData === 0 ? 'no replica' : 'only one replica'} that holds data; it needs a primary and at least one secondary besides the configuration-only replica.`,
          configOnlyRule,
        ),
      ]
    : [];
};

/** Configuration-only replicas exist only for CLUSTER_TYPE EXTERNAL or NONE (R-CFG-2). */
export const configurationOnlyNotOnWsfc: ConfigRule = (config) =>
  config.clusterType === 'WSFC'
    ? config.replicas
        .filter(isConfigurationOnly)
        .map((r) =>
          violation(
            'CONFIGURATION_ONLY_REPLICA_ON_WSFC',
            `Replica ${quote(r.name)} has AVAILABILITY_MODE = CONFIGURATION_ONLY, which is not valid with CLUSTER_TYPE = WSFC; use CLUSTER_TYPE = EXTERNAL or NONE.`,
            source('S3', 'AVAILABILITY_MODE = CONFIGURATION_ONLY'),
          ),
        )
    : [];

export const COUNT_RULES: readonly ConfigRule[] = [
  replicaCount,
  synchronousCommitCount,
  automaticFailoverCount,
  singleConfigurationOnly,
  configurationOnlyNotPrimary,
  configurationOnlyNeedsSecondary,
  configurationOnlyNotOnWsfc,
];
