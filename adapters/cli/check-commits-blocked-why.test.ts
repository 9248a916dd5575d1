import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * "Can commits be blocked while a primary is writable? yes" came with a trace of what happened
 * (a crash and an automatic failover; a disconnect and the session timeout) and no word on why
 * the state it ends in refuses commits, nor which setting makes it refuse them.
 *
 * MSSQLSERVER_988 (S171), Scenario 2: "When the configured value of
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is greater than the number of available healthy
 * synchronous secondaries, the primary can't proceed with commits"; ALTER AVAILABILITY GROUP
 * (S3): "If the minimum number of replicas is not available then commits on the primary fails".
 * The group: fixtures/lab-blm4522-northwind-pair.sql (sedefkjamili/blm4522-sql-server-project
 * @07f8443d, two synchronous-commit replicas with automatic failover), with the setting raised to
 * 1 by the ALTER a DBA would run after it; the instance CREATE runs on (SQLServer1) is invented.
 *
 * 'Create and configure an availability group for SQL Server on Linux', Example A
 * (fixtures/docs-linux-configuration-only.sql, CLUSTER_TYPE = EXTERNAL, two synchronous replicas
 * and a configuration-only one): S29, "Synchronous secondary + configuration only replica outage:
 * Primary is not available for user transactions".
 */
const pair = `${readFileSync('adapters/tsql/fixtures/lab-blm4522-northwind-pair.sql', 'utf8')}
ALTER AVAILABILITY GROUP [AG_Northwind] SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1);
`;
const files = { 'northwind-rsstc1.sql': pair };
const check = ['check', 'northwind-rsstc1.sql', '--sql-version', '2019', '--server', 'SQLServer1'];
const budget = ['--faults', '1', '--commits', '1'];

interface Blocked {
  readonly database: string;
  readonly reasons: readonly { readonly code: string; readonly message: string }[];
}
interface Answer {
  readonly verdict: string;
  readonly trace: readonly { readonly label: string }[] | null;
  readonly blocked?: readonly Blocked[];
}

describe('agstate check: where a "commits blocked" trace ends, why the primary refuses them', () => {
  it('names REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT and error 988 after the failover to SQLServer2', async () => {
    const text = await run([...check, ...budget], { files });
    expect(text.code).toBe(1);
    const lines = text.stdout.split('\n');
    const at = lines.indexOf('Can commits be blocked while a primary is writable? yes');
    const end = lines.indexOf('  as a Mermaid sequence diagram:', at);
    expect(lines.slice(at, end).filter((l) => !l.startsWith('       '))).toEqual([
      'Can commits be blocked while a primary is writable? yes',
      '  the shortest way:',
      '    1. crash SQLServer1',
      '  there the primary refuses commits on Northwind:',
      '    - REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 but 0 synchronous secondaries are synchronized: commits on the primary fail, with error 988 ("Unable to access database \'Northwind\' because it lacks a quorum of nodes for high availability. Try the operation again later.", MSSQLSERVER_988) [REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET]',
      '      ALTER AVAILABILITY GROUP (Transact-SQL): REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT (R-COMMIT-3)',
    ]);
    const json = result(await run([...check, ...budget, '--json'], { files })) as unknown as {
      result: { answers: Record<string, Answer> };
    };
    const { answers } = json.result;
    expect(answers.commitsBlocked?.blocked?.map((b) => b.database)).toEqual(['Northwind']);
    expect(answers.commitsBlocked?.blocked?.[0]?.reasons.map((r) => r.code)).toEqual([
      'REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET',
    ]);
    // The diagram ends with it too, over the primary of that moment.
    const mermaid = (json as unknown as { mermaid: Record<string, string> }).mermaid;
    expect(mermaid.commitsBlocked?.split('\n').at(-1)).toBe(
      '  Note over SQLServer2: commits refused on Northwind (REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET)',
    );
    // Only that answer says it; the others have nothing refused to explain.
    expect(answers.noWritablePrimary?.blocked).toBeUndefined();
  });

  it('names the lost write majority of an EXTERNAL group whose primary is cut off', async () => {
    const json = result(
      await run([
        'check',
        'adapters/tsql/fixtures/docs-linux-configuration-only.sql',
        '--sql-version',
        '2019',
        ...budget,
        '--json',
      ]),
    ) as unknown as { result: { answers: Record<string, Answer> } };
    const blocked = json.result.answers.commitsBlocked;
    expect(blocked?.trace?.map((s) => s.label)).toEqual(['disconnect LinAGN1', '10 s pass']);
    expect(blocked?.blocked?.map((b) => [b.database, b.reasons.map((r) => r.code)])).toEqual([
      ['<DBName>', ['EXTERNAL_WRITE_MAJORITY_LOST']],
    ]);
  });

  it('says it for a random walk’s finding too', async () => {
    const r = result(
      await run([...check, ...budget, '--random', '200', '--seed', '5', '--json'], { files }),
    ) as unknown as {
      random: { answers: Record<string, { finding: { blocked?: readonly Blocked[] } | null }> };
    };
    const finding = r.random.answers.commitsBlocked?.finding;
    expect(finding?.blocked?.[0]?.reasons[0]?.code).toBe(
      'REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET',
    );
  });
});

