import { grown } from './grown.js';

/**
 * One level of the breadth-first search: its waiting states as columns of typed arrays (node,
 * store handle, woken moves, twins, "again"), and their positions, null where a state is to be made
 * again from its moves. An object per waiting state cost about 80 bytes; these cost about 25.
 */
export interface Level<P> {
  readonly size: () => number;
  readonly push: (
    position: P | null,
    node: number,
    again: boolean,
    handle: number,
    wake: number,
    twins: number,
  ) => void;
  readonly position: (i: number) => P | null;
  readonly node: (i: number) => number;
  /** Expanded once already: reached again only to carry "quorum kept" further. */
  readonly again: (i: number) => boolean;
  /** With the reduction: the state's handle in the store. */
  readonly handle: (i: number) => number;
  /** With the reduction, a state expanded before: the moves its smaller sleep set now wakes. */
  readonly wake: (i: number) => number;
  /** The replicas that are twins in the state's key (twins.ts). */
  readonly twins: (i: number) => number;
  /** Lets the position at `i` go: it has been expanded. */
  readonly release: (i: number) => void;
  /** Removes the states from `from` on, handing back each one's node and "again". */
  readonly cut: (from: number) => { readonly node: number; readonly again: boolean }[];
}

export const level = <P>(): Level<P> => {
  let nodes = new Int32Array(64);
  let handles = new Int32Array(64);
  let wakes = new Uint32Array(64);
  let twins = new Uint32Array(64);
  let agains = new Uint8Array(64);
  const positions: (P | null)[] = [];
  let size = 0;
  const grow = () => {
    nodes = grown(nodes, size * 2);
    handles = grown(handles, size * 2);
    wakes = grown(wakes, size * 2);
    twins = grown(twins, size * 2);
    agains = grown(agains, size * 2);
  };
  return {
    size: () => size,
    push: (position, node, again, handle, wake, twinsWord) => {
      if (size === nodes.length) grow();
      nodes[size] = node;
      handles[size] = handle;
      wakes[size] = wake;
      twins[size] = twinsWord;
      agains[size] = again ? 1 : 0;
      positions.push(position);
      size++;
    },
    position: (i) => positions[i] ?? null,
    node: (i) => nodes[i]!,
    again: (i) => agains[i] === 1,
    handle: (i) => handles[i]!,
    wake: (i) => wakes[i]!,
    twins: (i) => twins[i]!,
    release: (i) => {
      positions[i] = null;
    },
    cut: (from) => {
      const removed: { node: number; again: boolean }[] = [];
      for (let i = from; i < size; i++) removed.push({ node: nodes[i]!, again: agains[i] === 1 });
      positions.length = from;
      size = from;
      return removed;
    },
  };
};
