import { getHeapStatistics } from 'node:v8';
import type { SearchCommand } from '../../core/explore/index.js';
import type { HeapUse } from './io.js';

/**
 * Past this share of its heap a search stops with what it has found: a breadth-first search holds
 * its queue of states to expand, and a group of many replicas and databases can fill the heap long
 * before --max-states, where Node would end the process (or the worker) with no answer at all.
 */
const HEAP_SHARE = 0.8;
/**
 * heap_size_limit counts the young generation's reserve (48 MiB with --max-old-space-size=300),
 * which the states waiting never fill: the share is of the rest. With a small heap, four fifths
 * of the whole left too little room: a 5 × 2 search with a 348 MiB limit died with 267 MiB live.
 */
const YOUNG_RESERVE = 64 * 2 ** 20;

const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;

/** This thread's heap: the process's, or a worker's own. */
export const threadHeap = (): HeapUse => {
  const heap = getHeapStatistics();
  return { usedBytes: heap.used_heap_size, limitBytes: heap.heap_size_limit };
};

/** Stop a search when its heap is nearly full, saying how far it got and what to do instead. */
export const memoryStop = (
  heap: HeapUse,
  states: number,
  searcher = 'the search',
): SearchCommand | undefined => {
  if (heap.usedBytes <= HEAP_SHARE * (heap.limitBytes - YOUNG_RESERVE)) return undefined;
  return {
    stop: `${searcher} stopped at ${states.toLocaleString('en-US')} states with ${mib(heap.usedBytes)} of its ${mib(heap.limitBytes)} heap in use (the states waiting to be expanded are held in memory): give Node more (NODE_OPTIONS=--max-old-space-size=…), lower --max-states, search depth-first with --depth-first (a stack instead of a frontier), or in bounded memory with --swarm-seed`,
  };
};

/** What a position waiting in the frontier holds, shared parts and queue entry, rounded up. */
const POSITION_BYTES = 512;

/**
 * How many states of a level a search keeps as positions: a third of the usable heap's worth.
 * The rest are made again from their moves when expanded (keepPositionsUpTo), so the frontier
 * does not fill the heap before the visited store does.
 */
export const positionsToKeep = (heap: HeapUse): number =>
  Math.max(10_000, Math.floor((heap.limitBytes - YOUNG_RESERVE) / 3 / POSITION_BYTES));
