import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { automaticFailover, plannedFailover } from '../../core/failover/failover.js';
import { factsOf } from './test-support.js';

/*
 * SQLShack, Rajendra Gupta, "Suspend and Resume Data Movement in SQL Server Always On Availability
 * Groups" (2020-09-23): "Consider another case where you have implemented a two replica
 * synchronous data commit. Your both servers are in different sites, and your network team
 * informed that there would be a network outage or slowness in network connectivity between both
 * the sites. ... Can we suspend the data movement from primary to the secondary replica?" The
 * fixture is the primary SQLNODE1's own snapshot during that outage: SalesDB suspended there by
 * a user (SET HADR SUSPEND on the primary), SQLNODE2 DISCONNECTED, its copy NOT SYNCHRONIZING;
 * is_suspended of SQLNODE2's copy, its is_failover_ready and every LSN not given (names, ids and
 * version invented). 'Suspend an availability database' (S62), Note: "Suspending an Always On
 * primary database suspends data movement on all the corresponding secondary databases, and
 * redundancy and failover capabilities cease for that database until the primary database is
 * resumed." decide said the automatic failover to SQLNODE2 was unknown, settled by
 * is_failover_ready, and "if the primary failed now, automatic failover would go to: unknown".
 */
const outage = factsOf(
  readFileSync(
    new URL('./fixtures/sqlshack-primary-suspended-network-outage.json', import.meta.url),
    'utf8',
  ),
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);
type Facts = typeof outage;
// The same snapshot with SalesDB on the primary not suspended.
const resumed = (facts: Facts): Facts => ({
  ...facts,
  databaseReplicas: facts.databaseReplicas.map((d) =>
    d.replica === 'SQLNODE1' ? { ...d, isSuspended: false, suspendReason: null } : d,
  ),
});
// Before the outage: SQLNODE2 still connected, its copy's state not in the query.
const connected: Facts = {
  ...outage,
  replicas: outage.replicas.map((x) =>
    x.name === 'SQLNODE2'
      ? { ...x, role: 'SECONDARY' as const, connectedState: 'CONNECTED' as const }
      : x,
  ),
  databaseReplicas: outage.databaseReplicas.map((d) =>
    d.replica === 'SQLNODE2' ? { ...d, synchronizationState: null } : d,
  ),
};

describe('failover while the database is suspended on the primary (S62)', () => {
  it('refuses the automatic failover, naming the suspension on the primary', () => {
    const v = automaticFailover(outage, 'SQLNODE2');
    expect(v.status).toBe('refused');
    expect(codes(v.reasons)).toEqual(['TARGET_STATE_UNKNOWN', 'PRIMARY_DATABASE_SUSPENDED']);
    const why = v.reasons.find((r) => r.code === 'PRIMARY_DATABASE_SUSPENDED')!;
    expect(why.message).toContain(
      'SalesDB is suspended on the primary SQLNODE1 (SUSPEND_FROM_USER)',
    );
    expect(why.rule.document).toBe('Suspend an availability database');
    expect(why.settledBy).toBeUndefined();
    expect(decide(outage).failover.automaticTarget).toBeNull();
    expect(decide(outage).failover.automaticUndecided).toEqual([]);
  });

  it('refuses the planned one on a copy whose state the snapshot leaves out', () => {
    const automatic = automaticFailover(connected, 'SQLNODE2');
    expect(codes(automatic.reasons)).toEqual(['PRIMARY_DATABASE_SUSPENDED']);
    const planned = plannedFailover(connected, 'SQLNODE2');
    expect(planned.status).toBe('refused');
    expect(codes(planned.reasons)).toEqual(['PRIMARY_DATABASE_SUSPENDED']);
  });

  it('does not name the suspension where the primary is not suspended', () => {
    // The running primary then shows SQLNODE2's copy NOT SYNCHRONIZING, which S2 reads as no
    // automatic failover target (adapters/dmv/automatic-primary-shows-not-synchronizing.test.ts).
    const v = automaticFailover(resumed(outage), 'SQLNODE2');
    expect(v.status).toBe('refused');
    expect(codes(v.reasons)).toEqual(['TARGET_STATE_UNKNOWN', 'DATABASE_NOT_SYNCHRONIZED']);
    const planned = plannedFailover(resumed(connected), 'SQLNODE2');
    expect(planned.status).toBe('unknown');
    expect(codes(planned.reasons)).toEqual(['DATABASE_STATE_UNKNOWN']);
  });

  it('keeps the RESUME on the primary as what to do', () => {
    const actions = decide(outage).actions;
    expect(actions.map((a) => a.event)).toContainEqual(
      expect.objectContaining({ type: 'db.resume', replica: 'SQLNODE1', database: 'SalesDB' }),
    );
  });
});
