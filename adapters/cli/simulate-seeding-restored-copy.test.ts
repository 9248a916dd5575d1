import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * Backup and restore combined with automatic seeding, run as a user runs it. SEED001 ("Use
 * automatic seeding to initialize a secondary replica"), Combine backup and restore with automatic
 * seeding: "first restore the database on a secondary replica including all available transaction
 * logs. Next, enable automatic seeding ... to "catch up" the secondary replica's database, as if a
 * tail-log backup were restored". A copy that missed a log backup the primary has since truncated
 * cannot be caught up; S20 lists failure_state 23, "Database With Name Already Exists", and no
 * document says whether seeding streams over such a copy or fails.
 */

type Reason = { code: string; settledBy?: string[] };
interface Doc {
  result: { trace: { refused: unknown[]; observations: { reason?: Reason }[] }[] };
}

describe('SEED001: restored copies, one of which missed a log backup, then SEEDING_MODE = AUTOMATIC', () => {
  it('catches up the complete copy and leaves the stream over the other unknown', async () => {
    const r = await run([
      'simulate',
      'adapters/cli/fixtures/seeding/docs-seed001-combine-missed-log-backup.json',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    const last = doc.result.trace[doc.result.trace.length - 1]!;
    const notes = last.observations.flatMap((o) => (o.reason === undefined ? [] : [o.reason]));
    expect(notes.map((x) => x.code)).toEqual([
      'SEEDING_STARTED',
      'SEEDING_STARTED',
      'SEEDING_OVER_RESTORED_COPY_UNKNOWN',
      'SEEDING_CATCH_UP',
    ]);
    expect(notes[2]!.settledBy).toEqual([
      'sys.dm_hadr_automatic_seeding on the primary of AG1 (current_state and failure_state of attempt 1 for Sales to S1)',
      'msdb.dbo.restorehistory on S1 and msdb.dbo.backupset on the primary (the log backups after the last one restored)',
    ]);
    expect(doc.result.trace.every((s) => s.refused.length === 0)).toBe(true);
  });
});
