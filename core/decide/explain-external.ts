import { externalVoters } from '../failover/external-checks.js';
import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';

/**
 * CLUSTER_TYPE = EXTERNAL: how many of the replicas Pacemaker counts may be down besides the
 * failed primary for an automatic failover to happen. The resource agent promotes only when
 * floor(n / 2) + 1 of the n synchronous-commit and configuration-only replicas answer the
 * pre-promote notification (S29, S53), and the failed primary does not; S29's tables give the
 * outcome: "One secondary replica outage: Primary is R/W. No automatic failover if primary fails
 * as well" (three synchronous replicas), "Configuration only replica outage: Primary is R/W. No
 * automatic failover if primary fails as well" (two synchronous replicas and a configuration-only
 * replica).
 */
export const externalAutomaticNeedsOthers = (config: Config): Reason | null => {
  if (config.clusterType !== 'EXTERNAL') return null;
  const voters = externalVoters(config);
  const needed = Math.floor(voters.length / 2) + 1;
  const others = voters.length - 1;
  const spare = others - needed;
  const counted = `Pacemaker's resource agent manages the group: it promotes a replica only when ${needed} of the ${voters.length} synchronous-commit and configuration-only replicas (${voters.map((x) => x.name).join(', ')}) answer its pre-promote notification, and a failed primary does not answer`;
  const outcome =
    spare === 0
      ? `so an automatic failover needs every other one of them running: while one is down, a failure of the primary fails over to nobody until it is back ("No automatic failover if primary fails as well")`
      : `so an automatic failover needs ${needed} of the other ${others} running: while more than ${spare} of them ${spare === 1 ? 'is' : 'are'} down, a failure of the primary fails over to nobody until enough are back`;
  return reason(
    'EXTERNAL_AUTOMATIC_NEEDS_OTHERS',
    `CLUSTER_TYPE = EXTERNAL, where ${counted}, ${outcome}`,
    source(
      'S29',
      'Three synchronous replicas, "One secondary replica outage"; two synchronous replicas and a configuration only replica, "Configuration only replica outage": "No automatic failover if primary fails as well"',
    ),
  );
};

/**
 * CLUSTER_TYPE = EXTERNAL: SQL Server cannot tell the cluster that a database left ONLINE, so
 * database-level health is watched from outside (S30, "Database level monitoring and failover
 * trigger"): with DB_FAILOVER = ON the cluster reads sys.databases on each monitor action.
 */
export const externalDatabaseHealth = (config: Config): Reason | null => {
  if (config.clusterType !== 'EXTERNAL') return null;
  const rule = source(
    'S30',
    'Database level monitoring and failover trigger: "Monitoring for database health is done "outside-in""',
  );
  return config.dbFailover === 'ON'
    ? reason(
        'EXTERNAL_DB_FAILOVER_MONITORED',
        'DB_FAILOVER = ON under CLUSTER_TYPE = EXTERNAL: SQL Server does not signal the cluster; the cluster manager queries the state of each database of the group in sys.databases on the primary every time it runs a monitoring action, and for any state other than ONLINE (suspect, recovery pending, offline) fails the group over automatically if the automatic failover conditions are met; when depends on the frequency of the monitoring action and on sys.databases showing the new state',
        rule,
      )
    : reason(
        'DB_FAILOVER_OFF',
        'DB_FAILOVER = OFF: the cluster manager does not check the state of the databases, so a database that leaves ONLINE on the primary (suspect, recovery pending, offline) fails nothing over; the group stays where it is with that database unavailable',
        rule,
      );
};
