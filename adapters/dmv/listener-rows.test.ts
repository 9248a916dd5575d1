import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf, type JsonSnapshot } from './test-support.js';

/*
 * linux-external-three-sync.json is the documentation's Linux group of three synchronous replicas
 * ("Configure SQL Server Always On Availability Group for high availability on Linux"), as many
 * published snapshots are: the group and replica views, without sys.availability_group_listeners.
 * "Configure read-only routing" (S13), Prerequisites: "The availability group must possess an
 * availability group listener." A snapshot that does not list listeners does not show whether the
 * group has one, so a connection through it is unknown; only the view with no row for the group
 * shows none.
 */
const text = readFileSync(
  new URL('./fixtures/linux-external-three-sync.json', import.meta.url),
  'utf8',
);
const groupId = (JSON.parse(text) as JsonSnapshot)['sys.availability_groups']![0]!.group_id;
const withListenerViews = (listeners: object[]) =>
  JSON.stringify({
    ...(JSON.parse(text) as JsonSnapshot),
    'sys.availability_group_listeners': listeners,
    'sys.availability_group_listener_ip_addresses': [],
  });
const listener = { group_id: groupId, listener_id: 'L1', dns_name: 'ag1-listener', port: 1433 };
const codes = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);

describe('a snapshot without the listener views', () => {
  it('leaves a connection through the listener unknown, naming the view that settles it', () => {
    const { routing } = decide(factsOf(text));
    for (const connection of [routing.readWrite, routing.readOnly]) {
      expect(connection.outcome).toBe('unknown');
      expect(codes(connection.reasons)).toEqual(['UNKNOWN_LISTENER_ROWS']);
      expect(connection.reasons[0]!.settledBy).toEqual([
        'sys.availability_group_listeners (its rows, or none, for the group)',
      ]);
    }
  });

  it('with the view and no row for this EXTERNAL group, leaves the Pacemaker listener unknown', () => {
    // The listener under Linux can be a Pacemaker IP address resource alone (S31), which no view
    // shows: external-listener.test.ts.
    const { routing } = decide(factsOf(withListenerViews([])));
    expect(routing.readWrite.outcome).toBe('unknown');
    expect(codes(routing.readWrite.reasons)).toEqual(['UNKNOWN_EXTERNAL_LISTENER']);
  });

  it('takes the listener from another snapshot of the group that lists it', () => {
    const merged = mergeFacts(
      { source: 'unlisted.json', facts: factsOf(text) },
      { source: 'listed.json', facts: factsOf(withListenerViews([listener])) },
    );
    expect(merged.facts.config.listener?.name).toBe('ag1-listener');
    expect(merged.facts.listenersListed).toBeUndefined();
    expect(codes(merged.findings)).not.toContain('MERGE_CONFIG_DIFFERS');
    expect(decide(merged.facts).routing.readWrite.outcome).toBe('connected');
  });

  it("takes the listener's addresses from a snapshot that lists them", () => {
    const withAddresses = JSON.stringify({
      ...(JSON.parse(withListenerViews([listener])) as JsonSnapshot),
      'sys.availability_group_listener_ip_addresses': [
        {
          listener_id: 'L1',
          ip_address: '10.0.0.50',
          ip_subnet_mask: '255.255.255.0',
          is_dhcp: false,
        },
      ],
    });
    const noAddressView = JSON.parse(withListenerViews([listener])) as JsonSnapshot;
    delete noAddressView['sys.availability_group_listener_ip_addresses'];
    const unlisted = factsOf(JSON.stringify(noAddressView));
    expect(unlisted.listenerAddressesListed).toBe(false);
    const merged = mergeFacts(
      { source: 'no-addresses.json', facts: unlisted },
      { source: 'addresses.json', facts: factsOf(withAddresses) },
    );
    expect(merged.facts.config.listener?.addresses.map((a) => a.address)).toEqual(['10.0.0.50']);
    expect(merged.facts.listenerAddressesListed).toBeUndefined();
    expect(codes(merged.findings)).not.toContain('MERGE_CONFIG_DIFFERS');
  });

  it('stays unknown when no snapshot of the group lists listeners', () => {
    const merged = mergeFacts(
      { source: 'a.json', facts: factsOf(text) },
      { source: 'b.json', facts: factsOf(text) },
    );
    expect(merged.facts.listenersListed).toBe(false);
    expect(decide(merged.facts).routing.readWrite.outcome).toBe('unknown');
  });
});
