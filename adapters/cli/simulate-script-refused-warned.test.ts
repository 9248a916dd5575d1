import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * A scenario whose configuration is `{ "tsql": … }` starts from the group as check reads the same
 * script: the statements SQL Server refuses left out and named first, and the script's warnings
 * said, as validate says them. sqlcmd goes on after an error unless told to stop ('Commands in the
 * sqlcmd utility' (S337), :On Error: "When you use the exit option, sqlcmd exits with the
 * appropriate error value"); inside its batch, 'Batches' (S336): "Most run-time errors stop the
 * current statement and the statements that follow it in the batch", so a statement after the
 * refused one in its batch leaves the group unsettled and the scenario is still bad input there.
 * simulate used to refuse the whole scenario at any refused statement (exit 2) and said none of
 * the script's warnings.
 */

type Simulated = {
  simulated: boolean;
  warnings?: string[];
  refused?: { code: string; message: string }[];
  trace: { refused: unknown[] }[];
};

const SQL = readFileSync('adapters/tsql/fixtures/lab-aws-linux-configuration-only.sql', 'utf8');
const SCENARIO = readFileSync(
  'adapters/cli/fixtures/scripted/lab-aws-linux-configuration-only-primary-down.json',
  'utf8',
);

/*
 * rladda/MSSQL-AG-on-Linux-in-AWS, README.md: "Run below commands on secondary replicas to join in
 * the AG" runs GRANT CREATE ANY DATABASE on the configuration-only sqlhaconfig too, which SQL
 * Server refuses (Msg 47111: "The replica is a configuration-only and cannot host databases inside
 * the availability group"); a GO ends its batch. The scenario's steps are invented.
 */
describe('agstate simulate on a scenario whose script has a statement SQL Server refuses', () => {
  const simulate = (script: string, ...more: string[]) =>
    run(['simulate', 'd/e/f/s.json', '--sql-version', '2019', ...more], {
      files: {
        'd/e/f/s.json': SCENARIO,
        'tsql/fixtures/lab-aws-linux-configuration-only.sql': script,
      },
    });

  it('runs the steps on the group without the refused GRANT, names it, and exits 1', async () => {
    const r = await simulate(SQL, '--json');
    expect(r.code).toBe(1);
    const doc = result(r) as Simulated;
    expect(doc.simulated).toBe(true);
    expect(doc.refused?.map((v) => v.code)).toEqual(['CONFIGURATION_ONLY_NO_CREATE_DATABASE']);
    expect(doc.refused?.[0]?.message).toContain('lab-aws-linux-configuration-only.sql:37:1: ');
    expect(doc.trace.map((e) => e.refused)).toEqual([[], [], [], []]);
  });

  it('says so in text before the trace', async () => {
    const r = await simulate(SQL);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      `tsql/fixtures/lab-aws-linux-configuration-only.sql: SQL Server refuses one statement of this script (validate reports it); the scenario starts from the group as the script leaves it without it: ag1 (SQL Server 2019, CLUSTER_TYPE EXTERNAL, replicas sqlhalx1, sqlhalx2, sqlhaconfig; databases db1)`,
    );
    expect(lines[1]).toContain(
      ':37:1: ALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE is not applied to ag1',
    );
    expect(r.stdout).toContain('automatic failover from sqlhalx1 to sqlhalx2');
  });

  it('is still bad input when a statement agstate reads follows it in its batch (exit 2)', async () => {
    const joined = SQL.replace(
      'ALTER AVAILABILITY GROUP [ag1] JOIN WITH (CLUSTER_TYPE = EXTERNAL);\n\nALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE;\nGO\n:Connect sqlhalx1',
      'ALTER AVAILABILITY GROUP [ag1] JOIN WITH (CLUSTER_TYPE = EXTERNAL);\n\nALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE;\n:Connect sqlhalx1',
    );
    expect(joined).not.toBe(SQL);
    const r = await simulate(joined);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('follows it in its batch');
  });
});

/*
 * 'Transparent data encryption (TDE)' (S331, ms.date 01/19/2024), TDE and availability groups: "If
 * a certificate is used to protect the DEK, back up the certificate created on the primary
 * replica, and then create the certificate from a file on all secondary replicas before creating
 * the DEK on the primary replica". adapters/tsql/fixtures/docs-tde-enable-then-automatic-seeding.sql
 * runs the page's Enable TDE example, then seeds the database to SQLNODE2 without the certificate;
 * validate warns of it (Msg 33111 on the automatic seeding's restore). The scenario lets the
 * seeding run to its end.
 */
describe("agstate simulate says the warnings of the scenario's script", () => {
  const sql = readFileSync(
    'adapters/tsql/fixtures/docs-tde-enable-then-automatic-seeding.sql',
    'utf8',
  );
  const scenario = readFileSync(
    'adapters/cli/fixtures/seeding/docs-tde-enable-then-automatic-seeding.json',
    'utf8',
  );
  const simulate = (...more: string[]) =>
    run(['simulate', 'd/e/f/s.json', '--sql-version', '2019', ...more], {
      files: {
        'd/e/f/s.json': scenario,
        'tsql/fixtures/docs-tde-enable-then-automatic-seeding.sql': sql,
      },
    });

  it('names the missing certificate before the trace, and exits 0', async () => {
    const r = await simulate();
    expect(r.code).toBe(0);
    const [placeholder, tde] = r.stdout.split('\n');
    expect(placeholder).toContain(
      'docs-tde-enable-then-automatic-seeding.sql:14:44: warning: template placeholder',
    );
    expect(tde).toContain('docs-tde-enable-then-automatic-seeding.sql:57:1: warning:');
    expect(tde).toContain('never creates the certificate MyServerCert');
    expect(tde).toContain('Msg 33111');
  });

  it('gives them in --json', async () => {
    const doc = result(await simulate('--json')) as Simulated;
    expect(doc.warnings).toHaveLength(2);
    expect(doc.warnings?.[1]).toMatch(/^57:1: warning: .*Msg 33111/);
    expect(doc.refused).toBeUndefined();
  });
});
