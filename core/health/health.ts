import type { Config } from '../model/config.js';
import type { HealthCondition } from '../model/events.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';

/**
 * The flexible failover policy (ag-rules §8): which health conditions of the primary make the
 * cluster fail the availability group over, under FAILURE_CONDITION_LEVEL, HEALTH_CHECK_TIMEOUT
 * and DB_FAILOVER; and the cluster's maximum failures in a period.
 */

const LEVELS = source('S23', 'Failure-condition level');
const HCT = source('S26', 'Health check timeout');
const DB_FAILOVER = source('S28', 'Database level health detection');
const THRESHOLD = source('S22', 'Maximum failures in the specified period');

/** The lowest FAILURE_CONDITION_LEVEL at which a condition causes failover; null when it never does. */
export const conditionLevel = (condition: HealthCondition): 1 | 2 | 3 | 4 | 5 | null => {
  switch (condition) {
    case 'SERVICE_DOWN':
    case 'LEASE_EXPIRED':
      return 1;
    case 'UNRESPONSIVE':
    case 'REPLICA_FAILED':
      return 2;
    case 'SYSTEM_ERROR':
      return 3;
    case 'RESOURCE_ERROR':
      return 4;
    case 'QUERY_PROCESSING_ERROR':
      return 5;
    case 'IO_SUBSYSTEM_WARNING':
    case 'DATABASE_NOT_ONLINE':
      return null;
  }
};

/**
 * The level the cluster fails the primary over from. A WSFC reads FAILURE_CONDITION_LEVEL (S23).
 * The Pacemaker resource agent (CLUSTER_TYPE = EXTERNAL) reads its own monitor_policy, 3
 * (SERVER_CRITICAL_ERROR) unless set on the resource (S53, mssql-server-ha ag_metadata), not the
 * group's level: only its v2 agent, in preview from SQL Server 2025 CU3, adds "configuration of
 * health-check timeout and failure-condition level" (S91).
 */
const failsFrom = (config: Config) =>
  config.clusterType === 'EXTERNAL'
    ? {
        level: PACEMAKER_MONITOR_POLICY,
        words: `the Pacemaker resource agent fails the primary over from its monitor_policy, ${PACEMAKER_MONITOR_POLICY} unless set on the resource, not from FAILURE_CONDITION_LEVEL (${config.failureConditionLevel})`,
        rule: source('S53', 'mssql-server-ha: monitor_policy (default 3, SERVER_CRITICAL_ERROR)'),
      }
    : {
        level: config.failureConditionLevel,
        words: `the group fails over from level ${config.failureConditionLevel} down`,
        rule: LEVELS,
      };

/** mssql-server-ha's default monitor_policy: SERVER_CRITICAL_ERROR (S53). */
export const PACEMAKER_MONITOR_POLICY = 3;

export interface HealthVerdict {
  readonly triggersFailover: boolean;
  readonly reasons: readonly Reason[];
}

