import { sendCopy } from '../cluster/ops.js';
import {
  connectedState,
  copyPhase,
  isReplicaUp,
  joinedState,
  primaryReplica,
  replicaRole,
} from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
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
  let next = c;
  for (const r of c.replicas) {
    if (r.name === primary.name || !isReplicaUp(r) || replicaRole(r) !== 'SECONDARY') continue;
    // A copy still reporting SYNCHRONIZED from a primary role its replica no longer holds (an
    // old primary demoted under CLUSTER_TYPE NONE) starts over as a secondary copy (R-SYNC-5).
    for (const [database, copy] of Object.entries(r.databases)) {
      if (joinedState(copy) !== 'SYNCHRONIZED') continue;
      // Until SESSION_TIMEOUT a broken link keeps the session, and the copy its state.
      const f = synchronizedFacts(next, r.name, database);
      const session = connectedState(r) === 'CONNECTED';
      if (!canBeSynchronized({ ...f, connected: session, caughtUp: true }))
        next = sendCopy(next, r.name, database, { type: 'role.secondary' });
    }
    if (connectedState(r) !== 'CONNECTED' || r.linkDownSinceMs !== null) continue;
    for (const database of Object.keys(r.databases)) {
      const primaryCopy = primary.databases[database];
      if (primaryCopy === undefined || copyPhase(primaryCopy) !== 'JOINED') continue;
      const current = next.replicas.find((x) => x.name === r.name)?.databases[database];
      if (current !== undefined && joinedState(current) === 'NOT_SYNCHRONIZING') {
        const forks = next.logs[database]?.forks ?? [];
        const diverged = !isPrefixOf(forks, current.hardened, primaryCopy.hardened);
        next = sendCopy(next, r.name, database, { type: 'link.connected', diverged });
      }
      const now = next.replicas.find((x) => x.name === r.name)?.databases[database];
      if (now === undefined || joinedState(now) !== 'SYNCHRONIZING') continue;
      const facts = synchronizedFacts(next, r.name, database);
      if (canBeSynchronized(facts))
        next = sendCopy(next, r.name, database, { type: 'log.hardened', facts });
    }
  }
  return next;
};
