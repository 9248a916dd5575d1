import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * "Large Transaction Interrupted by Failover, Secondary Database Reports REVERTING" (Microsoft,
 * AlwaysOn Professional blog, 2014-11-25, learn.microsoft.com/archive/blogs/alwaysonpro/
 * large-transaction-interrupted-by-failover-secondary-database-reports-reverting): after a failover
 * that interrupts a large transaction, the old primary (SQLNODE1) "reports to be in a NOT
 * SYNCHRONIZING or REVERTING state for a long period of time"; "the secondary is reported as
 * RECOVERING ... and access to the readable database during this time will fail with message 922";
 * its error log shows "Nonqualified transactions are being rolled back in database agdb for an
 * AlwaysOn Availability Groups state change". The snapshots show the rollback phase (NOT
 * SYNCHRONIZING, RECOVERING), with agdb suspended on the new primary SQLNODE2 as well: a copy
 * stopped only by the primary's suspension stays readable (S62), but a RECOVERING copy is
 * unavailable whatever stopped it ('Database states', S80). Names, LSNs and the suspension are
 * invented; the states of SQLNODE1's copy are the blog's.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('a secondary copy still rolling back after a failover (RECOVERING), the primary suspended', () => {
  const merged = mergeFacts(
    { source: 'SQLNODE2', facts: fixture('blog-rollback-after-failover-primary-suspended.json') },
    { source: 'SQLNODE1', facts: fixture('blog-rollback-after-failover-secondary.json') },
  ).facts;
  const routing = decide(merged).routing.readOnly;

  it('is passed by for read-only routing, which goes on to the primary listed after it', () => {
    expect(routing.outcome).toBe('connected');
    expect(routing.replica).toBe('SQLNODE2');
    const node1 = routing.considered.find((c) => c.replica === 'SQLNODE1')!;
    expect(node1.available).toBe(false);
    expect(node1.reasons.map((r) => r.code)).toEqual(['ROUTING_DATABASE_UNAVAILABLE']);
    expect(node1.reasons[0]?.message).toContain('RECOVERING');
  });

  it('agrees with a connection made straight to the copy, which is refused', () => {
    const c = connectToReplica(merged, {
      replica: 'SQLNODE1',
      intent: 'READ_ONLY',
      database: 'agdb',
    });
    expect(c.outcome).toBe('refused');
    expect(c.reasons.map((r) => r.code)).toContain('CONNECT_DATABASE_UNAVAILABLE');
  });

  it('gives every reason when the copy is not stopped by the primary: not synchronizing and unavailable', () => {
    const primary = fixture('blog-rollback-after-failover-primary-suspended.json');
    const resumed = {
      ...primary,
      databaseReplicas: primary.databaseReplicas.map((r) => ({
        ...r,
        isSuspended: false,
        suspendReason: null,
      })),
    };
    const secondary = fixture('blog-rollback-after-failover-secondary.json');
    const own = {
      ...secondary,
      databaseReplicas: secondary.databaseReplicas.map((r) => ({
        ...r,
        isSuspended: false,
        suspendReason: null,
      })),
    };
    const both = mergeFacts(
      { source: 'SQLNODE2', facts: resumed },
      { source: 'SQLNODE1', facts: own },
    ).facts;
    const node1 = decide(both).routing.readOnly.considered.find((c) => c.replica === 'SQLNODE1')!;
    expect(node1.reasons.map((r) => r.code)).toEqual([
      'ROUTING_DATABASE_NOT_SYNCHRONIZING',
      'ROUTING_DATABASE_UNAVAILABLE',
    ]);
  });
});
