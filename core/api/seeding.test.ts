import { describe, expect, it } from 'vitest';
import * as agstate from '../index.js';

/**
 * The seeding estimate and views are public (issue 14). SEED001, "Performance": a 5 TB database
 * over a 1 Gb/s link takes "just over 11 hours" with the full bandwidth; sizes are decimal.
 */
describe('the public seeding API', () => {
  it('estimates 5 TB over 1 Gb/s at just over 11 hours, as a plain result (SEED001)', () => {
    const r = agstate.estimateSeeding({
      databaseBytes: 5 * 10 ** 12,
      bandwidthBitsPerSecond: 10 ** 9,
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.seconds).toBe(40_000);
    expect(
      agstate.estimateSeedingOrThrow({
        databaseBytes: 5 * 10 ** 12,
        bandwidthBitsPerSecond: 10 ** 9,
      }).seconds,
    ).toBe(40_000);
  });

  it('names every problem with a bad input instead of answering', () => {
    const r = agstate.estimateSeeding({ databaseBytes: -1, bandwidthBitsPerSecond: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => p.code)).toEqual(['BAD_ESTIMATE_INPUT', 'BAD_ESTIMATE_INPUT']);
    expect(() =>
      agstate.estimateSeedingOrThrow({ databaseBytes: -1, bandwidthBitsPerSecond: 1 }),
    ).toThrow(/the database size must be 0 bytes or more/);
  });

  it('shows the seeding views of a simulated group: a running seeding on the primary (SEED001 DMVs)', () => {
    const config = agstate.decodeConfigOrThrow({
      name: 'AG1',
      version: 2019,
      databases: ['db1'],
      replicas: [
        {
          name: 'P',
          endpointUrl: 'TCP://p:5022',
          availabilityMode: 'SYNCHRONOUS_COMMIT',
          failoverMode: 'MANUAL',
        },
        {
          name: 'S',
          endpointUrl: 'TCP://s:5022',
          availabilityMode: 'SYNCHRONOUS_COMMIT',
          failoverMode: 'MANUAL',
          seedingMode: 'AUTOMATIC',
        },
      ],
    });
    const start = agstate.createClusterOrThrow(config, { start: 'unprepared' });
    const granted = agstate.step(start, {
      type: 'replica.grantCreateDatabase',
      replica: 'S',
    }).cluster;
    expect(agstate.automaticSeedingRows(granted).map((r) => [r.replica, r.currentState])).toEqual([
      ['S', 'SEEDING'],
    ]);
    const flowing = agstate.step(granted, {
      type: 'seeding.progress',
      replica: 'S',
      database: 'db1',
      bytes: 1000,
    }).cluster;
    const streams = agstate.physicalSeedingStats(flowing);
    expect(streams.map((r) => [r.server, r.roleDesc, r.replica])).toEqual([['P', 'Source', 'S']]);
    expect(agstate.DEFAULT_SEEDING_BANDWIDTH_BITS_PER_SECOND).toBe(10 ** 9);
  });
});