/** Whether a health condition reported about the primary makes the cluster fail over. */
export const healthSignalTriggersFailover = (
  config: Config,
  signal: { readonly condition: HealthCondition; readonly durationMs?: number },
): HealthVerdict => {
  const { condition } = signal;
  if (config.clusterType === 'NONE') {
    return {
      triggersFailover: false,
      reasons: [
        reason(
          'NO_CLUSTER_MANAGER',
          'CLUSTER_TYPE = NONE: no cluster manager watches the primary, so no health condition causes failover',
          source('S46', 'CLUSTER_TYPE = NONE: read-scale, no high availability'),
        ),
      ],
    };
  }
  if (condition === 'DATABASE_NOT_ONLINE' && config.version < 2016)
    return {
      triggersFailover: false,
      reasons: [
        reason(
          'DATABASE_HEALTH_NOT_DETECTED',
          `SQL Server ${config.version} has no DB_FAILOVER (from SQL Server 2016): damaged and suspect databases are not detected by any failure-condition level, so a database that is not ONLINE never triggers failover`,
          source('S23', 'Failure-condition level: damaged and suspect databases are not detected'),
        ),
      ],
    };
  if (condition === 'DATABASE_NOT_ONLINE') {
    return config.dbFailover === 'ON'
      ? {
          triggersFailover: true,
          reasons: [
            reason(
              'DB_FAILOVER_ON',
              'DB_FAILOVER = ON: a database that leaves ONLINE triggers failover (error 41653)',
              DB_FAILOVER,
            ),
          ],
        }
      : {
          triggersFailover: false,
          reasons: [
            reason(
              'DB_FAILOVER_OFF',
              'DB_FAILOVER = OFF: a database that is not ONLINE does not trigger failover',
              DB_FAILOVER,
            ),
          ],
        };
  }
  const level = conditionLevel(condition);
  if (level === null) {
    return {
      triggersFailover: false,
      reasons: [
        reason(
          'DIAGNOSTIC_ONLY',
          `${condition} is reported for diagnostics only and never causes failover`,
          source('S25', 'io_subsystem and events components'),
        ),
      ],
    };
  }
  const reasons: Reason[] = [];
  const policy = failsFrom(config);
  // S26's level-1 row: a WSFC group fails over at every level once sp_server_diagnostics has
  // returned no AG data for 5 intervals (5/3 of HEALTH_CHECK_TIMEOUT); an unresponsive instance
  // returns none. The Pacemaker agent reads its own monitor_policy, not this table.
  if (
    condition === 'UNRESPONSIVE' &&
    config.clusterType !== 'EXTERNAL' &&
    level > policy.level &&
    (signal.durationMs ?? 0) * 3 >= config.healthCheckTimeout * 5
  )
    return {
      triggersFailover: true,
      reasons: [
        reason(
          'AG_DATA_NOT_RECEIVED',
          `the primary was unresponsive for ${signal.durationMs ?? 0} ms, at least 5 sp_server_diagnostics intervals (5/3 of HEALTH_CHECK_TIMEOUT ${config.healthCheckTimeout} ms = ${Math.ceil((config.healthCheckTimeout * 5) / 3)} ms) without the availability group's data: the instance is considered dead at level ${config.failureConditionLevel} too`,
          source(
            'S26',
            'Health check timeout operation: level 1, AG data not received within 5 intervals',
          ),
        ),
      ],
    };
  if (level > policy.level) {
    reasons.push(
      reason(
        'BELOW_FAILURE_CONDITION_LEVEL',
        config.clusterType === 'EXTERNAL'
          ? `${condition} counts from level ${level}; ${policy.words}`
          : `${condition} counts from FAILURE_CONDITION_LEVEL ${level}; the group is at level ${config.failureConditionLevel}`,
        policy.rule,
      ),
    );
  }
  if (condition === 'UNRESPONSIVE' && (signal.durationMs ?? 0) < config.healthCheckTimeout) {
    reasons.push(
      reason(
        'WITHIN_HEALTH_CHECK_TIMEOUT',
        `the primary was unresponsive for ${signal.durationMs ?? 0} ms, less than HEALTH_CHECK_TIMEOUT ${config.healthCheckTimeout} ms`,
        HCT,
      ),
    );
  }
  if (reasons.length > 0) return { triggersFailover: false, reasons };
  return {
    triggersFailover: true,
    reasons: [
      reason(
        'FAILURE_CONDITION_MET',
        `${condition} is a level-${level} condition and ${policy.words}`,
        policy.rule,
      ),
    ],
  };
};

/** The default period over which the cluster counts failures: six hours (S23). */
export const FAILURE_PERIOD_MS = 6 * 60 * 60 * 1000;

/** FailoverPeriod: the cluster's period for counting failures, six hours unless configured (S23). */
export const failurePeriodMs = (config: Config): number =>
  config.failoverPeriodHours === undefined
    ? FAILURE_PERIOD_MS
    : config.failoverPeriodHours * 60 * 60 * 1000;

/**
 * Whether the cluster holds the group to a maximum of failures in a period: a WSFC role does
 * (S22); Pacemaker (CLUSTER_TYPE = EXTERNAL) has no such maximum: it restarts a failed replica
 * after the resource's failure-timeout, and "if a primary replica experiences an outage, the
 * cluster is expected to fail over to one of the available secondary replicas" (S91); without a
 * cluster (NONE) nothing fails over automatically.
 */
export const countsFailures = (config: Config): boolean => config.clusterType === 'WSFC';

/**
 * FailoverThreshold: the cluster's maximum failures in the period, n − 1 for n WSFC nodes unless
 * configured (S23, D8). The nodes are the replicas' unless `clusterNodes` counts them (a snapshot
 * listing sys.dm_hadr_cluster_members); null when a snapshot does not list them (unknown, with
 * maxFailuresUnknownReason), and when the cluster keeps no such maximum (not a WSFC).
 */
