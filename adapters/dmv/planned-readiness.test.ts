import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, primaryJson, rowsOf } from './test-support.js';

/*
 * "Perform a planned manual failover of an availability group" (S45), Prerequisites: the target's
 * databases "must be SYNCHRONIZED", and "To determine the failover readiness of a secondary
 * replica, query the is_failover_ready column in sys.dm_hadr_database_replica_cluster_states".
 * sys.dm_hadr_database_replica_cluster_states (S8): "0 = The database is not marked as synchronized
 * in the cluster. The database is not ready for a failover." The bundled primary snapshot, with
 * SQLNODE2's SalesDB SYNCHRONIZED in sys.dm_hadr_database_replica_states and its readiness changed.
 */
const withReadiness = (ready: boolean | null) => {
  const s = primaryJson();
  const rows = rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states');
  rows[1]!.is_failover_ready = ready;
  return decide(factsOf(JSON.stringify(s))).failover.targets.find((t) => t.replica === 'SQLNODE2')!;
};

describe('a planned failover to a SYNCHRONIZED copy the cluster has not marked failover ready', () => {
  it('is refused while is_failover_ready = 0, and the forced form is not said to lose nothing', () => {
    const target = withReadiness(false);
    expect(target.planned.allowed).toBe(false);
    expect(target.planned.reasons.map((r) => r.code)).toEqual(['DATABASE_NOT_FAILOVER_READY']);
    expect(target.forced.reasons.map((r) => r.code)).not.toContain('FORCED_BEHAVES_AS_PLANNED');
  });

  it('is unknown when the snapshot does not show is_failover_ready, naming it', () => {
    const target = withReadiness(null);
    expect(target.planned.status).toBe('unknown');
    expect(target.planned.reasons[0]?.settledBy).toEqual([
      'sys.dm_hadr_database_replica_cluster_states.is_failover_ready',
    ]);
  });

  it('is allowed once the copy is marked synchronized in the cluster', () => {
    expect(withReadiness(true).planned.allowed).toBe(true);
  });
});
