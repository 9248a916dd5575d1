import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createInterner, type Interner } from '../core/explore/intern.js';
import {
  move,
  offered,
  type Position,
  partsOf,
  searchSpace,
  startPosition,
} from '../core/explore/search.js';
import type { Config } from '../core/model/config.js';

/**
 * What one position waiting in a breadth-first search's frontier holds, with its clusters' equal
 * parts shared (as the search keeps them) and as the step made them. On a large group the frontier,
 * not the visited table, is what fills memory. Measured as the heap a level's positions keep
 * after full collections.
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const heapAfterCollection = (): number => {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
};

/** The positions first reached at `depth` moves, as the step made them. */
const level = (config: Config, faults: number, depth: number): Position[] => {
  const space = searchSpace(config, { faults });
  const seen = new Set<string>();
  let current = [startPosition(space)];
  seen.add(partsOf(space, current[0]!).join('\n'));
  for (let d = 0; d < depth; d++) {
    const next: Position[] = [];
    for (const p of current)
      for (const a of offered(space, p)) {
        const m = move(p, a);
        if (m === null) continue;
        const key = partsOf(space, m.position).join('\n');
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(m.position);
      }
    current = next;
  }
  return current;
};

/**
 * Each figure is the heap given back when the positions are let go, so that the code compiled
 * and the caches filled while the level was built are not counted. The shared figure counts the
 * table of distinct parts too.
 */
export const frontierBytes = (config: Config, faults: number, depth: number) => {
  let positions: Position[] | null = level(config, faults, depth);
  const count = positions.length;
  const withPositions = heapAfterCollection();
  let interner: Interner | null = createInterner();
  const share = interner.cluster;
  let shared: Position[] | null = positions.map((p) => ({ ...p, cluster: share(p.cluster) }));
  const parts = interner.size();
  positions = null;
  const withShared = heapAfterCollection();
  if (shared.length !== count) throw new Error('frontier: positions lost');
  shared = null;
  interner = null;
  const without = heapAfterCollection();
  return {
    count,
    asMade: (withPositions - without) / count,
    shared: (withShared - without) / count,
    parts,
  };
};
