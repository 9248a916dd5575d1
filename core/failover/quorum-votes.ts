import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';
import { sameName } from '../rules/facts-access.js';

/**
 * The follow-up both failover pages give a failover outside the automatic failover set of a WSFC
 * group. "Perform a planned manual failover" (S45), Follow up: "If you failed over outside the
 * automatic failover set of the availability group, adjust the quorum votes of the Windows Server
 * failover clustering nodes to reflect your new availability group configuration." "Perform a
 * forced manual failover" (S44), Follow Up step 1: the same, and "If the WSFC node that hosts the
 * target secondary replica does not have a WSFC quorum vote, you might need to force WSFC quorum";
 * its note: "An automatic failover set exists only if two availability replicas (including the
 * previous primary replica) are configured for synchronous-commit mode with automatic failover."
 */
const PLANNED = source('S45', 'Follow up: After you manually fail over an availability group');
const FORCED = source('S44', 'Follow Up: Essential Tasks After a Forced Failover, step 1');

/** Why a replica is not in an automatic failover set: each setting it lacks, or none. */
const outside = (config: Config, name: string): readonly string[] => {
  const r = config.replicas.find((x) => sameName(x.name, name));
  if (r === undefined) return [];
  return [
    ...(r.availabilityMode === 'SYNCHRONOUS_COMMIT' ? [] : [`${r.name} is ${r.availabilityMode}`]),
    ...(r.failoverMode === 'AUTOMATIC' ? [] : [`${r.name} has FAILOVER_MODE ${r.failoverMode}`]),
  ];
};

/**
 * A note on a failover from `previous` to `target` that left the automatic failover set; none
 * outside a WSFC (no quorum votes to adjust) or where both were in it.
 */
export const quorumVotesAfterFailover = (
  config: Config,
  previous: string | null,
  target: string,
  form: 'planned' | 'forced',
): Reason | undefined => {
  if (config.clusterType !== 'WSFC') return undefined;
  const why = [
    ...(previous === null || sameName(previous, target) ? [] : outside(config, previous)),
    ...outside(config, target),
  ];
  if (why.length === 0) return undefined;
  const from = previous === null || sameName(previous, target) ? '' : ` from ${previous}`;
  const force =
    form === 'forced'
      ? `; if the node that hosts ${target} has no quorum vote, you might need to force WSFC quorum`
      : '';
  return reason(
    'ADJUST_QUORUM_VOTES',
    `the failover${from} to ${target} is outside the automatic failover set (${why.join(', ')}): adjust the quorum votes (NodeWeight) of the WSFC nodes to the new configuration; sys.dm_hadr_cluster_members.number_of_quorum_votes shows each node's vote${force}`,
    form === 'forced' ? FORCED : PLANNED,
  );
};
