import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectThroughListener } from '../../core/routing/listener.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { asCsv, factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * A single-IP listener FAILED after a failover across subnets. 'Connection Timeouts in Multi-subnet
 * Availability Group' (S348, AlwaysOn support team blog, 2014-06-03): "When the availability group
 * listener (AGL) is configured properly, it will have an IP address for each defined subnet and
 * have an 'OR' dependency on each of the IP addresses"; "The listener IP address in the subnet
 * currently hosting the availability group primary replica will be online. The other listener IP
 * address(es) will be offline." sys.dm_hadr_cluster_networks (S200): "Returns a row for every WSFC
 * cluster member that is participating in an availability group's subnet configuration. You can
 * use this dynamic management view to validate the network virtual IP that is configured for each
 * availability replica."
 *
 * The fixture is blog-multisubnet-listener-offline-after-failover.json (SQLA in 10.10.1.0/24, SQLB
 * primary in 10.20.1.0/24 after the failover) with the listener's one address, 10.10.1.50, FAILED,
 * and the rows of sys.dm_hadr_cluster_networks the snapshot script now selects: SQLA on 10.10.1.0,
 * SQLB on 10.20.1.0, both public, mask 255.255.255.0. Invented: those rows and the FAILED state.
 * Before, the connection was refused (LISTENER_OFFLINE) without the cause, and the view was not read.
 */
const text = () =>
  readFileSync(
    new URL('./fixtures/blog-single-ip-listener-failed-other-subnet.json', import.meta.url),
    'utf8',
  );
const codes = (json: string) =>
  connectThroughListener(factsOf(json), { intent: 'READ_WRITE' }).reasons.map((r) => r.code);

describe('a listener with no address on the primary’s subnet (S348, S200)', () => {
  it('gives the cause and the address to add beside LISTENER_OFFLINE', () => {
    const verdict = connectThroughListener(factsOf(text()), { intent: 'READ_WRITE' });
    expect(verdict.reasons.map((r) => r.code)).toEqual([
      'LISTENER_OFFLINE',
      'LISTENER_NO_ADDRESS_ON_PRIMARY_SUBNET',
    ]);
    expect(verdict.reasons[1]!.message).toBe(
      `none of aglisten's IP addresses (10.10.1.50) lies on a subnet of the node of the primary SQLB (10.20.1.0/255.255.255.0, sys.dm_hadr_cluster_networks): a listener has "an IP address for each defined subnet", and only the one "in the subnet currently hosting the availability group primary replica" comes online, so after the failover to SQLB none can; add an address on that subnet on the primary: ALTER AVAILABILITY GROUP [AGMS] MODIFY LISTENER 'aglisten' (ADD IP ('<address>', '255.255.255.0'))`,
    );
  });

  it('reads the view from the CSV form and through a merge alike', () => {
    expect(codes(text())).toEqual(
      connectThroughListener(factsOf(asCsv(text())), { intent: 'READ_WRITE' }).reasons.map(
        (r) => r.code,
      ),
    );
    const facts = factsOf(text());
    expect(
      mergeFacts({ source: 'a.json', facts }, { source: 'b.json', facts }).facts.clusterNetworks,
    ).toEqual(facts.clusterNetworks);
    expect(facts.clusterNetworks).toHaveLength(2);
  });

  it('says nothing of subnets where an address lies on the primary’s, or the view has no row for its node', () => {
    // The blog's own listener, an address per subnet (10.20.1.50 FAILED on SQLB's): cause unsaid.
    const both = JSON.parse(text()) as JsonSnapshot;
    both['sys.availability_group_listener_ip_addresses']!.push({
      ...rowsOf(both, 'sys.availability_group_listener_ip_addresses')[0]!,
      ip_address: '10.20.1.50',
    });
    expect(codes(JSON.stringify(both))).toEqual(['LISTENER_OFFLINE']);
    // By prefix length alone (no mask): 10.20.0.0/16 holds 10.20.1.50 too.
    const prefix = JSON.parse(JSON.stringify(both)) as JsonSnapshot;
    for (const n of rowsOf(prefix, 'sys.dm_hadr_cluster_networks')) {
      n.network_subnet_ipv4_mask = null;
      if (n.member_name === 'SQLB') {
        n.network_subnet_ip = '10.20.0.0';
        n.network_subnet_prefix_length = 16;
      }
    }
    expect(codes(JSON.stringify(prefix))).toEqual(['LISTENER_OFFLINE']);
    const otherNode = JSON.parse(text()) as JsonSnapshot;
    otherNode['sys.dm_hadr_cluster_networks'] = rowsOf(
      otherNode,
      'sys.dm_hadr_cluster_networks',
    ).filter((n) => n.member_name !== 'SQLB');
    expect(codes(JSON.stringify(otherNode))).toEqual(['LISTENER_OFFLINE']);
    const without = JSON.parse(text()) as JsonSnapshot;
    delete without['sys.dm_hadr_cluster_networks'];
    expect(codes(JSON.stringify(without))).toEqual(['LISTENER_OFFLINE']);
  });
});
