import type { Cluster } from '../cluster/types.js';
import type { Action } from './alphabet.js';
import { replicaIndexOf } from './independence.js';

/**
 * Twins: replicas of one symmetry class whose descriptors in a state's key are equal word for
 * word and whose copies stand at the same positions, fork for fork. Swapping two of them is a
 * symmetry of the state itself, so the same move on either reaches mirror images of one state
 * (almost always one key: docs/checks.md, "Twins"), with the same answers and the same broken
 * invariants: a search takes such a move on one replica of the group and leaves out its mirrors
 * on the others (symmetry of the current state, Emerson and Sistla's reduction applied per state).
 * The key finds the groups for free while it sorts the descriptors (key.ts).
 *
 * The groups of a state fit one 32-bit word, for at most 9 replicas (a primary and eight
 * secondaries): bit i − 1 (i = 1…8) says replica i is the twin of a replica with a lower index,
 * and bits 8 + 3(i − 1) hold its group's first replica, the lowest index (0…7). 0: no twins.
 */
export const NO_TWINS = 0;
export const MAX_TWIN_REPLICAS = 9;

/** The word for `leaders` (each replica's group's first replica, itself when alone). */
export const twinWord = (leaders: Int32Array, n: number): number => {
  if (n > MAX_TWIN_REPLICAS) return NO_TWINS;
  let word = 0;
  for (let i = 1; i < n; i++) {
    const leader = leaders[i]!;
    if (leader !== i) word |= (1 << (i - 1)) | (leader << (8 + 3 * (i - 1)));
  }
  return word >>> 0;
};

/** Each replica's group (its first replica's index), −1 for a replica with no twin. */
export const twinGroups = (word: number, into: Int8Array): void => {
  into.fill(-1);
  for (let i = 1; i < MAX_TWIN_REPLICAS; i++)
    if ((word & (1 << (i - 1))) !== 0) {
      const leader = (word >>> (8 + 3 * (i - 1))) & 7;
      into[i] = leader;
      into[leader] = leader;
    }
};

/** An action's event kinds that a twin has as well: the same move on another replica. */
const SHAPES: Readonly<Record<string, number>> = {
  'log.ship': 0,
  'replica.crash': 1,
  'replica.disconnect': 2,
  'replica.restart': 3,
  'replica.reconnect': 4,
  'ag.failover': 5,
  'ag.forceFailover': 6,
};
const RESUME = 7;
const SHAPE_BITS = 32;

/** The replica a subject (`subjectOf`) names. */
export const subjectReplica = (subject: number): number => Math.floor(subject / SHAPE_BITS);

/** The same move as `subject`, done to `replica` instead. */
export const sameMoveOn = (subject: number, replica: number): number =>
  replica * SHAPE_BITS + (subject % SHAPE_BITS);

const subjects = new WeakMap<Action, number>();

/**
 * The replica an action is done to and what is done, packed (replica × 32 + shape), or −1 for an
 * action that names no single replica (commits, quorum, time) or that a twin need not mirror
 * (forcing quorum is offered on one node only). Actions are made once per configuration, so
 * each is worked out once.
 */
export const subjectOf = (c: Cluster, action: Action): number => {
  const known = subjects.get(action);
  if (known !== undefined) return known;
  const event = action.events[0];
  let subject = -1;
  if (event !== undefined) {
    let shape = -1;
    let replica = '';
    if (event.type === 'db.resume') {
      const d = c.config.databases.indexOf(event.database);
      shape = d >= 0 && RESUME + d < SHAPE_BITS ? RESUME + d : -1;
      replica = event.replica;
    } else if (event.type === 'ag.failover' || event.type === 'ag.forceFailover') {
      shape = SHAPES[event.type]!;
      replica = event.target;
    } else if (
      'replica' in event &&
      event.replica !== undefined &&
      SHAPES[event.type] !== undefined
    ) {
      shape = SHAPES[event.type]!;
      replica = event.replica;
    }
    const r = shape < 0 ? -1 : replicaIndexOf(c, replica);
    subject = r < 0 ? -1 : r * SHAPE_BITS + shape;
  }
  subjects.set(action, subject);
  return subject;
};

/**
 * The moves of one state's expansion, for leaving out mirrors: a move on a replica with twins is
 * a mirror when the same move on one of its group was taken already in this expansion. Only a
 * move taken counts, not one a sleep set left out, so every group's move is taken once.
 */
export class MirroredMoves {
  private readonly groups = new Int8Array(MAX_TWIN_REPLICAS);
  private readonly taken = new Uint32Array(MAX_TWIN_REPLICAS);
  private active = false;

  /** Starts a state's expansion; its twins' word from its key. */
  start(word: number): void {
    this.active = word !== NO_TWINS;
    if (!this.active) return;
    twinGroups(word, this.groups);
    this.taken.fill(0);
  }

  /** Whether the state being expanded has twins at all. */
  hasTwins(): boolean {
    return this.active;
  }

  /** The group of the replica a subject names, −1 when it has no twin (or no subject). */
  groupOf(subject: number): number {
    if (!this.active || subject < 0) return -1;
    return this.groups[subjectReplica(subject)]!;
  }

  /** Whether the move is a mirror of one taken; if not, it is noted as taken. */
  mirrored(subject: number): boolean {
    const group = this.groupOf(subject);
    if (group < 0) return false;
    const bit = 1 << (subject % SHAPE_BITS);
    if ((this.taken[group]! & bit) !== 0) return true;
    this.taken[group] = this.taken[group]! | bit;
    return false;
  }

  /** The replicas that have twins, as a mask by index (0 when none). */
  tiedReplicas(): number {
    if (!this.active) return 0;
    let mask = 0;
    for (let i = 0; i < MAX_TWIN_REPLICAS; i++) if (this.groups[i]! >= 0) mask |= 1 << i;
    return mask;
  }
}
