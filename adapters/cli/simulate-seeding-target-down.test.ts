import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * A database added with automatic seeding while the secondary's instance is stopped. SEED001
 * ('Use automatic seeding to initialize a secondary replica for an Always On availability group',
 * Monitor automatic seeding) reads the seeding in the SQL Server Log and the extended events of
 * each instance; the secondary's own (hadr_db_manager_seeding_request_msg, 'Seeding request
 * message', and 'Local availability replica … has not been granted permission to create
 * databases') are written by that instance, which a stopped instance cannot do.
 */
const dir = 'adapters/cli/fixtures/seeding';
const sql = readFileSync(`${dir}/docs-seed001-add-database.sql`, 'utf8');
const scenario = readFileSync(`${dir}/docs-seed001-add-database-secondary-down.json`, 'utf8');

interface Observation {
  readonly type: string;
  readonly server?: string;
  readonly name?: string;
  readonly reason?: { readonly code: string };
}
interface Doc {
  readonly result: { readonly trace: readonly { readonly observations: readonly Observation[] }[] };
}

const simulate = async (script: string, steps = scenario): Promise<Doc> => {
  const r = await run(['simulate', 's.json', '--sql-version', '2019', '--json'], {
    files: { 's.json': steps, 'docs-seed001-add-database.sql': script },
  });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Doc;
};

const onSecondary = (doc: Doc, i: number): Observation[] =>
  (doc.result.trace[i]?.observations ?? []).filter(
    (o) => (o.type === 'xevent' || o.type === 'errorlog') && o.server === 'Secondary_Replica',
  );

describe('agstate simulate: automatic seeding asked for while the secondary is down (SEED001)', () => {
  it('shows the request on the primary only, and the stream on both once the secondary is back', async () => {
    const doc = await simulate(sql);
    const add = doc.result.trace[1]?.observations ?? [];
    expect(add.map((o) => o.reason?.code)).toContain('SEEDING_STARTED');
    expect(add.filter((o) => o.type === 'xevent').map((o) => o.name)).toEqual([
      'hadr_automatic_seeding_start',
      'hadr_automatic_seeding_state_transition',
    ]);
    expect(onSecondary(doc, 1)).toEqual([]);
    expect(onSecondary(doc, 3).map((o) => o.name)).toContain('hadr_physical_seeding_progress');
  });

  it('writes no permission message in the log of the stopped secondary, and still says it lacks the grant', async () => {
    const denied = `${sql}\nALTER AVAILABILITY GROUP [AGName] DENY CREATE ANY DATABASE\nGO\n`;
    const doc = await simulate(denied);
    const add = doc.result.trace[1]?.observations ?? [];
    expect(add.map((o) => o.reason?.code)).toContain('SEEDING_NOT_PERMITTED');
    expect(onSecondary(doc, 1)).toEqual([]);
  });

  it('raises no request message on a running secondary cut off from the primary (seeding uses the endpoints)', async () => {
    const cut = scenario
      .replace('"replica.crash"', '"replica.disconnect"')
      .replace('"replica.restart"', '"replica.reconnect"');
    expect(cut).not.toBe(scenario);
    const doc = await simulate(sql, cut);
    expect(onSecondary(doc, 1)).toEqual([]);
    expect(onSecondary(doc, 3).map((o) => o.name)).toContain('hadr_physical_seeding_progress');
  });
});
