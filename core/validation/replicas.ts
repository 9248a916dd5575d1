import type { Replica } from '../model/config.js';
import type { Reason } from '../model/source.js';
import { source } from '../model/source.js';
import { type ConfigRule, duplicatesBy, instanceKey, quote, violation } from './codes.js';
import { BACKUP_PRIORITY_RANGE, SESSION_TIMEOUT_RANGE } from './ranges.js';

/** A rule about one replica at a time, given the group's CLUSTER_TYPE. */
type ReplicaCheck = (replica: Replica, clusterType: string) => readonly Reason[];

const eachReplica =
  (check: ReplicaCheck): ConfigRule =>
  (config) => {
    const out: Reason[] = [];
    for (const r of config.replicas) for (const x of check(r, config.clusterType)) out.push(x);
    return out;
  };

const label = (r: Replica): string => `Replica ${quote(r.name)}`;

/** R-CFG-1: FAILOVER_MODE = AUTOMATIC needs AVAILABILITY_MODE = SYNCHRONOUS_COMMIT (S3). */
export const automaticNeedsSynchronous = eachReplica((r) =>
  r.failoverMode === 'AUTOMATIC' && r.availabilityMode !== 'SYNCHRONOUS_COMMIT'
    ? [
        violation(
          'AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT',
          `${label(r)} has FAILOVER_MODE = AUTOMATIC with AVAILABILITY_MODE = ${r.availabilityMode}; automatic failover needs SYNCHRONOUS_COMMIT.`,
          source('S3', 'FAILOVER_MODE = { AUTOMATIC | MANUAL }'),
        ),
      ]
    : [],
);

/**
 * R-CFG-3: with CLUSTER_TYPE = EXTERNAL every replica that holds data has FAILOVER_MODE = EXTERNAL
 * (S30); a configuration-only replica never fails over, and the documentation writes it without
 * FAILOVER_MODE (S29; Linux "Create and configure an availability group", Example A).
 */
export const externalClusterNeedsExternalFailover = eachReplica((r, clusterType) =>
  clusterType === 'EXTERNAL' &&
  r.failoverMode !== 'EXTERNAL' &&
  r.availabilityMode !== 'CONFIGURATION_ONLY'
    ? [
        violation(
          'EXTERNAL_CLUSTER_NEEDS_EXTERNAL_FAILOVER',
          `${label(r)} has FAILOVER_MODE = ${r.failoverMode}, but the group has CLUSTER_TYPE = EXTERNAL, where the cluster manager fails over and FAILOVER_MODE = EXTERNAL is the only valid value.`,
          source('S30', 'FAILOVER_MODE = EXTERNAL'),
        ),
      ]
    : [],
);

/** FAILOVER_MODE = EXTERNAL exists only for CLUSTER_TYPE = EXTERNAL (ag-rules §1.4, S34, S30). */
export const externalFailoverNeedsExternalCluster = eachReplica((r, clusterType) =>
  r.failoverMode === 'EXTERNAL' && clusterType !== 'EXTERNAL'
    ? [
        violation(
          'EXTERNAL_FAILOVER_NEEDS_EXTERNAL_CLUSTER',
          `${label(r)} has FAILOVER_MODE = EXTERNAL, but the group has CLUSTER_TYPE = ${clusterType}; EXTERNAL is only for a group managed by an external cluster manager (CLUSTER_TYPE = EXTERNAL).`,
          source(
            'S34',
            'AvailabilityReplicaFailoverMode (External: only for the External cluster type)',
          ),
        ),
      ]
    : [],
);

