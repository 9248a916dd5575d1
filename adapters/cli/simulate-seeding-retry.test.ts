import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * A seeding started again after a stream that failed or was cancelled with bytes on the
 * secondary, run as a user runs it: `agstate simulate <scenario> --json`.
 *
 * 'Automatically initialize Always On availability group' (S19, 2016 text): "if seeding fails
 * because of insufficient disk space on the secondary replica, the you can run ALTER AVAILABILITY
 * GROUP ... WITH (SEEDING_MODE=AUTOMATIC) to restart seeding after you have added free space";
 * SEEDING_MODE = MANUAL "will cancel any replicas that are currently seeding". S93 ("SQL Server
 * 2022 Administration Inside Out"): "If automatic seeding fails, remember to drop the
 * unsuccessfully seeded database on the secondary replica, including the database data and log
 * files". S20 lists failure_state 23, "Database With Name Already Exists": whether the restart
 * streams depends on what the secondary still holds, which no input here says.
 */

type Reason = { code: string; settledBy?: string[] };
interface Doc {
  result: { trace: { refused: unknown[]; observations: { reason?: Reason }[] }[] };
}

const codesAt = (doc: Doc, index: number): Reason[] =>
  doc.result.trace[index]!.observations.flatMap((o) => (o.reason === undefined ? [] : [o.reason]));

describe('S19: a seeding restarted after it failed, and after SEEDING_MODE = MANUAL cancelled it', () => {
  it('leaves each restart after a partial stream unknown, naming what settles it', async () => {
    const r = await run([
      'simulate',
      'adapters/cli/fixtures/seeding/docs-seeding-restart-after-disk-full.json',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    // #6 restarts after the disk-space failure, #9 after the cancellation.
    for (const [index, attempt] of [
      [5, 2],
      [8, 3],
    ] as const) {
      const notes = codesAt(doc, index);
      expect(notes.map((x) => x.code)).toEqual([
        'SEEDING_RESTARTED',
        'SEEDING_STARTED',
        'SEEDING_RETRY_DATABASE_MAY_EXIST',
      ]);
      expect(notes[2]!.settledBy).toEqual([
        'sys.databases on SQLNODE2 (a row for Sales)',
        `sys.dm_hadr_automatic_seeding on the primary of AG1 (current_state and failure_state of attempt ${attempt})`,
      ]);
    }
    // The first attempt of Sales, and D0's, follow no failed stream.
    expect(codesAt(doc, 2).map((x) => x.code)).toEqual(['SEEDING_STARTED']);
    expect(codesAt(doc, 0).map((x) => x.code)).toEqual(['SEEDING_STARTED']);
    expect(doc.result.trace.every((s) => s.refused.length === 0)).toBe(true);
  });

  it('says nothing of it when the failed attempt had moved no bytes', async () => {
    // The bundled walk-through fails Billing's seeding to SQLNODE3 before any byte arrived and
    // restarts it: no database of that name was created there.
    const r = await run([
      'simulate',
      'examples/scenarios/automatic-seeding.json',
      '--sql-version',
      '2022',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(codesAt(doc, 6).map((x) => x.code)).toContain('SEEDING_RESTARTED');
    const all = doc.result.trace.flatMap((s) =>
      s.observations.flatMap((o) => o.reason?.code ?? []),
    );
    expect(all).not.toContain('SEEDING_RETRY_DATABASE_MAY_EXIST');
  });
});
