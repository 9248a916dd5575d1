import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  keyOf,
  move,
  offered,
  type Position,
  searchSpace,
  startPosition,
} from '../core/explore/search.js';
import { KeyWriter, keyText } from '../core/explore/state-key.js';
import { behaviour, comparable } from '../core/explore/test-support.js';
import { clusterConfigArb } from './cluster-arbitraries.js';
import { propertyRuns } from './runs.js';

/**
 * The explorer keeps one state per key, so two states with one key must behave the same
 * (core/explore/key-soundness.test.ts holds it on whole small spaces). Here on random
 * configurations (2 to 9 replicas, every availability and failover mode, one or two databases,
 * CLUSTER_TYPE NONE), forced failover always offered: several random walks from the start meet keys
 * again through other paths, and every state met again with its replicas in the same places of the
 * key must do, action for action, what the first state with that key did.
 */

interface Met {
  readonly position: Position;
  readonly slots: string;
}

describe('the state key on random walks over random configurations', () => {
  it('gives one key only to states that behave the same', () => {
    fc.assert(
      fc.property(
        clusterConfigArb.filter((c) => c.replicas.length <= 4),
        fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 25 }), {
          minLength: 2,
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 3 }),
        (config, walks, faults) => {
          const space = searchSpace(config, { faults, commits: 2, forcedFailover: 'always' });
          const w = new KeyWriter();
          const slots = new Uint8Array(config.replicas.length);
          const met = new Map<string, Met>();
          const visit = (p: Position) => {
            const text = keyText(keyOf(space, p, slots, w));
            const first = met.get(text);
            const here = slots.join(',');
            if (first === undefined) met.set(text, { position: p, slots: here });
            else if (first.position !== p && first.slots === here)
              expect(comparable(config, behaviour(space, p))).toEqual(
                comparable(config, behaviour(space, first.position)),
              );
          };
          for (const choices of walks) {
            let p = startPosition(space);
            visit(p);
            for (const choice of choices) {
              const offers = offered(space, p);
              if (offers.length === 0) break;
              const m = move(p, offers[choice % offers.length]!, false);
              if (m === null) continue;
              p = m.position;
              visit(p);
            }
          }
        },
      ),
      { numRuns: propertyRuns(60) },
    );
  });
});
