import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { lostAcknowledged, stateAnswers } from '../core/explore/questions.js';
import {
  keyOf,
  move,
  offered,
  type Position,
  type SearchSpace,
  searchSpace,
  startPosition,
} from '../core/explore/search.js';
import { keyText } from '../core/explore/state-key.js';
import { clusterConfigArb } from './cluster-arbitraries.js';
import { propertyRuns } from './runs.js';

/**
 * The explorer's key takes a group's interchangeable databases in the order of what each holds
 * (core/explore/key.ts), so a state and the same state with two databases' contents swapped are
 * one state. That is sound only if the model treats the databases alike: in every state of random
 * walks over random two-database configurations, the swapped state must have the same key, the
 * same answers to every question, and moves to the same successor keys, with the same
 * invariants broken and the same acknowledged commits lost on the way.
 */

/** The state with the contents of the group's two databases swapped (names stay in place). */
const swapped = (c: Cluster): Cluster => {
  const [a, b] = c.config.databases as [string, string];
  const rename = (k: string) => (k === a ? b : k === b ? a : k);
  const swap = <V>(record: Readonly<Record<string, V>>): Record<string, V> => {
    const out: Record<string, V> = {};
    for (const [k, v] of Object.entries(record)) out[rename(k)] = v;
    return out;
  };
  return {
    ...c,
    replicas: c.replicas.map((r) => ({ ...r, databases: swap(r.databases) })),
    logs: swap(c.logs),
    catalog: swap(c.catalog),
    backups: c.backups.map((x) => ({ ...x, database: rename(x.database) })),
  };
};

const key = (space: SearchSpace, p: Position) => keyText(keyOf(space, p));

/** Every move from `p`: its successor's key, what it broke and whether it lost commits, sorted. */
const moves = (space: SearchSpace, p: Position): string[] =>
  offered(space, p)
    .map((action) => {
      const m = move(p, action);
      if (m === null) return 'refused';
      const broken = m.violations.map((v) => v.invariant).sort();
      return `${key(space, m.position)} ${broken.join(',')} ${lostAcknowledged(m.position.cluster, m.observations)}`;
    })
    .sort();

describe('interchangeable databases (symmetry reduction over databases)', () => {
  it('a state and its swapped twin have one key, the same answers and the same moves', () => {
    fc.assert(
      fc.property(
        clusterConfigArb.filter((c) => c.databases.length === 2),
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (config, choices, faults) => {
          const space = searchSpace(config, { faults, commits: 2, forcedFailover: 'always' });
          const check = (p: Position) => {
            const twin = { ...p, cluster: swapped(p.cluster) };
            expect(key(space, twin)).toBe(key(space, p));
            expect(stateAnswers(twin.cluster)).toEqual(stateAnswers(p.cluster));
            expect(moves(space, twin)).toEqual(moves(space, p));
          };
          let p = startPosition(space);
          for (const choice of choices) {
            check(p);
            const offers = offered(space, p);
            if (offers.length === 0) return;
            const m = move(p, offers[choice % offers.length]!);
            if (m !== null) p = m.position;
          }
          check(p);
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  });

  it('keeps apart what differs: a commit on either database is one state, not the start', () => {
    fc.assert(
      fc.property(
        clusterConfigArb.filter((c) => c.databases.length === 2),
        (config) => {
          const space = searchSpace(config, { faults: 1 });
          const start = startPosition(space);
          const [a, b] = config.databases as [string, string];
          const one = step(start.cluster, { type: 'db.commit', database: a, count: 1 });
          const other = step(start.cluster, { type: 'db.commit', database: b, count: 1 });
          // A primary that cannot acknowledge refuses both alike.
          expect(one.refused.map((x) => x.code)).toEqual(other.refused.map((x) => x.code));
          fc.pre(one.refused.length === 0);
          const keyOf = (c: Cluster) => key(space, { ...start, cluster: c, commits: 1 });
          expect(keyOf(one.cluster)).toBe(keyOf(other.cluster));
          expect(keyOf(one.cluster)).not.toBe(keyOf(start.cluster));
        },
      ),
      { numRuns: propertyRuns(10) },
    );
  });
});