/*
 * A group that refuses commits as configured: 'Configure a read-scale availability group' (S46,
 * fixtures/docs-read-scale.sql, node1 and node2 ASYNCHRONOUS_COMMIT), its "Add a database" step,
 * then steps 1 and 3 of its "Manual failover without data loss" (S45's include): "Make the target
 * secondary replica SYNCHRONOUS_COMMIT" (node2 only) and "Update
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT to 1". The primary node1 stays asynchronous, and "If
 * the primary replica is configured for asynchronous-commit mode, it doesn't wait for any
 * secondary replica" (S1): no secondary is ever synchronized, so the answer holds from the start.
 * It printed "the shortest way:" with no step under it and a diagram with no message.
 */
const readScale = `${readFileSync('adapters/tsql/fixtures/docs-read-scale.sql', 'utf8')}
:Connect node1
ALTER AVAILABILITY GROUP [ag1] ADD DATABASE [db1];
GO
ALTER AVAILABILITY GROUP [ag1] MODIFY REPLICA ON N'node2' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);
GO
ALTER AVAILABILITY GROUP [ag1] SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1);
GO
`;

describe('agstate check: a yes from the start', () => {
  it('says so, with why, instead of an empty way and an empty diagram', async () => {
    const text = await run(['check', 'read-scale.sql', '--sql-version', '2017', ...budget], {
      files: { 'read-scale.sql': readScale },
    });
    const lines = text.stdout.split('\n');
    const at = lines.indexOf('Can commits be blocked while a primary is writable? yes');
    expect(lines.slice(at, at + 4)).toEqual([
      'Can commits be blocked while a primary is writable? yes',
      '  so from the start, before any event',
      '  there the primary refuses commits on db1:',
      '    - REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 but 0 synchronous secondaries are synchronized: commits on the primary fail, with error 988 ("Unable to access database \'db1\' because it lacks a quorum of nodes for high availability. Try the operation again later.", MSSQLSERVER_988) [REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET]',
    ]);
    expect(lines[at + 5]).toBe(
      'Can a caught-up synchronous secondary be left out of SYNCHRONIZED? no',
    );
  });
});

/*
 * A synchronous-commit primary whose REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT asks for more
 * synchronous secondaries than the group has (fixtures/lab-aks-rsstc-above-sync.sql:
 * rajaniesh/SQL-Always-on-AKS's group, one synchronous secondary, with the setting raised to 2).
 * SQL Server takes the value ("The maximum value is the number of replicas minus 1", S4: here 2),
 * but MSSQLSERVER_988 (S171), Scenario 2: "When the configured value of
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is greater than the number of available healthy
 * synchronous secondaries, the primary can't proceed with commits". No commit is ever acknowledged,
 * so none can be lost.
 */
describe('agstate check: more synchronized secondaries required than the group has', () => {
  const name = 'lab-aks-rsstc-above-sync.sql';
  const text = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');

  it('blocks commits from the start, naming error 988, and loses none', async () => {
    const r = await run(['check', name, '--sql-version', '2019', ...budget], {
      files: { [name]: text },
    });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('Can acknowledged commits be lost? no');
    const at = lines.indexOf('Can commits be blocked while a primary is writable? yes');
    expect(lines.slice(at, at + 4)).toEqual([
      'Can commits be blocked while a primary is writable? yes',
      '  so from the start, before any event',
      '  there the primary refuses commits on SQLTestAG:',
      '    - REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 2 but 1 synchronous secondary is synchronized: commits on the primary fail, with error 988 ("Unable to access database \'SQLTestAG\' because it lacks a quorum of nodes for high availability. Try the operation again later.", MSSQLSERVER_988) [REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET]',
    ]);
  });
});
