import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { databaseLog, databaseReplicaFacts } from '../rules/facts-access.js';
import { lookUpPrimary, unknownReason } from '../rules/replica-availability.js';
import { routingReason as because } from './codes.js';

/** How a connection made straight to a secondary meets a copy suspended there. */
export interface SuspendedCopy {
  readonly database: string;
  readonly kind: 'readable' | 'refused' | 'unknown';
  readonly reason: Reason;
}

/**
 * "Suspend an availability database" (S62): a secondary database suspended on its replica takes no
 * new connections, but "this behavior only applies when connections are opened using listener and
 * read-only routing"; one opened straight to the replica reads "data that was available at the
 * time the data movement was suspended". A copy stopped by the primary's suspension takes new
 * connections too, whatever reason the secondary shows (as routing reads it). Otherwise a
 * suspension by a forced failover refuses them: "connections to the new secondary replica are not
 * allowed while data movement is suspended" (S50); one after an error (redo, undo, …) keeps
 * refusing, as S50 says of every suspended copy. SQL Server 2012 keeps S50's refusal for every
 * suspended copy: the exemption came with a later change ("behavior changes on AG suspended
 * readable secondary", filed for SQL Server 2014's behavior changes, sql-docs pull request #4369).
 */
export const suspendedCopy = (
  facts: ClusterFacts,
  name: string,
  database: string,
): SuspendedCopy => {
  const own = databaseReplicaFacts(facts, name, database)?.suspendReason ?? null;
  const lookup = lookUpPrimary(facts);
  const primary = lookup.kind === 'known' ? lookup.name : null;
  const atPrimary =
    primary === null ? null : (databaseReplicaFacts(facts, primary, database)?.isSuspended ?? null);
  const readable = (message: string): SuspendedCopy => ({
    database,
    kind: 'readable',
    reason: because('CONNECT_SUSPENDED_DATABASE_READABLE', message),
  });
  if (facts.config.version === 2012)
    return {
      database,
      kind: 'refused',
      reason: because(
        'CONNECT_DATABASE_SUSPENDED',
        `${database} is suspended on ${name}: in SQL Server 2012 a suspended secondary database refuses new connections`,
      ),
    };
  if (own === 'SUSPEND_FROM_USER')
    return readable(
      `${database} is suspended on ${name} (SUSPEND_FROM_USER): a connection made straight to ${name} still opens it and reads the data as of the suspension; only read-only routing through the listener passes it by`,
    );
  if (atPrimary === true)
    return readable(
      `${database} is suspended on the primary ${primary}, which stops it on ${name}: new connections to the readable secondary can still be made`,
    );
  if (own === null)
    return {
      database,
      kind: 'unknown',
      reason: unknownReason(
        'UNKNOWN_SUSPEND_REASON',
        `why ${database} is suspended on ${name}: suspended by a user, or by the primary's suspension, it still takes a connection made straight to it; after a forced failover it does not`,
      ),
    };
  if (atPrimary === null)
    return {
      database,
      kind: 'unknown',
      reason: unknownReason(
        'UNKNOWN_SUSPENDED',
        `whether ${database} is suspended on the primary${primary === null ? '' : ` ${primary}`}, which would leave ${name}'s copy open to new connections`,
      ),
    };
  return {
    database,
    kind: 'refused',
    reason: because(
      'CONNECT_DATABASE_SUSPENDED',
      own === 'SUSPEND_FROM_PARTNER'
        ? `${database} is suspended on ${name} after a forced failover (SUSPEND_FROM_PARTNER): connections to it are not allowed while data movement is suspended`
        : `${database} is suspended on ${name} (${own}): a suspended secondary database refuses new connections`,
    ),
  };
};

/**
 * Whether a simulated cluster knows `name`'s copy of `database` to be stopped only by the
 * primary's SUSPEND (no SET HADR SUSPEND ran on `name`): "existing connections on a readable
 * secondary remain usable and new connections can be made" (S62, Primary database). A snapshot
 * does not say it: suspend_reason_desc decides there.
 */
export const stoppedByPrimaryOnly = (
  facts: ClusterFacts,
  name: string,
  database: string,
): boolean => databaseLog(facts, database)?.stoppedByPrimaryOnly?.includes(name) === true;
