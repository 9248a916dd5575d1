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
