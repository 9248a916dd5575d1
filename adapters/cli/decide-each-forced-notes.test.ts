import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/*
 * `decide --each` prints an allowed forced failover's notes, those about single databases too:
 * the JSON carried them (verdict.targets[].forced.databases) while the text showed only the
 * others. The fixture is the primary-site replica's snapshot of an MSDN forum account after
 * quorum was forced there: RESOLVING, its copy "Not synchronizing, Recovery pending".
 */
const FILE = 'adapters/dmv/fixtures/forum-forced-quorum-resolving-recovery-pending.json';

describe('decide --each, an allowed forced failover with notes about single databases', () => {
  it('prints them under the target, as --json carries them', async () => {
    const text = await run(['decide', '--each', FILE]);
    expect(text.code).toBe(0);
    const target = text.stdout.slice(text.stdout.indexOf('  SQLPRIM1: automatic no'));
    expect(target).toContain('forced yes');
    expect(target.slice(0, target.indexOf('  SQLSEC1:'))).toContain(
      '- RECOVERY_PENDING or SUSPECT on SQLPRIM1: whether each is available there after a forced failover is unknown: AppDB [TARGET_DATABASE_NOT_RECOVERED]',
    );
  });

  it('names a copy whose synchronization state is not shown in words, not by its code', async () => {
    // KB2857849's primary-role moment, seen on the primary: the secondary sqlnode2's copy has no row.
    const file = 'adapters/dmv/fixtures/kb2857849-recovery-pending-on-primary.json';
    const text = (await run(['decide', '--each', file])).stdout;
    expect(text).toContain(
      'synchronization state on sqlnode2 not shown: whether each can start as a primary database is unknown (a REVERTING or INITIALIZING copy cannot): DatabaseName [DATABASE_START_UNKNOWN]',
    );
  });
});
