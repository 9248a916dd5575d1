import { sendCopy } from '../cluster/ops.js';
import {
  behindUpgradedPrimary,
  connectedState,
  copyPhase,
  isReplicaUp,
  joinedState,
  primaryReplica,
  replicaRole,
} from '../cluster/select.js';
import type { Cluster, DatabaseCopy } from '../cluster/types.js';
import type { AvailabilityMode } from '../model/enums.js';
import { isPrefixOf } from './lineage.js';
import { synchronizedFacts } from './log-step.js';
import { canBeSynchronized } from './synchronization.js';

/**
 * No copy is left behind by the path that brought it here. On a secondary whose session with the
 * primary is up, a joined copy that is neither suspended nor reverting moves data
 * (sys.dm_hadr_database_replica_states, S6: NOT SYNCHRONIZING means a connection problem,
 * suspension or a transient state); and a synchronous copy whose hardened log already equals the
 * primary's end of log is SYNCHRONIZED at once, with nothing left to send (S1 R-SYNC-1). Resume,
 * reconnect, mode changes, a finished revert or seeding all end here, so none can leave a copy
 * stuck.
 */
export const synchronizeCaughtUp = (c: Cluster): Cluster => {
  const primary = primaryReplica(c);
  if (primary === undefined || !isReplicaUp(primary)) return c;
  const primaryMode = availabilityModeOf(c, primary.name);
  let next = c;
  for (const r of c.replicas) {
    if (r.name === primary.name || !isReplicaUp(r) || replicaRole(r) !== 'SECONDARY') continue;
    // A secondary on an earlier major version than the primary gets no log: its data movement is
    // suspended ("When data movement to a secondary replica is suspended, no automatic failover
    // can occur for that replica", S64) until it is upgraded and resumed.
    if (behindUpgradedPrimary(c, primary, r)) {
      next = suspendBehindUpgrade(next, r.name);
      continue;
    }
    // Both ends synchronous-commit: without it no copy of r can be SYNCHRONIZED (S1); nor while
    // the primary's log comes from a lower major version (S43).
    const synchronousPair =
      c.logFromVersion === undefined &&
      primaryMode === 'SYNCHRONOUS_COMMIT' &&
      availabilityModeOf(c, r.name) === 'SYNCHRONOUS_COMMIT';
    const session = connectedState(r) === 'CONNECTED';
    // A copy still reporting SYNCHRONIZED from a primary role its replica no longer holds (an
    // old primary demoted under CLUSTER_TYPE NONE) starts over as a secondary copy (R-SYNC-5).
    // Until SESSION_TIMEOUT a broken link keeps the session, and the copy its state.
    if (!(synchronousPair && session))
      for (const database in r.databases)
        if (joinedState(r.databases[database]!) === 'SYNCHRONIZED')
          next = sendCopy(next, r.name, database, { type: 'role.secondary' });
    if (!session || r.linkDownSinceMs !== null) continue;
    for (const database in r.databases) {
      const primaryCopy = primary.databases[database];
      if (
        primaryCopy === undefined ||
        copyPhase(primaryCopy) !== 'JOINED' ||
        primaryCopy.notOnline !== undefined
      )
        continue;
      // Until a copy is sent an event, the cluster is the one the loop began with: read r itself.
      let now = next === c ? r.databases[database] : copyOf(next, r.name, database);
      // A copy out of ONLINE (SUSPECT: it failed to start as a primary, S44) moves no data, as
      // connectSecondary leaves it (core/log/connect.ts): it is never caught up.
      if (now === undefined || now.notOnline !== undefined) continue;
      if (joinedState(now) === 'NOT_SYNCHRONIZING') {
        const forks = next.logs[database]?.forks ?? [];
        const diverged = !isPrefixOf(forks, now.hardened, primaryCopy.hardened);
        next = sendCopy(next, r.name, database, { type: 'link.connected', diverged });
        now = copyOf(next, r.name, database);
      }
      if (now === undefined || joinedState(now) !== 'SYNCHRONIZING') continue;
      // Not synchronous, or behind the primary's end: the facts would say no (R-SYNC-1).
      if (!synchronousPair || now.hardened.lsn < primaryCopy.hardened.lsn) continue;
      const facts = synchronizedFacts(next, r.name, database);
      if (canBeSynchronized(facts))
        next = sendCopy(next, r.name, database, { type: 'log.hardened', facts });
    }
  }
  return next;
};

/**
 * Every joined copy of `replica` not suspended already is suspended. Which suspend_reason_desc
 * SQL Server shows for it no source says: NULL, as for a copy suspended from the primary.
 */
const suspendBehindUpgrade = (c: Cluster, replica: string): Cluster => {
  let next = c;
  const r = c.replicas.find((x) => x.name === replica)!;
  for (const database in r.databases) {
    const copy = r.databases[database]!;
    if (copyPhase(copy) !== 'JOINED' || joinedState(copy) === 'SUSPENDED') continue;
    next = sendCopy(next, replica, database, { type: 'db.suspend', reason: null });
  }
  return next;
};

const copyOf = (c: Cluster, replica: string, database: string): DatabaseCopy | undefined => {
  for (const r of c.replicas) if (r.name === replica) return r.databases[database];
  return undefined;
};

/** The configured availability mode, as synchronizedFacts reads it. */
const availabilityModeOf = (c: Cluster, name: string): AvailabilityMode | undefined => {
  for (const r of c.config.replicas) if (r.name === name) return r.availabilityMode;
  return undefined;
};
