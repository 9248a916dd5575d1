import type { ClusterFacts } from '../model/facts.js';
import { type Reason, unknownReason } from '../model/source.js';
import { databaseReplicaFacts, replicaFacts } from '../rules/facts-access.js';
import { routingReason as because, ROUTING_REASONS } from './codes.js';

/**
 * A secondary cut off from its primary keeps serving reads from SQL Server 2014 only if its
 * databases were already recovered: S36 says readable secondaries "remain available", and a
 * secondary database that has not reached its primary since its instance started waits for it
 * "before running recovery" (S196, HADR_RECOVERY_WAIT_FOR_CONNECTION; SQLShack, S228: "when the
 * primary replica is taken offline ... or the network connection goes down"). A DISCONNECTED
 * secondary whose copy's database_state_desc the snapshot does not give is therefore unknown,
 * not readable. SQL Server 2012 refuses it anyway (CONNECT_SECONDARY_ISOLATED_2012).
 */
export const unrecoveredCopies = (
  facts: ClusterFacts,
  name: string,
  databases: readonly string[],
): readonly Reason[] => {
  if (facts.config.version === 2012) return [];
  if (replicaFacts(facts, name)?.connectedState !== 'DISCONNECTED') return [];
  return databases.flatMap((database) => {
    const copy = databaseReplicaFacts(facts, name, database);
    return copy !== undefined && (copy.databaseState ?? null) === null
      ? [
          unknownReason(
            'CONNECT_SECONDARY_RECOVERY_UNKNOWN',
            `unknown: ${name} is DISCONNECTED from the primary and the snapshot does not give the state of ${database} there: a copy that was ONLINE stays readable while disconnected, but one that has not reached the primary since ${name} started (a restart, a patch reboot) waits for it before running recovery (HADR_RECOVERY_WAIT_FOR_CONNECTION) and cannot be opened until it connects`,
            ROUTING_REASONS.CONNECT_SECONDARY_RECOVERY_UNKNOWN,
            [
              `sys.dm_hadr_database_replica_states.database_state_desc of ${database} (the row of ${name}, in a snapshot taken there)`,
              `sys.dm_os_waiting_tasks.wait_type HADR_RECOVERY_WAIT_FOR_CONNECTION on ${name}`,
            ],
          ),
        ]
      : [];
  });
};

/**
 * What a read on a secondary cut off from its primary returns, from SQL Server 2014: no log arrives
 * while it is DISCONNECTED, so it reads its copies as they were when the link broke. "Read-only
 * workloads that query secondary replicas might query stale data. If intermittent replica
 * connection time-outs occur, changes to data on the primary replica database aren't yet reflected
 * in the secondary database when you query the same data" (S247).
 */
export const disconnectedReads = (facts: ClusterFacts, name: string): readonly Reason[] =>
  facts.config.version === 2012 || replicaFacts(facts, name)?.connectedState !== 'DISCONNECTED'
    ? []
    : [
        because(
          'CONNECT_SECONDARY_DISCONNECTED_STALE',
          `${name} is DISCONNECTED from the primary: the connection reads its copies as of the last log they received, and changes made on the primary since are not there until ${name} reconnects and catches up`,
        ),
      ];
