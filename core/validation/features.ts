import type { Config } from '../model/config.js';
import { type Reason, source, unknownReason } from '../model/source.js';
import { BUILD_SETTLED_BY, describeBuild, MAJOR_VERSION, parseProductVersion } from './builds.js';
import { type ConfigRule, isConfigurationOnly, quote, violation } from './codes.js';
import {
  describeRelease,
  describeSince,
  type Feature,
  featureAvailability,
  featureBuild,
  featureEntry,
  type Release,
} from './limits.js';

/** One place where a configuration uses a feature that some versions lack. */
export interface FeatureUse {
  readonly feature: Feature;
  readonly where: string;
  /** What first appeared, when not the feature as the timeline names it (an option at any value). */
  readonly what?: string;
}

export const use = (feature: Feature, where: string, what?: string): FeatureUse =>
  what === undefined ? { feature, where } : { feature, where, what };

const replicaUses = (config: Config): readonly FeatureUse[] =>
  config.replicas.flatMap((r) => {
    const label = `Replica ${quote(r.name)}`;
    return [
      ...(r.seedingMode === 'AUTOMATIC'
        ? [use('AUTOMATIC_SEEDING', `${label} has SEEDING_MODE = AUTOMATIC`)]
        : []),
      ...(isConfigurationOnly(r)
        ? [use('CONFIGURATION_ONLY_REPLICA', `${label} has AVAILABILITY_MODE = CONFIGURATION_ONLY`)]
        : []),
      ...(r.primaryRole.readOnlyRoutingList.some((entry) => typeof entry !== 'string')
        ? [
            use(
              'LOAD_BALANCED_READ_ONLY_ROUTING',
              `${label} has a load-balanced set in its READ_ONLY_ROUTING_LIST`,
            ),
          ]
        : []),
      ...(r.primaryRole.readWriteRoutingUrl !== null
        ? [use('READ_WRITE_ROUTING_URL', `${label} sets PRIMARY_ROLE (READ_WRITE_ROUTING_URL)`)]
        : []),
    ];
  });

const memberUses = (config: Config): readonly FeatureUse[] =>
  config.members
    .filter((m) => m.seedingMode === 'AUTOMATIC')
    .map((m) =>
      use(
        'AUTOMATIC_SEEDING',
        `Member availability group ${quote(m.name)} has SEEDING_MODE = AUTOMATIC`,
      ),
    );

const KIND_FEATURES: Readonly<Record<Config['kind'], Feature | undefined>> = {
  STANDARD: undefined,
  BASIC: 'BASIC_AVAILABILITY_GROUP',
  DISTRIBUTED: 'DISTRIBUTED_AVAILABILITY_GROUP',
  CONTAINED: 'CONTAINED_AVAILABILITY_GROUP',
};

const groupUses = (config: Config): readonly FeatureUse[] => {
  const kindFeature = KIND_FEATURES[config.kind];
  const uses: (FeatureUse | false)[] = [
    kindFeature !== undefined && use(kindFeature, `The availability group is ${config.kind}`),
    config.clusterType !== 'WSFC' &&
      use('CLUSTER_TYPE', `The availability group has CLUSTER_TYPE = ${config.clusterType}`),
    config.dbFailover === 'ON' && use('DB_FAILOVER', 'The availability group has DB_FAILOVER = ON'),
    config.dtcSupport === 'PER_DB' &&
      use('DTC_SUPPORT', 'The availability group has DTC_SUPPORT = PER_DB'),
    config.requiredSynchronizedSecondariesToCommit > 0 &&
      use(
        config.kind === 'DISTRIBUTED'
          ? 'DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT'
          : 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
        `The availability group has REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${config.requiredSynchronizedSecondariesToCommit}`,
      ),
    config.writeLeaseValidity !== null &&
      use(
        'WRITE_LEASE_VALIDITY',
        `The availability group has WRITE_LEASE_VALIDITY = ${config.writeLeaseValidity}`,
      ),
    config.contained.autoseedingSystemDatabases === true &&
      use(
        'AUTOSEEDING_SYSTEM_DATABASES',
        'The availability group sets AUTOSEEDING_SYSTEM_DATABASES',
      ),
    config.clusterConnectionOptions !== null &&
      use('CLUSTER_CONNECTION_OPTIONS', 'The availability group sets CLUSTER_CONNECTION_OPTIONS'),
  ];
  return uses.filter((u): u is FeatureUse => u !== false);
};

/** Every use of a version-dependent feature in a configuration (ag-rules §2.2). */
export const featureUses = (config: Config): readonly FeatureUse[] => [
  ...groupUses(config),
  ...replicaUses(config),
  ...memberUses(config),
];

/**
 * Whether a release has the feature one use needs (ag-rules §2.2): nothing when it has, a
 * violation when it has not, unknown when the feature came in a build of the release's own major
 * version and the build is not known (S60).
 */
export const featureInRelease = (release: Release, u: FeatureUse): readonly Reason[] => {
  const entry = featureEntry(u.feature);
  const available = featureAvailability(release, u.feature);
  if (available === true) return [];
  const build = featureBuild(u.feature);
  if (available === 'unknown' && build !== undefined)
    return [
      unknownReason(
        'FEATURE_BUILD_UNKNOWN',
        `${u.where}, which needs ${describeBuild(build)} or later: ${entry.description} came in that build, and only the major version (${release.version}) is known, not the build.`,
        build.rule,
        BUILD_SETTLED_BY,
      ),
    ];
  const since = build === undefined ? describeSince(entry.since) : describeBuild(build);
  return [
    violation(
      'FEATURE_NOT_IN_VERSION',
      `${u.where}, which ${describeRelease(release)} does not have: ${u.what ?? entry.description} first appeared in ${since}.`,
      entry.rule,
    ),
  ];
};

/**
 * Each feature a configuration uses exists in its SQL Server version (ag-rules §2.2), judged by
 * build for a feature that came in a cumulative update; unknown when only the major version is
 * known (S60).
 */
export const featuresInVersion: ConfigRule = (config) =>
  featureUses(config).flatMap((u) => featureInRelease(config, u));

/** A product version is major.minor.build[.revision] of the configuration's own version (S60). */
export const productVersionOfVersion: ConfigRule = (config) => {
  const text = config.productVersion;
  if (typeof text !== 'string') return [];
  const build = parseProductVersion(text);
  const major = MAJOR_VERSION[config.version];
  if (build !== null && build.major === major) return [];
  return [
    violation(
      'PRODUCT_VERSION_NOT_OF_VERSION',
      build === null
        ? `productVersion ${quote(text)} is no SERVERPROPERTY('ProductVersion'): expected major.minor.build[.revision], such as 16.0.4015.1.`
        : `productVersion ${quote(text)} is SQL Server major version ${build.major}, but the configuration says SQL Server ${config.version} (major version ${major}).`,
      source('S60', 'Product version: major.minor.build.revision'),
    ),
  ];
};

export const FEATURE_RULES: readonly ConfigRule[] = [productVersionOfVersion, featuresInVersion];
