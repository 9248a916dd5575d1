import { SQL_SERVER_VERSIONS, type SqlServerVersion } from '../model/enums.js';
import { type RuleSource, source } from '../model/source.js';
import { atOrAfter, BUILDS, type BuildKnowledge, type DocumentedBuild } from './builds.js';

/** A documented number and where it is documented. */
export interface Limit {
  readonly value: number;
  readonly rule: RuleSource;
}

/**
 * Replica limits of one SQL Server version, for an advanced (Enterprise) availability group
 * (ag-rules §2.1). Counts that include the primary say so in their name. Configuration-only
 * replicas count toward none of them (R-CFG-2).
 */
export interface VersionLimits {
  readonly version: SqlServerVersion;
  readonly maxReplicasIncludingPrimary: Limit;
  readonly maxSecondaries: Limit;
  readonly maxSynchronousCommitIncludingPrimary: Limit;
  readonly maxAutomaticFailoverIncludingPrimary: Limit;
}

const limit = (value: number, rule: RuleSource): Limit => ({ value, rule });

// 2012 allowed four secondaries; 2014 raised that to eight (ag-rules §2.1, D3).
const replicas2012 = limit(
  5,
  source('S40', 'Availability Replicas (one primary, up to four secondaries)'),
);
const secondaries2012 = limit(
  4,
  source('S40', 'Availability Replicas (one primary, up to four secondaries)'),
);
const replicasSince2014 = limit(
  9,
  source('S36', 'AlwaysOn enhancements (secondary replicas increased from 4 to 8)'),
);
const secondariesSince2014 = limit(
  8,
  source('S36', 'AlwaysOn enhancements (secondary replicas increased from 4 to 8)'),
);
// Three synchronous-commit replicas until 2017, five from 2019 (D1).
const sync2012 = limit(
  3,
  source('S4', 'SYNCHRONOUS_COMMIT (2012 text: up to three replicas, including the primary)'),
);
const sync2014 = limit(
  3,
  source('SEED003', 'Introduction (one primary replica and two synchronous-commit secondaries)'),
);
const sync2016To2017 = limit(
  3,
  source('S39', 'Up to five synchronous replicas (up from three in SQL Server 2017)'),
);
const syncSince2019 = limit(
  5,
  source('S39', 'Up to five synchronous replicas (one primary plus four synchronous secondaries)'),
);
// Two automatic-failover replicas until 2014, three in 2016/2017, five from 2019 (D2).
const autoUntil2014 = limit(
  2,
  source('S3', 'FAILOVER_MODE = AUTOMATIC (before SQL Server 2016: two replicas)'),
);
const autoSince2016 = limit(
  3,
  source('S37', 'Always On availability groups (automatic failover increased from two to three)'),
);
const autoSince2019 = limit(
  5,
  source('S1', 'Automatic failover (up to five automatic failover replicas)'),
);

const row = (
  version: SqlServerVersion,
  replicas: Limit,
  secondaries: Limit,
  sync: Limit,
  auto: Limit,
): VersionLimits => ({
  version,
  maxReplicasIncludingPrimary: replicas,
  maxSecondaries: secondaries,
  maxSynchronousCommitIncludingPrimary: sync,
  maxAutomaticFailoverIncludingPrimary: auto,
});

/** The limits table (ag-rules §2.1, with the assessments of §9 D1–D4). docs/rules.md renders it. */
export const LIMITS: { readonly [V in SqlServerVersion]: VersionLimits } = {
  2012: row(2012, replicas2012, secondaries2012, sync2012, autoUntil2014),
  2014: row(2014, replicasSince2014, secondariesSince2014, sync2014, autoUntil2014),
  2016: row(2016, replicasSince2014, secondariesSince2014, sync2016To2017, autoSince2016),
  2017: row(2017, replicasSince2014, secondariesSince2014, sync2016To2017, autoSince2016),
  2019: row(2019, replicasSince2014, secondariesSince2014, syncSince2019, autoSince2019),
  2022: row(2022, replicasSince2014, secondariesSince2014, syncSince2019, autoSince2019),
  2025: row(2025, replicasSince2014, secondariesSince2014, syncSince2019, autoSince2019),
};

