import type { Config, Replica } from '../model/config.js';
import { type Reason, type RuleSource, reason } from '../model/source.js';

/**
 * Every code `validateConfig` can return. A reason can only be built from a code listed here, and
 * a test checks that docs/rules.md documents each one.
 */
export const CONFIG_REASON_CODES = [
  // replica counts (validate-counts.ts)
  'TOO_MANY_REPLICAS',
  'TOO_MANY_SYNCHRONOUS_COMMIT_REPLICAS',
  'TOO_MANY_AUTOMATIC_FAILOVER_REPLICAS',
  'MULTIPLE_CONFIGURATION_ONLY_REPLICAS',
  'CONFIGURATION_ONLY_REPLICA_AS_PRIMARY',
  'CONFIGURATION_ONLY_REPLICA_WITHOUT_SECONDARY',
  'CONFIGURATION_ONLY_REPLICA_ON_WSFC',
  'CREATE_NOT_ON_A_REPLICA',
  // replica options (validate-replicas.ts)
  'AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT',
  'EXTERNAL_CLUSTER_NEEDS_EXTERNAL_FAILOVER',
  'EXTERNAL_FAILOVER_NEEDS_EXTERNAL_CLUSTER',
  'NO_CLUSTER_NO_AUTOMATIC_FAILOVER',
  'FCI_REPLICA_NEEDS_MANUAL_FAILOVER',
  'BACKUP_PRIORITY_OUT_OF_RANGE',
  'SESSION_TIMEOUT_TOO_SHORT',
  'INVALID_REPLICA_NAME',
  'DUPLICATE_REPLICA_NAME',
  'INVALID_ENDPOINT_URL',
  'DUPLICATE_ENDPOINT_URL',
  'INVALID_ROUTING_URL',
  'LINK_NOT_SUPPORTED_ON_VERSION',
  // read-only routing (validate-routing.ts)
  'ROUTING_LIST_UNKNOWN_REPLICA',
  'ROUTING_LIST_REPLICA_WITHOUT_ROUTING_URL',
  'ROUTING_LIST_EMPTY_SET',
  'ROUTING_LIST_DUPLICATE_REPLICA',
  // group options (validate-group.ts)
  'INVALID_GROUP_NAME',
  'INVALID_DATABASE_NAME',
  'HEALTH_CHECK_TIMEOUT_OUT_OF_RANGE',
  'REQUIRED_SYNCHRONIZED_SECONDARIES_OUT_OF_RANGE',
  'DUPLICATE_DATABASE_NAME',
  'INVALID_LISTENER_NAME',
  'LISTENER_PORT_OUT_OF_RANGE',
  'LISTENER_WITHOUT_ADDRESS',
  'LISTENER_DHCP_MULTIPLE_ADDRESSES',
  'INVALID_LISTENER_ADDRESS',
  'LISTENER_ADDRESSES_SAME_SUBNET',
  // group kinds (validate-kinds.ts)
  'NO_REPLICAS',
  'MEMBERS_WITHOUT_DISTRIBUTED',
  'BASIC_GROUP_DATABASE_COUNT',
  'BASIC_GROUP_REPLICA_COUNT',
  'BASIC_GROUP_READABLE_SECONDARY',
  'DISTRIBUTED_GROUP_MEMBER_COUNT',
  'DISTRIBUTED_GROUP_HAS_REPLICAS',
  'DISTRIBUTED_GROUP_HAS_DATABASES',
  'DISTRIBUTED_MEMBER_FAILOVER_MODE',
  'DISTRIBUTED_MEMBER_AVAILABILITY_MODE',
  'DUPLICATE_MEMBER_NAME',
  'CONTAINED_OPTIONS_WITHOUT_CONTAINED',
  'CONTAINED_OPTIONS_EXCLUSIVE',
  // features by version (validate-features.ts)
  'FEATURE_NOT_IN_VERSION',
  'PRODUCT_VERSION_NOT_OF_VERSION',
] as const;
export type ConfigReasonCode = (typeof CONFIG_REASON_CODES)[number];

/** One configuration rule: every violation it finds, or none. */
export type ConfigRule = (config: Config) => readonly Reason[];

export const violation = (code: ConfigReasonCode, message: string, rule: RuleSource): Reason =>
  reason(code, message, rule);

/** A rule that holds or yields one reason. */
export const unless = (holds: boolean, because: () => Reason): readonly Reason[] =>
  holds ? [] : [because()];

export const isConfigurationOnly = (r: Replica): boolean =>
  r.availabilityMode === 'CONFIGURATION_ONLY';

/** Replicas that hold data: every replica except a configuration-only one (R-CFG-2). */
export const dataReplicas = (config: Config): readonly Replica[] =>
  config.replicas.filter((r) => !isConfigurationOnly(r));

/** Instance names compare case-insensitively (ag-rules §1.2, server instance). */
export const instanceKey = (name: string): string => name.toLowerCase();

/** Groups of items that share a key, for every key held by more than one item, in first-seen order. */
export const duplicatesBy = <A>(
  items: readonly A[],
  key: (a: A) => string,
): readonly (readonly A[])[] => {
  const groups = new Map<string, A[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return [...groups.values()].filter((g) => g.length > 1);
};

export const quote = (s: string): string => `'${s}'`;
