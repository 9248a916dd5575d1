import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { databaseReplicaFacts, isGroupDatabase } from '../rules/facts-access.js';
import { databasesFor } from '../rules/replica-availability.js';
import { routingReason as because } from './codes.js';

/**
 * A login that lands on the primary opens its database there: "The instance of SQL Server will
 * verify the state of the targeted database … If the target database is offline or in a
 * transitional state, connectivity to the database will fail", through the listener or not
 * (S15, Bypass listeners). One reason per database the connection touches whose copy on the
 * primary shows a state other than ONLINE; a state the snapshot does not show refuses nothing,
 * as for commits (core/log/commit.ts).
 */
export const primaryDatabaseRefusals = (
  facts: ClusterFacts,
  primary: string,
  database: string | undefined,
): readonly Reason[] =>
  (database !== undefined && !isGroupDatabase(facts.config, database)
    ? []
    : databasesFor(facts, database)
  ).flatMap((db) => {
    const state = databaseReplicaFacts(facts, primary, db)?.databaseState ?? null;
    return state === null || state === 'ONLINE'
      ? []
      : [
          because(
            'CONNECT_PRIMARY_DATABASE_NOT_ONLINE',
            `${db} is ${state} on the primary ${primary}, not ONLINE: the login to it fails there`,
          ),
        ];
  });
