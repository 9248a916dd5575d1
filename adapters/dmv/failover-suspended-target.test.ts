import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import {
  automaticFailover,
  forcedFailover,
  plannedFailover,
} from '../../core/failover/failover.js';
import { factsOf } from './test-support.js';

/*
 * edwinmsarmiento.com, "The S.P.A. That Prevents Your Synchronous SQL Server Always On
 * Availability Groups From Failing Over Automatically" (2015-08-31), 1) Synchronous Status: "There
 * could be a number of reasons why your AG replicas fall out-of-sync: network glitch, AG is
 * suspended or paused, replica becomes temporarily unavailable ... When the AG replicas are
 * out-of-sync, automatic failover does not happen." The fixture: two synchronous automatic
 * replicas; SQLNODE1's instance down, the automatic failover not done, and SQLNODE2's own snapshot
 * shows it RESOLVING with AppDB NOT SYNCHRONIZING, suspended by a user (quorum normal; names and
 * version invented; LSNs and is_failover_ready not given). ALTER DATABASE SET HADR (S50): "When a
 * database on a secondary replica is suspended, both the database and replica become
 * unsynchronized and are marked as NOT SYNCHRONIZED". decide said 'unknown' for the automatic
 * and the planned failover to SQLNODE2 (is_failover_ready not shown) and offered the planned
 * FAILOVER first, "try it before any forced failover".
 */
const spa = factsOf(
  readFileSync(
    new URL('./fixtures/blog-spa-suspended-secondary-resolving.json', import.meta.url),
    'utf8',
  ),
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);
const withCopy = (patch: { isSuspended?: boolean; isFailoverReady?: boolean | null }) => ({
  ...spa,
  databaseReplicas: spa.databaseReplicas.map((d) =>
    d.replica === 'SQLNODE2' ? { ...d, ...patch } : d,
  ),
});

describe('a failover target whose database is shown suspended (S50)', () => {
  it('refuses the automatic failover to it, naming the suspension', () => {
    const v = automaticFailover(spa, 'SQLNODE2');
    expect(v.status).toBe('refused');
    expect(codes(v.reasons)).toContain('TARGET_DATABASE_SUSPENDED');
    expect(codes(v.reasons)).not.toContain('FAILOVER_READINESS_UNKNOWN');
    expect(v.reasons.find((r) => r.code === 'TARGET_DATABASE_SUSPENDED')?.message).toContain(
      'SUSPEND_FROM_USER',
    );
  });

  it('refuses the planned one and offers only the forced failover', () => {
    expect(plannedFailover(spa, 'SQLNODE2').status).toBe('refused');
    expect(forcedFailover(spa, 'SQLNODE2').status).toBe('allowed');
    expect(decide(spa).actions.map((a) => a.event.type)).toEqual(['ag.forceFailover']);
  });

  it('reads the cluster flag where the snapshot gives it, and leaves a copy not suspended unknown', () => {
    expect(
      codes(automaticFailover(withCopy({ isFailoverReady: false }), 'SQLNODE2').reasons),
    ).toContain('DATABASE_NOT_FAILOVER_READY');
    const notSuspended = automaticFailover(withCopy({ isSuspended: false }), 'SQLNODE2');
    expect(notSuspended.status).toBe('unknown');
    expect(codes(notSuspended.reasons)).toContain('FAILOVER_READINESS_UNKNOWN');
  });
});
