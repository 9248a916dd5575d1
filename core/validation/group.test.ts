import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../model/config.js';
import { codesOf, exampleConfig } from './examples.js';
import { isIpv6, isSubnetMask } from './urls.js';
import { validateConfig } from './validate.js';

describe('group values', () => {
  it.each(['A', 'x'.repeat(128)])('accepts an availability group name of %#', (name) => {
    expect(codesOf(exampleConfig({ name }))).toEqual([]);
  });

  it.each(['', 'x'.repeat(129)])('refuses an availability group name of %# characters', (name) => {
    expect(codesOf(exampleConfig({ name }))).toEqual(['INVALID_GROUP_NAME']);
  });

  // sysname is nvarchar(128) (S4 group_name and database_name are SQL Server identifiers); a
  // blank name or one holding ESC, CR or an OSC sequence names nothing a DBA could type.
  it.each(['   ', 'AG\u001b]0;pwned\u0007', 'AG\r'])('refuses the group name %j', (name) => {
    expect(codesOf(exampleConfig({ name }))).toEqual(['INVALID_GROUP_NAME']);
  });

  it.each(['', ' ', 'Sales\u001b[2J', 'Sales\u0085', 'd'.repeat(129)])(
    'refuses the database name %j',
    (name) => {
      const reasons = validateConfig(exampleConfig({ databases: ['SalesDB', name] }));
      expect(reasons.map((r) => r.code)).toEqual(['INVALID_DATABASE_NAME']);
    },
  );

  it.each(['Sales DB', 'ÆØÅ', 'd'.repeat(128)])('accepts the database name %j', (name) => {
    expect(codesOf(exampleConfig({ databases: ['SalesDB', name] }))).toEqual([]);
  });

  it.each([15000, 30000, 4294967295])('accepts HEALTH_CHECK_TIMEOUT = %i', (ms) => {
    expect(codesOf(exampleConfig({ healthCheckTimeout: ms }))).toEqual([]);
  });

  it.each([14999, 4294967296, 0])('refuses HEALTH_CHECK_TIMEOUT = %i', (ms) => {
    const reasons = validateConfig(exampleConfig({ healthCheckTimeout: ms }));
    expect(reasons.map((r) => r.code)).toEqual(['HEALTH_CHECK_TIMEOUT_OUT_OF_RANGE']);
    expect(reasons[0]?.message).toContain(String(ms));
  });

  it('R-CFG-6: allows RSSTC up to the number of replicas minus one', () => {
    const rsstc = (n: number) =>
      codesOf(exampleConfig({ requiredSynchronizedSecondariesToCommit: n }));
    expect(rsstc(0)).toEqual([]);
    expect(rsstc(2)).toEqual([]);
    expect(rsstc(3)).toEqual(['REQUIRED_SYNCHRONIZED_SECONDARIES_OUT_OF_RANGE']);
    expect(rsstc(-1)).toEqual(['REQUIRED_SYNCHRONIZED_SECONDARIES_OUT_OF_RANGE']);
  });

  it('refuses a database listed twice; names differing in case are left to the server collation', () => {
    expect(codesOf(exampleConfig({ databases: ['SalesDB', 'HR', 'SalesDB'] }))).toEqual([
      'DUPLICATE_DATABASE_NAME',
    ]);
    expect(codesOf(exampleConfig({ databases: ['SalesDB', 'salesdb'] }))).toEqual([]);
  });
});

