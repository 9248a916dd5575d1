import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/*
 * `decide --each` titled a commit "acknowledged at once" while its own reasons said SQL Server may
 * hold commit processing for a synchronous secondary catching up (HADR_SYNCHRONIZING_THROTTLE,
 * 'sys.dm_os_wait_stats', S196). The fixture is SQLShack's (S197) synchronous secondary back
 * online, AppDB SYNCHRONIZING there, seen from the primary.
 */
const FILE = 'adapters/dmv/fixtures/sqlshack-sync-secondary-back-online-catching-up.json';

describe('decide --each, a commit while a synchronous secondary catches up', () => {
  it('does not call it acknowledged at once', async () => {
    const text = await run(['decide', '--each', FILE]);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain('AppDB: acknowledged at once');
    expect(text.stdout).toContain(
      'AppDB: acknowledged once the primary hardens it; commit processing may be held while a secondary catches up',
    );
    expect(text.stdout).toContain('[COMMIT_THROTTLED_WHILE_CATCHING_UP]');
  });
});
