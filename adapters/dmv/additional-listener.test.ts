import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { connectWith } from '../../core/routing/connection.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { decisionsLines } from '../cli/render/decisions.js';
import { styleFor } from '../cli/render/style.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * Andy Mallon, "Multi-subnet availability group, with mixed MultiSubnetFailover support (Part 2)"
 * (am2.co/2020/10/multi-subnet-registerallprovidersip-2/, October 2020): a multi-subnet group AG01
 * on the cluster WSFC01 whose listener AGListener01 "has two IPs, each in a different subnet";
 * clients that cannot use MultiSubnetFailover=true get a second listener of the same group, set to
 * RegisterAllProvidersIP=0, "The only cost we'll incur is to use some extra IP addresses".
 * 'Configure a listener for an Always On availability group' (S106), Limitations: "You can create
 * only one listener per availability group through SQL Server. Typically, each availability group
 * requires only one listener. However, some customer scenarios require multiple listeners for one
 * availability group. After creating a listener through SQL Server, you can use Windows PowerShell
 * for failover clusters or the WSFC Failover Cluster Manager to create additional listeners."
 *
 * The snapshot is taken on the primary SQL01: sys.availability_group_listeners lists both
 * listeners of AG01, sys.availability_group_listener_ip_addresses two addresses each, the one in
 * the primary's subnet ONLINE. Invented: the replicas SQL01 and SQL02, database AppDB, the addresses,
 * ports, ids and build. Before, the reader kept the first listener row alone, and a connection
 * string naming AGListener02 was "none of the names AG01 has".
 */
const text = () =>
  readFileSync(new URL('./fixtures/blog-am2-two-listeners.json', import.meta.url), 'utf8');

describe('a group with a second listener created in the cluster (am2.co, S106)', () => {
  it('takes a connection through the second listener to the primary, as through the first', () => {
    const facts = factsOf(text());
    for (const server of ['AGListener01', 'AGListener02', '10.10.1.102']) {
      const answer = connectWith(facts, {
        server: { host: server, port: 1433 },
        intent: 'READ_WRITE',
        database: 'AppDB',
      });
      expect(answer).toMatchObject({ through: 'listener', outcome: 'connected', replica: 'SQL01' });
    }
  });

  it("judges the second listener by its own addresses' state", () => {
    const s = JSON.parse(text()) as JsonSnapshot;
    for (const row of rowsOf(s, 'sys.availability_group_listener_ip_addresses'))
      if (String(row.ip_address).endsWith('.102')) row.state_desc = 'FAILED';
    const facts = factsOf(JSON.stringify(s));
    const ask = (host: string) =>
      connectWith(facts, { server: { host, port: 1433 }, intent: 'READ_WRITE' });
    expect(ask('AGListener01').outcome).toBe('connected');
    const second = ask('AGListener02');
    expect(second.outcome).toBe('refused');
    expect(second.reasons.map((r) => r.code)).toContain('LISTENER_OFFLINE');
    expect(second.reasons.find((r) => r.code === 'LISTENER_OFFLINE')?.message).toMatch(
      /no IP address of AGListener02 is online \(10\.10\.1\.102 FAILED, 10\.20\.1\.102 FAILED\)/,
    );
  });

  it('names every listener of the group when the server is none of them', () => {
    const answer = connectWith(factsOf(text()), {
      server: { host: 'AGListener03', port: 1433 },
      intent: 'READ_WRITE',
    });
    expect(answer.outcome).toBe('unknown');
    expect(answer.reasons[0]?.message).toMatch(
      /the listeners AGListener01, AGListener02; the replicas SQL01, SQL02/,
    );
  });

  it('keeps the second listener when snapshots are merged', () => {
    const facts = factsOf(text());
    const merged = mergeFacts({ facts, source: 'a.json' }, { facts, source: 'b.json' }).facts;
    expect(merged.otherListeners?.map((l) => l.listener.name)).toEqual(['AGListener02']);
  });

  /*
   * The second listener is the one the post's clients without MultiSubnetFailover name ("Add a
   * second listener" set to RegisterAllProvidersIP=0), so decide answers for it as for the first.
   * Before, its "Connections through the listener" section spoke of AGListener01 alone: with
   * AGListener02's addresses FAILED it still read "connected to SQL01" and nothing more, and a
   * connection naming AGListener02 was judged only when asked with --connection.
   */
  it('decides the connections through every listener of the group, each by its own addresses', () => {
    const s = JSON.parse(text()) as JsonSnapshot;
    for (const row of rowsOf(s, 'sys.availability_group_listener_ip_addresses'))
      if (String(row.ip_address).endsWith('.102')) row.state_desc = 'FAILED';
    const d = decide(factsOf(JSON.stringify(s)));
    expect(d.routing.readWrite.outcome).toBe('connected');
    expect(d.routing.otherListeners?.map((l) => l.listener)).toEqual(['AGListener02']);
    const second = d.routing.otherListeners![0]!;
    for (const c of [second.readWrite, second.readOnly]) {
      expect(c.outcome).toBe('refused');
      expect(c.reasons.map((r) => r.code)).toContain('LISTENER_OFFLINE');
    }
    const report = decisionsLines(styleFor(false), d, 'LOG').join('\n');
    expect(report).toMatch(
      /Connections through AGListener02, another listener of the group\n {2}read-write: refused/,
    );
    expect(decide(factsOf(text())).routing.otherListeners![0]!.readWrite.outcome).toBe('connected');
  });
});
