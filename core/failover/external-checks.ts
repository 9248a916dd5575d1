import type { Config, Replica } from '../model/config.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import { isReplicaUp, replicaFacts, sameName } from '../rules/facts-access.js';
import type { Check } from './verdict.js';

/**
 * The conditions CLUSTER_TYPE = EXTERNAL adds to an automatic failover: Pacemaker's resource agent
 * (mssql-server-ha), not a WSFC, decides whether to promote a secondary.
 */

/**
 * CLUSTER_TYPE = EXTERNAL: the Pacemaker resource agent promotes only when floor(n / 2) + 1 of the
 * n synchronous-commit and configuration-only replicas report their sequence number; the failed
 * primary does not answer (S29, S53 mssql-server-ha `CalculateNumRequiredSequenceNumbers`, D20).
 */
/** The replicas whose sequence numbers the Pacemaker agent counts: synchronous-commit and configuration-only. */
export const externalVoters = (config: Config): readonly Replica[] =>
  config.replicas.filter(
    (x) =>
      x.availabilityMode === 'SYNCHRONOUS_COMMIT' || x.availabilityMode === 'CONFIGURATION_ONLY',
  );

/**
 * The agent counts the sequence numbers that instances of the ag resource's clone write when
 * notified before a promote (S53, ag/ag `pre-promote`; ag-helper: "Not enough replicas are online
 * to safely promote this replica: need %d but have %d"). A configuration-only replica's instance
 * can be up and CONNECTED while its node runs no instance of the clone: mssql-server-ha issue #10
 * (S177), where `pcs status` listed the clone on the two data nodes only and the promote failed,
 * "Need 2 but have 1". No view shows the clone, so where the count is reached only with
 * configuration-only replicas a snapshot leaves it unknown. A simulated cluster runs the clone on
 * every node, as 'Configure RHEL cluster for SQL Server availability group' creates it ("pcs
 * resource create ag_cluster ocf:mssql:ag ag_name=ag1 meta failure-timeout=60s promotable
 * notify=true": no clone-max, so an instance per node).
 */
const witnessCloneUnknown = (
  facts: ClusterFacts,
  answering: readonly Replica[],
  required: number,
  needs: string,
): readonly Reason[] => {
  if (facts.logs !== undefined) return [];
  const witnesses = answering.filter((x) => x.availabilityMode === 'CONFIGURATION_ONLY');
  if (witnesses.length === 0 || answering.length - witnesses.length >= required) return [];
  const list = witnesses.map((x) => x.name).join(', ');
  return [
    unknownReason(
      'EXTERNAL_WITNESS_CLONE_UNKNOWN',
      `${needs}, and the count is reached only with the configuration-only replica ${list}: it reports one only where its node runs an instance of the ag resource's clone, which no view shows (mssql-server-ha issue #10: witness node online, "Not enough replicas to promote SecondaryNode. Need 2 but have 1")`,
      source(
        'S177',
        'the clone set ran on the two data nodes only, and the promote was refused, "Need 2 but have 1"',
      ),
      witnesses.map(
        (x) =>
          `pcs status (or crm status): the ag resource's clone set lists ${x.name}'s node among its started instances (Unpromoted)`,
      ),
    ),
  ];
};

