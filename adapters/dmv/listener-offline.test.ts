import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * A listener left offline after a failover. "Connection Timeouts in Multi-subnet Availability
 * Group" (AlwaysOn support team blog, 2014-06-03): the listener "will have an IP address for each
 * defined subnet and have an 'OR' dependency on each of the IP addresses"; "The listener IP
 * address in the subnet currently hosting the availability group primary replica will be online.
 * The other listener IP address(es) will be offline." sys.availability_group_listener_ip_addresses
 * (Transact-SQL), state: "IP resource ONLINE/OFFLINE state from the WSFC cluster" (0 Offline,
 * 1 Online, 2 Online Pending "IP resource is offline but is being brought online", 3 Failed "IP
 * resource was being brought online but failed"). "Connect to an availability group listener"
 * (S15), Multi-subnet failovers: the client driver "will wait for the first IP to respond with
 * success". "Always On Availability group is offline" (S127): "Any dependent cluster resource
 * encounters a critical issue and becomes offline."
 *
 * The fixture: the multi-subnet group of blog-multisubnet-listener.json (the primary SQLB in the
 * second subnet after a failover) with state_desc selected: the first subnet's address OFFLINE,
 * as the blog says, and the second's FAILED, the IP resource that did not come online.
 */
const fixture = () =>
  readFileSync(
    new URL('./fixtures/blog-multisubnet-listener-offline-after-failover.json', import.meta.url),
    'utf8',
  );
const withStates = (first: string | null, second: string | null | undefined) => {
  const raw = JSON.parse(fixture()) as JsonSnapshot;
  const rows = rowsOf(raw, 'sys.availability_group_listener_ip_addresses');
  rows[0]!.state_desc = first;
  if (second === undefined) for (const r of rows) delete r.state_desc;
  else rows[1]!.state_desc = second;
  return decide(factsOf(JSON.stringify(raw))).routing;
};
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a listener with no IP address online after a failover', () => {
  it('refuses read-write and read-intent connections through it', () => {
    const routing = decide(factsOf(fixture())).routing;
    expect(routing.readWrite.outcome).toBe('refused');
    expect(codes(routing.readWrite.reasons)).toContain('LISTENER_OFFLINE');
    expect(routing.readWrite.reasons[0]?.message).toContain(
      '10.10.1.50 OFFLINE, 10.20.1.50 FAILED',
    );
    expect(routing.readOnly.outcome).toBe('refused');
  });

  it('connects as before once the primary subnet’s address is ONLINE', () => {
    const routing = withStates('OFFLINE', 'ONLINE');
    expect(routing.readWrite).toMatchObject({ outcome: 'connected', replica: 'SQLB' });
    expect(codes(routing.readWrite.reasons)).toEqual([
      'LISTENER_TO_PRIMARY',
      'LISTENER_MULTI_SUBNET',
    ]);
  });

  it('is unknown where an address’s state is NULL and none is ONLINE', () => {
    const routing = withStates('OFFLINE', null);
    expect(routing.readWrite.outcome).toBe('unknown');
    const reason = routing.readWrite.reasons.find((r) => r.code === 'UNKNOWN_LISTENER_STATE');
    expect(reason?.settledBy).toEqual(['sys.availability_group_listener_ip_addresses.state_desc']);
  });

  it('reads a snapshot without state_desc as before', () => {
    expect(withStates('OFFLINE', undefined).readWrite.outcome).toBe('connected');
  });
});
