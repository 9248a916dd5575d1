import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import { machineOf } from '../routing/routing-url.js';

/**
 * sys.dm_hadr_cluster_members (S185) answers "How many more failures can the WSFC cluster
 * tolerate before losing quorum in a majority-node case?"; sys.dm_hadr_cluster (S107): with the
 * witness offline or failed, Node and File Share Majority "can sustain failures of half the nodes
 * (rounding up) minus one", none of two. Without quorum there is no automatic failover ("Failover
 * and failover modes", S2). Dynamic quorum, on by default from Windows Server 2012, "Enables the
 * cluster to change the required number of nodes that need to participate in quorum when nodes
 * shut down or crash"; each node's DynamicWeight is "the current weight that is attributed to the
 * node because of dynamic quorum", and MSCluster_Node.WillOfflineLoseQuorum "Checks if the taking
 * the node offline will cause the cluster to lose quorum" (S236). The views show only the
 * configured votes.
 */
export const AUTOMATIC_QUORUM_RULE = source(
  'S185',
  'How many more failures can the WSFC cluster tolerate before losing quorum',
);

/**
 * Where the configured votes of the members the snapshot shows UP, less those of the primary's
 * node, are no majority of the votes that count (every node's, a witness's while it is UP): an automatic failover that "if the primary failed now"
 * names needs the cluster to keep quorum, which a failure of the primary's node (not of its
 * instance alone) may take away. Unknown, not "no": dynamic quorum may have moved the votes.
 */
export const automaticQuorumAtRisk = (facts: ClusterFacts): Reason | null => {
  const members = facts.clusterMembers;
  if (
    facts.config.clusterType !== 'WSFC' ||
    facts.quorum !== 'HEALTHY' ||
    facts.primary === null ||
    members === undefined ||
    members.some((m) => m.up === null || m.votes === null)
  )
    return null;
  const node = machineOf(facts.primary);
  const own = members.find((m) => m.type === 'CLUSTER_NODE' && m.name.toLowerCase() === node);
  if (own === undefined || own.up !== true) return null;
  // A failed witness counts for nothing: with it, "half the nodes (rounding up) minus one" (S107)
  // is a majority of the nodes' votes alone.
  const counted = members.filter((m) => m.type === 'CLUSTER_NODE' || m.up === true);
  const votes = (ms: typeof members) => ms.reduce((n, m) => n + (m.votes ?? 0), 0);
  const total = votes(counted);
  const left = votes(counted.filter((m) => m.up === true)) - (own.votes ?? 0);
  if (total === 0 || left * 2 > total) return null;
  const down = members
    .filter((m) => m.up === false)
    .map((m) => `${m.name} (${m.type ?? 'member'})`);
  return unknownReason(
    'AUTOMATIC_QUORUM_AT_RISK',
    `that holds while the cluster keeps quorum: if the primary's node ${own.name} fails, not only its SQL Server instance, the members left UP hold ${left} of the ${total} quorum votes that count${down.length === 0 ? '' : ` (${down.join(', ')} DOWN${counted.length < members.length ? '; a failed witness counts none' : ''})`}, no majority, and without quorum nothing fails over automatically; whether the cluster keeps it then depends on the votes dynamic quorum has left each node, which no view shows. A failure of the instance alone leaves ${own.name} and its vote in the cluster`,
    AUTOMATIC_QUORUM_RULE,
    [
      `MSCluster_Node.WillOfflineLoseQuorum() for ${own.name}`,
      '(Get-ClusterNode).DynamicWeight of each node',
    ],
  );
};

/**
 * "Perform a forced manual failover" (S44), Follow Up step 1: after a failover outside the
 * automatic failover set, "adjust the quorum votes of the WSFC nodes to reflect your new
 * availability group configuration"; the AlwaysOn Professional blog on a DR node left without a
 * vote (S237): "If the remote node does not have a vote, then it will need to be configured to
 * have a vote", then "remove the votes of the two nodes in the primary datacenter".
 */
export const PRIMARY_NODE_VOTE_RULE = source(
  'S237',
  'Adjusting Voting Rights for the cluster: the remote node needs a vote',
);

