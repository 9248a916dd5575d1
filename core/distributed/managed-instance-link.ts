import type { Config } from '../model/config.js';
import { atOrAfter, BUILDS, type BuildKnowledge } from '../validation/builds.js';
import { parseLinkUrl } from '../validation/urls.js';

/**
 * A distributed group that is a Managed Instance link: one member's LISTENER_URL in the link form
 * `tcp://<managed instance FQDN>:5022;Server=[<name>]` (S83). Its failover is the link's own
 * ("Fail over link", S104), not S58's sequence between two SQL Server groups: a planned failover
 * is `ALTER AVAILABILITY GROUP [<DAGname>] FAILOVER` on the primary replica, by Transact-SQL from
 * SQL Server 2022 CU13 (KB5036432), otherwise with SSMS's "Failover between SQL Server and
 * Managed Instance" wizard, which on SQL Server 2019 and earlier "breaks and removes the link".
 */

export interface ManagedInstanceLink {
  /** The member group on the managed instance (the one whose LISTENER_URL is in the link form). */
  readonly managedInstance: string;
  /** The link's failover runs by Transact-SQL: SQL Server 2022 CU13 or later ('unknown': the build is not known). */
  readonly tsql: boolean | 'unknown';
  /** SQL Server 2019 and earlier: failing over breaks and removes the link, with no failing back. */
  readonly removesLink: boolean;
}

/** The link, when the group is one; `release` is the SQL Server side's version and build. */
export const managedInstanceLink = (
  config: Config,
  release: BuildKnowledge,
): ManagedInstanceLink | undefined => {
  const member = config.members.find((m) => parseLinkUrl(m.listenerUrl) !== undefined);
  if (member === undefined) return undefined;
  return {
    managedInstance: member.name,
    tsql: atOrAfter(release, BUILDS.SQL2022_CU13),
    removesLink: release.version < 2022,
  };
};
