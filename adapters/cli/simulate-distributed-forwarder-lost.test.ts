import { beforeAll, describe, expect, it } from 'vitest';
import { result, run } from './test-support.js';

/**
 * 'Replica Failover within the Secondary Availability Group in a Distributed Availability Group'
 * (SQL Server team blog, first published on MSDN on 9 January 2019; S263): "in availability group
 * TIWENAG2, in the event TIWENVM3 (primary) goes down, it can automatically failover to TIWENVM4
 * (synchronous secondary)"; "If the primary replica on the secondary AG (also known as the
 * 'forwarder') is lost and causes automatic failover to happen ... there will be no data loss if
 * the following conditions are met": the global primary "is successfully synchronizing with the
 * forwarder", the secondary AG "has a functioning secondary replica before the failover", and the
 * two "can communicate properly ... over their database mirroring endpoints"; "Assume that the
 * hardened LSN on the global primary, 'TIWENVM1', is 10:15:1. The secondary replica of the primary
 * AG, 'TIWENVM2', is synchronous, and its hardened LSN is also 10:15:1." 'Distributed availability
 * groups' (S43): the forwarder receives the global primary's log and sends it to its own
 * secondaries. The fixture follows the blog's groups; LSNs, addresses and the database invented.
 */

const FILE = 'adapters/cli/fixtures/distributed/blog-tiwen-forwarder-lost-secondary-group.json';

interface Link {
  readonly synchronizationState: string;
  readonly globalPrimaryLastHardenedLsn: string;
  readonly forwarderLastHardenedLsn: string;
}
interface Step {
  readonly refused: readonly unknown[];
  readonly observations: readonly {
    readonly type: string;
    readonly reason?: { readonly code: string };
    readonly observation?: {
      readonly type: string;
      readonly to?: string;
      readonly lost?: unknown[];
    };
  }[];
  readonly state: {
    readonly forwarder: string;
    readonly link: { readonly databases: readonly Link[] };
    readonly lost: Readonly<Record<string, readonly unknown[]>>;
    readonly acknowledged: Readonly<Record<string, readonly { readonly toLsn: string }[]>>;
  };
}

describe('agstate simulate: the forwarder lost, a failover inside the secondary group (S263)', () => {
  let code = -1;
  let trace: readonly Step[] = [];
  beforeAll(async () => {
    const r = await run(['simulate', FILE, '--json']);
    code = r.code;
    trace = (result(r) as unknown as { trace: readonly Step[] }).trace;
  });
  const crash = () => trace[8]!;
  const last = () => trace.at(-1)!;

  it('runs every step', () => {
    expect(code).toBe(0);
    expect(trace.flatMap((t) => t.refused)).toEqual([]);
  });

  it('fails over inside TIWENAG2 to TIWENVM4, which becomes the forwarder', () => {
    const failover = crash().observations.find((o) => o.observation?.type === 'failover.completed');
    expect(failover?.observation).toMatchObject({ to: 'TIWENVM4', lost: [] });
    expect(crash().observations.map((o) => o.reason?.code)).toContain('LINK_FOLLOWS_FORWARDER');
    expect(crash().state.forwarder).toBe('TIWENVM4');
  });

  it('the new forwarder starts from its own log, behind what the old one had hardened', () => {
    expect(trace[4]!.state.link.databases[0]!.forwarderLastHardenedLsn).toBe('10000000000500006');
    expect(crash().state.link.databases[0]!.forwarderLastHardenedLsn).toBe('10000000000500001');
  });

  it('receives from the global primary every acknowledged commit: nothing is lost', () => {
    expect(last().state.link.databases[0]).toMatchObject({
      globalPrimaryLastHardenedLsn: '10000000000500011',
      forwarderLastHardenedLsn: '10000000000500011',
    });
    expect(last().state.acknowledged.TestDB?.at(-1)?.toLsn).toBe('10000000000500011');
    expect(last().state.lost).toEqual({ TestDB: [] });
  });
});