export const maxFailuresInPeriod = (config: Config, clusterNodes?: number | null): number | null =>
  !countsFailures(config)
    ? null
    : (config.failoverThreshold ??
      (clusterNodes === null ? null : Math.max(0, (clusterNodes ?? config.replicas.length) - 1)));

/** Why the maximum is unknown: a snapshot that lists no WSFC nodes, and no FailoverThreshold set. */
export const maxFailuresUnknownReason = (
  config: Config,
  clusterNodes: number | null | undefined,
): Reason | null =>
  !countsFailures(config) || maxFailuresInPeriod(config, clusterNodes) !== null
    ? null
    : unknownReason(
        'FAILURE_THRESHOLD_UNKNOWN',
        'the maximum failures in the period is n − 1 for n WSFC nodes unless the role sets FailoverThreshold, and the snapshot lists no nodes',
        THRESHOLD,
        [
          'sys.dm_hadr_cluster_members (CLUSTER_NODE rows)',
          'Get-ClusterGroup <group> | Format-List FailoverThreshold',
        ],
      );

/** Whether another automatic failover now would exceed the failure threshold (R-FO-5). */
export const failureThresholdReason = (
  config: Config,
  pastFailoversMs: readonly number[],
  nowMs: number,
  clusterNodes?: number | null,
): Reason | null => {
  if (!countsFailures(config)) return null;
  const periodMs = failurePeriodMs(config);
  const hours = periodMs / 3_600_000;
  const recent = pastFailoversMs.filter((t) => nowMs - t < periodMs).length;
  // A snapshot that does not count the WSFC nodes leaves the maximum unknown (the health report
  // says so): the replicas it lists are not the nodes.
  const max = maxFailuresInPeriod(config, clusterNodes);
  if (max === null) return null;
  const which =
    config.failoverThreshold === undefined
      ? `n − 1 for ${clusterNodes ?? config.replicas.length} nodes`
      : 'FailoverThreshold';
  return recent >= max
    ? reason(
        'FAILURE_THRESHOLD_EXCEEDED',
        `${recent} failures of the primary in the last ${hours} hours reach the maximum of ${max} (${which}): the cluster leaves the group failed`,
        THRESHOLD,
      )
    : null;
};

/**
 * The failures of the primary in the current period, when the facts hold them (a simulated cluster
 * counts its own); a DMV snapshot does not: the WSFC counts failovers of the group's cluster role,
 * which no view shows, so the count is unknown there (S22, Maximum failures in the specified period).
 */
export const failuresInPeriod = (
  config: Config,
  failureTimesMs: readonly number[] | undefined,
  nowMs: number,
): { readonly count: number | null; readonly unknown: Reason | null } =>
  failureTimesMs === undefined && countsFailures(config)
    ? {
        count: null,
        unknown: unknownReason(
          'FAILURE_COUNT_UNKNOWN',
          "how often the primary failed in the current period is not in the DMVs: the cluster counts the failovers of the group's role itself",
          THRESHOLD,
          [
            "the WSFC role's failover count in the cluster log (Get-ClusterLog)",
            'Get-ClusterGroup <group> | Format-List FailoverThreshold, FailoverPeriod',
          ],
        ),
      }
    : {
        count:
          failureTimesMs === undefined
            ? null
            : failureTimesMs.filter((t) => nowMs - t < failurePeriodMs(config)).length,
        unknown: null,
      };

/**
 * How long after a condition begins the cluster acts on it, in model time (S23 Health-Check
 * Timeout Threshold): sp_server_diagnostics returns every HEALTH_CHECK_TIMEOUT / 3, so a component
 * error (levels 3 to 5) or a failed replica is seen at the next result, at most that long after
 * (the model takes the most); an unresponsive instance is declared only after the full
 * HEALTH_CHECK_TIMEOUT, which the signal's duration already covers; a stopped service, an expired
 * lease and a database leaving ONLINE are reported at once.
 */
export const detectionLatencyMs = (config: Config, condition: HealthCondition): number => {
  switch (condition) {
    case 'SYSTEM_ERROR':
    case 'RESOURCE_ERROR':
    case 'QUERY_PROCESSING_ERROR':
    case 'REPLICA_FAILED':
      return Math.floor(config.healthCheckTimeout / 3);
    default:
      return 0;
  }
};
