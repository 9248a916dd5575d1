import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * KB2857849, "Troubleshoot Always On availability databases in Recovery Pending or Suspect state in
 * SQL Server" (MicrosoftDocs/SupportArticles-docs alwayson-availability-databases-recovery-pending-
 * suspect.md). Summary: "If this occurs on the availability group's primary replica, database
 * availability is affected ... you can't drop or remove the database from the availability group";
 * SET HADR OFF there: "Msg 35240 ... This operation is not supported on the primary replica of the
 * availability group"; Resolution when the database is in the secondary role: "These steps assume
 * that the primary replica first hosts the damaged database. Therefore, a failover must first occur
 * to transition the replica that's hosting the damaged database into a secondary role ... ALTER
 * AVAILABILITY GROUP <AvailabilityGroupName> FAILOVER ... REMOVE REPLICA ON '<SQLServerNodeName>'".
 * The fixture is the KB's own query result on the primary sqlnode1 (the secondary's state not shown).
 */
const text = readFileSync(
  new URL('./fixtures/kb2857849-recovery-pending-on-primary.json', import.meta.url),
  'utf8',
);

/** The same moment with the secondary's copy as given. */
const withSecondary = (state: string, failoverReady: boolean): string => {
  const s = JSON.parse(text) as JsonSnapshot;
  rowsOf(s, 'sys.dm_hadr_database_replica_states')[1]!.synchronization_state_desc = state;
  rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states')[1]!.is_failover_ready = failoverReady;
  return JSON.stringify(s);
};

const actions = (snapshot: string) => decide(factsOf(snapshot)).actions;

describe('KB2857849: a database RECOVERY_PENDING on the primary', () => {
  it("no longer answers 'nothing to do': the failover to the secondary comes first, unknown where its state is not shown", () => {
    const [failover, ...rest] = actions(text);
    expect(rest).toEqual([]);
    expect(failover?.event).toEqual({ type: 'ag.failover', target: 'sqlnode2' });
    expect(failover?.why.map((r) => r.code)).toEqual([
      'FAIL_OVER_FROM_DAMAGED_PRIMARY',
      'DATABASE_STATE_UNKNOWN',
    ]);
    const [why] = failover?.why ?? [];
    expect(why?.message).toContain('DatabaseName (RECOVERY_PENDING) on the primary sqlnode1');
    expect(why?.message).toContain('Msg 35240');
    expect(why?.message).toContain("REMOVE REPLICA ON 'sqlnode1'");
    expect(why?.message).toContain('if its databases are failover ready');
    expect(why?.rule.document).toContain('KB2857849');
    expect(failover?.why[1]?.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.synchronization_state_desc',
    ]);
  });

  it('rides on the planned failover where the secondary is synchronized and failover ready', () => {
    const [failover] = actions(withSecondary('SYNCHRONIZED', true));
    expect(failover?.event).toEqual({ type: 'ag.failover', target: 'sqlnode2' });
    expect(failover?.why.map((r) => r.code)).toEqual([
      'PLANNED_FAILOVER_POSSIBLE',
      'FAIL_OVER_FROM_DAMAGED_PRIMARY',
    ]);
    expect(failover?.why[1]?.message).not.toContain('if its databases are failover ready');
  });

  it('offers no failover the target would refuse', () => {
    expect(actions(withSecondary('SYNCHRONIZING', false))).toEqual([]);
  });

  it('says nothing of it where the primary database is ONLINE', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    rowsOf(s, 'sys.dm_hadr_database_replica_states')[0]!.database_state_desc = 'ONLINE';
    const codes = actions(JSON.stringify(s)).flatMap((a) => a.why.map((r) => r.code));
    expect(codes).not.toContain('FAIL_OVER_FROM_DAMAGED_PRIMARY');
  });
});
