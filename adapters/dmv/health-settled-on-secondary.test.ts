import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { synchronizationHealth } from '../../core/health/synchronization-health.js';
import { factsOf } from './test-support.js';

/*
 * KB3173471, "FIX: 'Could not redo log record' error, and replica is suspended in SQL Server 2016,
 * 2014, or 2012" (support.microsoft.com/help/3173471): "On the primary replica, you shrink the
 * database files ... On the secondary replica, the redo threads apply the changes ... In this
 * scenario, the replica is suspended", with the secondary's error log: "Error: 3456, Severity: 21
 * ... Could not redo log record", then "AlwaysOn Availability Groups data movement for database
 * '<dbname>' has been suspended for the following reason: "system" (Source ID 2; Source string:
 * 'SUSPEND_FROM_REDO'). To resume data movement on the database, you will need to resume the
 * database manually", then 3313. The fixture is the secondary SQL2's own snapshot at that moment,
 * SQL Server 2014 (the KB names 2012 to 2016): db1 suspended (SUSPEND_FROM_REDO, NOT SYNCHRONIZING,
 * NOT_HEALTHY as S6 and S1 give it). Names, ids, endpoints, modes and the backup preference are
 * invented; the database state and every LSN are not in the log and are left NULL.
 *
 * sys.dm_hadr_availability_replica_states (S7): "When queried on a server instance that is hosting
 * a secondary replica of an availability group, this dynamic management view returns only local
 * information"; sys.dm_hadr_database_replica_states (S6): "On a secondary replica, this view
 * returns a row for every secondary database on the server instance".
 */
const read = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const facts = read('kb3173471-redo-suspended-secondary.json');

describe('KB3173471: a secondary suspended by its redo (SUSPEND_FROM_REDO), its own snapshot', () => {
  it('answers as the KB shows it: SQL2 NOT_HEALTHY, no automatic or planned failover, a RESUME whose outcome names 3456', () => {
    const report = synchronizationHealth(facts);
    const sql2 = report.replicas.find((r) => r.replica === 'SQL2')!;
    expect(sql2.health).toBe('NOT_HEALTHY');
    expect(sql2.reasons.map((r) => r.code)).toEqual(['DATABASE_SUSPENDED']);
    const sql2Target = decide(facts).failover.targets.find((t) => t.replica === 'SQL2')!;
    expect(sql2Target.automatic.status).toBe('refused');
    expect(sql2Target.automatic.reasons.map((r) => r.code)).toEqual([
      'DATABASE_NOT_FAILOVER_READY',
    ]);
    expect(sql2Target.planned.status).toBe('refused');
    expect(sql2Target.planned.reasons.map((r) => r.code)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
    const resume = decide(facts).actions.find((a) => a.event.type === 'db.resume');
    expect(resume?.event).toEqual({ type: 'db.resume', replica: 'SQL2', database: 'db1' });
    expect(resume?.why.map((r) => r.code)).toEqual([
      'RESUME_SUSPENDED',
      'RESUME_AFTER_REDO_ERROR',
      'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN',
    ]);
    expect(resume?.why[1]?.settledBy?.[0]).toContain('3456 "Could not redo log record"');
  });

  it("names the primary's snapshot as where SQL1's health and its copy's state are read, not this one", () => {
    const report = synchronizationHealth(facts);
    const sql1 = report.replicas.find((r) => r.replica === 'SQL1')!;
    expect(sql1.health).toBeNull();
    expect(sql1.reasons[0]?.code).toBe('REPLICA_HEALTH_UNKNOWN');
    expect(sql1.reasons[0]?.settledBy).toEqual([
      'sys.dm_hadr_availability_replica_states.synchronization_health_desc (a snapshot taken on SQL1)',
    ]);
    const copy = report.databases.find((d) => d.replica === 'SQL1')!;
    expect(copy.reasons[0]?.code).toBe('DATABASE_HEALTH_UNKNOWN');
    expect(copy.reasons[0]?.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.synchronization_state_desc (a snapshot taken on SQL1)',
      'sys.dm_hadr_database_replica_states.synchronization_health_desc (a snapshot taken on SQL1)',
    ]);
  });

  it('names another secondary or the primary for a third replica, and leaves the primary snapshot as it was', () => {
    // docs-41144-secondary-failed.json: SQLNODE2's own snapshot, the primary not named.
    const failed = synchronizationHealth(read('docs-41144-secondary-failed.json'));
    expect(failed.replicas.find((r) => r.replica === 'SQLDR1')?.reasons[0]?.settledBy).toEqual([
      'sys.dm_hadr_availability_replica_states.synchronization_health_desc (a snapshot taken on SQLDR1 or on the primary)',
    ]);
    // dbatools-7487-join-skipped-primary.json: the primary's own snapshot shows every replica's rows.
    const primary = synchronizationHealth(read('dbatools-7487-join-skipped-primary.json'));
    expect(
      primary.replicas.find((r) => r.replica === 'PrimaryReplica')?.reasons[0]?.settledBy,
    ).toEqual(['sys.dm_hadr_availability_replica_states.synchronization_health_desc']);
  });
});