/** The replica limits of a SQL Server version (ag-rules §2.1). */
export const limitsFor = (version: SqlServerVersion): VersionLimits => LIMITS[version];

/**
 * A SQL Server build as a configuration names it: `cumulativeUpdate: null` is the newest one;
 * `productVersion`, when present, is the exact build (null: only the major version is known).
 */
export interface Release extends BuildKnowledge {
  readonly version: SqlServerVersion;
  readonly cumulativeUpdate: number | null;
}

/** A build at which a feature first appeared; cumulative update 0 is the RTM release. */
export interface Since {
  readonly version: SqlServerVersion;
  readonly cumulativeUpdate: number;
}

export const FEATURES = [
  'AUTOMATIC_SEEDING',
  'BASIC_AVAILABILITY_GROUP',
  'DISTRIBUTED_AVAILABILITY_GROUP',
  'LOAD_BALANCED_READ_ONLY_ROUTING',
  'DB_FAILOVER',
  'DTC_SUPPORT',
  'CLUSTER_TYPE',
  'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
  'CONFIGURATION_ONLY_REPLICA',
  'READ_WRITE_ROUTING_URL',
  'WRITE_LEASE_VALIDITY',
  'CONTAINED_AVAILABILITY_GROUP',
  'DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
  'AUTOSEEDING_SYSTEM_DATABASES',
  'CLUSTER_CONNECTION_OPTIONS',
  'ALTER_DTC_SUPPORT',
  'ROUTING_URL_NONE',
  'LISTENER_REMOVE_IP',
  'OFFLINE_STATEMENT',
  'LINK_TSQL_FAILOVER',
  'FAILOVER_MODE_EXTERNAL',
] as const;
export type Feature = (typeof FEATURES)[number];

/** When a feature appeared, how a DBA would name it, and where that is documented. */
export interface FeatureEntry {
  readonly feature: Feature;
  readonly description: string;
  readonly since: Since;
  readonly rule: RuleSource;
}

const feature = (
  description: string,
  version: SqlServerVersion,
  cumulativeUpdate: number,
  rule: RuleSource,
): Omit<FeatureEntry, 'feature'> => ({ description, since: { version, cumulativeUpdate }, rule });

