import type { Cluster } from '../cluster/types.js';
import type { Replica } from '../model/config.js';
import type { Action } from './alphabet.js';

/**
 * Which of the explorer's actions are independent, for the partial-order reduction (sleep sets,
 * core/explore/breadth-first.ts). Two actions are independent when, in every state where both
 * are offered, each is still offered after the other and both orders reach the same state.
 *
 * Only the actions below take part; every other action counts as dependent on everything, which
 * costs reduction and never soundness:
 * - log delivery (ship and harden) to one replica: it moves that replica's log and may settle the
 *   primary's waiting commits, which depend on which replicas hardened, not in which order;
 * - a crashed replica's restart and a broken link's reconnection: each changes its own replica
 *   (a restart or reconnection never hardens log, and commits wait on hardening); not the restart
 *   of an old primary marked to recover as a primary (CLUSTER_TYPE NONE), which meets time;
 * - quorum regained, which changes the cluster's quorum region alone;
 * - time passing to the session timeout: it turns links that are already down into
 *   disconnections, which a delivery (offered only on a working link) or a restart never meets;
 *   not where REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is above 0 (see reductionId).
 * Delivery against quorum regained, and reconnection against time, are dependent: a reconnection
 * cancels the timeout, and a delivery under a forced quorum was never met often enough to call.
 *
 * properties/independence.test.ts checks the relation state by state (both orders, same key) on
 * random walks of many configurations; core/explore/reduction.test.ts compares whole searches with
 * and without the reduction. docs/checks.md has the argument.
 */

/** An action's number in the reduction, by replica index: 0–8 delivery, 9–17 restart, 18–26 reconnection. */
const DELIVER = 0;
const RESTART = 9;
const RECONNECT = 18;
const QUORUM_REGAINED = 27;
const TIME = 28;
/** The highest replica count the numbering covers (a primary and eight secondaries: R-LIM). */
export const MAX_REDUCED_REPLICAS = 9;
export const SLEEP_BITS = (1 << 29) - 1;

const replicaIndexes = new WeakMap<readonly Replica[], ReadonlyMap<string, number>>();
/** A replica's index in the configuration, −1 for a name it does not hold. */
export const replicaIndexOf = (c: Cluster, name: string): number => {
  let known = replicaIndexes.get(c.config.replicas);
  if (known === undefined) {
    known = new Map(c.config.replicas.map((r, i) => [r.name, i]));
    replicaIndexes.set(c.config.replicas, known);
  }
  return known.get(name) ?? -1;
};

/** The action's number, or −1 when it takes no part in the reduction. */
export const reductionId = (c: Cluster, action: Action): number => {
  const event = action.events[0];
  if (event === undefined || c.replicas.length > MAX_REDUCED_REPLICAS) return -1;
  switch (event.type) {
    case 'log.ship':
      return DELIVER + replicaIndexOf(c, event.replica);
    case 'replica.restart':
      // CLUSTER_TYPE NONE: an old primary that recovers as a primary (S45) takes the role beside
      // the group's and connects to nothing, so its restart meets time passing (its link may be
      // down) and the new primary's restart: dependent on everything.
      return c.replicas.some((r) => r.recoversAsPrimary && r.name === event.replica)
        ? -1
        : RESTART + replicaIndexOf(c, event.replica);
    case 'replica.reconnect':
      return RECONNECT + replicaIndexOf(c, event.replica);
    case 'quorum.regained':
      return QUORUM_REGAINED;
    case 'time.advance':
      // With REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT above 0, a session timeout lowers the
      // count of synchronized secondaries a commit needs, so a delivery before it acknowledges
      // what one after it cannot: dependent on everything.
      return c.config.requiredSynchronizedSecondariesToCommit > 0 ? -1 : TIME;
    default:
      return -1;
  }
};

const kindOf = (id: number): 'deliver' | 'restart' | 'reconnect' | 'quorum' | 'time' =>
  id < RESTART
    ? 'deliver'
    : id < RECONNECT
      ? 'restart'
      : id < QUORUM_REGAINED
        ? 'reconnect'
        : id === QUORUM_REGAINED
          ? 'quorum'
          : 'time';

const DEPENDENT_KINDS = new Set([
  'deliver:quorum',
  'quorum:deliver',
  'reconnect:time',
  'time:reconnect',
]);

/** Whether two actions (by number) are independent. */
export const independent = (a: number, b: number): boolean =>
  a !== b && !DEPENDENT_KINDS.has(`${kindOf(a)}:${kindOf(b)}`);

/** For each action number, the mask of the numbers independent of it. */
export const INDEPENDENT_OF: readonly number[] = Array.from({ length: TIME + 1 }, (_, a) => {
  let mask = 0;
  for (let b = 0; b <= TIME; b++) if (independent(a, b)) mask |= 1 << b;
  return mask;
});

/**
 * Moves a mask between frames: `slots[at + i]` is replica i's place in the canonical key (a
 * search keeps every state's places in one array). A replica's three numbers move with it; quorum
 * and time have no replica.
 */
export const toCanonical = (
  mask: number,
  slots: Uint8Array,
  at: number,
  replicas: number,
): number => moveBetweenFrames(mask, slots, at, replicas, true);

export const fromCanonical = (
  mask: number,
  slots: Uint8Array,
  at: number,
  replicas: number,
): number => moveBetweenFrames(mask, slots, at, replicas, false);

const moveBetweenFrames = (
  mask: number,
  slots: Uint8Array,
  at: number,
  replicas: number,
  toKey: boolean,
): number => {
  if (mask === 0) return 0;
  let out = mask & WITHOUT_REPLICA;
  for (let i = 0; i < replicas; i++) {
    const place = slots[at + i]!;
    out |= toKey ? replicaBits(mask, i, place) : replicaBits(mask, place, i);
  }
  return out;
};

const WITHOUT_REPLICA = (1 << QUORUM_REGAINED) | (1 << TIME);

/** The numbers of the moves on the replicas of `replicas` (a mask by index). */
export const tiedMoves = (replicas: number): number => {
  let out = 0;
  for (let i = 0; i < MAX_REDUCED_REPLICAS; i++)
    if ((replicas & (1 << i)) !== 0)
      out |= (1 << (DELIVER + i)) | (1 << (RESTART + i)) | (1 << (RECONNECT + i));
  return out;
};

/** Replica `from`'s numbers in `mask`, moved to replica `to`'s. */
const replicaBits = (mask: number, from: number, to: number): number => {
  let out = 0;
  if ((mask & (1 << (DELIVER + from))) !== 0) out |= 1 << (DELIVER + to);
  if ((mask & (1 << (RESTART + from))) !== 0) out |= 1 << (RESTART + to);
  if ((mask & (1 << (RECONNECT + from))) !== 0) out |= 1 << (RECONNECT + to);
  return out;
};
