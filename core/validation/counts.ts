import { source, unknownReason } from '../model/source.js';
import {
  type ConfigRule,
  dataReplicas,
  instanceKey,
  isConfigurationOnly,
  quote,
  unless,
  violation,
} from './codes.js';
import { describeRelease, limitsFor } from './limits.js';

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

const createRule = source(
  'S4',
  'REPLICA ON (CREATE runs on the instance that becomes the primary)',
);

/**
 * CREATE AVAILABILITY GROUP runs on the instance that becomes the initial primary (S4): a
 * configuration-only replica can never be it, and it must be one of the replicas. Which instance
 * that is comes from `createdOn`; a JSON configuration that leaves it out lists the primary first.
 */
export const configurationOnlyNotPrimary: ConfigRule = (config) => {
  if (config.kind === 'DISTRIBUTED' || config.replicas.length === 0) return [];
  const createdOn = config.createdOn;
  if (createdOn === null) {
    const configOnly = config.replicas.filter(isConfigurationOnly);
    return configOnly.length === 0
      ? []
      : [
          unknownReason(
            'PRIMARY_UNKNOWN',
            `The script does not say which instance CREATE AVAILABILITY GROUP runs on, so agstate cannot tell whether it is ${names(configOnly)}, a configuration-only replica, which can never be primary.`,
            createRule,
            [':Connect before CREATE AVAILABILITY GROUP', '--server NAME'],
          ),
        ];
  }
  const primary =
    createdOn === undefined
      ? config.replicas[0]
      : config.replicas.find((r) => instanceKey(r.name) === instanceKey(createdOn));
  if (primary === undefined && createdOn !== undefined) {
    return [
      violation(
        'CREATE_NOT_ON_A_REPLICA',
        `CREATE AVAILABILITY GROUP runs on ${quote(createdOn)}, which is none of the replicas (${names(config.replicas)}); the instance it runs on becomes the primary, so it must be listed in REPLICA ON.`,
        createRule,
      ),
    ];
  }
  return primary !== undefined && isConfigurationOnly(primary)
    ? [
        violation(
          'CONFIGURATION_ONLY_REPLICA_AS_PRIMARY',
          `Replica ${quote(primary.name)} is ${createdOn === undefined ? 'listed first, so CREATE AVAILABILITY GROUP runs on it' : 'where CREATE AVAILABILITY GROUP runs'} and it becomes the primary, but it has AVAILABILITY_MODE = CONFIGURATION_ONLY; a configuration-only replica can never be primary.`,
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
