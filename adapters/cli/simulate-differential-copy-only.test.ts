import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

interface Step {
  readonly event: { readonly type: string };
  readonly refused: readonly { readonly code: string; readonly message: string }[];
}

/**
 * Paul S. Randal, "The Curious Case of… the failing differential restore" (S151,
 * sqlskills.com/blogs/paul/the-curious-case-of-the-failing-differential-restore): initializing a
 * secondary, "the differential restore was consistently failing with this error: Msg 3136 ... This
 * differential backup cannot be restored because the database has not been restored to the
 * correct earlier state", because "they'd used the COPY_ONLY option on the full backup they
 * performed to initialize the secondary": "The COPY_ONLY backup gets a different 'differential
 * base GUID' which will not match any subsequent differential backups".
 */
describe('S151: a differential restored over a COPY_ONLY full backup', () => {
  it('refuses the differential with error 3136; the log backups still apply and the join works', async () => {
    const r = await run([
      'simulate',
      'adapters/cli/fixtures/seeding/blog-randal-differential-over-copy-only.json',
      '--sql-version',
      '2016',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const trace = (JSON.parse(r.stdout) as { result: { trace: Step[] } }).result.trace;
    expect(trace.flatMap((s, i) => s.refused.map((x) => [i + 1, x.code]))).toEqual([
      [7, 'DIFFERENTIAL_OVER_COPY_ONLY'],
    ]);
    const why = trace[6]!.refused[0]!.message;
    expect(why).toContain('copy-only full backup \\\\share\\AdventureWorks_init.bak');
    expect(why).toContain('error 3136');
    expect(trace.at(-1)?.event.type).toBe('db.join');
  });
});
