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

describe('SEED001: "a single-threaded process that can handle up to five databases"', () => {
  // Three databases added to a group whose two secondaries seed automatically: six seedings of
  // three databases, within the five databases the thread handles. Before, the sixth seeding was
  // queued as if the thread "already handles five databases".
  it('seeds three databases to two secondaries at once, none queued', async () => {
    const r = await run([
      'simulate',
      'adapters/cli/fixtures/seeding/docs-seeding-thread-three-databases.json',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      result: {
        trace: { observations: { type: string; reason?: { code: string } }[] }[];
        seeding: {
          automaticSeeding: { database: string; replica: string; currentState: string }[];
        };
      };
    };
    const notes = doc.result.trace.flatMap((s) =>
      s.observations.flatMap((o) => (o.reason === undefined ? [] : [o.reason.code])),
    );
    expect(notes).not.toContain('SEEDING_QUEUED');
    expect(notes.filter((c) => c === 'SEEDING_STARTED')).toHaveLength(6);
    expect(doc.result.seeding.automaticSeeding.map((x) => x.currentState)).toEqual(
      Array(6).fill('SEEDING'),
    );
  });
});
