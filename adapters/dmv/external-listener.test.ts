import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot } from './test-support.js';

/*
 * "Always On availability groups on Linux" (S31, linux/sql-server-linux-availability-group-
 * overview.md), The listener under Linux: "The listener under Linux is configured differently, but
 * its functionality is the same. There is no concept of a network name resource in Pacemaker, nor
 * is an object created in AD DS; there is just an IP address resource created in Pacemaker that
 * can run on any of the nodes. ... The IP resource for the listener will only be active on the
 * server hosting the primary replica"; the RHEL, SLES and Ubuntu walkthroughs: "You can still create
 * a listener ... but you will have to manually register the listener name in the DNS server with
 * the IP used to create the virtual IP resource". The snapshot: the walkthroughs' three synchronous
 * replicas on the primary node1 (CLUSTER_TYPE EXTERNAL, RSSTC 1), every copy SYNCHRONIZED, the
 * listener views selected and empty, as on a group whose only listener is Pacemaker's virtual IP.
 */
const text = readFileSync(
  new URL('./fixtures/docs-linux-pacemaker-no-sql-listener.json', import.meta.url),
  'utf8',
);
const codes = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);

describe('an EXTERNAL group with no listener row in SQL Server', () => {
  it('leaves connections through the listener unknown, naming the Pacemaker resource', () => {
    const { routing } = decide(factsOf(text));
    for (const connection of [routing.readWrite, routing.readOnly]) {
      expect(connection.outcome).toBe('unknown');
      expect(codes(connection.reasons)).toEqual(['UNKNOWN_EXTERNAL_LISTENER']);
      expect(connection.reasons[0]!.settledBy?.join(' ')).toContain('ocf:heartbeat:IPaddr2');
    }
  });

  it('still says a WSFC group with no listener row has none', () => {
    const wsfc = JSON.parse(text) as JsonSnapshot;
    wsfc['sys.availability_groups']![0]!.cluster_type_desc = 'WSFC';
    for (const r of wsfc['sys.availability_replicas']!) r.failover_mode_desc = 'MANUAL';
    const { routing } = decide(factsOf(JSON.stringify(wsfc)));
    expect(routing.readWrite.outcome).toBe('refused');
    expect(codes(routing.readWrite.reasons)).toEqual(['LISTENER_MISSING']);
  });
});
