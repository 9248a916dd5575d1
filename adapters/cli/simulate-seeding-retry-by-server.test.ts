import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * A database added with automatic seeding while the secondary is cut off from the primary, run
 * as a user runs it: `agstate simulate <scenario> --json`. The group is SEED001's ('Use automatic
 * seeding to initialize a secondary replica', docs-seed001-add-database.sql); the seeding check
 * gets no answer and fails with failure_state 21, Seeding Check Message Timeout (S20; after "a few
 * minutes" in dataplat/dbatools#8603, 3 in the model).
 *
 * 'Database engine events and errors (19000 to 20999)' (S66) gives SQL Server's two messages
 * after a failed seeding: Msg 19494, "Automatic seeding of availability database '%ls' in
 * availability group '%.*ls' failed with a transient error. The operation will be retried.", and
 * Msg 19495, "... failed with an unrecoverable error. Correct the problem, then issue an ALTER
 * AVAILABILITY GROUP command to set SEEDING_MODE = AUTOMATIC on the replica to restart seeding."
 * Which one follows failure_state 21 no document says, so whether db2 is seeded once the network
 * is back is unknown; the model waits for SEEDING_MODE = AUTOMATIC and says so.
 */

type Reason = { code: string; message: string; settledBy?: string[] };
interface Doc {
  result: { trace: { refused: unknown[]; observations: { reason?: Reason }[] }[] };
}

const reasonsAt = (doc: Doc, index: number): Reason[] =>
  doc.result.trace[index]!.observations.flatMap((o) => (o.reason === undefined ? [] : [o.reason]));

const simulate = async (file: string): Promise<Doc> => {
  const r = await run(['simulate', file, '--sql-version', '2019', '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Doc;
};

describe('S66: a seeding failed while the secondary was cut off, retried by SQL Server or not', () => {
  it('says at the failure that the retry is unknown, and what settles it', async () => {
    const doc = await simulate(
      'adapters/cli/fixtures/seeding/docs-seed001-add-database-secondary-disconnected.json',
    );
    const failed = reasonsAt(doc, 3);
    expect(failed.map((x) => x.code)).toEqual([
      'SEEDING_CHECK_TIMEOUT',
      'SEEDING_FAILED',
      'SEEDING_RETRY_BY_SERVER_UNKNOWN',
    ]);
    expect(failed[2]!.message).toContain(
      `Msg 19494 "Automatic seeding of availability database 'db2' in availability group 'AGName' failed with a transient error. The operation will be retried."`,
    );
    expect(failed[2]!.message).toContain(
      'agstate does not start it again by itself: SEEDING_MODE = AUTOMATIC for Secondary_Replica, run on the primary, does',
    );
    expect(failed[2]!.settledBy).toEqual([
      'the SQL Server Logs of Primary_Replica and Secondary_Replica (Msg 19494 or 19495 for db2)',
      'sys.dm_hadr_automatic_seeding: a later attempt of db2 to Secondary_Replica (start_time, number_of_attempts)',
    ]);
    expect(doc.result.trace.every((s) => s.refused.length === 0)).toBe(true);
  });

  it('says nothing of it for a seeding cancelled by SEEDING_MODE = MANUAL (failure_state 1, S19)', async () => {
    // The bundled walk-through cancels Sales' seeding with SEEDING_MODE = MANUAL at step #8.
    const doc = await simulate(
      'adapters/cli/fixtures/seeding/docs-seeding-restart-after-disk-full.json',
    );
    const all = doc.result.trace.flatMap((_, i) => reasonsAt(doc, i).map((x) => x.code));
    const cancelled = doc.result.trace.findIndex((_, i) =>
      reasonsAt(doc, i).some((x) => x.code === 'SEEDING_CANCELLED'),
    );
    expect(cancelled).toBeGreaterThan(0);
    expect(reasonsAt(doc, cancelled).map((x) => x.code)).not.toContain(
      'SEEDING_RETRY_BY_SERVER_UNKNOWN',
    );
    // The disk-space failure before it is one SQL Server may have retried by itself.
    expect(all).toContain('SEEDING_RETRY_BY_SERVER_UNKNOWN');
  });
});
