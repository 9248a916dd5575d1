import { describe, expect, it } from 'vitest';
import { linesOf, run } from './test-support.js';

/*
 * The primary's snapshot after error 35276 on its secondary (S135: "Manual intervention may be
 * required to resume synchronization of the database"): agdb NOT SYNCHRONIZING on SQL2 with
 * is_suspended and database_state_desc not shown. An unknown answer names what settles it (the
 * common brief: "the answer must be 'unknown' naming the column, view or statement that settles
 * it"); --json carried it as settledBy, the text named it only where the message happened to.
 */
const INPUT = 'adapters/dmv/fixtures/docs-35276-secondary-not-synchronizing.json';

describe('agstate decide, text: an unknown reason names what settles it', () => {
  it('under the RESUME whose suspension is not shown, and under a backup job left unknown', async () => {
    const r = await run(['decide', INPUT]);
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout).map((l) => l.trim());
    const settledLine = (code: string): string | undefined =>
      lines[lines.findIndex((l) => l.endsWith(`[${code}]`)) + 2];
    expect(settledLine('RESUME_SUSPENSION_UNKNOWN')).toBe(
      `settled by sys.dm_hadr_database_replica_states.is_suspended and suspend_reason_desc of agdb on SQL2; SQL2's error log (35264 "data movement ... has been suspended", 35276)`,
    );
    expect(settledLine('UNKNOWN_DATABASE_STATE')).toContain(
      'settled by sys.dm_hadr_database_replica_states.database_state_desc',
    );
  });

  it('adds nothing under a settled reason', async () => {
    const r = await run(['decide', INPUT]);
    const lines = linesOf(r.stdout).map((l) => l.trim());
    const i = lines.findIndex((l) => l.endsWith('[DATABASE_NOT_SYNCHRONIZED]'));
    expect(lines[i + 2]?.startsWith('settled by')).toBe(false);
  });
});
