import { describe, expect, it } from 'vitest';
import { expectConforming, linesOf, run } from './test-support.js';

/**
 * SEED001 ("Use automatic seeding to initialize a secondary replica", Dynamic Management Views):
 * sys.dm_hadr_automatic_seeding on the primary keeps a row per seeding operation, COMPLETED or
 * FAILED, with its failure_state; a seeding restarted after a failure adds a row of its own.
 * examples/scenarios/automatic-seeding.json seeds two databases to two secondaries, and one of
 * the four seedings fails once and is restarted. `simulate` shows both views after the last step.
 */
const argv = ['simulate', 'examples/scenarios/automatic-seeding.json', '--sql-version', '2022'];

describe('agstate simulate: the seeding views after the last step', () => {
  it('prints each sys.dm_hadr_automatic_seeding row the primary shows, the failed attempt included', async () => {
    const r = await run(argv);
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    const at = lines.indexOf('Seeding after the last step');
    expect(at).toBeGreaterThan(0);
    const rows = lines.slice(at + 1).filter((l) => l.includes('sys.dm_hadr_automatic_seeding'));
    expect(rows.map((l) => /: (\w+) to (\w+), (\w+), attempt (\d)/.exec(l)?.slice(1))).toEqual([
      ['Inventory', 'SQLNODE2', 'COMPLETED', '1'],
      ['Billing', 'SQLNODE2', 'COMPLETED', '1'],
      ['Inventory', 'SQLNODE3', 'COMPLETED', '1'],
      ['Billing', 'SQLNODE3', 'FAILED', '1'],
      ['Billing', 'SQLNODE3', 'COMPLETED', '2'],
    ]);
    expect(rows.every((l) => l.startsWith('  sys.dm_hadr_automatic_seeding on SQLNODE1: '))).toBe(
      true,
    );
    // No stream flows after the last step; each completed stream stays the current execution of
    // sys.dm_hadr_physical_seeding_stats, ended (andreasjordan/demos, demo_03b, reads it with
    // internal_state_desc Success once the database joined). The failed first attempt of Billing
    // moved no bytes and its restart replaced it.
    expect(
      lines.filter((l) => l.includes('sys.dm_hadr_physical_seeding_stats')).map((l) => l.trim()),
    ).toEqual([
      'sys.dm_hadr_physical_seeding_stats on SQLNODE1: Inventory Source (remote SQLNODE2), 1000000000 of 1000000000 bytes, ended at 2 s',
      'sys.dm_hadr_physical_seeding_stats on SQLNODE1: Billing Source (remote SQLNODE2), 1000000000 of 1000000000 bytes, ended at 3 s',
      'sys.dm_hadr_physical_seeding_stats on SQLNODE1: Inventory Source (remote SQLNODE3), 1000000000 of 1000000000 bytes, ended at 5 s',
      'sys.dm_hadr_physical_seeding_stats on SQLNODE1: Billing Source (remote SQLNODE3), 1000000000 of 1000000000 bytes, ended at 8 s',
    ]);
  });

  it('gives the same rows in --json, under result.seeding', async () => {
    const r = await run([...argv, '--json']);
    const doc = JSON.parse(r.stdout) as {
      result: {
        seeding: { automaticSeeding: { currentState: string }[]; physicalSeedingStats: unknown[] };
      };
    };
    expectConforming(doc);
    expect(doc.result.seeding.automaticSeeding.map((x) => x.currentState)).toEqual([
      'COMPLETED',
      'COMPLETED',
      'COMPLETED',
      'FAILED',
      'COMPLETED',
    ]);
    expect(doc.result.seeding.physicalSeedingStats).toHaveLength(4);
  });

  it('prints no seeding section for a scenario without automatic seeding', async () => {
    const r = await run(['simulate', 'examples/scenarios/resync-walkthrough.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Seeding after the last step');
  });
});
