import { describe, expect, it } from 'vitest';
import { linesOf, run } from './test-support.js';

/*
 * `decide --target` naming the primary (the dbi services log_reuse_wait_desc account; see
 * adapters/dmv/estimates-primary-target.test.ts): S47 estimates the recovery time of a secondary
 * database only, so the line says there is none, not that it is unknown, and gives the loss of
 * nothing it knows.
 */
const FIXTURE = 'adapters/dmv/fixtures/blog-dbi-log-reuse-availability-replica-primary.json';

describe('agstate decide --target <the primary>: the estimates line', () => {
  it('says no recovery time, a loss of nothing, and names no column', async () => {
    const r = await run(['decide', FIXTURE, '--target', 'SQLNODE1']);
    expect(r.code).toBe(0);
    const lines = linesOf(r.stdout);
    const at = lines.findIndex((l) => l.startsWith('    AppDB on SQLNODE1: '));
    expect(lines[at]).toBe(
      '    AppDB on SQLNODE1: estimated recovery time none, estimated data loss 0 s (by last_commit_time) and 0 KB (by log_send_queue_size)',
    );
    expect(lines[at + 1]).toContain('[ESTIMATE_TARGET_IS_PRIMARY]');
    expect(lines.slice(at, at + 3).join('\n')).not.toContain('settled by');
  });
});
