import { describe, expect, it } from 'vitest';
import type { Fork } from '../model/facts.js';
import { acknowledgedNotHeld, commonLsn, forkOwning, holdsRecord, isPrefixOf } from './lineage.js';

// The seed 004 example: fork 0 from LSN 0; a forced failover at LSN 90 starts fork 1.
const forks: Fork[] = [
  { id: 0, parent: null, startLsn: 0n },
  { id: 1, parent: 0, startLsn: 90n },
] as Fork[];

describe('log lineage', () => {
  it('names the fork that wrote each record', () => {
    expect(forkOwning(forks, 1, 95n)).toBe(1);
    expect(forkOwning(forks, 1, 90n)).toBe(0);
    expect(forkOwning(forks, 0, 150n)).toBe(0);
  });

  it('finds the fork point of the old primary (150) and the new one (90 and on)', () => {
    expect(commonLsn(forks, { fork: 0, lsn: 150n }, { fork: 1, lsn: 120n })).toBe(90n);
    expect(isPrefixOf(forks, { fork: 0, lsn: 80n }, { fork: 1, lsn: 120n })).toBe(true);
    expect(isPrefixOf(forks, { fork: 0, lsn: 150n }, { fork: 1, lsn: 120n })).toBe(false);
  });

  it('tells which acknowledged commits a log lacks', () => {
    const acked = [{ fork: 0, fromLsn: 0n, toLsn: 150n }] as never;
    expect(holdsRecord(forks, { fork: 1, lsn: 200n }, 0, 91n)).toBe(false);
    expect(acknowledgedNotHeld(forks, acked, { fork: 1, lsn: 200n })).toEqual([
      { fork: 0, fromLsn: 90n, toLsn: 150n },
    ]);
    expect(acknowledgedNotHeld(forks, acked, { fork: 0, lsn: 150n })).toEqual([]);
  });
});
