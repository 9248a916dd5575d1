import { findReplica, replicaVersion } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { type Reason, reason, source } from '../model/source.js';

const UPGRADE_ON_FAILOVER = source(
  'S64',
  'after the initial failover to a secondary replica running a newer version of SQL Server, the databases run through an upgrade process',
);

/**
 * A failover from a primary on an earlier major version to a replica on a later one, the first of
 * a rolling upgrade: "after the initial failover to a secondary replica running a newer version of
 * SQL Server, the databases in that AG will run through an upgrade process to bring them to the
 * latest version. During this time, there will be no readable replicas for any of these databases.
 * Downtime after the initial failover will depend on the number of databases in the AG. If you
 * plan on failing back to the original primary, this step won't be repeated when you fail back"
 * (S64, ms.date 11/02/2022). The databases last ran on the old primary's version, so a failover
 * between replicas on the same version (the failback once the old primary is upgraded) upgrades
 * nothing. How long the upgrade takes is not modelled.
 */
export const databasesUpgradedOnFailover = (
  c: Cluster,
  from: string | null,
  to: string,
): Reason | undefined => {
  const old = from === null ? undefined : findReplica(c, from);
  const target = findReplica(c, to);
  if (old === undefined || target === undefined) return undefined;
  const before = replicaVersion(c, old);
  const after = replicaVersion(c, target);
  const databases = c.config.databases;
  if (after <= before || databases.length === 0) return undefined;
  const count = databases.length === 1 ? 'one database' : `${databases.length} databases`;
  return reason(
    'DATABASES_UPGRADED_ON_FAILOVER',
    `${to} runs SQL Server ${after} and the databases of ${c.config.name} last ran on ${before} (${from}): on this first failover to the newer version they run through an upgrade to ${after} as ${to} brings them online (${databases.join(', ')}); "During this time, there will be no readable replicas for any of these databases", and the downtime depends on the number of databases (${count}). A failback to ${from} once it runs ${after} does not repeat it`,
    UPGRADE_ON_FAILOVER,
  );
};
