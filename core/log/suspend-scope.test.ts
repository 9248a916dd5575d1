import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { decide } from '../decide/decide.js';

/**
 * "ALTER DATABASE (Transact-SQL) SET HADR" (S50), RESUME: "If you resume a database on the primary
 * replica, data movement is resumed to every secondary replica on which the corresponding
 * secondary database has not also been suspended locally." A secondary database can be suspended
 * both by the primary and locally. The fixture suspends MyDb3 on the primary N1, then locally on
 * N3, resumes it on N1 (N2 moves again, N3 does not), then on N3.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-suspend-locally-after-primary.json', import.meta.url),
      'utf8',
    ),
  ),
);
const row = (i: number, replica: string) =>
  sim.trace[i]!.facts.databaseReplicas.find((d) => d.replica === replica);

describe('SUSPEND on a secondary already suspended by the primary (S50)', () => {
  it('is accepted: the copy is now suspended locally too', () => {
    const local = sim.trace[1]!;
    expect(local.refused).toEqual([]);
    expect(local.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []))).toEqual([
      'ALSO_SUSPENDED_LOCALLY',
    ]);
  });

  it("so the primary's RESUME leaves it suspended, and its own RESUME resumes it", () => {
    expect(row(2, 'N2')?.isSuspended).toBe(false);
    expect(row(2, 'N3')?.isSuspended).toBe(true);
    expect(sim.trace[3]!.refused).toEqual([]);
    expect(row(3, 'N3')).toMatchObject({
      isSuspended: false,
      synchronizationState: 'SYNCHRONIZING',
    });
  });
});

/*
 * sys.dm_hadr_database_replica_states (S6) defines SUSPEND_FROM_USER as "A user manually suspended
 * data movement"; no source says which reason a secondary copy stopped by the primary's SUSPEND
 * shows. The simulation wrote SUSPEND_FROM_USER there, which routing reads as the copy's own
 * suspension, so after a SUSPEND on the primary alone read-only routing passed the readable
 * secondary by, where "Suspend an availability database" (S62), Primary database, says "new
 * connections can be made". The row now leaves the reason NULL until the copy is suspended there.
 */
describe('the reason a copy stopped by the primary shows', () => {
  it('is not given until the copy is suspended locally too', () => {
    expect(row(0, 'N2')).toMatchObject({ isSuspended: true, suspendReason: null });
    expect(row(0, 'N3')).toMatchObject({ isSuspended: true, suspendReason: null });
    expect(row(1, 'N3')).toMatchObject({ isSuspended: true, suspendReason: 'SUSPEND_FROM_USER' });
    expect(row(0, 'N1')).toMatchObject({ isSuspended: true, suspendReason: 'SUSPEND_FROM_USER' });
  });

  it('so read-only routing to it is unknown on a snapshot, not refused', () => {
    const { logs: _exact, ...snapshot } = primarySuspendedWalkthrough();
    const readOnly = decide(snapshot).routing.readOnly;
    expect(readOnly.outcome).toBe('unknown');
    const sqlnode2 = readOnly.considered.find((c) => c.replica === 'SQLNODE2')!;
    expect(sqlnode2.reasons.map((r) => r.code)).toEqual([
      'ROUTING_REPLICA_UNKNOWN',
      'UNKNOWN_SUSPEND_REASON',
    ]);
  });

  it('and routed in a simulation, which knows no SUSPEND ran on the secondary (S62)', () => {
    const readOnly = decide(primarySuspendedWalkthrough()).routing.readOnly;
    expect(readOnly).toMatchObject({ outcome: 'routed', replica: 'SQLNODE2' });
    const sqlnode2 = readOnly.considered.find((c) => c.replica === 'SQLNODE2')!;
    expect(sqlnode2.reasons.map((r) => r.code)).toContain('ROUTING_PRIMARY_DATABASE_SUSPENDED');
  });
});

/** The walk-through's group right after SET HADR SUSPEND on its primary alone. */
function primarySuspendedWalkthrough() {
  const walkthrough = JSON.parse(
    readFileSync(
      new URL('../../examples/scenarios/resync-walkthrough.json', import.meta.url),
      'utf8',
    ),
  );
  return simulateScenario({
    ...walkthrough,
    steps: [{ event: { type: 'db.suspend', replica: 'SQLNODE1', database: 'SalesDB' } }],
  }).trace[0]!.facts;
}
