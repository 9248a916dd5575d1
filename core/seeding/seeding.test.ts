import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { LIFECYCLE_REASONS } from '../lifecycle/lifecycle.js';
import {
  BITS_PER_GIGABIT,
  BYTES_PER_TERABYTE,
  estimateSeeding,
  hasFreeSeedingSlot,
  hasSeedingCheckTimedOut,
  isSeedingTransferComplete,
  SEEDING_REASONS,
  seedingFailureDescription,
  seedingFailureStateDesc,
  seedingRefusals,
} from './seeding.js';

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected a value, got ${JSON.stringify(e.left)}`);
  return e.right;
};

describe('SEED001: 5 TB over 1 Gb/s at 125 MB/s takes just over 11 hours', () => {
  const fiveTb = {
    databaseBytes: 5 * BYTES_PER_TERABYTE,
    bandwidthBitsPerSecond: BITS_PER_GIGABIT,
  };

  it('is exactly 40,000 s (11 h 6 min 40 s) in decimal units', () => {
    const estimate = right(estimateSeeding({ ...fiveTb, compression: false }));
    expect(estimate.bytesPerSecond).toBe(125 * 10 ** 6);
    expect(estimate.seconds).toBe(40_000);
    expect(estimate.seconds).toBeGreaterThan(11 * 3600);
    expect(estimate.seconds).toBeLessThan(11.25 * 3600);
    expect(estimate.reasons.map((r) => r.code)).toEqual([
      'SEEDING_ESTIMATE',
      'SEEDING_ESTIMATE_UNITS',
      'SEEDING_SLOWER_IN_PRACTICE',
    ]);
    expect(estimate.reasons[0]?.message).toContain('11 h 6 min 40 s');
    expect(estimate.reasons[0]?.rule.document).toBe(
      'Use automatic seeding to initialize a secondary replica for an Always On availability group',
    );
  });

  it('would be over 12 hours with binary terabytes, which the document does not mean', () => {
    const binary = right(
      estimateSeeding({ ...fiveTb, databaseBytes: 5 * 2 ** 40, compression: false }),
    );
    expect(binary.seconds / 3600).toBeGreaterThan(12);
  });

  it('compression divides the bytes on the wire by the ratio (2 assumed when none is given)', () => {
    const assumed = right(estimateSeeding({ ...fiveTb, compression: true }));
    expect(assumed.seconds).toBe(20_000);
    expect(assumed.reasons.map((r) => r.code)).toContain('SEEDING_ESTIMATE_RATIO_ASSUMED');
    const measured = right(estimateSeeding({ ...fiveTb, compression: true, compressionRatio: 4 }));
    expect(measured.seconds).toBe(10_000);
    expect(measured.reasons.map((r) => r.code)).not.toContain('SEEDING_ESTIMATE_RATIO_ASSUMED');
  });

  it('refuses sizes and rates that mean nothing, every one', () => {
    const bad = estimateSeeding({
      databaseBytes: -1,
      bandwidthBitsPerSecond: 0,
      compression: true,
      compressionRatio: 0.5,
    });
    expect(E.isLeft(bad) && bad.left.length).toBe(3);
  });
});

describe('sys.dm_hadr_automatic_seeding failure_state (S20)', () => {
  it('names every documented code, with the side for three-digit codes', () => {
    expect(seedingFailureDescription(21)).toBe('Seeding Check Message Timeout');
    expect(seedingFailureDescription(1)).toBe('User Cancellation');
    expect(seedingFailureDescription(25)).toBe('Secondary Restore Stream Ready Timeout');
    expect(seedingFailureDescription(121)).toBe('Seeding Check Message Timeout (on the source)');
    expect(seedingFailureDescription(223)).toBe(
      'Database With Name Already Exists (on the target)',
    );
    expect(seedingFailureDescription(26)).toBeNull();
    expect(seedingFailureDescription(321)).toBeNull();
  });

  it('gives failure_state_desc without the side: "215 Seeding" (MicrosoftDocs/sql-docs#7270, S92)', () => {
    expect(seedingFailureStateDesc(215)).toBe('Seeding');
    expect(seedingFailureStateDesc(202)).toBe('SQL Error');
    expect(seedingFailureStateDesc(21)).toBe('Seeding Check Message Timeout');
    expect(seedingFailureStateDesc(26)).toBeNull();
    expect(seedingFailureStateDesc(321)).toBeNull();
  });
});

describe('who may be seeded (SEED001, S18)', () => {
  const target = {
    release: { version: 2016, cumulativeUpdate: null },
    replica: 'B',
    database: 'db1',
    seedingMode: 'AUTOMATIC',
    isPrimary: false,
  } as const;

  it('a 2016 secondary with SEEDING_MODE = AUTOMATIC', () => {
    expect(seedingRefusals(target)).toEqual([]);
  });

  it('not before 2016, not with MANUAL, not the primary: every reason', () => {
    const codes = (t: Parameters<typeof seedingRefusals>[0]) =>
      seedingRefusals(t).map((r) => r.code);
    expect(codes({ ...target, release: { version: 2014, cumulativeUpdate: null } })).toEqual([
      'AUTOMATIC_SEEDING_NOT_IN_VERSION',
    ]);
    expect(codes({ ...target, seedingMode: 'MANUAL' })).toEqual(['SEEDING_MODE_MANUAL']);
    expect(
      codes({ ...target, isPrimary: true, release: { version: 2012, cumulativeUpdate: null } }),
    ).toEqual(['AUTOMATIC_SEEDING_NOT_IN_VERSION', 'SEEDING_MODE_ON_PRIMARY']);
  });

  // sys.availability_replicas (S32), availability_mode 4: "User data is not transmitted to the replica".
  it('never a configuration-only replica, whatever its SEEDING_MODE (S32 availability_mode 4)', () => {
    expect(seedingRefusals({ ...target, configurationOnly: true }).map((r) => r.code)).toEqual([
      'SEEDING_TARGET_CONFIGURATION_ONLY',
    ]);
  });

  it('five databases per seeding thread; the check times out only without an answer', () => {
    expect(hasFreeSeedingSlot(4)).toBe(true);
    expect(hasFreeSeedingSlot(5)).toBe(false);
    expect(hasSeedingCheckTimedOut({ sinceMs: 0, nowMs: 180_000, reachable: false })).toBe(true);
    expect(hasSeedingCheckTimedOut({ sinceMs: 0, nowMs: 179_999, reachable: false })).toBe(false);
    expect(hasSeedingCheckTimedOut({ sinceMs: 0, nowMs: 10 ** 9, reachable: true })).toBe(false);
    expect(isSeedingTransferComplete(10, 10)).toBe(true);
    expect(isSeedingTransferComplete(9, 10)).toBe(false);
  });
});

describe('docs/seeding.md', () => {
  it('lists every lifecycle and seeding reason code', () => {
    const doc = readFileSync(new URL('../../docs/seeding.md', import.meta.url), 'utf8');
    const codes = [...Object.keys(LIFECYCLE_REASONS), ...Object.keys(SEEDING_REASONS)];
    expect(codes.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });
});
