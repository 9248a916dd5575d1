import type { SqlServerVersion } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, source } from '../model/source.js';
import { replicaFacts, sameName } from './facts-access.js';

/**
 * A rolling upgrade leaves replicas on different versions for a while. "Upgrading Always On
 * Availability Group Replica Instances" (S64): "During a version upgrade, readable secondaries
 * cannot be read after an upgrade of the readable secondary and before either the primary replica
 * is failed over to an upgraded secondary or the primary replica is upgraded", and "no replicas
 * will be readable or available for backups". A cumulative update or service pack is not a version
 * upgrade: only the major version counts. Each replica's version is known only from a snapshot
 * taken on it, so the rule applies when snapshots of the secondary and the primary were merged.
 */
export const MIXED_VERSIONS = source(
  'S64',
  'Rolling Upgrade Best Practices: readable secondaries cannot be read after their upgrade',
);

export interface UpgradedSecondary {
  readonly version: SqlServerVersion;
  readonly primary: string;
  readonly primaryVersion: SqlServerVersion;
}

/**
 * One reason when the secondary `name` runs a later major version than the primary, none
 * otherwise: `make` words what that stops (reads, backups) after the versions are named.
 */
export const upgradedReasons = (
  facts: ClusterFacts,
  name: string,
  make: (versions: string) => Reason,
): readonly Reason[] => {
  const up = upgradedAheadOfPrimary(facts, name);
  return up === null
    ? []
    : [
        make(
          `${name} runs SQL Server ${up.version}, the primary ${up.primary} ${up.primaryVersion}`,
        ),
      ];
};

/** The secondary `name`'s major version beside the primary's, when both are known. */
const versusPrimary = (
  facts: ClusterFacts,
  name: string,
  differs: (version: number, primaryVersion: number) => boolean,
): UpgradedSecondary | null => {
  const primary = facts.primary;
  if (primary === null || sameName(primary, name)) return null;
  const version = replicaFacts(facts, name)?.version;
  const primaryVersion = replicaFacts(facts, primary)?.version;
  return version !== undefined && primaryVersion !== undefined && differs(version, primaryVersion)
    ? { version, primary, primaryVersion }
    : null;
};

/** The secondary `name` runs a later major version than the primary; null when not, or not known. */
export const upgradedAheadOfPrimary = (
  facts: ClusterFacts,
  name: string,
): UpgradedSecondary | null => versusPrimary(facts, name, (v, p) => v > p);

/**
 * The secondary `name` runs an earlier major version than the primary: "An upgraded primary
 * replica can no longer ship logs to any secondary replica whose SQL Server instance that hasn't
 * yet been upgraded to the same version … This also applies during a rolling upgrade where you
 * manually failover from an old primary to a new primary. As such, after you upgrade the old
 * primary, you may need to resume synchronization" (S64, Rolling upgrade best practices). null
 * when not, or when either version is not known.
 */
export const behindPrimaryVersion = (facts: ClusterFacts, name: string): UpgradedSecondary | null =>
  versusPrimary(facts, name, (v, p) => v < p);

export const NOT_UPGRADED = source(
  'S64',
  'Rolling Upgrade Best Practices: an upgraded primary can no longer ship logs to a secondary not yet upgraded',
);
