import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { backupDecision } from './backup.js';
import { backupJobDecision } from './conventions.js';

/**
 * 'Configure backups on secondary replicas of an Always On availability group' (S11): MyAg set to
 * SecondaryOnly, MyReplica at backup priority 60; the Follow Up's job takes "BACKUP DATABASE
 * @DBNAME TO DISK=<disk> WITH COPY_ONLY" on the preferred replica, and "In the event of a failover,
 * none of the scripts or jobs needs to be modified". The copy-only full is taken on MyReplica, which
 * then becomes primary. Backup-DbaDatabase takes a log or differential backup only where SMO's
 * LastBackupDate is set, read from that instance's msdb rows of type 'D', copy-only ones included
 * (S133): the simulation took one on MyReplica, so that replica's check is settled, not unknown.
 */
const document = JSON.parse(
  readFileSync(
    new URL('./fixtures/docs-configure-backup-secondary-only-failover.json', import.meta.url),
    'utf8',
  ),
);
const sim = simulateScenario(document);
const facts = sim.trace[sim.trace.length - 1]!.facts;
const codes = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);

describe("S11's copy-only full on MyReplica, then a planned failover to it", () => {
  it('the copy-only full and the log backup after the failover are both taken', () => {
    expect(sim.trace.map((s) => s.refused)).toEqual(sim.trace.map(() => []));
    expect(facts.primary).toBe('MyReplica');
  });

  it('after the failover the old primary is the preferred replica: no job needs changing', () => {
    const d = backupDecision(facts, 'SalesDB', 'LOG', 'PrimaryServer');
    expect(d.action).toBe('run');
    expect(codes(d.reasons)).toContain('BACKUP_PREFERENCE_FOLLOWED');
    expect(backupDecision(facts, 'SalesDB', 'LOG', 'MyReplica').action).toBe('skip');
  });

  it("dbatools' log and differential backups on MyReplica pass its msdb check, which records the copy-only full", () => {
    for (const type of ['LOG', 'DIFFERENTIAL'] as const) {
      const j = backupJobDecision(facts, 'SalesDB', type, 'MyReplica', 'DBATOOLS');
      expect(j.outcome).toBe('take');
      expect(codes(j.reasons)).toContain('BACKUP_JOB_DBATOOLS_LAST_FULL_RECORDED');
      expect(codes(j.reasons)).not.toContain('BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN');
    }
  });

  it('a full backup taken on another replica does not count: PrimaryServer took only a log backup', () => {
    const j = backupJobDecision(facts, 'SalesDB', 'LOG', 'PrimaryServer', 'DBATOOLS');
    expect(codes(j.reasons)).toContain('BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN');
    expect(codes(j.reasons)).not.toContain('BACKUP_JOB_DBATOOLS_LAST_FULL_RECORDED');
  });
});