const TIMELINE: { readonly [F in Feature]: Omit<FeatureEntry, 'feature'> } = {
  AUTOMATIC_SEEDING: feature(
    'automatic seeding (SEEDING_MODE = AUTOMATIC)',
    2016,
    0,
    source('S18', 'Automatic seeding (introduced in SQL Server 2016)'),
  ),
  BASIC_AVAILABILITY_GROUP: feature(
    'basic availability groups (BASIC)',
    2016,
    0,
    source('S41', 'Basic availability groups (SQL Server 2016 and later, Standard edition)'),
  ),
  DISTRIBUTED_AVAILABILITY_GROUP: feature(
    'distributed availability groups (DISTRIBUTED)',
    2016,
    0,
    source('S43', 'Distributed availability groups (introduced in SQL Server 2016)'),
  ),
  LOAD_BALANCED_READ_ONLY_ROUTING: feature(
    'load-balanced sets in READ_ONLY_ROUTING_LIST (nested parentheses)',
    2016,
    0,
    source('S13', 'Configure load-balancing across read-only replicas'),
  ),
  DB_FAILOVER: feature(
    'database level health detection (DB_FAILOVER = ON)',
    2016,
    0,
    source('S28', 'Database level health detection (SQL Server 2016 and later)'),
  ),
  DTC_SUPPORT: feature(
    'distributed transactions (DTC_SUPPORT = PER_DB)',
    2016,
    0,
    source('S37', 'Always On availability groups (DTC support)'),
  ),
  CLUSTER_TYPE: feature(
    'CLUSTER_TYPE = EXTERNAL or NONE',
    2017,
    0,
    source('S4', 'CLUSTER_TYPE (introduced in SQL Server 2017)'),
  ),
  // EXTERNAL is the failover mode of CLUSTER_TYPE = EXTERNAL alone (S30, S34), which 2017 brought.
  FAILOVER_MODE_EXTERNAL: feature(
    'FAILOVER_MODE = EXTERNAL (replicas of a CLUSTER_TYPE = EXTERNAL group)',
    2017,
    0,
    source(
      'S4',
      'FAILOVER_MODE EXTERNAL, the failover mode of CLUSTER_TYPE = EXTERNAL (introduced in SQL Server 2017)',
    ),
  ),
  REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: feature(
    'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
    2017,
    0,
    source('S4', 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT (introduced in SQL Server 2017)'),
  ),
  CONFIGURATION_ONLY_REPLICA: feature(
    'configuration-only replicas (AVAILABILITY_MODE = CONFIGURATION_ONLY)',
    2017,
    1,
    source('S29', 'Configuration-only replica (SQL Server 2017 CU 1)'),
  ),
  READ_WRITE_ROUTING_URL: feature(
    'secondary-to-primary connection redirection (READ_WRITE_ROUTING_URL)',
    2019,
    0,
    source(
      'S17',
      'Secondary to primary replica read/write connection redirection (SQL Server 2019)',
    ),
  ),
  WRITE_LEASE_VALIDITY: feature(
    'the external write lease (WRITE_LEASE_VALIDITY)',
    2019,
    0,
    source('S53', 'mssql-server-ha: WRITE_LEASE_VALIDITY only for major version 15 and later'),
  ),
  CONTAINED_AVAILABILITY_GROUP: feature(
    'contained availability groups (CONTAINED)',
    2022,
    0,
    source('S42', 'Contained availability groups (introduced in SQL Server 2022)'),
  ),
  DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: feature(
    'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT on a distributed availability group',
    2022,
    0,
    source('S3', 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT (distributed availability groups)'),
  ),
  AUTOSEEDING_SYSTEM_DATABASES: feature(
    'CONTAINED AUTOSEEDING_SYSTEM_DATABASES',
    2025,
    0,
    source(
      'S42',
      'Contained availability group in a distributed availability group (SQL Server 2025)',
    ),
  ),
  CLUSTER_CONNECTION_OPTIONS: feature(
    'CLUSTER_CONNECTION_OPTIONS',
    2025,
    0,
    source('S3', 'CLUSTER_CONNECTION_OPTIONS (SQL Server 2025)'),
  ),
  // Changing it needs 2016 SP2 (FEATURE_BUILDS); before, the group is dropped and created again.
  ALTER_DTC_SUPPORT: feature(
    'changing DTC_SUPPORT with ALTER AVAILABILITY GROUP (before it: drop and re-create the group)',
    2016,
    0,
    source('S3', 'DTC_SUPPORT (changing it needs SQL Server 2016 SP2)'),
  ),
  ROUTING_URL_NONE: feature(
    'READ_ONLY_ROUTING_URL = NONE and READ_WRITE_ROUTING_URL = NONE',
    2025,
    0,
    source('S3', 'READ_ONLY_ROUTING_URL, READ_WRITE_ROUTING_URL (NONE: SQL Server 2025)'),
  ),
  // Before 2025 MODIFY LISTENER takes ADD IP or PORT only: an address is not removed in T-SQL.
  LISTENER_REMOVE_IP: feature(
    'MODIFY LISTENER … REMOVE IP',
    2025,
    0,
    source('S3', 'MODIFY LISTENER, REMOVE IP (SQL Server 2025 and later)'),
  ),
  // It needs 2012 SP1 (FEATURE_BUILDS): the server instance it runs on, "SQL Server 2012 SP1 (11.0.3x)".
  OFFLINE_STATEMENT: feature(
    'ALTER AVAILABILITY GROUP … OFFLINE',
    2012,
    0,
    source('S73', 'Prerequisites: SQL Server 2012 SP1 (11.0.3x) or above'),
  ),
  // A Managed Instance link's planned FAILOVER needs 2022 CU13 (FEATURE_BUILDS); before it the
  // SSMS wizard fails over, and on 2019 and earlier that removes the link.
  LINK_TSQL_FAILOVER: feature(
    'ALTER AVAILABILITY GROUP … FAILOVER on a Managed Instance link',
    2022,
    13,
    source(
      'S104',
      'Fail over a database: "You can fail over the link by using Transact-SQL starting with SQL Server 2022 CU13 (KB5036432)"',
    ),
  ),
};

/** The feature timeline (ag-rules §2.2), oldest first. docs/rules.md renders it. */
export const FEATURE_TIMELINE: readonly FeatureEntry[] = FEATURES.map((f) => ({
  feature: f,
  ...TIMELINE[f],
}));

export const featureEntry = (f: Feature): FeatureEntry => ({ feature: f, ...TIMELINE[f] });

const versionIndex = (v: SqlServerVersion): number => SQL_SERVER_VERSIONS.indexOf(v);

/** Whether a release is at or after a build; the newest CU (null) is after every CU. */
export const isAtLeast = (release: Release, since: Since): boolean => {
  const byVersion = versionIndex(release.version) - versionIndex(since.version);
  if (byVersion !== 0) return byVersion > 0;
  return release.cumulativeUpdate === null || release.cumulativeUpdate >= since.cumulativeUpdate;
};

/** Features that arrived in a cumulative update, with the documented build that brought them. */
const FEATURE_BUILDS: { readonly [F in Feature]?: DocumentedBuild } = {
  CONFIGURATION_ONLY_REPLICA: BUILDS.SQL2017_CU1,
  ALTER_DTC_SUPPORT: BUILDS.SQL2016_SP2,
  OFFLINE_STATEMENT: BUILDS.SQL2012_SP1,
  LINK_TSQL_FAILOVER: BUILDS.SQL2022_CU13,
};

/** The documented build that brought a feature within its version, when it was not the RTM. */
export const featureBuild = (f: Feature): DocumentedBuild | undefined => FEATURE_BUILDS[f];

/**
 * Whether a release has a feature (ag-rules §2.2): by its build when the release names one, and
 * 'unknown' when only its major version is known and the feature came in a cumulative update of
 * that version.
 */
export const featureAvailability = (release: Release, f: Feature): boolean | 'unknown' => {
  const build = FEATURE_BUILDS[f];
  return build === undefined ? isAtLeast(release, TIMELINE[f].since) : atOrAfter(release, build);
};

/**
 * Whether a release surely has a feature (ag-rules §2.2). A Config is a Release, so
 * `hasFeature(config, 'CLUSTER_TYPE')` works as well as `hasFeature({ version: 2017,
 * cumulativeUpdate: 0 }, 'CONFIGURATION_ONLY_REPLICA')`.
 */
export const hasFeature = (release: Release, f: Feature): boolean =>
  featureAvailability(release, f) === true;

/** "SQL Server 2017 CU 1", "SQL Server 2016 RTM", "SQL Server 2019" (newest CU). */
export const describeRelease = (release: Release): string => {
  if (typeof release.productVersion === 'string')
    return `SQL Server ${release.version} (${release.productVersion})`;
  const cu = release.cumulativeUpdate;
  if (cu === null) return `SQL Server ${release.version}`;
  return `SQL Server ${release.version} ${cu === 0 ? 'RTM' : `CU ${cu}`}`;
};

/** "SQL Server 2017 CU 1", "SQL Server 2016": the first build with a feature. */
export const describeSince = (since: Since): string =>
  `SQL Server ${since.version}${since.cumulativeUpdate === 0 ? '' : ` CU ${since.cumulativeUpdate}`}`;
