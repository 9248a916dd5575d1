import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * A script with a statement SQL Server refuses still deploys a group: the statements before it ran,
 * and the next batch runs too, since sqlcmd goes on after an error unless told to stop ('Commands
 * in the sqlcmd utility' (S337), :On Error: "When you use the exit option, sqlcmd exits with the
 * appropriate error value"; 'sqlcmd utility', -b: "Specifies that sqlcmd exits and returns a DOS
 * ERRORLEVEL value when an error occurs"). Inside its own batch, what follows the refused statement
 * may not run: 'Batches' (S336): "Most run-time errors stop the current statement and the
 * statements that follow it in the batch. Some run-time errors, such as constraint violations,
 * stop only the current statement. All the remaining statements in the batch are executed." check
 * used to stop at any refused statement (exit 2); it now searches the group validate judges (the
 * refused statement left out), names what SQL Server refuses first, and exits 1 (the script breaks
 * documented rules, as validate says); it still stops where a statement the group as read takes
 * follows the refused one in its batch, since whether it ran is not settled.
 */

type Checked = {
  checked: boolean;
  refused?: { code: string; message: string }[];
  result: {
    complete: boolean;
    group: string;
    answers: Record<string, { verdict: string }>;
  };
};

/*
 * rladda/MSSQL-AG-on-Linux-in-AWS, README.md ("SQL Server always on AG on linux deployed in AWS"):
 * "Run below commands on secondary replicas to join in the AG" runs JOIN then GRANT CREATE ANY
 * DATABASE on sqlhalx2 and on the configuration-only sqlhaconfig, where SQL Server refuses the
 * GRANT (Msg 47111: "The replica is a configuration-only and cannot host databases inside the
 * availability group"). The GRANT ends its batch (a GO follows), so the group is settled.
 */
describe('agstate check on a published script with one statement SQL Server refuses (rladda/MSSQL-AG-on-Linux-in-AWS)', () => {
  const name = 'lab-aws-linux-configuration-only.sql';
  const text = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');
  const check = (...more: string[]) =>
    run(['check', name, '--sql-version', '2019', '--faults', '0', ...more], {
      files: { [name]: text },
    });

  it('searches the group without the refused GRANT, naming it first, and exits 1', async () => {
    const r = await check('--json');
    expect(r.code).toBe(1);
    const checked = result(r) as Checked;
    expect(checked.checked).toBe(true);
    expect(checked.refused?.map((v) => v.code)).toEqual(['CONFIGURATION_ONLY_NO_CREATE_DATABASE']);
    expect(checked.refused?.[0]?.message).toMatch(new RegExp(`^${name}:37:1: `));
    expect(checked.result.group).toBe('ag1');
    expect(checked.result.complete).toBe(true);
    // With no fault the group loses nothing and keeps its primary: the exit is the refusal's.
    expect(Object.values(checked.result.answers).map((a) => a.verdict)).toEqual([
      'no',
      'no',
      'no',
      'no',
      'no',
    ]);
  });

  it('says so in text before the answers', async () => {
    const r = await check();
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      `${name}: SQL Server refuses one statement of this script (validate reports it); the search below takes the group as the script leaves it without it: ag1 (SQL Server 2019, CLUSTER_TYPE EXTERNAL, replicas sqlhalx1, sqlhalx2, sqlhaconfig; databases db1)`,
    );
    expect(lines[1]).toContain(
      `${name}:37:1: ALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE is not applied to ag1`,
    );
    expect(r.stdout).toContain('Can acknowledged commits be lost? no');
  });

  it('names it in random walks too', async () => {
    const r = await check('--random', '3', '--seed', '1', '--moves', '8', '--json');
    expect(r.code).toBe(1);
    const checked = result(r) as { refused?: { code: string }[] };
    expect(checked.refused?.map((v) => v.code)).toEqual(['CONFIGURATION_ONLY_NO_CREATE_DATABASE']);
  });
});

/*
 * "Configuration only replica" (SQL Server on Linux): "You cannot modify the availability mode of
 * a configuration only replica". The documentation's Example A, then that MODIFY REPLICA.
 */
describe('agstate check on a script whose refused statement has more after it in its batch', () => {
  const LINUX = readFileSync('adapters/tsql/fixtures/docs-linux-configuration-only.sql', 'utf8');
  const refusedModify =
    "ALTER AVAILABILITY GROUP [<AGName>] MODIFY REPLICA ON N'LinAGN3' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);";
  const timeout =
    "ALTER AVAILABILITY GROUP [<AGName>] MODIFY REPLICA ON N'LinAGN2' WITH (SESSION_TIMEOUT = 15);";
  const check = (script: string) =>
    run(['check', 'refused.sql', '--sql-version', '2022', '--server', 'LinAGN1', '--faults', '0'], {
      files: { 'refused.sql': script },
    });

  it('is bad input when a statement follows it in the batch: whether it ran is not settled (exit 2)', async () => {
    const script = `${LINUX}\n${refusedModify}\n${timeout}\n`;
    const line = script.split('\n').length - 2;
    const r = await check(script);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `refused.sql:${line}:1: expected a statement SQL Server accepts, or a GO right after one it refuses`,
    );
    expect(r.stderr).toContain('[CONFIGURATION_ONLY_NOT_MODIFIABLE]');
    expect(r.stderr).toContain(`follows it in its batch`);
    expect(r.stderr).toContain(
      '"Most run-time errors stop the current statement and the statements that follow it in the batch"',
    );
  });

  it('is searched when a GO ends the batch after it (exit 1, the refusal named)', async () => {
    const r = await check(`${LINUX}\n${refusedModify}\nGO\n${timeout}\n`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('SQL Server refuses one statement of this script');
    expect(r.stdout).toContain('[CONFIGURATION_ONLY_NOT_MODIFIABLE]');
    expect(r.stdout).toContain('Can acknowledged commits be lost? no');
  });

  it('is searched when nothing follows it (exit 1)', async () => {
    const r = await check(`${LINUX}\n${refusedModify}\n`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('SQL Server refuses one statement of this script');
  });
});
