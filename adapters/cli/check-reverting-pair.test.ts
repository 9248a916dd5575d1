import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * sedefkjamili/blm4522-sql-server-project @07f8443d (fixture lab-blm4522-northwind-pair.sql): two
 * synchronous-commit replicas with automatic failover on a Windows cluster; CREATE's instance
 * (SQLServer1) is invented. With one fault, acknowledged commits can be lost: a planned failover
 * while a commit waits for SQLServer2 discards its log ("performing a failover will cause all
 * unacknowledged log messages to be discarded", S64) and leaves SQLServer1, which hardened it,
 * reverting ('Troubleshoot an Availability Group
 * database in reverting state' (S63): "When a database is in reverting state on the secondary
 * replica, the database isn't synchronized ... A sudden loss of the database on the primary
 * replica could result in data loss"), a commit is acknowledged on SQLServer2 alone, SQLServer2
 * crashes, and the operator forces the group onto SQLServer1. S63: "Don't fail over to a replica
 * whose database(s) are in reverting state. This may result in an unusable database that requires
 * a restore from backup"; the trace used to show Northwind online there, one commit lost.
 */
describe('agstate check on a synchronous automatic pair: the one-fault loss goes through a reverting copy', () => {
  const name = 'lab-blm4522-northwind-pair.sql';
  const text = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');

  it('ends with a forced failover that cannot start Northwind on SQLServer1', async () => {
    const r = await run(
      ['check', name, '--sql-version', '2019', '--server', 'SQLServer1', '--faults', '1', '--json'],
      { files: { [name]: text } },
    );
    expect(r.code).toBe(1);
    const checked = result(r) as {
      result: {
        answers: Record<
          string,
          {
            verdict: string;
            trace: {
              label: string;
              observations: { type: string; reasons?: { code: string }[] }[];
            }[];
          }
        >;
      };
    };
    const loss = checked.result.answers.acknowledgedLoss!;
    expect(loss.verdict).toBe('yes');
    expect(loss.trace.map((s) => s.label)).toEqual([
      'commit Northwind',
      'planned failover to SQLServer2',
      'commit Northwind',
      'crash SQLServer2',
      'forced failover to SQLServer1',
    ]);
    const forced = loss.trace[4]!.observations.find((o) => o.type === 'failover.completed');
    expect(forced?.reasons?.map((x) => x.code)).toEqual([
      'POSSIBLE_DATA_LOSS',
      'DATABASE_CANNOT_COME_ONLINE',
    ]);
  });
});
