import { describe, expect, it } from 'vitest';
import { readScriptReport } from '../tsql/script.js';
import { json, readExample, result, run } from './test-support.js';

/**
 * `agstate decide` on a distributed availability group. The inputs are the documentation's group
 * (S58 "Configure a distributed availability group": distributedag over ag1 and ag2): DMV
 * snapshots with the rows S43 "View distributed availability group information" describes (the
 * distributed group has is_distributed = 1, its replicas are the member groups), taken on the
 * global primary and on the forwarder, and the T-SQL deployment of examples/tsql/distributed.sql.
 * The expected steps and statements are those of S58 "Fail over to a secondary availability group".
 */

const GLOBAL = 'examples/snapshots/dag-global-primary.json';
const FORWARDER = 'examples/snapshots/dag-forwarder.json';

interface Distributed {
  readonly distributed: {
    readonly group: string;
    readonly takenOn: readonly string[] | null;
    readonly readiness: {
      readonly status: string;
      readonly target: string | null;
      readonly globalPrimary: string | null;
      readonly steps: readonly { step: string; met: boolean; reasons: { code: string }[] }[];
      readonly predictedLoss: readonly {
        database: string;
        ranges: { fromLsn: string; toLsn: string }[];
      }[];
      readonly lossUnknown: readonly {
        database: string;
        reasons: { code: string; settledBy?: string[] }[];
      }[];
    };
    readonly sequence: readonly { step: number; server: string | null; done: boolean }[];
    readonly tsql: string;
    readonly refused: readonly string[];
  };
}

const distributedOf = async (...argv: string[]) => {
  const r = await run(['decide', ...argv, '--json']);
  expect(r.code).toBe(0);
  return (result(r) as unknown as Distributed).distributed;
};

