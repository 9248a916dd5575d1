import { describe, expect, it } from 'vitest';
import { type Config, resolveConfig } from '../model/config.js';
import {
  keyOf,
  move,
  offered,
  type Position,
  type SearchSpace,
  searchSpace,
  startPosition,
} from './search.js';
import { KeyWriter, keyText } from './state-key.js';
import { behaviour, comparable, group } from './test-support.js';

/**
 * The search keeps one state per key and expands the first it meets, so the key is sound only if
 * two states with the same key behave the same. Breadth-first and depth-first searches meet most
 * keys through different paths, so each gives a different state for them: for every key both
 * reach, with the replicas in the same places of the key, every action must do the same from
 * both (accepted or refused with the same reasons; the same answers and broken invariants where
 * it leads). A key that forgot something the step reads fails here: one that named recovery forks
 * by their records alone took a copy two forced forks behind the primary for one a fork behind,
 * and one resume was refused with error 1408 where the other was not.
 */

interface Reached {
  readonly position: Position;
  readonly slots: string;
}

/** Every key the whole space holds, with the first state a search in that order meets for it. */
const reach = (space: SearchSpace, depthFirst: boolean): Map<string, Reached> => {
  const w = new KeyWriter();
  const slots = new Uint8Array(space.config.replicas.length);
  const seen = new Map<string, Reached>();
  const note = (p: Position): boolean => {
    const key = keyText(keyOf(space, p, slots, w));
    if (seen.has(key)) return false;
    seen.set(key, { position: p, slots: slots.join(',') });
    return true;
  };
  const start = startPosition(space);
  note(start);
  const waiting: Position[] = [start];
  while (waiting.length > 0) {
    const p = depthFirst ? waiting.pop()! : waiting.shift()!;
    for (const action of offered(space, p)) {
      const m = move(p, action, false);
      if (m !== null && note(m.position)) waiting.push(m.position);
    }
  }
  return seen;
};

const differences = (config: Config, faults: number, commits: number) => {
  const space = searchSpace(config, { faults, commits });
  const breadth = reach(space, false);
  const depth = reach(space, true);
  let compared = 0;
  const differing: string[] = [];
  for (const [key, a] of breadth) {
    const b = depth.get(key);
    if (b === undefined || b.position === a.position || b.slots !== a.slots) continue;
    compared++;
    const x = comparable(config, behaviour(space, a.position));
    const y = comparable(config, behaviour(space, b.position));
    const at = x.findIndex((line, i) => line !== y[i]);
    if (at >= 0 || x.length !== y.length)
      differing.push(`one state: ${x[at] ?? '(no action)'}\nthe other: ${y[at] ?? '(no action)'}`);
  }
  return { compared, differing };
};

describe('the state key (two states with one key behave the same)', () => {
  it.each([
    ['two synchronous replicas and an asynchronous one, 2 faults, 1 commit', group(0, 2, 1), 2, 1],
    [
      'the same at REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1, 1 fault, 2 commits',
      group(1, 2, 1),
      1,
      2,
    ],
    [
      'the same with two databases, 1 fault, 1 commit',
      resolveConfig({ ...group(0, 2, 1), name: 'G21x2', databases: ['db1', 'db2'] }),
      1,
      1,
    ],
  ])('%s', (_name, config, faults, commits) => {
    const { compared, differing } = differences(config, faults, commits);
    // Thousands of keys met through different paths, or the comparison would prove little.
    expect(compared).toBeGreaterThan(1000);
    expect(differing.slice(0, 3)).toEqual([]);
  });
});
