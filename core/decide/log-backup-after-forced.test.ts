import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

/**
 * "Perform a forced manual failover of an availability group" (S44), Follow Up: Essential Tasks
 * After a Forced Failover, step 4: "If you follow a forced failover with one or more additional
 * forced failovers, perform a log backup after each additional forced failover in the series."
 * "Failover and failover modes" (S2), Forced failover: "A restore will not work across multiple
 * recovery forks, therefore, be sure to perform a log backup after performing more than one forced
 * failover." The fixture: NODE01 is lost, a forced failover to NODE04, then NODE04 is lost and an
 * additional forced failover goes to NODE02, which commits; then the log backup.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-log-backup-after-additional-forced-failover.json', import.meta.url),
      'utf8',
    ),
  ),
);
const logBackups = (i: number) =>
  recommendedActions(sim.trace[i]!.facts).filter(
    (a) => a.event.type === 'db.backup' && a.event.backupType === 'LOG',
  );

describe('after an additional forced failover, decide recommends a log backup (S44 step 4)', () => {
  it('runs every step of the fixture', () => {
    expect(sim.trace.flatMap((s) => s.refused)).toEqual([]);
  });

  it('recommends nothing of the kind after the first forced failover', () => {
    expect(sim.trace[7]!.facts.primary).toBe('NODE04');
    expect(logBackups(7)).toEqual([]);
    expect(logBackups(12)).toEqual([]);
  });

  it('recommends BACKUP LOG on the new primary after the additional one, with why', () => {
    for (const i of [14, 15]) {
      const found = logBackups(i);
      expect(found.map((a) => a.event)).toEqual([
        { type: 'db.backup', replica: 'NODE02', database: 'Accounts', backupType: 'LOG' },
      ]);
      expect(found[0]!.why.map((r) => r.code)).toEqual(['LOG_BACKUP_AFTER_FORCED_FAILOVER']);
      expect(found[0]!.why[0]!.message).toContain('2 forced failovers');
    }
  });

  it('recommends it no more once the log backup is taken', () => {
    expect(sim.trace[16]!.refused).toEqual([]);
    expect(logBackups(16)).toEqual([]);
  });
});
