import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * A guide's "2.2 Tạo AG" block (fixtures/guide-vi-create-no-connect.sql) creates AG_SALES with
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 on SQL1, SQL2 (synchronous) and SQL3
 * (asynchronous) with no :Connect, so it does not say which instance CREATE runs on, the one that
 * becomes the primary (S4; "Create an Availability Group (Transact-SQL)": "on the server instance
 * that is to host the initial primary replica"). check searched from the first replica listed and
 * answered "Can acknowledged commits be lost? yes", which holds with SQL1 as the primary and not
 * with SQL3 (an asynchronous primary under 1 acknowledges no commit). Listed with SQL3 first, the
 * same group was answered "no".
 */
const name = 'guide-vi-create-no-connect.sql';
const published = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');
type Answers = Record<string, { verdict: string; unsettled?: string }>;
const answers = async (script: string) =>
  (
    result(
      await run(['check', name, '--sql-version', '2019', '--commits', '1', '--json'], {
        files: { [name]: script },
      }),
    ) as { result: { answers: Answers } }
  ).result.answers;

describe('agstate check on a script that does not say where CREATE AVAILABILITY GROUP runs', () => {
  it('leaves an answer the possible primaries disagree on unknown, naming what settles it', async () => {
    const a = await answers(published);
    expect(a.acknowledgedLoss?.verdict).toBe('unknown');
    expect(a.acknowledgedLoss?.unsettled).toMatch(
      /^yes with SQL1 as the primary \(the way below\), and no with SQL3: the script does not say which instance CREATE AVAILABILITY GROUP AG_SALES runs on .*:Connect naming that replica before the CREATE, or --server, settles it$/,
    );
    // An answer every possible primary gives stands.
    expect(a.commitsBlocked).toMatchObject({ verdict: 'yes' });
    expect(a.commitsBlocked?.unsettled).toBeUndefined();
  });

  it('never answers "no" from the replica listed first', async () => {
    const sql3First = published.replace(
      /(\s+N'SQL1' WITH \([\s\S]*?\n {4}\),)(\s+N'SQL2' WITH \([\s\S]*?\n {4}\),)(\s+N'SQL3' WITH \([\s\S]*?\n {4}\));/,
      (_m, one: string, two: string, three: string) => `${three},${one}${two.replace(/,$/, ';')}`,
    );
    expect(sql3First).not.toBe(published);
    const a = await answers(sql3First);
    expect(a.acknowledgedLoss?.verdict).toBe('unknown');
    expect(a.acknowledgedLoss?.unsettled).toMatch(
      /^no with SQL3 as the primary, and yes with SQL1/,
    );
  });

  it('answers as before where a :Connect names the instance', async () => {
    const placed = `:Connect SQL1\n${published}`.replace(
      '\n-- Trên từng secondary\n',
      '\n:Connect SQL2\n-- Trên từng secondary\n',
    );
    expect(placed).toContain(':Connect SQL2\n-- Trên');
    const a = await answers(placed);
    expect(a.acknowledgedLoss?.verdict).toBe('yes');
    expect(Object.values(a).every((x) => x.unsettled === undefined)).toBe(true);
  });
});

/*
 * Swarm runs of that script each leave "Can acknowledged commits be lost?" unknown (each run
 * searches from SQL1 and again from SQL2 and SQL3), but `--merge` replayed their paths from SQL1
 * alone and answered "yes": the unknown the runs wrote was dropped.
 */
describe('agstate check --merge of swarm runs of a script that does not say where CREATE runs', () => {
  it('keeps an answer the runs left unknown unknown, and a yes every start found yes', async () => {
    const budget = ['--sql-version', '2019', '--faults', '1', '--commits', '1'];
    const files: Record<string, string> = { [name]: published };
    for (const seed of ['1', '2']) {
      const swarm = await run(['check', name, ...budget, '--swarm-seed', seed, '--json'], {
        files,
      });
      files[`run${seed}.json`] = swarm.stdout;
    }
    const merged = result(
      await run(['check', name, ...budget, '--merge', 'run1.json', 'run2.json', '--json'], {
        files,
      }),
    ) as { result: { answers: Answers } };
    const a = merged.result.answers;
    expect(a.acknowledgedLoss?.verdict).toBe('unknown');
    expect(a.acknowledgedLoss?.unsettled).toMatch(
      /^in the swarm run of seed \d, yes with SQL1 as the primary \(the way below\), and no with SQL3: .*--server, settles it$/,
    );
    expect(a.noWritablePrimary).toMatchObject({ verdict: 'yes' });
    expect(a.noWritablePrimary?.unsettled).toBeUndefined();
  });
});
