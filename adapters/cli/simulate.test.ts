import { describe, expect, it } from 'vitest';
import { linesOf, readExample, result, run } from './test-support.js';

const SCENARIO = 'examples/scenarios/resync-walkthrough.json';

interface Simulated {
  readonly trace: readonly {
    readonly index: number;
    readonly atMs: number;
    readonly event: { type: string };
    readonly refused: readonly { code: string }[];
    readonly observations: readonly {
      type: string;
      lost?: { database: string; ranges: unknown[] }[];
    }[];
    readonly states: {
      primary: string | null;
      synchronizationHealth?: string;
      replicas: readonly { name: string; synchronizationHealth?: string }[];
      databaseReplicas: readonly { lastHardenedLsn: unknown; synchronizationHealth?: string }[];
    };
  }[];
  readonly decisions?: { group: { primary: string } };
}

const simulated = (stdout: string): Simulated =>
  (JSON.parse(stdout) as { result: Simulated }).result;

const scenario = (steps: readonly unknown[], extra: Record<string, unknown> = {}) => ({
  name: 'test',
  config: {
    name: 'AG',
    version: 2022,
    databases: ['Db'],
    replicas: [
      {
        name: 'A',
        endpointUrl: 'TCP://a:5022',
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'AUTOMATIC',
      },
      {
        name: 'B',
        endpointUrl: 'TCP://b:5022',
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'AUTOMATIC',
      },
    ],
  },
  steps,
  ...extra,
});

