import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "Connection Timeouts in Multi-subnet Availability Group" (AlwaysOn support team blog) and
 * KB2792139: with a listener holding an IP address in each subnet, only the address in the
 * primary's subnet is online, and "the connection times out ... your application either uses a
 * legacy data provider that does not support the new MultiSubnetFailover parameter, or is not
 * configured to use this parameter". The snapshot is taken on the primary SQLB, in the second
 * subnet after a failover; names and addresses are invented.
 */
describe('a multi-subnet listener after a failover to the second subnet', () => {
  const facts = factsOf(
    readFileSync(new URL('./fixtures/blog-multisubnet-listener.json', import.meta.url), 'utf8'),
  );

  it('connects read-write to the primary, and says what a client needs to reach it', () => {
    const readWrite = decide(facts).routing.readWrite;
    expect(readWrite).toMatchObject({ outcome: 'connected', replica: 'SQLB' });
    expect(readWrite.reasons.map((r) => r.code)).toEqual([
      'LISTENER_TO_PRIMARY',
      'LISTENER_MULTI_SUBNET',
    ]);
    expect(readWrite.reasons[1]?.message).toMatch(/MultiSubnetFailover=True/);
  });

  /*
   * "Configure a listener for an Always On availability group" (S106), Follow-up: T-SQL, SSMS and
   * PowerShell create the listener "with the RegisterAllProvidersIP property set to 1"; then
   * clients without MultiSubnetFailover = True "will experience high latency connections ...
   * attempt connections to all IPs sequentially". RegisterAllProvidersIP = 0 is the workaround,
   * with its cost: "If a cross-subnet failover occurs, the client recovery time could be 15
   * minutes or longer, depending on your HostRecordTTL setting"; "By default, clients cache
   * cluster DNS records for 20 minutes". This snapshot is taken just after such a failover.
   */
  it('gives both RegisterAllProvidersIP settings their cost, not 0 as a cure', () => {
    const note = decide(facts).routing.readWrite.reasons[1]!;
    expect(note.rule.document).toBe('Configure a listener for an Always On availability group');
    expect(note.message).toMatch(/RegisterAllProvidersIP = 1, as T-SQL, SSMS and PowerShell/);
    expect(note.message).toMatch(
      /RegisterAllProvidersIP = 0 .* after a failover to another subnet .* cached DNS record expires \(HostRecordTTL, 20 minutes by default\)/,
    );
  });

  it('names no WSFC setting where there is no cluster network name (CLUSTER_TYPE NONE)', () => {
    const none = { ...facts, config: { ...facts.config, clusterType: 'NONE' as const } };
    const note = decide(none).routing.readWrite.reasons.find(
      (r) => r.code === 'LISTENER_MULTI_SUBNET',
    );
    expect(note?.message).toMatch(/MultiSubnetFailover=True may time out/);
    expect(note?.message).not.toMatch(/RegisterAllProvidersIP|HostRecordTTL/);
  });

  it('says nothing of subnets for a listener with one address', () => {
    const listener = facts.config.listener!;
    const single = {
      ...facts,
      config: {
        ...facts.config,
        listener: { ...listener, addresses: listener.addresses.slice(0, 1) },
      },
    };
    expect(decide(single).routing.readWrite.reasons.map((r) => r.code)).toEqual([
      'LISTENER_TO_PRIMARY',
    ]);
  });
});
