import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { actionTsql } from '../cli/render/decisions.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "Availability replica is disconnected within an Always On availability group" (S346,
 * MicrosoftDocs/SupportArticles-docs, support/sql/database-engine/availability-groups/
 * availability-replica-is-disconnected.md, ms.date 05/08/2024): "The secondary replica isn't
 * connected to the primary replica. The connected state is `DISCONNECTED`. This issue can be
 * caused by one of the following reasons: The connection port might be in conflict with another
 * application. The encryption type or algorithm is mismatched. The connection endpoint was deleted
 * or isn't started. There are network/connectivity issues or Ports are blocked at the firewall.
 * Service/startup account isn't a domain user and isn't able to connect to the DC and to the remote
 * node and port (for example, 5022)." Its solutions query sys.tcp_endpoints and
 * sys.database_mirroring_endpoints ("Run this command on both servers and compare the encryption"),
 * restart the endpoint, and run Test-NetConnection "in both directions".
 *
 * The snapshot is the page's situation as the primary shows it: SQLAG02 DISCONNECTED, SalesDB NOT
 * SYNCHRONIZING there, both nodes and the file share witness UP. Invented: the names, ids, the
 * build (15.0.4355.3), the LSNs and queue sizes, the ports (5022 on both).
 * Before, "What you can do now" said "nothing to do".
 */
const text = () =>
  readFileSync(
    new URL('./fixtures/supportarticles-replica-disconnected-primary.json', import.meta.url),
    'utf8',
  );

describe('a secondary DISCONNECTED from a running primary (S346)', () => {
  it('offers its reconnection with the cause unknown, naming the checks of the page', () => {
    const d = decide(factsOf(text()));
    expect(d.actions.map((a) => a.event)).toEqual([
      { type: 'replica.reconnect', replica: 'SQLAG02' },
    ]);
    const [why] = d.actions[0]!.why;
    expect(why?.code).toBe('REPLICA_DISCONNECTED_CAUSE_UNKNOWN');
    expect(why?.message).toMatch(/^SQLAG02 is DISCONNECTED from the primary SQLAG01/);
    for (const cause of [
      'endpoint deleted or not started',
      'encryption type or algorithm that differs',
      'port taken by another application',
      'firewall',
      'service account',
    ])
      expect(why?.message).toContain(cause);
    expect(why?.settledBy).toEqual([
      'sys.database_mirroring_endpoints (state_desc STARTED, encryption_algorithm_desc the same) on SQLAG01 and on SQLAG02',
      'sys.tcp_endpoints.port (type_desc DATABASE_MIRRORING) on SQLAG02, and Get-NetTCPConnection -LocalPort 5022 there for another process on it',
      'Test-NetConnection -ComputerName <node of SQLAG02> -Port 5022 on the node of SQLAG01, and -ComputerName <node of SQLAG01> -Port 5022 on the node of SQLAG02, also run as the service account',
    ]);
    const sql = actionTsql(d, d.actions[0]!);
    expect(sql).toContain(
      ':Connect SQLAG01\nSELECT name, state_desc, encryption_algorithm_desc, protocol_desc, type_desc FROM sys.database_mirroring_endpoints;',
    );
    expect(sql).toContain(
      ":Connect SQLAG02\nSELECT name, state_desc, encryption_algorithm_desc, protocol_desc, type_desc FROM sys.database_mirroring_endpoints;\nSELECT type_desc, port FROM sys.tcp_endpoints WHERE type_desc = 'DATABASE_MIRRORING';",
    );
    expect(sql).toContain('Test-NetConnection');
  });

  it('names the instance among the causes only where the snapshot does not show it running', () => {
    const facts = factsOf(text());
    const running = {
      ...facts,
      replicas: facts.replicas.map((r) => (r.name === 'SQLAG02' ? { ...r, isUp: true } : r)),
    };
    const message = (f: typeof facts) => decide(f).actions[0]?.why[0]?.message ?? '';
    expect(message(facts)).toContain("SQLAG02's instance not running");
    expect(message(running)).not.toContain('instance not running');
  });

  it('says so where its node is not a member of the cluster (the evicted node of blog-sqljourney)', () => {
    const evicted = readFileSync(
      new URL('./fixtures/blog-sqljourney-node-evicted-recovery-pending.json', import.meta.url),
      'utf8',
    );
    const [why] = decide(factsOf(evicted)).actions.find(
      (a) => a.event.type === 'replica.reconnect',
    )!.why;
    expect(why?.message).toContain(
      'its node is not among the members sys.dm_hadr_cluster_members lists (a node evicted from the cluster is not)',
    );
  });

  it('offers the same on the DISCONNECTED secondary’s own snapshot, its instance shown running', () => {
    // The page's situation from the replica that still answers: SQLAG02's own snapshot (its row
    // DISCONNECTED, SECONDARY), sys.dm_hadr_availability_group_states naming SQLAG01 the primary.
    const secondary = readFileSync(
      new URL('./fixtures/supportarticles-replica-disconnected-secondary.json', import.meta.url),
      'utf8',
    );
    const d = decide(factsOf(secondary));
    const reconnect = d.actions.filter((a) => a.event.type === 'replica.reconnect');
    expect(reconnect.map((a) => a.event)).toEqual([
      { type: 'replica.reconnect', replica: 'SQLAG02' },
    ]);
    const [why] = reconnect[0]!.why;
    expect(why?.code).toBe('REPLICA_DISCONNECTED_CAUSE_UNKNOWN');
    expect(why?.message).not.toContain('instance not running');
    expect(actionTsql(d, reconnect[0]!)).toContain(':Connect SQLAG01\n');
  });

  it('offers nothing for it once CONNECTED, nor where its node is DOWN (lost, not cut off)', () => {
    const connected = JSON.parse(text()) as JsonSnapshot;
    for (const row of rowsOf(connected, 'sys.dm_hadr_availability_replica_states'))
      row.connected_state_desc = 'CONNECTED';
    expect(decide(factsOf(JSON.stringify(connected))).actions).toEqual([]);
    const nodeDown = JSON.parse(text()) as JsonSnapshot;
    for (const row of rowsOf(nodeDown, 'sys.dm_hadr_cluster_members'))
      if (row.member_name === 'SQLAG02') row.member_state_desc = 'DOWN';
    expect(
      decide(factsOf(JSON.stringify(nodeDown))).actions.filter(
        (a) => a.event.type === 'replica.reconnect',
      ),
    ).toEqual([]);
  });
});
