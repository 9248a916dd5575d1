import { describe, expect, it } from 'vitest';
import type { Cluster } from '../cluster/types.js';
import { forksBehind, TRACKED_FORKS } from '../failover/fork-limit.js';
import { ForkDistances } from './fork-distances.js';
import { keyOf, move, offered, type Position, searchSpace, startPosition } from './search.js';
import { KeyWriter, keyText } from './state-key.js';
import { group } from './test-support.js';

/**
 * The key writes a database's fork counts as each position's class and the counts between classes,
 * not the count between every pair of positions. Two states may share that writing only when every
 * pair's count is the same (the key would merge states the fork limit tells apart), and must share
 * it when it is (or the symmetry reduction would keep states apart that it merged before).
 */

/** Every pair's count, positions in `order` (received before hardened), worked out from the forks. */
const everyPair = (c: Cluster, db: string, order: readonly number[]): string => {
  const forks = c.logs[db]?.forks ?? [];
  const positions = order.flatMap((i) => {
    const copy = c.replicas[i]!.databases[db];
    return copy === undefined ? [null, null] : [copy.received, copy.hardened];
  });
  return positions
    .map((p) =>
      positions
        .map((q) =>
          p === null || q === null ? 0 : Math.min(forksBehind(forks, p, q), TRACKED_FORKS),
        )
        .join(' '),
    )
    .join(' / ');
};

const written = (c: Cluster, db: string, order: readonly number[]): string => {
  const w = new KeyWriter().begin();
  new ForkDistances().measure(c).write(w, db, Int32Array.from(order));
  w.endPart();
  return keyText(w);
};

/** The clusters of a whole space, breadth-first. */
const clusters = (faults: number): Cluster[] => {
  const space = searchSpace(group(0, 2, 1), { faults, commits: 1 });
  const w = new KeyWriter();
  const seen = new Set<string>();
  const out: Cluster[] = [];
  let level: Position[] = [startPosition(space)];
  while (level.length > 0) {
    const next: Position[] = [];
    for (const p of level)
      for (const action of offered(space, p)) {
        const m = move(p, action, false);
        if (m === null) continue;
        const key = keyText(keyOf(space, m.position, undefined, w));
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(m.position.cluster);
        next.push(m.position);
      }
    level = next;
  }
  return out;
};

describe('fork counts in the key', () => {
  it('are written alike exactly when every pair of positions is counted alike', () => {
    const all = clusters(2);
    const orders = [
      [0, 1, 2],
      [2, 0, 1],
      [1, 2, 0],
    ];
    const byWords = new Map<string, string>();
    const byPairs = new Map<string, string>();
    let forked = 0;
    for (const c of all)
      for (const order of orders) {
        const words = written(c, 'db1', order);
        const pairs = everyPair(c, 'db1', order);
        if (words !== '0') forked++;
        expect(byWords.get(words) ?? pairs).toBe(pairs);
        expect(byPairs.get(pairs) ?? words).toBe(words);
        byWords.set(words, pairs);
        byPairs.set(pairs, words);
      }
    // Copies one and two forced forks apart, in many arrangements, or the test proves little.
    expect(forked).toBeGreaterThan(1000);
    expect(new Set(byPairs.keys()).size).toBeGreaterThan(20);
    expect([...byPairs.keys()].some((pairs) => pairs.includes('2'))).toBe(true);
  });
});
