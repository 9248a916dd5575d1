import { stuckCaughtUpCopies } from '../cluster/liveness.js';
import { step } from '../cluster/step.js';
import { type Config, resolveConfig } from '../model/config.js';
import { commitsBlocked, lostAcknowledged, noPrimaryCause } from './questions.js';
import { move, offered, type Position, type SearchSpace } from './search.js';

/**
 * The explorer's figures on small budgets, recorded from the breadth-first search over a set of
 * 53-bit key hashes before the visited stores, the partial-order reduction and the parallel
 * search were added: every store and every way of searching must find the same states and the
 * same answers. The acknowledged-loss traces are shortest (breadth-first), so their lengths are
 * part of the record: with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0 a forced failover after
 * the primary committed alone loses acknowledged commits (S1, "Availability modes"); with 1 the
 * pair cannot lose one, and the three-replica group only through its asynchronous replica.
 */
const replica = (name: string, synchronous: boolean) => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}:5022`,
  availabilityMode: synchronous
    ? ('SYNCHRONOUS_COMMIT' as const)
    : ('ASYNCHRONOUS_COMMIT' as const),
  failoverMode: synchronous ? ('AUTOMATIC' as const) : ('MANUAL' as const),
});
export const group = (rsstc: number, synchronous: number, asynchronous: number) =>
  resolveConfig({
    name: `G${synchronous}${asynchronous}`,
    version: 2019,
    requiredSynchronizedSecondariesToCommit: rsstc,
    databases: ['db1'],
    replicas: [
      ...Array.from({ length: synchronous }, (_, i) => replica(`S${i + 1}`, true)),
      ...Array.from({ length: asynchronous }, (_, i) => replica(`A${i + 1}`, false)),
    ],
  });

export interface Known {
  readonly name: string;
  readonly config: ReturnType<typeof group>;
  readonly faults: number;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /** The shortest acknowledged-loss trace's length, or null for "no". */
  readonly loss: number | null;
  readonly commitsBlocked: boolean;
}

// The counts changed nine times, on purpose. First, a planned failover (and a forced one that behaves
// as planned) came to hand its target every record the old primary hardened, as it always meant
// to; the catch-up had been a no-op because it looked for a serving primary while the group was
// already FAILING_OVER. Then (5 December 2026) the key began to count the forks forced failovers
// start between the copies (core/explore/fork-distances.ts): states it had taken for one differed
// in whether a copy could resume (error 1408), so more states are told apart. Then a planned
// failover became possible with the primary down, to a replica still marked failover ready (S2,
// S44), and a forced one there behaves as planned, suspending no copy. Then RESUME came to need
// the group online (S67), so a copy suspended while no primary serves the group stays suspended
// until one does. Then an old primary that gives up its role with a transaction open came to hold
// log past the new fork point and revert when it reconnects (S63): the search reaches its revert.
// Then a group left failed past the WSFC failure threshold (one failure in six hours for a pair)
// stopped coming online when its old primary's instance restarts (S22: it "remains in a failed
// state until" an administrator brings it online or a manual failover), so the pair's searches
// with two faults reach states where the restarted replica waits for a FAILOVER. Then a copy
// that loses its link in the middle of a revert came to stay REVERTING or INITIALIZING (S63, S44)
// instead of going NOT SYNCHRONIZING as if it had never begun: its states are told apart from
// those of a copy yet to revert, and a forced failover onto it cannot start the database, which
// then stays SUSPECT and moves no data when the group fails over again and it is resumed.
// Then a planned failover came to hand its target only the log it hardened, the rest discarded
// ("performing a failover will cause all unacknowledged log messages to be discarded", S64), and
// an old primary that hardened that log reverts when it reconnects. Then a copy in the middle of
// a revert came to stay REVERTING or INITIALIZING when the group fails over between two other
// replicas (S63, S6), instead of taking the new primary as a copy yet to revert.
// Each time every answer and shortest-trace length stayed the same.
export const KNOWN: readonly Known[] = [
  {
    name: 'pair, RSSTC 0, 2 faults',
    config: group(0, 2, 0),
    faults: 2,
    states: 978,
    transitions: 2291,
    depth: 12,
    loss: 5,
    commitsBlocked: false,
  },
  {
    name: 'pair, RSSTC 1, 2 faults',
    config: group(1, 2, 0),
    faults: 2,
    states: 878,
    transitions: 2044,
    depth: 12,
    loss: null,
    commitsBlocked: true,
  },
  {
    name: 'three replicas, RSSTC 0, 1 fault',
    config: group(0, 2, 1),
    faults: 1,
    states: 436,
    transitions: 966,
    depth: 11,
    loss: 5,
    commitsBlocked: false,
  },
  {
    name: 'three replicas, RSSTC 1, 1 fault',
    config: group(1, 2, 1),
    faults: 1,
    states: 408,
    transitions: 898,
    depth: 11,
    loss: 5,
    commitsBlocked: true,
  },
  {
    name: 'three replicas, RSSTC 0, 2 faults',
    config: group(0, 2, 1),
    faults: 2,
    states: 8800,
    transitions: 25159,
    depth: 17,
    loss: 4,
    commitsBlocked: false,
  },
  {
    name: 'three replicas, RSSTC 1, 2 faults',
    config: group(1, 2, 1),
    faults: 2,
    states: 7974,
    transitions: 22635,
    depth: 17,
    loss: 5,
    commitsBlocked: true,
  },
  {
    name: 'four replicas, RSSTC 0, 1 fault',
    config: group(0, 2, 2),
    faults: 1,
    states: 1160,
    transitions: 3115,
    depth: 14,
    loss: 5,
    commitsBlocked: false,
  },
];

/** What each action does from `p`, in the terms a user's answers are made of. */
export const behaviour = (space: SearchSpace, p: Position): string[] =>
  offered(space, p).map((action) => {
    let cluster = p.cluster;
    const outcomes = action.events.map((event) => {
      const r = step(cluster, event);
      if (r.refused.length > 0)
        return r.refused
          .map((x) => x.code)
          .sort()
          .join('+');
      cluster = r.cluster;
      return 'accepted';
    });
    const m = move(p, action, false);
    if (m === null) return `${action.label}: ${outcomes.join(', ')}`;
    const c = m.position.cluster;
    return [
      `${action.label}: ${outcomes.join(', ')}`,
      `lost ${lostAcknowledged(c, m.observations)}`,
      `no primary ${noPrimaryCause(c)}`,
      `blocked ${commitsBlocked(c)}`,
      `stuck ${stuckCaughtUpCopies(c).length}`,
      `broken ${m.violations.map((v) => v.invariant).join('+')}`,
    ].join('; ');
  });

/**
 * Interchangeable databases share a key when their contents are swapped, and then each action on
 * one stands for the same action on the other: with two or more databases the lines are compared
 * with the databases' names left out, as a sorted list.
 */
export const comparable = (config: Config, lines: string[]): string[] => {
  if (config.databases.length < 2) return lines;
  const names = new RegExp(`\\b(${config.databases.join('|')})\\b`, 'g');
  return lines.map((line) => line.replace(names, 'a database')).sort();
};
