import type { Replica } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import { primaryConfig, replicaFacts, sameName } from '../rules/facts-access.js';

/**
 * CLUSTER_TYPE = EXTERNAL: the primary takes writes only while it reaches a majority, itself
 * included, of the group's synchronous-commit and configuration-only replicas. S29's
 * configuration-only table ("Synchronous secondary + configuration only replica outage: Primary is
 * not available for user transactions. No automatic failover", at 0 and at 1) and S90's
 * three-replica table ("Two secondary replicas outage: The primary is available only for reads and
 * not for writes until one of the secondary replicas recovers", at 0 and at 1) show it; the
 * majority, floor(n / 2) + 1, is the count the resource agent uses over the same replicas (S53,
 * mssql-server-ha `CalculateNumRequiredSequenceNumbers`: "num replicas which must commit = quorum
 * count"), and its disable_primary_on_quorum_timeout_after names the mechanism: a primary "unable
 * to commit AG configuration updates with a sufficient number of other SYNCHRONOUS_COMMIT and
 * CONFIGURATION_ONLY replicas" loses its write lease. Two such replicas are left out: S29's
 * two-replica table keeps the primary R/W when the secondary is lost ("Primary is R/W, running
 * exposed to data loss").
 */
export const EXTERNAL_MAJORITY_RULE = source(
  'S90',
  'Three synchronous replicas: two secondary replicas outage; two synchronous replicas and a configuration only replica: synchronous secondary + configuration only replica outage',
);

/** The replicas the majority counts: synchronous-commit and configuration-only. */
const voters = (replicas: readonly Replica[]): readonly Replica[] =>
  replicas.filter(
    (x) =>
      x.availabilityMode === 'SYNCHRONOUS_COMMIT' || x.availabilityMode === 'CONFIGURATION_ONLY',
  );

/** How many of them the primary must reach, itself included; null when the rule does not apply. */
export const externalWriteMajority = (
  clusterType: string,
  replicas: readonly Replica[],
): { readonly needed: number; readonly of: number } | null => {
  if (clusterType !== 'EXTERNAL') return null;
  const n = voters(replicas).length;
  return n < 3 ? null : { needed: Math.floor(n / 2) + 1, of: n };
};

/**
 * Why the primary takes no writes for want of that majority: a refusal when the replicas it does
 * not reach leave too few, "unknown" when replicas the facts do not show (a snapshot taken on a
 * secondary) could make up the count, nothing otherwise.
 */
export const externalMajorityReasons = (facts: ClusterFacts): readonly Reason[] => {
  const rule = externalWriteMajority(facts.config.clusterType, facts.config.replicas);
  const primary = primaryConfig(facts);
  if (rule === null || primary === undefined) return [];
  const all = voters(facts.config.replicas);
  const self = all.some((x) => sameName(x.name, primary.name)) ? 1 : 0;
  const others = all.filter((x) => !sameName(x.name, primary.name));
  const state = (x: Replica) => replicaFacts(facts, x.name)?.connectedState ?? null;
  const reached = others.filter((x) => state(x) === 'CONNECTED');
  if (self + reached.length >= rule.needed) return [];
  const unseen = others.filter((x) => state(x) === null);
  const names = (xs: readonly Replica[]) => xs.map((x) => x.name).join(', ') || 'none';
  const needs = `the primary ${primary.name} takes writes only while it reaches ${rule.needed} of the ${rule.of} synchronous-commit and configuration-only replicas, itself included`;
  return self + reached.length + unseen.length >= rule.needed
    ? [
        unknownReason(
          'EXTERNAL_WRITE_MAJORITY_UNKNOWN',
          `${needs}; it reaches ${self + reached.length} (${names([primary, ...reached])}), and whether it reaches ${names(unseen)} is unknown in this snapshot`,
          EXTERNAL_MAJORITY_RULE,
          unseen.map(
            (x) =>
              `sys.dm_hadr_availability_replica_states.connected_state_desc (the primary's row for ${x.name})`,
          ),
        ),
      ]
    : [
        reason(
          'EXTERNAL_WRITE_MAJORITY_LOST',
          `${needs}, and it reaches only ${self + reached.length} (${names(self === 1 ? [primary, ...reached] : reached)}): it is available for reads, not for writes, until enough of them recover`,
          EXTERNAL_MAJORITY_RULE,
        ),
      ];
};
