import { keyOfTexts, type StateKey } from '../state-key.js';

/**
 * Synthetic keys shaped like the explorer's, for the stores' tests: each part takes one of a few
 * dozen values (a replica's descriptor, the logs), and states are their combinations (n < 60,000
 * are distinct).
 */
export const syntheticKey = (n: number): StateKey =>
  keyOfTexts([
    '{"quorum":"HEALTHY"}',
    `replica ${n % 50}`,
    `replica ${Math.floor(n / 50) % 40}`,
    `logs ${Math.floor(n / 2000)}`,
    '1:0',
  ]);
