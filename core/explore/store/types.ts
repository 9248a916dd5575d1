import type { StateKey } from '../state-key.js';
/**
 * Where the explorer remembers the states it has seen. Every store answers the same question for
 * a state's key parts; the exact one never says "seen" wrongly, the lossy ones may, and say how
 * likely that was.
 *
 * Each state carries one bit: whether it was reached without the cluster ever losing quorum. It
 * only ever goes from unset to set, and the search re-expands a state whose bit it sets, so the
 * question "without losing quorum" is answered over every path, not only the first one found.
 */
export type StoreKind = 'exact' | 'hashCompaction' | 'bitstate';

export type StoreOptions =
  /** `sides`: keep a word per state for the partial-order reduction (four bytes more per state). */
  | { readonly kind: 'exact'; readonly sides?: boolean }
  | { readonly kind: 'hashCompaction' }
  /** `mebibytes` of bits, `hashes` bits set per state (SPIN's -k; default 3). */
  | {
      readonly kind: 'bitstate';
      readonly mebibytes: number;
      readonly hashes?: number;
      readonly seed?: number;
    };

/** 'new': first seen; 'seen': seen before; 'flagged': seen before, and its bit was set only now. */
export type Visit = 'new' | 'seen' | 'flagged';

export interface StoreReport {
  readonly kind: StoreKind;
  readonly states: number;
  /** The store's memory: its typed arrays as allocated, and for the exact store its part table. */
  readonly bytes: number;
  readonly bytesPerState: number;
  /** Hash compaction: the probability that two distinct states shared a fingerprint. */
  readonly omissionProbability?: number;
  /** Bitstate: bits ÷ states, as SPIN prints it ("best if > 100"). */
  readonly hashFactor?: number;
  /** Bitstate: bits set per state (SPIN's -k). */
  readonly hashes?: number;
  /** Bitstate: the expected share of the states met that were stored, not wrongly taken as seen. */
  readonly expectedCoverage?: number;
}

/**
 * A word kept per state for the search (the partial-order reduction's sleep set), reached by the
 * handle of the state last visited. A new state's word is 0.
 */
export interface StoreSides {
  readonly handle: () => number;
  readonly get: (handle: number) => number;
  readonly set: (handle: number, value: number) => void;
}

export interface VisitedStore {
  /** Record a state's key; `flag` is its bit on the path that reached it now. */
  readonly visit: (key: StateKey, flag: boolean) => Visit;
  readonly size: () => number;
  /** Present when the store keeps a word per state (the exact store, when asked). */
  readonly sides?: StoreSides;
  readonly report: () => StoreReport;
}
