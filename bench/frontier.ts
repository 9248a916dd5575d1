import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { breadthFirst } from '../core/explore/breadth-first.js';
import { createInterner, type Interner } from '../core/explore/intern.js';
import {
  keyOf,
  newFindings,
  type Position,
  searchSpace,
  startPosition,
} from '../core/explore/search.js';
import { makeStore } from '../core/explore/store/index.js';
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

/** The positions first reached at `depth` moves, as the step made them (the search's own frontier, unshared). */
const level = (config: Config, faults: number, depth: number): Position[] => {
  const space = searchSpace(config, { faults });
  const store = makeStore({ kind: 'exact' });
  const start = startPosition(space);
  store.visit(keyOf(space, start), true);
  const search = breadthFirst(
    space,
    store,
    newFindings(),
    [{ position: start, path: [] }],
    {
      maxStates: Number.POSITIVE_INFINITY,
      progressEvery: Number.POSITIVE_INFINITY,
      maxDepth: depth,
      shareFrom: Number.POSITIVE_INFINITY,
    },
    [],
  );
  let next = search.next();
  while (next.done !== true) next = search.next();
  return next.value.frontier.filter((s) => s.again !== true).map((s) => s.position);
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