describe('agstate simulate', () => {
  it('prints the trace of the bundled walk-through, then the decisions', async () => {
    const r = await run(['simulate', SCENARIO]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = linesOf(r.stdout);
    expect(lines[0]).toBe('SEED004 resynchronization walk-through');
    expect(lines).toContain('#1 at 1000 ms: db.commit database=SalesDB count=90');
    expect(lines).toContain('    pending: the commit at LSN 90 on SalesDB waits for SQLNODE2');
    expect(lines).toContain(
      '    acknowledged: SalesDB LSNs after 0 through 90 (fork 0), hardened on SQLNODE1, SQLNODE2',
    );
    expect(lines).toContain('    automatic failover from SQLNODE1 to SQLNODE2');
    // KB2833707: the new primary's SQL Server Log lines, in order, at the step's model time.
    const log = (from: string, to: string) =>
      `    SQLNODE2 SQL Server Log at 15000 ms: The state of the local availability replica in availability group 'AGResync' has changed from '${from}' to '${to}'`;
    const at = (line: string) => lines.indexOf(line);
    expect(at(log('RESOLVING_NORMAL', 'PRIMARY_PENDING'))).toBeGreaterThan(0);
    expect(at(log('PRIMARY_PENDING', 'PRIMARY_NORMAL'))).toBe(
      at(log('RESOLVING_NORMAL', 'PRIMARY_PENDING')) + 1,
    );
    expect(lines).toContain('    forced failover from SQLNODE1 to SQLDR1');
    expect(lines).toContain('      lost: SalesDB LSNs after 105 through 115 (fork 2)');
    expect(lines).toContain(
      '    | SQLNODE2  RESOLVING down DISCONNECTED NOT_HEALTHY       SalesDB NOT SYNCHRONIZING NOT_HEALTHY hardened 90',
    );
    // S49: one replica stopped, the others healthy: the group is PARTIALLY_HEALTHY.
    expect(lines).toContain('    | AGResync synchronization health PARTIALLY_HEALTHY');
    expect(lines).toContain('Decisions after the last step');
    expect(r.stdout).toContain('Availability group AGResync: primary SQLDR1');
  });

  it('prints only the trace with --trace-only', async () => {
    const r = await run(['simulate', SCENARIO, '--trace-only']);
    expect(r.code).toBe(0);
    expect(linesOf(r.stdout)[0]).toBe('#1 at 1000 ms: db.commit database=SalesDB count=90');
    expect(r.stdout).not.toContain('Decisions after the last step');
    const asJson = await run(['simulate', SCENARIO, '--trace-only', '--json']);
    expect(result(asJson)).not.toHaveProperty('decisions');
  });

  it('gives programs the trace, the states after each step and the decisions as JSON', async () => {
    const r = await run(['simulate', SCENARIO, '--json']);
    expect(r.code).toBe(0);
    const s = simulated(r.stdout);
    expect(s.trace).toHaveLength(30);
    expect(s.trace[0]).toMatchObject({
      index: 0,
      atMs: 1000,
      event: { type: 'db.commit' },
      refused: [],
    });
    const forced = s.trace
      .flatMap((e) => e.observations)
      .find((o) => o.type === 'failover.completed' && (o.lost ?? []).length > 0);
    expect(forced?.lost).toEqual([
      { database: 'SalesDB', ranges: [{ fork: 2, fromLsn: '105', toLsn: '115' }] },
    ]);
    expect(s.trace[14]?.states.primary).toBe('SQLNODE2');
    // Step #6 stops SQLNODE2: synchronization health at the three levels (S6, S7, S49).
    const stopped = s.trace[5]!.states;
    expect(stopped.synchronizationHealth).toBe('PARTIALLY_HEALTHY');
    expect(stopped.replicas.map((r) => [r.name, r.synchronizationHealth])).toEqual([
      ['SQLNODE1', 'HEALTHY'],
      ['SQLNODE2', 'NOT_HEALTHY'],
      ['SQLDR1', 'HEALTHY'],
    ]);
    expect(s.decisions?.group.primary).toBe('SQLDR1');
  });

  it('records a refused event with its reasons and goes on', async () => {
    const doc = scenario([
      { event: { type: 'ag.failover', target: 'A' } },
      { event: { type: 'db.commit', database: 'Db' } },
    ]);
    const files = { 's.json': JSON.stringify(doc) };
    const r = await run(['simulate', 's.json', '--json'], { files });
    expect(r.code).toBe(0);
    const s = simulated(r.stdout);
    expect(s.trace[0]?.refused.length).toBeGreaterThan(0);
    expect(s.trace[1]?.refused).toEqual([]);
    const text = await run(['simulate', 's.json'], { files });
    expect(linesOf(text.stdout)).toContain('    refused');
  });

  it('keeps LSNs past 2^53 exact in JSON', async () => {
    const doc = scenario([{ event: { type: 'db.commit', database: 'Db' } }], {
      baseLsn: '9007199254740992',
    });
    const r = await run(['simulate', 'big.json', '--json'], {
      files: { 'big.json': JSON.stringify(doc) },
    });
    expect(r.code).toBe(0);
    const step = simulated(r.stdout).trace[0];
    expect(step?.observations).toContainEqual(
      expect.objectContaining({ type: 'commit.pending', lsn: '9007199254740993' }),
    );
    expect(step?.states.databaseReplicas.map((d) => d.lastHardenedLsn)).toEqual([
      '9007199254740993',
      '9007199254740992',
    ]);
  });

  it('reads a configuration named as a T-SQL file beside the scenario, with --version', async () => {
    const script = await readExample('examples/tsql/three-replica-wsfc.sql');
    const doc = {
      config: { tsql: 'group.sql' },
      steps: [{ event: { type: 'replica.crash', replica: 'SQLNODE1' } }],
    };
    const files = { 'dir/s.json': JSON.stringify(doc), 'dir/group.sql': script };
    const r = await run(['simulate', 'dir/s.json', '--version', '2019', '--json'], { files });
    expect(r.code).toBe(0);
    expect(simulated(r.stdout).trace[0]?.states.primary).toBe('SQLNODE2');
    const without = await run(['simulate', 'dir/s.json'], { files });
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(
      /^agstate simulate: dir\/group\.sql: T-SQL does not say which SQL Server runs it/,
    );
  });

  it('does not simulate a configuration that breaks documented rules, exit 1', async () => {
    const doc = scenario([]);
    doc.config.replicas[1] = { ...doc.config.replicas[1]!, name: 'A' };
    const files = { 'dup.json': JSON.stringify(doc) };
    const refused = await run(['simulate', 'dup.json'], { files });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('[DUPLICATE_REPLICA_NAME]');
    const asJson = await run(['simulate', 'dup.json', '--json'], { files });
    expect(result(asJson)).toMatchObject({ simulated: false });
  });

  it('names the JSON pointer of a bad step', async () => {
    const doc = scenario([{ event: { type: 'replica.explode', replica: 'A' } }]);
    const r = await run(['simulate', 's.json'], { files: { 's.json': JSON.stringify(doc) } });
    expect(r.code).toBe(2);
    expect(linesOf(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^agstate simulate: s\.json: at \/steps\/0\/event/);
  });
});
