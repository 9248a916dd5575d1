import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApi } from './api.js';
import { toJson } from './json.js';

/**
 * The page's distributed session, through its API, on the bundled migration between two data
 * centres (examples/scenarios/dag-migration.json). The statements follow "Fail over to a
 * secondary availability group" of "Configure a distributed availability group" (S58,
 * learn.microsoft.com/sql/database-engine/availability-groups/windows/configure-distributed-availability-groups):
 * SYNCHRONOUS_COMMIT on both sides, wait until SYNCHRONIZED with the same last_hardened_lsn, SET
 * (ROLE = SECONDARY) on the global primary, FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder.
 */
const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

interface View {
  readonly state: {
    readonly globalPrimary: string | null;
    readonly forwarder: string | null;
    readonly members: readonly { name: string; role: string }[];
    readonly link: { from: string; to: string; databases: { synchronizationState: string }[] };
    readonly lost: Readonly<Record<string, readonly unknown[]>>;
    readonly acknowledged: Readonly<Record<string, readonly unknown[]>>;
  };
  readonly readiness: { readonly status: string; readonly steps: { step: string; met: boolean }[] };
  readonly events: readonly { label: string; possible: boolean; event: unknown }[];
  readonly trace: readonly { label: string }[];
}

const session = async () => {
  const api = createApi(examples, null);
  const call = async (method: string, path: string, body?: unknown) => {
    const a = await api.handle(method, path, body);
    return { status: a.status, body: JSON.parse(toJson(a.body)) as Record<string, unknown> };
  };
  const loaded = await call('POST', '/api/distributed/load', {
    example: 'scenarios/dag-migration',
  });
  expect(loaded.status).toBe(200);
  let view = loaded.body as unknown as View;
  /** Click the offered button with this label. */
  const click = async (label: string) => {
    const offered = view.events.find((e) => e.label === label);
    if (offered === undefined) throw new Error(`no button ${label}`);
    const a = await call('POST', '/api/distributed/event', { event: offered.event });
    view = a.body.view as View;
    return a;
  };
  return { click, view: () => view, call };
};

describe('the page on a distributed availability group', () => {
  it('shows both groups, the link and the roles: SQLDC1A the global primary, SQLDC2A the forwarder', async () => {
    const s = await session();
    expect(s.view().state.globalPrimary).toBe('SQLDC1A');
    expect(s.view().state.forwarder).toBe('SQLDC2A');
    expect(s.view().state.members.map((m) => [m.name, m.role])).toEqual([
      ['ag1', 'PRIMARY'],
      ['ag2', 'SECONDARY'],
    ]);
    expect(s.view().state.link).toMatchObject({ from: 'ag1', to: 'ag2' });
    // The forwarder never takes writes: its commit button is disabled, with the reason.
    const forwarderCommit = s.view().events.find((e) => e.label === 'ag2: commit 1 on Sales');
    expect(forwarderCommit?.possible).toBe(false);
    // FAILOVER between the groups is refused by the model: only FORCE_FAILOVER_ALLOW_DATA_LOSS (S58).
    const failoverForm = s.view().events.find((e) => e.label === "FAILOVER on ag2's primary");
    expect(failoverForm?.possible).toBe(false);
  });

  it('walks the documented failover: no acknowledged commit lost, the roles swap', async () => {
    const s = await session();
    await s.click('ag1: commit 1 on Sales');
    await s.click('ag1: ship log to SQLDC1B');
    await s.click('ag1: harden log to SQLDC1B');
    expect(s.view().readiness.status).toBe('refused');
    for (const label of [
      "SYNCHRONOUS_COMMIT on ag1's primary",
      "SYNCHRONOUS_COMMIT on ag2's primary",
      'ship log to the forwarder',
      'harden log on the forwarder',
    ])
      expect((await s.click(label)).status).toBe(200);
    expect(s.view().state.link.databases[0]?.synchronizationState).toBe('SYNCHRONIZED');
    expect((await s.click("SET (ROLE = SECONDARY) on ag1's primary")).status).toBe(200);
    expect(s.view().readiness.status).toBe('allowed');
    expect((await s.click("FORCE_FAILOVER_ALLOW_DATA_LOSS on ag2's primary")).status).toBe(200);
    expect(s.view().state.globalPrimary).toBe('SQLDC2A');
    expect(s.view().state.forwarder).toBe('SQLDC1A');
    expect(s.view().state.lost.Sales).toEqual([]);
    expect(s.view().state.acknowledged.Sales).toHaveLength(1);
    expect(
      s
        .view()
        .trace.map((t) => t.label)
        .at(-1),
    ).toBe("FORCE_FAILOVER_ALLOW_DATA_LOSS on ag2's primary");
  });

  it('refuses a commit on the forwarder with 409 and its reason', async () => {
    const s = await session();
    const a = await s.call('POST', '/api/distributed/event', {
      event: {
        type: 'distributed.member',
        member: 'ag2',
        event: { type: 'db.commit', database: 'Sales' },
      },
    });
    expect(a.status).toBe(409);
    expect(a.body.refused).toContainEqual(expect.objectContaining({ code: 'FORWARDER_READ_ONLY' }));
  });

  it('sends a distributed scenario given to the single-group loader to its own session', async () => {
    const s = await session();
    const a = await s.call('POST', '/api/load', { example: 'scenarios/dag-migration' });
    expect(a.status).toBe(422);
    expect(String(a.body.error)).toMatch(/distributed availability group/);
  });
});
