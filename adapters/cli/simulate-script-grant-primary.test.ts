import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * A GRANT CREATE ANY DATABASE run on the instance CREATE ran on counts once a failover makes it a
 * secondary. 'Configure read-scale for an Always On availability group' (S46): "Run the following
 * Transact-SQL script on the primary SQL Server replica", CREATE AVAILABILITY GROUP [ag1] …
 * SEEDING_MODE = AUTOMATIC … then "ALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE;". The
 * published input is Microsoft CSS's read-scale scripts (S208; microsoft/mssql-support,
 * sample-scripts/availability_groups/read_scale_no_cluster, 'SQL AG 04 create availability
 * group.sql' grants on ag-node000 after its CREATE, 12 and 13 fail over to ag-node001), then db2
 * added on the new primary. Without the grant ag-node000 logs SEED001's message: "permissions must
 * be granted to the availability group on the secondary replica" (S3: "Run this parameter on every
 * secondary replica that supports direct seeding").
 */
const sql = readFileSync('adapters/tsql/fixtures/ms-css-read-scale-failover.sql', 'utf8');
const scenario = readFileSync(
  'adapters/cli/fixtures/seeding/ms-css-read-scale-add-database-after-failover.json',
  'utf8',
).replace('../../../tsql/fixtures/ms-css-read-scale-failover.sql', 'script.sql');

interface Observation {
  readonly reason?: { readonly code: string; readonly message: string };
}
interface Doc {
  readonly result: { readonly trace: readonly { readonly observations: readonly Observation[] }[] };
}

const simulate = async (script: string): Promise<Doc> => {
  const r = await run(['simulate', 's.json', '--sql-version', '2019', '--json'], {
    files: { 's.json': scenario, 'script.sql': script },
  });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Doc;
};

/** The replicas named by the reasons of one code at the db.add step. */
const named = (doc: Doc, code: string): string[] =>
  (doc.result.trace[0]?.observations ?? [])
    .flatMap((o) => (o.reason?.code === code ? [o.reason.message] : []))
    .flatMap((m) => ['ag-node000', 'ag-node002'].filter((r) => m.includes(` ${r} `)));

describe('Microsoft CSS read-scale scripts: db2 added after the failover (S46, S208)', () => {
  it('seeds db2 to ag-node000, granted by 04 on the primary, as to ag-node002', async () => {
    // Before, the script's GRANT on ag-node000 was dropped and ag-node000 logged SEEDING_NOT_PERMITTED.
    const doc = await simulate(sql);
    expect(named(doc, 'SEEDING_STARTED').sort()).toEqual(['ag-node000', 'ag-node002']);
    expect(doc.result.trace[0]?.observations.map((o) => o.reason?.code)).not.toContain(
      'SEEDING_NOT_PERMITTED',
    );
  });

  it('waits for the grant on ag-node000 when 04 leaves its GRANT out (SEED001, S3)', async () => {
    const grant = 'ALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE;\nGO\n';
    const create = sql.indexOf(grant);
    expect(create).toBeGreaterThan(0);
    expect(sql.slice(create + grant.length)).toMatch(/^-- SQL AG 05/);
    const doc = await simulate(sql.slice(0, create) + sql.slice(create + grant.length));
    const codes = doc.result.trace[0]?.observations.map((o) => o.reason?.code);
    expect(codes).toContain('SEEDING_NOT_PERMITTED');
    expect(named(doc, 'SEEDING_STARTED')).toEqual(['ag-node002']);
  });
});
