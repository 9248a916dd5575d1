import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/*
 * check searches the group a T-SQL script deploys: its CREATE with the ALTER statements after it
 * applied, as validate and explain judge it (docs/cli.md, Inputs: "Each group is judged as the
 * whole script leaves it"). A lab that adds its database by ALTER … ADD DATABASE after CREATE
 * (Jas0n0ss/Docker-SQL-AG) was searched as a group without databases, whose every "no" about
 * commits was empty. With REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0 a synchronous secondary
 * that disconnects lets the primary commit alone; a forced failover after the primary is lost
 * loses those commits ("Overview of Always On availability groups", Session-timeout period;
 * "Perform a forced manual failover", data loss): two faults.
 */
describe('agstate check on a script that adds its database after CREATE (Jas0n0ss/Docker-SQL-AG)', () => {
  const name = 'lab-docker-none-add-database.sql';
  const text = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');
  const check = async (faults: string) => {
    const r = await run(['check', name, '--sql-version', '2019', '--faults', faults, '--json'], {
      files: { [name]: text },
    });
    return r;
  };

  it('searches the group with TAG_DB, and finds acknowledged commits lost with two faults', async () => {
    const r = await check('2');
    expect(r.code).toBe(1);
    const checked = result(r) as {
      result: { complete: boolean; answers: Record<string, { verdict: string }> };
    };
    expect(checked.result.complete).toBe(true);
    expect(checked.result.answers.acknowledgedLoss?.verdict).toBe('yes');
  });

  it('finds the same as the group written with FOR DATABASE in its CREATE', async () => {
    const inCreate = text
      .replace('FOR REPLICA ON', 'FOR DATABASE TAG_DB REPLICA ON')
      .replace('ALTER AVAILABILITY GROUP [AG] ADD DATABASE [TAG_DB];', '');
    const [after, written] = await Promise.all([
      check('1'),
      run(['check', 'in-create.sql', '--sql-version', '2019', '--faults', '1', '--json'], {
        files: { 'in-create.sql': inCreate },
      }),
    ]);
    const states = (r: typeof after) =>
      (result(r) as { result: { statesExplored: number } }).result.statesExplored;
    expect(states(after)).toBe(states(written));
  });
});

/*
 * A script without :Connect does not say which instance CREATE runs on, and the instance it runs
 * on becomes the primary (CREATE AVAILABILITY GROUP, S4). A configuration-only replica holds no
 * user data and is never primary (ALTER AVAILABILITY GROUP, AVAILABILITY_MODE = CONFIGURATION_ONLY),
 * so the search cannot start with it as the primary, though Carter's Listing 6-8 lists it first.
 * Two synchronous replicas and a configuration-only one fail over automatically ("High
 * availability and data protection for availability group configurations"): one crash leaves no
 * group without a writable primary while quorum holds (unless a failover just interrupted an open
 * transaction and the old primary is still reverting, S63).
 */
describe('agstate check on a script that lists its configuration-only replica first (Carter, SQL Server 2019 AlwaysOn, Listing 6-8)', () => {
  const name = 'book-carter-alwayson-config-only-first.sql';
  const text = readFileSync(new URL(`../tsql/fixtures/${name}`, import.meta.url), 'utf8');

  it('never starts from the configuration-only replica as the primary', async () => {
    // No commit, so no transaction either: one begun before a planned failover leaves the old
    // primary reverting (S63), and a crash of the new one then leaves no failover target.
    const r = await run(
      ['check', name, '--sql-version', '2019', '--faults', '1', '--commits', '0', '--json'],
      { files: { [name]: text } },
    );
    const checked = result(r) as {
      result: {
        complete: boolean;
        answers: Record<string, { verdict: string; trace: { label: string }[] | null }>;
      };
    };
    expect(checked.result.complete).toBe(true);
    const labels = Object.values(checked.result.answers).flatMap((a) =>
      (a.trace ?? []).map((t) => t.label),
    );
    expect(labels.filter((l) => l.includes('linuxconfig'))).toEqual([]);
    expect(checked.result.answers.noWritablePrimaryWithQuorum?.verdict).toBe('no');
  });
});
