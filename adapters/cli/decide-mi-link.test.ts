import { describe, expect, it } from 'vitest';
import { readExample, result, run } from './test-support.js';

/*
 * "Fail over link - Azure SQL Managed Instance" (S104; MicrosoftDocs/sql-docs
 * azure-sql/managed-instance/managed-instance-link-failover-how-to.md, ms.date 10/09/2024):
 * "You can fail over the link by using Transact-SQL starting with SQL Server 2022 CU13
 * (KB5036432). To perform a planned failover for a link, use the following T-SQL command on the
 * primary replica: ALTER AVAILABILITY GROUP [<DAGname>] FAILOVER"; "Replication between SQL
 * Server and SQL Managed Instance is asynchronous by default. If you're failing over from SQL
 * Server to Azure SQL Managed Instance, before you fail over your database, switch the link to
 * synchronous mode on SQL Server" ("Run on SQL Server ... MODIFY AVAILABILITY GROUP ON '<AGName>'
 * WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT), '<ManagedInstanceName>' WITH (AVAILABILITY_MODE =
 * SYNCHRONOUS_COMMIT)"; "Now that you've switched SQL Server to synchronous commit mode,
 * replication between the two instances is synchronous"); "Failing over a database in SQL Server
 * 2019 and earlier versions breaks and removes the link between the two replicas."
 * The fixture is the SQL Server side of a link made by S83's scripts (AG_SQL WITH (CLUSTER_TYPE =
 * NONE), DAG_MI with LISTENER_URL 'tcp://<fqdn>:5022;Server=[sqlmi1]', SESSION_TIMEOUT = 20),
 * asynchronous and caught up, on SQL Server 2022 CU13 (16.0.4125.3). Names and LSNs invented.
 */

const FIXTURE = 'adapters/dmv/fixtures/docs-mi-link-sql-server-primary.json';

interface Distributed {
  readonly distributed: {
    readonly readiness: {
      readonly steps: readonly { step: string; met: boolean; reasons: { code: string }[] }[];
    };
    readonly sequence: readonly { step: number; action: { kind: string } }[];
    readonly tsql: string;
  };
}

const decideLink = async (files: Record<string, string> = {}, file = FIXTURE) => {
  const r = await run(['decide', file, '--group', 'DAG_MI', '--json'], { files });
  expect(r.code).toBe(0);
  return (result(r) as unknown as Distributed).distributed;
};

/** The fixture with another SERVERPROPERTY row, as a file of the test. */
const withServer = async (server: Record<string, unknown>) => {
  const s = JSON.parse(await readExample(FIXTURE)) as Record<string, unknown>;
  return { 'link.json': JSON.stringify({ ...s, SERVERPROPERTY: [server] }) };
};

describe("decide on a Managed Instance link: the link's own failover (S104)", () => {
  it("SQL Server 2022 CU13: switch to synchronous on SQL Server, check the LSNs, then FAILOVER on the primary; not S58's demotion and forced failover", async () => {
    const d = await decideLink();
    expect(d.sequence.map((s) => [s.step, s.action.kind])).toEqual([
      [1, 'setAvailabilityMode'],
      [2, 'checkLastHardenedLsn'],
      [2, 'checkLastHardenedLsn'],
      [3, 'linkFailover'],
    ]);
    expect(d.tsql).toContain(':Connect SQLSRV1\nALTER AVAILABILITY GROUP [DAG_MI] FAILOVER;\nGO');
    for (const s58 of [
      'SET (ROLE = SECONDARY)',
      'FORCE_FAILOVER_ALLOW_DATA_LOSS',
      'REQUIRED_SYNCHRONIZED',
    ])
      expect(d.tsql).not.toContain(s58);
  });

  it('asks for no demotion and no setting on the managed instance, only SYNCHRONOUS_COMMIT on SQL Server', async () => {
    const d = await decideLink();
    const codes = d.readiness.steps.flatMap((s) => s.reasons.map((r) => r.code));
    expect(d.readiness.steps.map((s) => s.step)).not.toContain('GLOBAL_PRIMARY_DEMOTED');
    expect(codes).not.toContain('GLOBAL_PRIMARY_NOT_DEMOTED');
    expect(codes).not.toContain('AVAILABILITY_MODE_UNKNOWN');
    expect(codes).toContain('NOT_SYNCHRONOUS_COMMIT');
  });

  it('SQL Server 2019: no Transact-SQL failover, and the failover removes the link', async () => {
    const files = await withServer({ product_major_version: 15, product_version: '15.0.4198.2' });
    const d = await decideLink(files, 'link.json');
    expect(d.tsql).not.toContain('FAILOVER;');
    expect(d.tsql).toContain('not by Transact-SQL before SQL Server 2022 CU 13 (16.0.4125.3)');
    expect(d.tsql).toContain('breaks and removes the link');
  });

  it('SQL Server 2022 of an unknown build: the statement, with the build that has it', async () => {
    const files = await withServer({ product_major_version: 16 });
    const d = await decideLink(files, 'link.json');
    expect(d.tsql).toContain('by Transact-SQL from SQL Server 2022 CU 13 (16.0.4125.3');
    expect(d.tsql).toContain('ALTER AVAILABILITY GROUP [DAG_MI] FAILOVER;');
  });
});