/**
 * The primary runs on a node the snapshot lists with number_of_quorum_votes 0, as a DR node
 * configured without a vote is after a failover to it: its node should get a vote, and the nodes
 * that will not return lose theirs. Nothing where the view is not shown or the vote is NULL.
 */
export const primaryNodeWithoutVote = (facts: ClusterFacts): Reason | null => {
  if (facts.config.clusterType !== 'WSFC' || facts.primary === null) return null;
  const node = machineOf(facts.primary);
  const own = facts.clusterMembers?.find(
    (m) => m.type === 'CLUSTER_NODE' && m.name.toLowerCase() === node,
  );
  if (own?.votes !== 0) return null;
  const voters = (facts.clusterMembers ?? [])
    .filter((m) => (m.votes ?? 0) > 0)
    .map((m) => `${m.name} (${m.up === true ? 'UP' : m.up === false ? 'DOWN' : 'state unknown'})`);
  return reason(
    'ADJUST_QUORUM_VOTES',
    `the primary ${facts.primary} runs on ${own.name}, which has no quorum vote (sys.dm_hadr_cluster_members.number_of_quorum_votes 0): adjust the quorum votes of the WSFC nodes to the new configuration, giving ${own.name} a vote ((Get-ClusterNode -Name ${own.name}).NodeWeight = 1) and taking them from the nodes that will not return soon${voters.length === 0 ? '' : `; the votes are now held by ${voters.join(', ')}`}`,
    PRIMARY_NODE_VOTE_RULE,
  );
};

/**
 * "Perform a forced manual failover" (S44), Returning the Availability Group to its Original
 * Topology, Important: "If the WSFC cluster quorum has been forced, as the offline nodes restart
 * they could form a new quorum if the following conditions both exist: (a) there is no network
 * connectivity between any of the nodes in the forced-quorum set, and (b) the restarting nodes are
 * the majority of the cluster nodes. This would result in a "split brain" condition in which the
 * availability group would possess two independent primary replicas, one at each data center."
 * 'WSFC Disaster Recovery through Forced Quorum' (S124), step 3: "Consider disabling the WSFC
 * service on the other nodes. Otherwise, you run the risk of creating more than one quorum node
 * set"; step 4: "Un-recovered nodes should be set offline or have their node votes set to zero."
 * Given under forced quorum where the members sys.dm_hadr_cluster_members shows DOWN hold more than
 * half of the votes it lists (the configured votes: dynamic quorum may hold others, S236).
 */
export const FORCED_QUORUM_SPLIT_RULE = source(
  'S44',
  'Returning the Availability Group to its Original Topology, Important: restarting offline nodes that are the majority could form a new quorum (split brain)',
);

export const forcedQuorumSplitRisk = (facts: ClusterFacts): Reason | null => {
  if (facts.config.clusterType !== 'WSFC' || facts.quorum !== 'FORCED') return null;
  const members = facts.clusterMembers ?? [];
  const votes = (ms: typeof members) => ms.reduce((n, m) => n + (m.votes ?? 0), 0);
  const total = votes(members);
  const down = members.filter((m) => m.up === false && (m.votes ?? 0) > 0);
  if (members.some((m) => m.votes === null) || 2 * votes(down) <= total) return null;
  const names = down.map((m) => m.name).join(', ');
  const nodes = down.filter((m) => m.type === 'CLUSTER_NODE').map((m) => m.name);
  return reason(
    'FORCED_QUORUM_SPLIT_RISK',
    `quorum is forced, and the members DOWN (${names}) hold ${votes(down)} of the ${total} quorum votes sys.dm_hadr_cluster_members lists: should ${nodes.length === 0 ? 'they' : nodes.join(', ')} restart without network connectivity to the nodes of the forced-quorum set, they are a majority, can form a quorum of their own and bring ${facts.config.name} online with a second primary (split brain); start each only where it reaches the forced-quorum set, one at a time, keep the cluster service disabled on the others, or set their node votes to zero first ((Get-ClusterNode -Name <node>).NodeWeight = 0)`,
    FORCED_QUORUM_SPLIT_RULE,
  );
};