describe('listener', () => {
  const listener = (l: Partial<NonNullable<ConfigInput['listener']>>) =>
    exampleConfig({
      listener: {
        name: 'ag-listener',
        addresses: [{ address: '10.0.0.50', subnetMask: '255.255.255.0' }],
        ...l,
      },
    });

  it.each(['AG_Listener-1', 'x'.repeat(63)])('accepts DNS name %#', (name) => {
    expect(codesOf(listener({ name }))).toEqual([]);
  });

  it.each(['', 'ag listener', 'ag.listener', 'x'.repeat(64)])('refuses DNS name %j', (name) => {
    expect(codesOf(listener({ name }))).toEqual(['INVALID_LISTENER_NAME']);
  });

  it.each([0, 65536])('refuses PORT = %i', (port) => {
    expect(codesOf(listener({ port: port }))).toEqual(['LISTENER_PORT_OUT_OF_RANGE']);
  });

  it('refuses a static listener without an address, accepts a DHCP one', () => {
    expect(codesOf(listener({ addresses: [] }))).toEqual(['LISTENER_WITHOUT_ADDRESS']);
    expect(codesOf(listener({ addresses: [], dhcp: true }))).toEqual([]);
  });

  it('refuses DHCP with more than one address', () => {
    const addresses = [
      { address: '10.0.0.50', subnetMask: '255.255.255.0' },
      { address: '10.0.1.50', subnetMask: '255.255.255.0' },
    ];
    expect(codesOf(listener({ dhcp: true, addresses }))).toEqual([
      'LISTENER_DHCP_MULTIPLE_ADDRESSES',
    ]);
    expect(codesOf(listener({ addresses }))).toEqual([]);
  });

  // Msg 19451 (S66): "'%.*ls' and '%.*ls' belong to the same subnet. Only one IPv4 and/or one IPv6
  // address from each subnet is allowed." A listener gets one address for each subnet a replica
  // is in (S106), not one per replica.
  it('refuses two IPv4 addresses in one subnet, by network and mask', () => {
    const same = [
      { address: '10.0.0.50', subnetMask: '255.255.255.0' },
      { address: '10.0.0.51', subnetMask: '255.255.255.0' },
    ];
    const reasons = validateConfig(listener({ addresses: same }));
    expect(reasons.map((r) => r.code)).toEqual(['LISTENER_ADDRESSES_SAME_SUBNET']);
    expect(reasons[0]?.message).toContain("'10.0.0.50' and '10.0.0.51'");
    expect(reasons[0]?.rule.section).toBe('Msg 19451');
    const wide = [
      { address: '10.0.0.50', subnetMask: '255.255.0.0' },
      { address: '10.0.1.50', subnetMask: '255.255.0.0' },
    ];
    expect(codesOf(listener({ addresses: wide }))).toEqual(['LISTENER_ADDRESSES_SAME_SUBNET']);
    expect(codesOf(listener({ addresses: [...same.slice(0, 1), { address: 'fe80::1' }] }))).toEqual(
      [],
    );
  });

  it.each([
    [{ address: '10.0.0.50' }, false],
    [{ address: '10.0.0.50', subnetMask: '255.0.255.0' }, false],
    [{ address: '10.0.0.256', subnetMask: '255.255.255.0' }, false],
    [{ address: '2001:db8::50', subnetMask: '255.255.255.0' }, false],
    [{ address: '2001:db8::50' }, true],
    [{ address: 'ag-listener.contoso.com', subnetMask: '255.255.255.0' }, false],
  ])('refuses address %j (dhcp %s)', (address, dhcp) => {
    expect(codesOf(listener({ dhcp, addresses: [address] }))).toEqual(['INVALID_LISTENER_ADDRESS']);
  });

  it('accepts an IPv6 address without a mask', () => {
    expect(codesOf(listener({ addresses: [{ address: '2001:db8::50' }] }))).toEqual([]);
  });
});

describe('address helpers', () => {
  it.each(['255.255.255.0', '255.255.252.0', '255.255.255.255', '0.0.0.0'])('%s is a mask', (m) => {
    expect(isSubnetMask(m)).toBe(true);
  });
  it.each(['255.0.255.0', '255.255.255.1', '256.0.0.0', '255.255.255'])('%s is no mask', (m) => {
    expect(isSubnetMask(m)).toBe(false);
  });
  it.each(['::1', '2001:db8::', '2001:4898:f0:f00f::cf3c', '1:2:3:4:5:6:7:8'])(
    '%s is IPv6',
    (a) => {
      expect(isIpv6(a)).toBe(true);
    },
  );
  it.each(['1:2:3:4:5:6:7', '1::2::3', '12345::', 'g::1', '10.0.0.1'])('%s is not IPv6', (a) => {
    expect(isIpv6(a)).toBe(false);
  });
});
