import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * Automatic seeding as published material shows it, run as a user runs it: `agstate simulate
 * <scenario> --json`, each scenario in ./fixtures/seeding.
 */

interface Row {
  readonly database: string;
  readonly failureState: number | null;
  readonly failureStateDesc: string | null;
}

const seedingRows = async (scenario: string): Promise<readonly Row[]> => {
  const r = await run(['simulate', `adapters/cli/fixtures/seeding/${scenario}`, '--json']);
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout) as { result: { seeding: { automaticSeeding: Row[] } } };
  return doc.result.seeding.automaticSeeding;
};

describe('MicrosoftDocs/sql-docs#7270: failure rows of sys.dm_hadr_automatic_seeding (S92)', () => {
  // github.com/MicrosoftDocs/sql-docs/issues/7270, "Documentation for failure_state and
  // failure_state_description in sys.dm_hadr_automatic_seeding" (2022-02-01): the rows were
  // "2 SQL Error", "20 Async Task Failure", "21 Seeding Check Message Timeout", "215 Seeding".
  it('shows failure_state_desc as SQL Server does: 215 is "Seeding", the side only in the code', async () => {
    const rows = await seedingRows('issue-7270-failure-states.json');
    expect(rows.map((x) => [x.failureState, x.failureStateDesc])).toEqual([
      [2, 'SQL Error'],
      [20, 'Async Task Failure'],
      [21, 'Seeding Check Message Timeout'],
      [215, 'Seeding'],
    ]);
  });
});
