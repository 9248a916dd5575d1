import type { ClusterFacts } from '../model/facts.js';
import { type Reason, unknownReason } from '../model/source.js';
import { isGroupDatabase, sameName } from '../rules/facts-access.js';
import { ROUTING_REASONS } from './codes.js';

/**
 * A connection string that names a database of the group in another case ('salesdb' for SalesDB).
 * "Identifiers of instance-level objects, such as logins and database names, are assigned the
 * default collation of the instance" (S204): under a case-insensitive collation the login opens
 * the group's database, as the Always On connectivity cheat sheet shows (S205: Msg 978 names
 * 'salesdb', Msg 979 'SalesDb', Msg 982 'SalesDB', each refused as a database of the group); under
 * a case-sensitive one it is another database, outside the group. The snapshot holds no collation.
 */

/** The group's database `database` names in another case; none where it names one exactly. */
export const groupDatabaseInOtherCase = (
  facts: ClusterFacts,
  database: string,
): string | undefined => {
  const config = facts.config;
  if (isGroupDatabase(config, database)) return undefined;
  const matches = config.databases.filter((d) => sameName(d, database));
  // Two group databases that differ in case alone exist only under a case-sensitive collation.
  return matches.length === 1 ? matches[0] : undefined;
};

interface Landing {
  readonly outcome: string;
  readonly replica?: string;
}

const landing = (a: Landing): string =>
  a.replica === undefined || a.outcome === 'refused' || a.outcome === 'unknown'
    ? a.outcome
    : `${a.outcome} ${a.outcome === 'connected' ? 'on' : 'to'} ${a.replica}`;

/** Whether both readings land the login alike (as for a login's default database, §3). */
export const sameLanding = (a: Landing, b: Landing): boolean =>
  a.outcome === b.outcome && a.replica === b.replica;

/**
 * The reason a connection is unknown when the two readings differ: the instances whose collation
 * settles it are the replica named, or, through the listener, the primary that routes the login.
 */
export const databaseCaseReason = (
  facts: ClusterFacts,
  named: string,
  database: string,
  inGroup: Landing,
  outside: Landing,
  instances: string,
): Reason =>
  unknownReason(
    'CONNECTION_DATABASE_CASE_UNKNOWN',
    `unknown: the connection names ${named}, which differs from ${facts.config.name}'s database ${database} in case alone; database names take the instance's collation: under a case-insensitive one the login opens ${database}, which gives ${landing(inGroup)}; under a case-sensitive one ${named} is another database, outside the group, which gives ${landing(outside)}`,
    ROUTING_REASONS.CONNECTION_DATABASE_CASE_UNKNOWN,
    [
      `SERVERPROPERTY('Collation') on ${instances} (_CI_: case-insensitive, _CS_: case-sensitive)`,
      `SELECT name FROM sys.databases WHERE name = N'${named.replaceAll("'", "''")}' on ${instances}`,
    ],
  );
