import { type RuleSource, source } from './source.js';

/** A documented default: the value used when an option is absent, and where it is documented. */
export interface Default<A> {
  readonly option: string;
  readonly value: A;
  readonly rule: RuleSource;
}

const def = <A>(option: string, value: A, rule: RuleSource): Default<A> => ({
  option,
  value,
  rule,
});

/** Every default the configuration codecs apply. docs/rules.md renders this table. */
export const DEFAULTS = {
  seedingMode: def('SEEDING_MODE', 'MANUAL' as const, source('S18', 'SEEDING_MODE')),
  backupPriority: def('BACKUP_PRIORITY', 50, source('S11', 'Backup priority')),
  secondaryAllowConnections: def(
    'SECONDARY_ROLE (ALLOW_CONNECTIONS)',
    'NO' as const,
    source('S3', 'SECONDARY_ROLE ( ALLOW_CONNECTIONS )'),
  ),
  primaryAllowConnections: def(
    'PRIMARY_ROLE (ALLOW_CONNECTIONS)',
    'ALL' as const,
    source('S3', 'PRIMARY_ROLE ( ALLOW_CONNECTIONS )'),
  ),
  readOnlyRoutingList: def(
    'PRIMARY_ROLE (READ_ONLY_ROUTING_LIST)',
    [] as readonly (string | readonly string[])[],
    source('S3', 'READ_ONLY_ROUTING_LIST (NONE)'),
  ),
  sessionTimeout: def('SESSION_TIMEOUT', 10, source('SEED003', 'Session-Timeout Period')),
  automatedBackupPreference: def(
    'AUTOMATED_BACKUP_PREFERENCE',
    'SECONDARY' as const,
    source('S3', 'AUTOMATED_BACKUP_PREFERENCE'),
  ),
  failureConditionLevel: def(
    'FAILURE_CONDITION_LEVEL',
    3 as const,
    source('S23', 'Failure-condition level'),
  ),
  healthCheckTimeout: def('HEALTH_CHECK_TIMEOUT', 30000, source('S3', 'HEALTH_CHECK_TIMEOUT')),
  dbFailover: def('DB_FAILOVER', 'OFF' as const, source('S28', 'Database level health detection')),
  dtcSupport: def('DTC_SUPPORT', 'NONE' as const, source('S3', 'DTC_SUPPORT')),
  requiredSynchronizedSecondariesToCommit: def(
    'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
    0,
    source('S3', 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT'),
  ),
  clusterType: def('CLUSTER_TYPE', 'WSFC' as const, source('S4', 'CLUSTER_TYPE')),
  groupKind: def(
    'BASIC | DISTRIBUTED | CONTAINED',
    'STANDARD' as const,
    source('S4', 'BASIC / DISTRIBUTED / CONTAINED (absent: an advanced availability group)'),
  ),
  listenerPort: def('LISTENER PORT', 1433, source('S3', '<add_listener_option> PORT')),
  hostedByFci: def(
    'hosted by a failover cluster instance',
    false,
    source('MODEL', 'a replica is a stand-alone instance unless the configuration says otherwise'),
  ),
  cumulativeUpdate: def(
    'cumulative update',
    null,
    source('MODEL', 'an absent cumulative update means the newest one of the version'),
  ),
  defaultDataPath: def(
    'default data path of the instance',
    'c:\\data\\',
    source('SEED001', 'Disk layout: the same path on all replicas'),
  ),
  dataFolders: def(
    'folders that exist on the instance',
    null,
    source('MODEL', 'not stated: every folder a seeded file needs exists (docs/seeding.md)'),
  ),
  traceFlags: def(
    'trace flags of the instance',
    [] as readonly number[],
    source(
      'SEED001',
      'Compression (trace flag 9567) is disabled by default; trace flag 9571 is off',
    ),
  ),
} as const;
