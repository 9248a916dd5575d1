import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastTwins } from '../core/explore/key.js';
import { lostAcknowledged } from '../core/explore/questions.js';
import {
  keyOf,
  type Move,
  move,
  offered,
  type Position,
  type SearchSpace,
  searchSpace,
  startPosition,
} from '../core/explore/search.js';
import { KeyWriter, keyText } from '../core/explore/state-key.js';
import {
  MAX_TWIN_REPLICAS,
  NO_TWINS,
  sameMoveOn,
  subjectOf,
  subjectReplica,
  twinGroups,
} from '../core/explore/twins.js';
import { clusterConfigArb } from './cluster-arbitraries.js';
import { propertyRuns } from './runs.js';

/**
 * A search takes a move on one twin only (core/explore/twins.ts): replicas whose descriptors the
 * key finds equal. That is sound when the same move on any twin of the group does what it does
 * on the group's first replica: it is offered there too, and reaches a state with the same key,
 * the same broken invariants, the same acknowledged loss and the same "quorum kept". Checked in
 * every state of random walks over random configurations of 2 to 9 replicas (with one session
 * timeout, so replicas of one mode are interchangeable and often twins).
 */

/** What a move shows a search, for comparing a move with its mirror. */
const outcome = (space: SearchSpace, w: KeyWriter, m: Move | null) =>
  m === null
    ? null
    : {
        key: keyText(keyOf(space, m.position, undefined, w)),
        violations: m.violations.map((v) => v.invariant).sort(),
        lost: lostAcknowledged(m.position.cluster, m.observations),
        quorumKept: m.position.quorumKept,
        faults: m.position.faults,
        commits: m.position.commits,
      };

let mirrorsCompared = 0;

/** Every move on a twin that does not do what the same move on its group's first replica does. */
const brokenMirrors = (space: SearchSpace, p: Position, w: KeyWriter): string[] => {
  keyOf(space, p, undefined, w);
  const word = lastTwins(w);
  if (word === NO_TWINS) return [];
  const groups = new Int8Array(MAX_TWIN_REPLICAS);
  twinGroups(word, groups);
  const offers = offered(space, p);
  const subjects = offers.map((a) => subjectOf(p.cluster, a));
  const out: string[] = [];
  offers.forEach((a, i) => {
    const subject = subjects[i]!;
    if (subject < 0) return;
    const replica = subjectReplica(subject);
    const leader = groups[replica]!;
    if (leader < 0 || leader === replica) return;
    const j = subjects.indexOf(sameMoveOn(subject, leader));
    if (j < 0) {
      out.push(
        `${a.label}: the same move is not offered on ${space.config.replicas[leader]!.name}`,
      );
      return;
    }
    mirrorsCompared++;
    const mine = outcome(space, w, move(p, a));
    const mirror = outcome(space, w, move(p, offers[j]!));
    if (JSON.stringify(mine) !== JSON.stringify(mirror))
      out.push(`${a.label} against ${offers[j]!.label}: different outcomes`);
  });
  return out;
};

describe('twins (symmetry of the current state)', () => {
  it('every move on a twin does what the same move on its first twin does', () => {
    fc.assert(
      fc.property(
        clusterConfigArb,
        fc.array(fc.tuple(fc.nat(), fc.nat(3)), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (config, choices, faults) => {
          const space = searchSpace(config, { faults, commits: 2, forcedFailover: 'always' });
          const w = new KeyWriter();
          let p = startPosition(space);
          for (const [choice, bias] of choices) {
            expect(brokenMirrors(space, p, w)).toEqual([]);
            // A quarter of the moves are an operator's (failovers, forcing quorum, resumes) when
            // one is offered: twins then meet recovery forks, where they are hardest to tell apart.
            const all = offered(space, p);
            const operators = all.filter((a) => a.kind === 'operator');
            const offers = bias === 0 && operators.length > 0 ? operators : all;
            if (offers.length === 0) return;
            const m = move(p, offers[choice % offers.length]!);
            if (m !== null) p = m.position;
          }
          expect(brokenMirrors(space, p, w)).toEqual([]);
        },
      ),
      { numRuns: propertyRuns(60) },
    );
    // The walks must meet twins, or the property proves nothing.
    expect(mirrorsCompared).toBeGreaterThan(1000);
  });
});