describe('agstate decide on a distributed availability group', () => {
  it('from the global primary: every step with its reasons, the predicted loss, and the sequence', async () => {
    const r = await run(['decide', GLOBAL]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'Distributed availability group distributedag',
      '  snapshot taken on ag1',
      '  global primary server1, forwarder unknown',
      '',
      'Failover between the groups to ag2',
      '  refused',
    ]);
    for (const step of [
      '  not met SYNCHRONOUS_COMMIT',
      '  not met SYNCHRONIZED',
      '  not met GLOBAL_PRIMARY_DEMOTED',
      '  not met LAST_HARDENED_LSN_EQUAL',
      '  met FORWARDER_RUNNING',
    ])
      expect(lines).toContain(step);
    // What settles an unknown reason is said once, under its source.
    expect(lines.filter((l) => l.includes("availability_mode_desc on ag2's primary"))).toEqual([
      "      settled by sys.availability_replicas.availability_mode_desc on ag2's primary",
    ]);
    expect(r.stdout).toContain(
      '  db1: the log after LSN 34000000051200001 through 34000000052800001, written on ag1 (the forwarder has not hardened it)',
    );
    // The forwarder is not named by a snapshot of the global primary: its group's listener reaches it.
    expect(r.stdout).toContain(
      ':Connect ag2-listener.contoso.com\nALTER AVAILABILITY GROUP [distributedag] FORCE_FAILOVER_ALLOW_DATA_LOSS;',
    );
    expect(r.stdout).toContain(
      ':Connect server1\nALTER AVAILABILITY GROUP [distributedag] SET (ROLE = SECONDARY);',
    );
  });

  it("from both sides: each side's own setting is known, and the statements connect to both instances", async () => {
    const d = await distributedOf(GLOBAL, FORWARDER);
    expect(d.takenOn).toEqual(['ag1', 'ag2']);
    expect(d.readiness.steps[0]?.reasons.map((x) => x.code)).toEqual([
      'NOT_SYNCHRONOUS_COMMIT',
      'NOT_SYNCHRONOUS_COMMIT',
    ]);
    expect(d.readiness.predictedLoss).toEqual([
      {
        database: 'db1',
        ranges: [{ member: 'ag1', fromLsn: '34000000051200001', toLsn: '34000000052800001' }],
      },
    ]);
    expect([...new Set(d.sequence.map((s) => s.server))]).toEqual(['server1', 'server3']);
    // What decide recommends reads back as T-SQL, each statement on the instance it names.
    const again = readScriptReport(d.tsql, { version: 2019 });
    expect(again.errors).toEqual([]);
    expect(again.script.statements.map((s) => s.server)).toEqual(d.sequence.map((s) => s.server));
  });

  it('from the forwarder alone: what only the global primary shows is unknown, with what settles it', async () => {
    const d = await distributedOf(FORWARDER, '--target', 'ag2');
    expect(d.readiness.steps.map((s) => [s.step, s.met, s.reasons.map((x) => x.code)])).toEqual([
      ['SYNCHRONOUS_COMMIT', false, ['AVAILABILITY_MODE_UNKNOWN', 'NOT_SYNCHRONOUS_COMMIT']],
      ['SYNCHRONIZED', false, ['NOT_SYNCHRONIZED', 'LAST_HARDENED_LSN_UNKNOWN']],
      ['GLOBAL_PRIMARY_DEMOTED', false, ['ROLE_UNKNOWN']],
      ['LAST_HARDENED_LSN_EQUAL', false, ['LAST_HARDENED_LSN_UNKNOWN']],
      ['FORWARDER_RUNNING', true, []],
    ]);
    // What the failover would lose is the global primary's end of log, which this side does not
    // show: unknown, not "none".
    expect(d.readiness.predictedLoss).toEqual([]);
    expect(d.readiness.lossUnknown).toEqual([
      {
        database: 'db1',
        reasons: [
          expect.objectContaining({
            code: 'LAST_HARDENED_LSN_UNKNOWN',
            settledBy: ["sys.dm_hadr_database_replica_states.last_hardened_lsn on ag1's primary"],
          }),
        ],
      },
    ]);
    const text = await run(['decide', FORWARDER, '--target', 'ag2']);
    expect(text.stdout).not.toContain('  none');
    // Without --target neither side's primary is known: not said to be down.
    const untargeted = await run(['decide', FORWARDER]);
    expect(untargeted.stdout).not.toMatch(/the global primary is down\n/);
    expect(untargeted.stdout).toContain(
      '-- no instance to connect to: the global primary is down, or not in the input',
    );
    expect(text.stdout).toContain('Predicted loss if the failover ran now\n  db1: unknown\n');
  });

  it('from the forwarder, --group names its own member group: that group is decided as an ordinary one', async () => {
    const r = await run(['decide', FORWARDER, '--group', 'ag2']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Availability group ag2: primary server3, quorum HEALTHY');
    // In its place in distributedag: the forwarder's group takes no writes (S43), and its
    // secondary server4 runs no backups (S10), which the group alone would prefer there.
    const own = result(await run(['decide', FORWARDER, '--group', 'ag2', '--json'])) as {
      decisions: {
        commit: { acknowledgement: string; reasons: { code: string }[] }[];
        backup: { preferred: { replicas: string[] }; decisions: { replica: string }[] }[];
      };
    };
    expect(
      own.decisions.commit.map((c) => [c.acknowledgement, c.reasons.map((x) => x.code)]),
    ).toEqual([['refused', ['FORWARDER_READ_ONLY']]]);
    expect(own.decisions.backup[0]?.preferred.replicas).toEqual([]);
    const dag = await distributedOf(FORWARDER, '--group', 'distributedag', '--target', 'ag2');
    expect(dag.group).toBe('distributedag');
    // A name the snapshot lacks: the groups it has, and where a distributed group shows (S43).
    const none = await run(['decide', FORWARDER, '--group', 'nosuch']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      "no availability group named nosuch; the snapshot has: ag2, distributedag (a distributed group's rows show only on a member group's primary)",
    );
  });

  it('from the T-SQL that deploys the group: decided on the model, after the statements run on it', async () => {
    const d = await distributedOf('examples/tsql/distributed.sql', '--sql-version', '2016');
    expect(d.takenOn).toBeNull();
    expect(d.refused).toEqual([]);
    expect(d.readiness.status).toBe('refused');
    expect(d.readiness.target).toBe('ag2');
    expect(d.sequence.filter((s) => !s.done).map((s) => [s.step, s.server])).toEqual([
      [1, 'server1'],
      [1, 'server3'],
      [2, 'server1'],
      [2, 'server3'],
      [3, 'server1'],
      [4, 'server1'],
      [4, 'server3'],
      [5, 'server3'],
    ]);
  });

  it('from T-SQL that fails over with FAILOVER: the model refuses it, as the documentation does (S43)', async () => {
    const deploy = await readExample('examples/tsql/distributed.sql');
    const script = `${deploy}\n:Connect server3\nALTER AVAILABILITY GROUP [distributedag] FAILOVER;\n`;
    const r = await run(['decide', 'dag.sql', '--sql-version', '2016', '--json'], {
      files: { 'dag.sql': script },
    });
    expect(r.code).toBe(0);
    const d = (result(r) as unknown as Distributed).distributed;
    expect(d.refused).toHaveLength(1);
    expect(d.refused[0]).toContain('dag.sql: distributed.failover refused:');
    expect(d.refused[0]).toContain('[FAILOVER_FORM_NOT_SUPPORTED]');
  });

  it('from T-SQL that deploys the group and then runs the recommended failover: ag2 holds the global primary', async () => {
    const deploy = await readExample('examples/tsql/distributed.sql');
    const before = await distributedOf('examples/tsql/distributed.sql', '--sql-version', '2016');
    const script = `${deploy}\n${before.tsql}`;
    const r = await run(['decide', 'dag.sql', '--sql-version', '2016', '--json'], {
      files: { 'dag.sql': script },
    });
    expect(r.code).toBe(0);
    const after = (result(r) as unknown as Distributed).distributed;
    expect(after.refused).toEqual([]);
    // Nothing was committed, so the link was caught up: the documented steps lose nothing, and the
    // next failover would go back to ag1, from server3, the new global primary.
    expect(after.readiness.target).toBe('ag1');
    expect(after.readiness.predictedLoss).toEqual([]);
    expect(after.readiness.globalPrimary).toBe('server3');
  });

  it('refuses T-SQL without a distributed group, saying what decide reads', async () => {
    const r = await run([
      'decide',
      'examples/tsql/three-replica-wsfc.sql',
      '--sql-version',
      '2019',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'decide reads DMV snapshots; a T-SQL script only when it creates a distributed availability group',
    );
  });

  it('from a distributed scenario: decided on its state after the last step', async () => {
    const d = await distributedOf('examples/scenarios/dag-migration.json');
    expect(d.group).toBe('dag-migration');
    expect(d.readiness.steps.map((s) => s.step)).toEqual([
      'SYNCHRONOUS_COMMIT',
      'SYNCHRONIZED',
      'GLOBAL_PRIMARY_DEMOTED',
      'LAST_HARDENED_LSN_EQUAL',
      'FORWARDER_RUNNING',
    ]);
  });

  it('reads a distributed snapshot from standard input, as sqlcmd pipes it', async () => {
    const r = await run(['decide', '-', '--json'], {
      files: { '-': await readExample(GLOBAL) },
    });
    expect(r.code).toBe(0);
    expect((result(r) as unknown as Distributed).distributed.takenOn).toEqual(['ag1']);
    const plain = await run(['decide', '-', '--json'], {
      files: { '-': await readExample('examples/snapshots/primary.json') },
    });
    expect(plain.code).toBe(0);
    expect(result(plain)).toHaveProperty('decisions');
  });

  it('refuses a --target that is no member group, naming the members', async () => {
    const r = await run(['decide', GLOBAL, '--target', 'server3', '--json']);
    expect(r.code).toBe(2);
    expect(json(r).error).toEqual({
      source: '--target',
      problems: ['distributedag has no member group named "server3"; expected one of ag1, ag2'],
    });
  });

  it('refuses a second snapshot of another kind, naming it', async () => {
    const r = await run(['decide', GLOBAL, 'examples/snapshots/primary.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'examples/snapshots/primary.json: expected a DMV snapshot of the same distributed group, taken on its other side',
    );
  });
});
