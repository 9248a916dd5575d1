import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { primaryReplica } from '../cluster/select.js';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Configure distributed transactions for an Always On availability group' (S218), Alter an
 * availability group for distributed transactions: "Starting with SQL Server 2016 Service Pack 2
 * you can alter an availability group for distributed transactions. For SQL Server 2016 versions
 * before Service Pack 2, you need to drop, and recreate the availability group with the
 * DTC_SUPPORT = PER_DB setting." The fixture runs the page's ALTER, a planned failover and the
 * page's SET (DTC_SUPPORT = NONE) on its two-replica group; steps 4 and 6 are the two SETs.
 */
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/docs-dtc-alter-then-failover.json', import.meta.url), 'utf8'),
);
const on = (release: Record<string, unknown>) =>
  simulateScenario({ ...fixture, config: { ...fixture.config, ...release } });
const codes = (sim: ReturnType<typeof simulateScenario>, i: number) => ({
  refused: sim.trace[i]!.refused.map((r) => r.code),
  notes: sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : [])),
});

describe('SET (DTC_SUPPORT) on a running group needs SQL Server 2016 SP2 (S3, S218)', () => {
  it('refuses both SETs on 2016 SP1 (13.0.4001.0); the group keeps DTC_SUPPORT NONE and fails over', () => {
    const sim = on({});
    expect(codes(sim, 3).refused).toEqual(['FEATURE_NOT_IN_VERSION']);
    expect(sim.trace[3]!.refused[0]!.message).toMatch(/SQL Server 2016 SP2 \(13\.0\.5026\.0\)/);
    expect(codes(sim, 5).refused).toEqual(['FEATURE_NOT_IN_VERSION']);
    expect(sim.trace[4]!.refused).toEqual([]);
    expect(primaryReplica(sim.final)?.name).toBe('Server2');
    expect(sim.final.config.dtcSupport).toBe('NONE');
  });

  it('takes them on 2016 SP2 (13.0.5026.0) and on 2017, without a note', () => {
    for (const release of [
      { productVersion: '13.0.5026.0' },
      { version: 2017, productVersion: undefined },
    ]) {
      const sim = on(release);
      expect(codes(sim, 3)).toEqual({ refused: [], notes: [] });
      expect(sim.trace[4]!.refused).toEqual([]);
      expect(codes(sim, 5)).toEqual({ refused: [], notes: [] });
      expect(sim.final.config.dtcSupport).toBe('NONE');
    }
  });

  it('on 2016 with the build unknown, takes the SET and says it depends on the build', () => {
    const sim = on({ productVersion: null });
    expect(codes(sim, 3)).toEqual({ refused: [], notes: ['FEATURE_BUILD_UNKNOWN'] });
    const note = sim.trace[3]!.observations.find((o) => o.type === 'note');
    expect(note?.type === 'note' && note.reason.settledBy).toEqual([
      "SERVERPROPERTY('ProductVersion')",
    ]);
  });

  it('refuses the SET on 2014, which has no DTC_SUPPORT, with every reason', () => {
    const sim = on({ version: 2014, productVersion: undefined });
    expect(codes(sim, 3).refused).toEqual(['FEATURE_NOT_IN_VERSION', 'FEATURE_NOT_IN_VERSION']);
    expect(codes(sim, 5).refused).toEqual(['FEATURE_NOT_IN_VERSION']);
  });
});