export const checkExternalQuorum: Check = (facts) => {
  if (facts.config.clusterType !== 'EXTERNAL') return [];
  const voters = externalVoters(facts.config);
  const required = Math.floor(voters.length / 2) + 1;
  const others = voters.filter((x) => facts.primary === null || !sameName(x.name, facts.primary));
  const answering = others.filter((x) => isReplicaUp(replicaFacts(facts, x.name)) === true);
  const needs = `the cluster manager needs ${required} of the ${voters.length} synchronous-commit and configuration-only replicas to report their sequence number`;
  const names = (xs: readonly Replica[]) => xs.map((x) => x.name).join(', ') || 'none';
  const clone = witnessCloneUnknown(facts, answering, required, needs);
  if (answering.length >= required) return clone;
  // A replica whose state the snapshot lacks (another secondary, seen from a secondary) may yet
  // answer the pre-promote notification: then the count is unknown, not too few.
  const unseen = others.filter((x) => isReplicaUp(replicaFacts(facts, x.name)) === null);
  const rule = source(
    'S29',
    'High availability and data protection: promotion needs (n / 2) + 1 sequence numbers',
  );
  return answering.length + unseen.length >= required
    ? [
        unknownReason(
          'EXTERNAL_SEQUENCE_NUMBERS_UNKNOWN',
          `${needs}; ${answering.length} can (${names(answering)}), and whether ${names(unseen)} can is unknown in this snapshot`,
          rule,
          unseen.flatMap((x) => [
            `sys.dm_hadr_availability_replica_states.operational_state_desc (a snapshot taken on ${x.name})`,
            `sys.dm_hadr_availability_replica_states.connected_state_desc (the primary's row for ${x.name})`,
          ]),
        ),
        ...clone,
      ]
    : [
        reason(
          'EXTERNAL_TOO_FEW_SEQUENCE_NUMBERS',
          `${needs}, and only ${answering.length} can (${names(answering)})`,
          rule,
        ),
      ];
};

/**
 * CLUSTER_TYPE = EXTERNAL with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0: "during a primary
 * replica outage, the resource agent does not automatically trigger a failover" (S29, High
 * availability and data protection, the three- and two-synchronous-replica tables); the same page
 * shows automatic failover at 0 for two synchronous replicas and a configuration-only replica,
 * which the model follows too. The agent's code and the product team (S53, sql-docs PR #5681)
 * say a failover at 0 can still complete, with a risk of data loss: the message says so (D20).
 */
export const checkExternalRequiredSecondaries: Check = (facts) =>
  facts.config.clusterType !== 'EXTERNAL' ||
  facts.config.requiredSynchronizedSecondariesToCommit > 0 ||
  facts.config.replicas.some((x) => x.availabilityMode === 'CONFIGURATION_ONLY')
    ? []
    : [
        reason(
          'EXTERNAL_NO_REQUIRED_SECONDARIES',
          'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is 0 and there is no configuration-only replica: the Pacemaker resource agent does not fail over automatically; wait for the primary or force the failover with possible data loss (the agent code and sql-docs PR #5681 say such a failover can still complete, with the same risk)',
          source(
            'S29',
            'High availability and data protection: REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0',
          ),
        ),
      ];

/**
 * CLUSTER_TYPE = EXTERNAL: "the replica only promotes itself if its sequence number is the highest
 * of all the sequence numbers from all replicas, otherwise it rejects the promote operation" (S29,
 * Understand SQL Server resource agent for Pacemaker); the agent's promote refuses a candidate
 * whose number is below the maximum reported (S53). Judged only where the facts show the target's
 * number and a higher one on a replica that answers the pre-promote notification: a running
 * synchronous-commit or configuration-only replica; the primary too when it runs (a pcs move), not
 * when it has failed (an automatic failover).
 */
export const checkExternalSequenceNumber =
  (withPrimary: boolean): Check =>
  (facts, target) => {
    if (facts.config.clusterType !== 'EXTERNAL') return [];
    const own = replicaFacts(facts, target.name)?.sequenceNumber;
    if (own == null) return [];
    const ahead = externalVoters(facts.config).flatMap((x) => {
      const f = replicaFacts(facts, x.name);
      const isPrimary = facts.primary !== null && sameName(x.name, facts.primary);
      if (sameName(x.name, target.name) || (isPrimary && !withPrimary)) return [];
      if (f?.sequenceNumber == null || f.sequenceNumber <= own || isReplicaUp(f) === false)
        return [];
      return [`${x.name} (${f.sequenceNumber})`];
    });
    return ahead.length === 0
      ? []
      : [
          reason(
            'EXTERNAL_SEQUENCE_NUMBER_BEHIND',
            `${target.name} reports sequence number ${own}, below ${ahead.join(', ')}: the Pacemaker resource agent promotes only the replica whose sequence number is the highest reported, so it rejects ${target.name}'s promotion (sys.availability_groups.sequence_number)`,
            source(
              'S29',
              'Understand SQL Server resource agent for Pacemaker: only the replica with the highest sequence_number is promoted',
            ),
          ),
        ];
  };
