import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * Secondary databases prepared by hand as published material does it, run as a user runs them:
 * `agstate simulate <scenario> --json`, each scenario in ./fixtures/seeding beside the T-SQL of its
 * group, its steps the published statements (each step's note quotes its statement).
 */

interface Step {
  readonly event: { readonly type: string; readonly file?: string };
  readonly refused: readonly { readonly code: string; readonly message: string }[];
}

const simulate = async (scenario: string): Promise<readonly Step[]> => {
  const r = await run([
    'simulate',
    `adapters/cli/fixtures/seeding/${scenario}`,
    '--sql-version',
    '2016',
    '--json',
  ]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { result: { trace: Step[] } }).result.trace;
};

const refusals = (trace: readonly Step[]) =>
  trace.flatMap((s, i) => s.refused.map((x) => [i + 1, s.event.type, x.code]));

describe('"Prepare a secondary database for an Always On availability group" (S68)', () => {
  // learn.microsoft.com/sql/database-engine/availability-groups/windows/
  // manually-prepare-a-secondary-database-for-an-availability-group-sql-server, Transact-SQL
  // example: "After you restore the full backup, you must create a log backup on the primary
  // database" ... "Before you can join the database to the secondary replica, you must apply the
  // required log backup". Nothing is committed between the full and the log backup.
  it('restores the log backup taken right after the full backup, then joins', async () => {
    const trace = await simulate('docs-prepare-secondary.json');
    expect(refusals(trace)).toEqual([]);
    expect(trace.map((s) => s.event.type)).toEqual([
      'db.backup',
      'db.restore',
      'db.backup',
      'db.restore',
      'db.join',
    ]);
  });
});
