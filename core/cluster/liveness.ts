import { isPrefixOf } from '../log/lineage.js';
import { isSynchronousCommitPair } from '../log/synchronization.js';
import {
  connectedState,
  copyPhase,
  isReplicaUp,
  joinedState,
  primaryReplica,
  replicaRole,
  synchronizationState,
} from './select.js';
import { step } from './step.js';
import type { Cluster } from './types.js';

/**
 * Liveness of SYNCHRONIZED (S1 R-SYNC-1): a synchronous secondary that is running, connected and
 * not suspended, and whose hardened log equals the primary's, must reach SYNCHRONIZED without any
 * further commit. These are the copies that meet the premise now; none does while the primary's
 * log comes from a lower major version, where every secondary copy stays SYNCHRONIZING (S43).
 */
export const caughtUpSynchronousCopies = (
  c: Cluster,
): readonly { readonly replica: string; readonly database: string }[] => {
  const primary = primaryReplica(c);
  if (primary === undefined || !isReplicaUp(primary) || c.logFromVersion !== undefined) return [];
  const mode = (name: string) => c.config.replicas.find((r) => r.name === name)?.availabilityMode;
  const primaryMode = mode(primary.name);
  const out: { replica: string; database: string }[] = [];
  for (const r of c.replicas) {
    const replicaMode = mode(r.name);
    if (
      r.name === primary.name ||
      primaryMode === undefined ||
      replicaMode === undefined ||
      !isSynchronousCommitPair(primaryMode, replicaMode) ||
      !isReplicaUp(r) ||
      replicaRole(r) !== 'SECONDARY' ||
      connectedState(r) !== 'CONNECTED' ||
      r.linkDownSinceMs !== null
    )
      continue;
    for (const database in r.databases) {
      const copy = r.databases[database]!;
      const primaryCopy = primary.databases[database];
      if (primaryCopy === undefined || copyPhase(primaryCopy) !== 'JOINED') continue;
      // A database that is not ONLINE on either end moves no data (it failed to start, S44).
      if (primaryCopy.notOnline !== undefined || copy.notOnline !== undefined) continue;
      if (copyPhase(copy) !== 'JOINED' || joinedState(copy) === 'SUSPENDED') continue;
      if (joinedState(primaryCopy) === 'SUSPENDED') continue;
      const end = primaryCopy.hardened;
      const forks = c.logs[database]?.forks ?? [];
      if (copy.hardened.lsn === end.lsn && isPrefixOf(forks, end, copy.hardened))
        out.push({ replica: r.name, database });
    }
  }
  return out;
};

/**
 * The caught-up synchronous copies that stay out of SYNCHRONIZED even after the log that is
 * already theirs is delivered (ship and harden, no commit): each is a stuck state.
 */
export const stuckCaughtUpCopies = (
  c: Cluster,
): readonly { readonly replica: string; readonly database: string; readonly state: string }[] =>
  caughtUpSynchronousCopies(c).flatMap(({ replica, database }) => {
    const now = c.replicas.find((x) => x.name === replica)?.databases[database];
    if (now !== undefined && synchronizationState(now) === 'SYNCHRONIZED') return [];
    let next = c;
    for (const type of ['log.ship', 'log.harden'] as const) {
      const r = step(next, { type, replica, database });
      if (r.refused.length === 0) next = r.cluster;
    }
    const copy = next.replicas.find((x) => x.name === replica)?.databases[database];
    const state = copy === undefined ? null : synchronizationState(copy);
    return state === 'SYNCHRONIZED' ? [] : [{ replica, database, state: String(state) }];
  });