/** R-CFG-4: CLUSTER_TYPE = NONE has no cluster manager, hence no automatic failover (S46, D11). */
export const noClusterNoAutomaticFailover = eachReplica((r, clusterType) =>
  clusterType === 'NONE' && r.failoverMode === 'AUTOMATIC'
    ? [
        violation(
          'NO_CLUSTER_NO_AUTOMATIC_FAILOVER',
          `${label(r)} has FAILOVER_MODE = AUTOMATIC, but the group has CLUSTER_TYPE = NONE, which has no cluster manager to fail over automatically; use FAILOVER_MODE = MANUAL.`,
          source('S46', 'Create a read-scale availability group (FAILOVER_MODE = MANUAL)'),
        ),
      ]
    : [],
);

/** R-CFG-5: a replica hosted by a failover cluster instance supports manual failover only (S5, S56). */
export const fciReplicaManualOnly = eachReplica((r) =>
  r.hostedByFci && r.failoverMode !== 'MANUAL'
    ? [
        violation(
          'FCI_REPLICA_NEEDS_MANUAL_FAILOVER',
          `${label(r)} is hosted by a failover cluster instance and has FAILOVER_MODE = ${r.failoverMode}; a replica on a failover cluster instance supports only FAILOVER_MODE = MANUAL.`,
          source('S56', 'Limitations and restrictions (failover cluster instances)'),
        ),
      ]
    : [],
);

/** R-CFG-7: BACKUP_PRIORITY is 0..100 (S3). */
export const backupPriorityRange = eachReplica((r) =>
  BACKUP_PRIORITY_RANGE.holds(r.backupPriority)
    ? []
    : [
        violation(
          'BACKUP_PRIORITY_OUT_OF_RANGE',
          `${label(r)} has BACKUP_PRIORITY = ${r.backupPriority}; it must be from 0 (never back up here) to 100 (highest priority).`,
          BACKUP_PRIORITY_RANGE.rule,
        ),
      ],
);

/** R-CFG-7: SESSION_TIMEOUT is at least 5 seconds (S3). */
export const sessionTimeoutMinimum = eachReplica((r) =>
  SESSION_TIMEOUT_RANGE.holds(r.sessionTimeout)
    ? []
    : [
        violation(
          'SESSION_TIMEOUT_TOO_SHORT',
          `${label(r)} has SESSION_TIMEOUT = ${r.sessionTimeout} seconds; the minimum is 5 (10 or more is recommended).`,
          SESSION_TIMEOUT_RANGE.rule,
        ),
      ],
);

// 'system_name' or 'system_name\instance_name' (ag-rules §1.2, server instance).
const SERVER_INSTANCE = /^[^\\\s][^\\]*(?:\\[^\\\s][^\\]*)?$/;

/** A replica is named by its server instance, `system_name[\instance_name]` (S3). */
export const replicaNameShape = eachReplica((r) =>
  SERVER_INSTANCE.test(r.name) && r.name.trim() === r.name
    ? []
    : [
        violation(
          'INVALID_REPLICA_NAME',
          `Replica name ${quote(r.name)} is not a server instance name; expected 'system_name' or 'system_name\\instance_name' (as @@SERVERNAME shows it).`,
          source('S3', 'ADD REPLICA ON (server_instance)'),
        ),
      ],
);

/** Instance names are case-insensitive, and an instance hosts one replica of a group (S3, S5). */
export const uniqueReplicaNames: ConfigRule = (config) =>
  duplicatesBy(config.replicas, (r) => instanceKey(r.name)).map((group) =>
    violation(
      'DUPLICATE_REPLICA_NAME',
      `Replicas ${group.map((r) => quote(r.name)).join(' and ')} name the same server instance (instance names are case-insensitive); each replica must be a different instance.`,
      source('S5', 'Availability replicas (one replica per instance and node)'),
    ),
  );

export const REPLICA_RULES: readonly ConfigRule[] = [
  automaticNeedsSynchronous,
  externalClusterNeedsExternalFailover,
  externalFailoverNeedsExternalCluster,
  noClusterNoAutomaticFailover,
  fciReplicaManualOnly,
  backupPriorityRange,
  sessionTimeoutMinimum,
  replicaNameShape,
  uniqueReplicaNames,
];
