import { mapCopies, sendAllCopies, sendReplica, updateReplica, withCopy } from '../cluster/ops.js';
import {
  connectedState,
  copyPhase,
  isReplicaUp,
  joinedState,
  primaryReplica,
  replicaRole,
} from '../cluster/select.js';
import type { Cluster, DatabaseCopy } from '../cluster/types.js';
import { isPrefixOf } from './lineage.js';
import { synchronizedFacts } from './log-step.js';

/**
 * Sessions between a secondary and the primary. On connecting, the secondary reports its end of
 * log and the primary sends log from there; a copy whose log ran past the primary's fork point
 * reverts first (SEED004; ag-rules §3.10).
 */

/** Connect a secondary to the primary if it can: running, SECONDARY, network up, and a primary exists. */
export const connectSecondary = (c: Cluster, name: string): Cluster => {
  const primary = primaryReplica(c);
  const r = c.replicas.find((x) => x.name === name);
  if (
    primary === undefined ||
    r === undefined ||
    r.name === primary.name ||
    !isReplicaUp(r) ||
    !isReplicaUp(primary) ||
    replicaRole(r) !== 'SECONDARY' ||
    r.linkDownSinceMs !== null ||
    connectedState(r) === 'CONNECTED'
  ) {
    return c;
  }
  // Log received from an earlier primary that the current one does not have is discarded: the
  // new session starts from what the secondary hardened.
  const isStale = (db: string, copy: DatabaseCopy): boolean => {
    const primaryEnd = primary.databases[db]?.hardened;
    const forks = c.logs[db]?.forks ?? [];
    return primaryEnd !== undefined && !isPrefixOf(forks, copy.received, primaryEnd);
  };
  // Most sessions start with nothing stale: then the replica stays as it is.
  let next = updateReplica(c, name, (x) =>
    mapCopies(x, (copy, db) =>
      isStale(db, copy) ? withCopy(copy, { received: copy.hardened }) : copy,
    ),
  );
  next = sendReplica(next, name, { type: 'link.connected' });
  next = sendAllCopies(next, name, (db, copy) => {
    const primaryCopy = primary.databases[db];
    // A database that left ONLINE moves no data until its instance restarts.
    if (
      primaryCopy === undefined ||
      primaryCopy.notOnline !== undefined ||
      copyPhase(copy) !== 'JOINED' ||
      copy.notOnline !== undefined
    )
      return null;
    const forks = c.logs[db]?.forks ?? [];
    return {
      type: 'link.connected',
      diverged: !isPrefixOf(forks, copy.hardened, primaryCopy.hardened),
    };
  });
  // A copy that reports an end of log equal to the primary's is synchronized at once.
  const connected = next;
  return sendAllCopies(connected, name, (db, copy) =>
    joinedState(copy) === 'SYNCHRONIZING'
      ? { type: 'log.hardened', facts: synchronizedFacts(connected, name, db) }
      : null,
  );
};

/** Close a secondary's session with the primary: DISCONNECTED, its copies NOT SYNCHRONIZING. */
export const disconnectSecondary = (c: Cluster, name: string, dropUnhardened: boolean): Cluster => {
  let next = sendReplica(c, name, { type: 'link.lost' });
  next = sendAllCopies(next, name, () => ({ type: 'link.lost' }));
  if (!dropUnhardened) return next;
  // A crashed instance keeps only what it hardened.
  // Most copies hardened all they received: then the replica stays as it is.
  return updateReplica(next, name, (r) =>
    mapCopies(r, (copy) =>
      copy.received.lsn === copy.hardened.lsn ? copy : withCopy(copy, { received: copy.hardened }),
    ),
  );
};

/** Reconnect every secondary that can connect (after a role change or a restart). */
export const connectAllSecondaries = (c: Cluster): Cluster =>
  c.replicas.reduce((acc, r) => connectSecondary(acc, r.name), c);
