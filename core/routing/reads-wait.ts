import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { databaseLog } from '../rules/facts-access.js';
import { routingReason as because } from './codes.js';

/**
 * A secondary made readable while transactions were open on the primary takes the login, but its
 * queries on that database are blocked until those transactions commit or roll back: 'Offload
 * read-only workload to secondary replica' (S16), Limitations and restrictions. Only a simulated
 * cluster knows when a replica was made readable (DatabaseLogFacts.readsWaitFor).
 */
export const readsWaitingFor = (
  facts: ClusterFacts,
  replica: string,
  databases: readonly string[],
): readonly Reason[] =>
  databases.flatMap((database) => {
    const waits = databaseLog(facts, database)?.readsWaitFor;
    const open = waits !== undefined && Object.hasOwn(waits, replica) ? waits[replica]! : 0;
    return open === 0
      ? []
      : [
          because(
            'READS_WAIT_FOR_OPEN_TRANSACTIONS',
            `${replica} was made readable while ${open === 1 ? 'a transaction was' : `${open} transactions were`} open on ${database} on the primary, and ${open === 1 ? 'it is' : 'they are'} still open: the connection is made, but its queries on ${database} are blocked (wait type HADR_DATABASE_WAIT_FOR_TRANSITION_TO_VERSIONING) until ${open === 1 ? 'it commits or rolls back' : 'they commit or roll back'} and ${replica} has redone that`,
          ),
        ];
  });
