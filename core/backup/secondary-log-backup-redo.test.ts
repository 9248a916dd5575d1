import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { backupDecision } from './backup.js';
import { backupJobDecision } from './conventions.js';

/**
 * 'Database engine events and errors (31000 to 41399)' (S135), 35295: "Log backup for database
 * "%.*ls" on a secondary replica failed because the last backup LSN (0x%ls) from the primary
 * database is greater than the current local redo LSN (0x%ls). No log records need to be backed up
 * at this time. Retry the log-backup operation later." (a public monitoring script, rudi@babaluga.com,
 * quotes it as seen with LSNs 0x00014e11:00003821:0001 and 0x00014de4:00048108:003f). The
 * fixture's log backups are split across replicas: SQLNODE2 backs up to LSN 5, then the job runs
 * on SQLDR1, which has hardened to LSN 8 and redone nothing.
 */
const document = JSON.parse(
  readFileSync(
    new URL('./fixtures/msg35295-log-backup-secondary-redo-behind.json', import.meta.url),
    'utf8',
  ),
);
const sim = simulateScenario(document);
const backupNotes = (i: number) =>
  sim.trace[i]!.observations.flatMap((o) =>
    o.type === 'note' && o.reason.code === 'BACKUP_TAKEN' ? [o.reason.message] : [],
  );

describe('a log backup on a secondary whose redo is behind the last log backup', () => {
  it('fails with Msg 35295 though the secondary has hardened past it', () => {
    const refused = sim.trace[11]!.refused;
    expect(refused.map((r) => r.code)).toEqual(['SECONDARY_LOG_BEHIND_CHAIN']);
    expect(refused[0]!.message).toContain('redone SalesDB to LSN 0 only');
    expect(refused[0]!.message).toContain('(LSN 5)');
    expect(refused[0]!.message).toContain('35295');
    expect(refused[0]!.rule.document).toBe('Database engine events and errors (31000 to 41399)');
  });

  it('succeeds on retry once redo has passed the last backup, continuing the chain', () => {
    expect(sim.trace[13]!.refused).toEqual([]);
    expect(backupNotes(13)).toEqual([expect.stringContaining('LSN 6 to 8')]);
  });

  it('the earlier log backup on SQLNODE2 ran with the log it had redone', () => {
    expect(backupNotes(7)).toEqual([expect.stringContaining('LSN 1 to 5')]);
  });
});

describe('the backup decisions on the cluster as the refused backup leaves it', () => {
  // Stop right after the refused log backup on SQLDR1: hardened to 8, redone to 0, chain at 5.
  const facts = simulateScenario({ ...document, steps: document.steps.slice(0, 12) }).trace[11]!
    .facts;

  it('skips the log backup on SQLDR1 with Msg 35295, as the step was refused', () => {
    const d = backupDecision(facts, 'SalesDB', 'LOG', 'SQLDR1');
    expect(d.action).toBe('skip');
    expect(d.reasons.map((r) => r.code)).toEqual(['BACKUP_SECONDARY_REDO_BEHIND_LOG_BACKUP']);
    expect(d.reasons[0]!.message).toContain('redone to LSN 0 only');
  });

  it('every job that runs BACKUP LOG on SQLDR1 fails there', () => {
    for (const convention of ['OLA_HALLENGREN', 'MAINTENANCE_PLAN', 'DBATOOLS'] as const) {
      const j = backupJobDecision(facts, 'SalesDB', 'LOG', 'SQLDR1', convention);
      // dbatools' own msdb check is open, but it fails either way (S133, then Msg 35295).
      expect(j.outcome).toBe('fail');
      expect(j.reasons.map((r) => r.code)).toContain('BACKUP_SECONDARY_REDO_BEHIND_LOG_BACKUP');
    }
  });

  it('a copy-only full backup there is not held back by the log chain', () => {
    const d = backupDecision(facts, 'SalesDB', 'FULL_COPY_ONLY', 'SQLDR1');
    expect(d.reasons.map((r) => r.code)).not.toContain('BACKUP_SECONDARY_REDO_BEHIND_LOG_BACKUP');
  });
});
