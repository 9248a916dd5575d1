import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

/*
 * SQLHammer, "Availability Group Architecture – Adding a Second Site": replicas A and B in the
 * primary data center, synchronous with automatic failover, C and D in the DR site, asynchronous;
 * "In the event of a manual fail-over to the DR site, the synchronization modes should be
 * reconfigured to perform synchronous commit only within the local data center." The scenario
 * follows S44's Example Scenario for the loss of the primary data center (quorum forced on C's
 * node, the group forced onto C, D resumed), then makes C and D synchronous-commit. S44, Follow Up
 * step 1: "If you failed over outside of the synchronous-commit failover set: We recommend that you
 * consider adjusting the availability mode and failover mode on the new primary replica and on
 * remaining secondary replicas". Names, database, version (2019) and commit counts invented.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/blog-sqlhammer-dr-site-synchronous-within.json', import.meta.url),
      'utf8',
    ),
  ),
);
const modeActions = (i: number) =>
  recommendedActions(sim.trace[i]!.facts).filter((a) =>
    a.why.some((r) => r.code === 'ADJUST_MODES_AFTER_FORCED_FAILOVER'),
  );

describe('the DR site made synchronous within itself after a forced failover (SQLHammer, S44)', () => {
  it('runs every step', () => {
    expect(sim.trace.flatMap((s, i) => (s.refused.length > 0 ? [i] : []))).toEqual([]);
    expect(sim.trace[10]!.facts.primary).toBe('SQLC');
  });

  it('proposes the mode change only once D is resumed, and no more once C commits synchronously', () => {
    expect(modeActions(9)).toEqual([]);
    expect(modeActions(10).map((a) => a.event)).toEqual([
      { type: 'replica.setAvailabilityMode', replica: 'SQLC', mode: 'SYNCHRONOUS_COMMIT' },
    ]);
    expect(modeActions(10)[0]!.why[0]!.message).toMatch(/then for SQLD/);
    expect(modeActions(11)).toEqual([]);
  });

  it('then waits for D: the next commit is acknowledged once D has hardened it too', () => {
    const acknowledgedThrough = (i: number) =>
      (sim.trace[i]!.facts.logs ?? [])[0]?.acknowledged.at(-1)?.toLsn;
    expect(acknowledgedThrough(13)).toBeUndefined();
    expect(acknowledgedThrough(14)).toBeUndefined();
    expect(acknowledgedThrough(15)).toBe(4n);
    expect(
      sim.trace.at(-1)!.facts.databaseReplicas.find((d) => d.replica === 'SQLD')
        ?.synchronizationState,
    ).toBe('SYNCHRONIZED');
  });
});
