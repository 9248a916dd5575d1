import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { databaseReplicaFacts } from '../../core/rules/facts-access.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * KellyMagnierSCC/DRPlaybooks, FRS_Failover.md (S154): after "Start-ClusterNode -Name ODC2-SQL-13
 * -FixQuorum" and the failover to ODC2-SQL-13, step "Validate Availability Group and Database
 * Health" runs "SELECT ag.name, drs.database_name, drs.synchronization_state_desc FROM
 * sys.dm_hadr_database_replica_states drs JOIN sys.availability_groups ag ...", which shows no
 * is_suspended. The fixture is that query on ODC2-SQL-13 (with the ids the reader needs) beside the
 * view 'sys.dm_hadr_database_replica_cluster_states' (S8) gives for the question "After a forced
 * failover, has a secondary database suspended itself locally and acknowledged its suspended state
 * to the new primary replica?": is_pending_secondary_suspend = 1 for the ODC1 copies, the primary
 * site still down. S8: "1 = HADR_SYNCHRONIZED_ SUSPENDED. When a forced failover completes, each of
 * the secondary databases is set to HADR_SYNCHONIZED_SUSPENDED and remains in this state until the
 * new primary replica receives an acknowledgement from that secondary database to the SUSPEND
 * message"; SMO's IsPendingSecondarySuspend (S157): "true if the new primary, after a force
 * failover, is waiting for an acknowledgement from the former primary of the suspend action".
 * 'Perform a forced manual failover' (S44): "The secondary databases in the remaining secondary
 * replicas are suspended and must be manually resumed." Database name, ids and version invented.
 */
const text = readFileSync(
  new URL('./fixtures/runbook-drplaybooks-dr-validate-pending-suspend.json', import.meta.url),
  'utf8',
);
const ODC1_13 = '5F125A00-0013-4000-8000-0000000000A1';

const changed = (change: (s: JsonSnapshot) => void): string => {
  const s = JSON.parse(text) as JsonSnapshot;
  change(s);
  return JSON.stringify(s);
};
const clusterRow = (s: JsonSnapshot) =>
  rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states').find((r) => r.replica_id === ODC1_13)!;

describe('a copy pending suspend after a forced failover, is_suspended not shown (S8)', () => {
  it('reads as suspended after the forced failover', () => {
    const row = databaseReplicaFacts(factsOf(text), 'ODC1-SQL-13', 'FRSDB');
    expect(row?.isSuspended).toBe(true);
    expect(row?.suspendReason).toBe('SUSPEND_FROM_PARTNER');
  });

  it('gets its RESUME, with what is not shown still unknown', () => {
    const actions = decide(factsOf(text)).actions.filter((a) => a.event.type === 'db.resume');
    expect(actions.map((a) => a.event)).toEqual([
      { type: 'db.resume', replica: 'ODC1-SQL-13', database: 'FRSDB' },
      { type: 'db.resume', replica: 'ODC1-SQL-14', database: 'FRSDB' },
    ]);
    for (const a of actions) {
      expect(a.why.map((r) => r.code)).toEqual([
        'RESUME_SUSPENDED',
        'RESUME_ROLLBACK_UNKNOWN',
        'RESUME_REPLICA_STATE_UNKNOWN',
        'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN',
      ]);
    }
  });

  it('reads the same where the copy has no row in the runtime view', () => {
    const noRows = changed((s) => {
      s['sys.dm_hadr_database_replica_states'] = rowsOf(
        s,
        'sys.dm_hadr_database_replica_states',
      ).filter((r) => r.is_local === true);
    });
    const row = databaseReplicaFacts(factsOf(noRows), 'ODC1-SQL-13', 'FRSDB');
    expect(row?.isSuspended).toBe(true);
    expect(row?.suspendReason).toBe('SUSPEND_FROM_PARTNER');
  });

  it('takes nothing from 0, "any states except" the pending one', () => {
    const acknowledged = changed((s) => {
      clusterRow(s).is_pending_secondary_suspend = false;
    });
    const row = databaseReplicaFacts(factsOf(acknowledged), 'ODC1-SQL-13', 'FRSDB');
    expect(row?.isSuspended).toBeNull();
    expect(row?.suspendReason).toBeNull();
  });

  it('keeps what the runtime view shows', () => {
    const shown = changed((s) => {
      for (const r of rowsOf(s, 'sys.dm_hadr_database_replica_states')) {
        r.is_suspended = r.replica_id === ODC1_13 ? false : null;
      }
    });
    const row = databaseReplicaFacts(factsOf(shown), 'ODC1-SQL-13', 'FRSDB');
    expect(row?.isSuspended).toBe(false);
    expect(row?.suspendReason).toBeNull();
  });
});
