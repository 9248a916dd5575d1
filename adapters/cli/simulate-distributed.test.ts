import { describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/**
 * The bundled planned migration between two data centres (examples/scenarios/dag-migration.json),
 * run as a user runs it. It follows "Fail over to a secondary availability group (SQL Server 2022
 * and later)" of "Configure a distributed availability group" (S58), and "Migrate by using a
 * distributed availability group" of "Distributed availability groups" (S43): stop the writes,
 * synchronous data movement, verify the synchronization, fail over; "the distributed availability
 * group fails over without any data loss".
 */

interface Trace {
  readonly trace: readonly {
    readonly refused: readonly unknown[];
    readonly state: {
      readonly globalPrimary: string | null;
      readonly forwarder: string | null;
      readonly lost: Readonly<Record<string, readonly unknown[]>>;
      readonly acknowledged: Readonly<Record<string, readonly { member: string; toLsn: string }[]>>;
    };
  }[];
  readonly decisions: {
    readonly failover: { readonly status: string };
    readonly members: readonly { readonly member: string; readonly role: string }[];
  };
}

const FILE = 'examples/scenarios/dag-migration.json';

describe('agstate simulate of a distributed availability group', () => {
  it('walks the planned migration: every step accepted, the global primary moves to SQLDC2A, nothing is lost', async () => {
    const r = await run(['simulate', FILE, '--json']);
    expect(r.code).toBe(0);
    const { trace, decisions } = result(r) as unknown as Trace;
    // Back to ASYNCHRONOUS_COMMIT at the end: a failover back is not ready.
    expect(decisions.failover.status).toBe('refused');
    expect(decisions.members.map((m) => [m.member, m.role])).toEqual([
      ['ag1', 'SECONDARY'],
      ['ag2', 'PRIMARY'],
    ]);
    expect(trace.filter((t) => t.refused.length > 0)).toEqual([]);
    expect(trace[0]?.state.globalPrimary).toBe('SQLDC1A');
    const last = trace.at(-1)!.state;
    expect(last.globalPrimary).toBe('SQLDC2A');
    expect(last.forwarder).toBe('SQLDC1A');
    expect(last.lost.Sales).toEqual([]);
    expect(last.acknowledged.Sales?.at(-1)).toEqual({
      member: 'ag2',
      fromLsn: '39000000034400070',
      toLsn: '39000000034400075',
    });
  });

  it('prints the trace, the readiness of a failover back and the documented statements from here', async () => {
    const r = await run(['simulate', FILE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ag2: SECONDARY -> PRIMARY');
    expect(r.stdout).toContain('global primary SQLDC2A, forwarder SQLDC1A');
    // Back to ASYNCHRONOUS_COMMIT at the end: a failover back would need step 1 again.
    expect(r.stdout).toContain('not met SYNCHRONOUS_COMMIT');
    expect(r.stdout).toContain(':Connect SQLDC2A');
  });

  it('refuses a scenario naming a member the distributed group does not have, with its place', async () => {
    const doc = {
      distributed: { name: 'dag', version: 2019, kind: 'DISTRIBUTED', members: [] },
      members: [],
      steps: [{ event: { type: 'distributed.setRoleSecondary', member: 'ag9' } }],
    };
    const r = await run(['simulate', 'dag.json'], { files: { 'dag.json': JSON.stringify(doc) } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dag.json: /steps/0/event/member');
  });

  it('refuses a failover form the distributed group does not have, on one line naming its place', async () => {
    const doc = {
      distributed: { name: 'dag', version: 2019, kind: 'DISTRIBUTED', members: [] },
      members: [],
      steps: [{ event: { type: 'distributed.failover', member: 'ag2', form: 'PLANNED' } }],
    };
    const r = await run(['simulate', 'dag.json'], { files: { 'dag.json': JSON.stringify(doc) } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'agstate simulate: dag.json: at /steps/0/event/form: expected "FORCE_FAILOVER_ALLOW_DATA_LOSS" | "FAILOVER", got "PLANNED"',
    ]);
  });

  // "Distributed availability groups" (learn.microsoft.com/sql/database-engine/availability-groups/
  // windows/distributed-availability-groups, ms.date 09/15/2022), Migrate to higher SQL Server
  // versions: "During this time, fail-back to AG1 won't be possible, as it is at a lower version.
  // Because AG1 is at a lower version, updates from AG2 after failover to AG2 won't be replicated
  // over to AG1." The fixture walks the page's migration from a 2019 ag1 to a 2022 ag2.
  it('after a migration to a higher version, sends nothing back and refuses the fail-back', async () => {
    const file = 'adapters/cli/fixtures/distributed/docs-dag-migrate-higher-version.json';
    const r = await run(['simulate', file, '--json']);
    expect(r.code).toBe(0);
    const { trace, decisions } = result(r) as unknown as Trace;
    const refused = trace.flatMap((t) => t.refused as readonly { code: string }[]);
    expect(refused.map((x) => x.code)).toEqual(['GLOBAL_PRIMARY_VERSION_NEWER']);
    expect(decisions.failover.status).toBe('refused');
    expect(trace.at(-1)?.state.lost.Sales).toEqual([]);
  });

  // Azure SQL documentation, "Use distributed AG to migrate availability group" (SQL Server on
  // Azure VMs, ms.date 12/15/2021): "The seeding mode is set to AUTOMATIC as the version of SQL
  // Server on the target and source is the same. If your SQL Server target is a higher version …
  // join the secondary AG to the distributed ag with SEEDING_MODE set to MANUAL"; S43, Migrate to
  // higher SQL Server versions: "autoseeding isn't supported so the seeding mode must be set to
  // MANUAL". The fixture is the page's groups with AzureAG on SQL Server 2022, OnPremAG on 2019.
  it('refuses automatic seeding to a forwarder on a higher version, naming the manual seeding', async () => {
    const file = 'adapters/cli/fixtures/distributed/docs-azure-dag-migrate-ag-autoseed-higher.json';
    const r = await run(['simulate', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('automatic seeding across DAG is not supported there');
    expect(r.stdout).toContain('[AUTOMATIC_SEEDING_TO_HIGHER_VERSION]');
  });
});
