import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agService } from '../cluster/select.js';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * "Take an Availability Group Offline (SQL Server)" (S73, MicrosoftDocs/sql-docs @09a0bb13):
 * "There is no data loss for synchronous-commit databases because if any synchronous-commit
 * replica is not synchronized, the OFFLINE operation raises an error and leaves the availability
 * group ONLINE." The fixture walks it: OFFLINE while SQL2 is suspended, then after it caught up.
 */
const fixture = () =>
  simulateScenario(
    JSON.parse(
      readFileSync(
        new URL('./fixtures/docs-offline-synchronous-secondary-behind.json', import.meta.url),
        'utf8',
      ),
    ),
  );

describe('OFFLINE leaves the group ONLINE while a synchronous-commit secondary is not synchronized (S73)', () => {
  const sim = fixture();
  const at = (i: number) => sim.trace[i]!;

  it('refuses OFFLINE with SQL2 suspended, naming the database and the replica', () => {
    expect(at(2).refused).toEqual([
      expect.objectContaining({
        code: 'SYNCHRONOUS_SECONDARY_NOT_SYNCHRONIZED',
        message: expect.stringMatching(
          /Accounts on the synchronous-commit replica SQL2 is NOT SYNCHRONIZING/,
        ),
        rule: expect.objectContaining({
          document: 'Take an availability group offline (SQL Server)',
        }),
      }),
    ]);
    expect(at(2).facts.primary).toBe('SQL1');
  });

  it('takes the group offline once SQL2 is SYNCHRONIZED, whatever the asynchronous SQL3 holds', () => {
    expect(sim.trace.filter((e) => e.refused.length > 0).map((e) => e.index)).toEqual([2]);
    expect(agService(sim.final)).toBe('OFFLINE');
  });
});

/**
 * The same page, Prerequisites: "The availability group must currently be online." The fixture
 * takes AccountsAG offline on SQL1, runs OFFLINE again on SQL2, restarts SQL1 and tries FAILOVER.
 */
describe('a second OFFLINE is refused by the page that says the group must be online (S73)', () => {
  const sim = simulateScenario(
    JSON.parse(
      readFileSync(
        new URL('./fixtures/docs-offline-then-offline-again.json', import.meta.url),
        'utf8',
      ),
    ),
  );
  const at = (i: number) => sim.trace[i]!;

  it('takes the group offline once, then refuses OFFLINE citing the prerequisite', () => {
    expect(at(3).refused).toEqual([]);
    expect(at(4).refused).toEqual([
      expect.objectContaining({
        code: 'ALREADY_OFFLINE',
        rule: {
          document: 'Take an availability group offline (SQL Server)',
          section: expect.stringMatching(/Prerequisites/),
        },
      }),
    ]);
  });

  it('keeps the group offline after a restart, and FAILOVER cannot bring it back', () => {
    expect(at(6).refused).toEqual([]);
    expect(at(7).refused.map((r) => r.code)).toContain('GROUP_OFFLINE');
    expect(agService(sim.final)).toBe('OFFLINE');
  });
});

/**
 * The same page, Prerequisites: "The server instance on which you enter the OFFLINE command must be
 * running SQL Server 2012 SP1 (11.0.3x) or above". The first fixture's group on 2012 RTM and on SP1.
 */
describe('OFFLINE needs SQL Server 2012 SP1 (S73)', () => {
  const on = (productVersion: string) => {
    const s = JSON.parse(
      readFileSync(
        new URL('./fixtures/docs-offline-then-offline-again.json', import.meta.url),
        'utf8',
      ),
    );
    return simulateScenario({
      ...s,
      config: { ...s.config, version: 2012, productVersion },
      steps: s.steps.slice(0, 4),
    });
  };

  it('refuses it on 2012 RTM (11.0.2100.60), the group left ONLINE', () => {
    const sim = on('11.0.2100.60');
    expect(sim.trace[3]!.refused.map((r) => r.code)).toEqual(['FEATURE_NOT_IN_VERSION']);
    expect(agService(sim.final)).toBe('ONLINE');
  });

  it('takes the group offline on 2012 SP1 (11.0.3000.0)', () => {
    const sim = on('11.0.3000.0');
    expect(sim.trace[3]!.refused).toEqual([]);
    expect(agService(sim.final)).toBe('OFFLINE');
  });
});
