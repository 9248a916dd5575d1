import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * A DBA's PowerShell script that adds a replica to an availability group (public, code index file
 * 67125111190, S201): ALTER AVAILABILITY GROUP … ADD REPLICA ON '$newNode' WITH (FAILOVER_MODE =
 * MANUAL, AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, BACKUP_PRIORITY = 50, SEEDING_MODE=MANUAL,
 * SECONDARY_ROLE(READ_ONLY_ROUTING_URL = …, ALLOW_CONNECTIONS = ALL)) through the listener, then
 * ALTER AVAILABILITY GROUP $AGname JOIN on the new node, with between them: "Open AG listener
 * settings in SSMS and Add the new IP Address. Otherwise, this error would be thrown: None of the
 * IP addresses configured for the availability group listener can be hosted by the server 'xxx'
 * ... Failed to join local availability replica to availability group 'xxx'. The operation
 * encountered SQL Server error 19456 and has been rolled back".
 *
 * The fixture is the primary's snapshot after that JOIN was rolled back: the bundled primary's
 * group (AGSales, listener agsales-lsn on 10.0.0.50/255.255.255.0) with SQLNODE3 added with the
 * script's settings and NOT_JOINED (its state row as the primary shows a replica it never
 * connected to). The script's names are empty placeholders, so every name here is invented.
 */
const text = readFileSync(
  new URL('./fixtures/script-19456-join-listener-subnet-primary.json', import.meta.url),
  'utf8',
);
const LISTENER_IPS = 'sys.availability_group_listener_ip_addresses';

const joinOf = (snapshot: string) =>
  decide(factsOf(snapshot)).actions.find(
    (a) => a.event.type === 'replica.join' && a.event.replica === 'SQLNODE3',
  );

describe('the JOIN of a replica added to a group with a static-IP listener (Msg 19456)', () => {
  it('is offered with the listener subnet unknown, naming its addresses and the view that settles it', () => {
    const join = joinOf(text);
    expect(join?.why.map((r) => r.code)).toEqual([
      'JOIN_ADDED_REPLICA',
      'JOIN_LISTENER_SUBNET_UNKNOWN',
    ]);
    const subnet = join?.why[1];
    expect(subnet?.message).toContain('listener IP addresses: 10.0.0.50/255.255.255.0');
    expect(subnet?.message).toContain('Msg 19456');
    expect(subnet?.message).toContain(
      "ALTER AVAILABILITY GROUP [AGSales] MODIFY LISTENER 'agsales-lsn' (ADD IP",
    );
    expect(subnet?.settledBy).toEqual([
      'sys.dm_hadr_cluster_networks (member_name SQLNODE3: network_subnet_ip, network_subnet_ipv4_mask, is_public 1) against sys.availability_group_listener_ip_addresses.ip_address and ip_subnet_mask of agsales-lsn',
    ]);
  });

  it('says the addresses are not shown when the listener has no address rows', () => {
    const raw = JSON.parse(text) as JsonSnapshot;
    raw[LISTENER_IPS] = [];
    expect(joinOf(JSON.stringify(raw))?.why[1]?.message).toContain(
      'its IP addresses are not in the input',
    );
  });

  it('is offered as before without a listener, or with a DHCP one', () => {
    const none = JSON.parse(text) as JsonSnapshot;
    delete none['sys.availability_group_listeners'];
    delete none[LISTENER_IPS];
    const dhcp = JSON.parse(text) as JsonSnapshot;
    for (const a of rowsOf(dhcp, LISTENER_IPS)) Object.assign(a, { is_dhcp: true });
    for (const s of [none, dhcp])
      expect(joinOf(JSON.stringify(s))?.why.map((r) => r.code)).toEqual(['JOIN_ADDED_REPLICA']);
  });
});
