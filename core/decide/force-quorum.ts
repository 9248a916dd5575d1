import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import {
  isReplicaUp,
  NODE_WITH_QUORUM,
  nodeWithoutQuorum,
  replicaConfig,
  sameName,
} from '../rules/facts-access.js';
import { otherCopiesAhead } from './force-other-copy-ahead.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * "WSFC Disaster Recovery through Forced Quorum (SQL Server)" (S124): "Manual intervention is
 * required to recovery from a quorum failure"; "To bring the WSFC cluster back online, you must
 * correct the root cause of the quorum failure ... You can use the forced quorum procedure";
 * step 2, "Start the WSFC cluster by using forced quorum on a single node ... To minimize potential
 * data loss, select a node that was last hosting an availability group primary replica"; step 3,
 * the other nodes "one at a time". Then only FORCE_FAILOVER_ALLOW_DATA_LOSS brings the group
 * online, and it loses nothing on "the replica that was the primary replica before you forced
 * quorum or ... a secondary replica that was synchronized" (S44), which is_failover_ready records,
 * "if the restored node was up at the time quorum was lost" (S44, Caution).
 */
const FORCED_QUORUM = source(
  'S124',
  'To Recover from Quorum Failure, step 2: start the WSFC cluster by using forced quorum on a single node',
);

const READY = 'sys.dm_hadr_database_replica_cluster_states.is_failover_ready';

const procedure = (replica: string): string =>
  `the cluster has no quorum, so the group stays offline until quorum returns (once its cause is corrected) or is forced on a single node. Forced on the node of ${replica} (Start-ClusterNode -FixQuorum, or net start clussvc /forcequorum; then the cluster service on the other nodes one at a time), the group comes online only with ALTER AVAILABILITY GROUP … FORCE_FAILOVER_ALLOW_DATA_LOSS on ${replica}`;

interface Candidate {
  readonly replica: string;
  readonly notReady: readonly string[];
  readonly unknown: readonly string[];
}

const action = (c: Candidate, cutOff: string | null): RecommendedAction => {
  const head = procedure(c.replica);
  const why =
    c.notReady.length > 0
      ? reason(
          'FORCE_QUORUM_DATA_LOSS',
          `${head}; ${c.notReady.join(', ')} ${c.notReady.length === 1 ? 'is' : 'are'} not marked failover ready there (is_failover_ready = 0), so that failover loses what ${c.replica} lacks of ${c.notReady.length === 1 ? 'it' : 'them'}; no running replica has every database marked failover ready`,
          FORCED_QUORUM,
        )
      : c.unknown.length > 0
        ? unknownReason(
            'FORCE_QUORUM_READINESS_UNKNOWN',
            `${head}; whether that loses data is unknown: the input does not show is_failover_ready of ${c.unknown.join(', ')} there`,
            FORCED_QUORUM,
            [READY],
          )
        : reason(
            'FORCE_QUORUM',
            `${head}: every database of ${c.replica} is marked failover ready in the cluster (is_failover_ready = 1), so that loses no data if its node was up when quorum was lost`,
            FORCED_QUORUM,
          );
  return {
    event: { type: 'quorum.force', replica: c.replica },
    why: cutOff === null ? [why] : [why, scopeUnknown(cutOff)],
  };
};

const SCOPE = source(
  'S124',
  'To Recover from Quorum Failure, step 1: determine the scope of the failure (which cluster nodes are online)',
);

/**
 * A snapshot of one node without quorum shows neither the other nodes nor whether one kept
 * quorum (S107, S32): forcing quorum here while the other side of a partition runs the group makes
 * two clusters, each with a primary (S44, split brain). The procedure's first step settles it.
 */
const scopeUnknown = (cutOff: string): Reason =>
  unknownReason(
    'FORCE_QUORUM_SCOPE_UNKNOWN',
    `unknown whether quorum is lost cluster-wide: the snapshot was taken on ${cutOff}, with no quorum there, and shows no other node; if another node kept quorum (the other side of a partition), the group may run there, and forcing quorum on this side splits the cluster in two, each with a primary. The procedure's first step is to determine the scope of the failure`,
    SCOPE,
    [
      'Get-ClusterNode and Get-ClusterQuorum from a node on the other side (or the cluster log: event 1177 where the cluster service stopped for lost quorum)',
      ...NODE_WITH_QUORUM,
    ],
  );

/**
 * On a WSFC group without quorum: force quorum on the node of a running replica whose databases
 * are all failover ready (the former primary, a synchronized secondary), each one offered; when
 * none is, on each running replica, with what it lacks.
 */
export const forceQuorum = (facts: ClusterFacts): readonly RecommendedAction[] => {
  if (facts.config.clusterType !== 'WSFC' || facts.quorum !== 'LOST') return [];
  const candidates: readonly Candidate[] = facts.replicas
    .filter(
      (r) =>
        isReplicaUp(r) === true &&
        replicaConfig(facts, r.name)?.availabilityMode !== 'CONFIGURATION_ONLY',
    )
    .map((r) => {
      const ready = (database: string) =>
        facts.databaseReplicas.find((d) => sameName(d.replica, r.name) && d.database === database)
          ?.isFailoverReady;
      return {
        replica: r.name,
        notReady: facts.config.databases.filter((db) => ready(db) === false),
        // A snapshot that lists none of the group's databases does not show their readiness.
        unknown:
          facts.config.databases.length === 0
            ? ["the group's databases"]
            : facts.config.databases.filter((db) => ready(db) === null || ready(db) === undefined),
      };
    });
  const noLoss = candidates.filter((c) => c.notReady.length === 0 && c.unknown.length === 0);
  const cutOff = nodeWithoutQuorum(facts);
  const offered = noLoss.length > 0 ? noLoss : candidates;
  // Which of them holds the most log of each database (S44 example: force quorum, then fail over
  // on "the server instance with the least latency").
  const isOffered = (replica: string) => offered.some((c) => sameName(c.replica, replica));
  return offered.map((c) => {
    const a = action(c, cutOff);
    return { ...a, why: [...a.why, ...otherCopiesAhead(facts, c.replica, isOffered)] };
  });
};
