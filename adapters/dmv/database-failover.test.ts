import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * KB2857849, "Troubleshoot Always On availability databases in Recovery Pending or Suspect state"
 * (learn.microsoft.com/troubleshoot/sql/database-engine/availability-groups/
 * alwayson-availability-databases-recovery-pending-suspect): the KB's query on the primary returns
 * "<DatabaseName>  NOT_HEALTHY  NOT SYNCHRONIZING  RECOVERY_PENDING". The fixture is that row
 * on the primary sqlnode1 of a SQL Server 2012 group; names and modes are invented, and the
 * secondary's rows left NULL. "Flexible automatic failover policy" (S23):
 * "Damaged databases and suspect databases are not detected by any failure-condition level"; from
 * SQL Server 2016 DB_FAILOVER = ON fails the group over when a database is not ONLINE (S28).
 */
const text = readFileSync(
  new URL('./fixtures/kb2857849-recovery-pending-on-primary.json', import.meta.url),
  'utf8',
);

/** The same snapshot taken on SQL Server 2016, with DB_FAILOVER as given. */
const on2016 = (dbFailover: boolean): string => {
  const s = JSON.parse(text) as JsonSnapshot;
  s.SERVERPROPERTY = [{ product_major_version: 13 }];
  Object.assign(rowsOf(s, 'sys.availability_groups')[0]!, {
    basic_features: false,
    dtc_support: false,
    db_failover: dbFailover,
    is_distributed: false,
  });
  for (const r of rowsOf(s, 'sys.availability_replicas')) r.seeding_mode_desc = 'MANUAL';
  return JSON.stringify(s);
};

const databaseFailover = (snapshot: string) => decide(factsOf(snapshot)).health.databaseFailover;

describe('KB2857849: a RECOVERY_PENDING database on the primary and automatic failover', () => {
  it('SQL Server 2012: no failure-condition level detects it, so it never fails the group over', () => {
    expect(databaseFailover(text)).toEqual([
      expect.objectContaining({
        database: 'DatabaseName',
        replica: 'sqlnode1',
        databaseState: 'RECOVERY_PENDING',
        result: 'none',
        reasons: [expect.objectContaining({ code: 'DATABASE_HEALTH_NOT_DETECTED' })],
      }),
    ]);
  });

  it('SQL Server 2016, DB_FAILOVER = OFF: never', () => {
    const [o] = databaseFailover(on2016(false));
    expect(o?.result).toBe('none');
    expect(o?.reasons.map((r) => r.code)).toEqual(['DB_FAILOVER_OFF']);
  });

  it('SQL Server 2016, DB_FAILOVER = ON: it triggers failover; where to is unknown, as the secondary readiness is', () => {
    const [o] = databaseFailover(on2016(true));
    expect(o?.result).toBe('unknown');
    expect(o?.reasons.map((r) => r.code)).toEqual(['DB_FAILOVER_ON', 'FAILOVER_READINESS_UNKNOWN']);
  });

  it('DB_FAILOVER = ON with the secondary failover-ready: to it, or a restart, by the file that failed (S114)', () => {
    const s = JSON.parse(on2016(true)) as JsonSnapshot;
    for (const r of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
      r.is_failover_ready = true;
    const [o] = databaseFailover(JSON.stringify(s));
    expect(o).toMatchObject({ result: 'unknown', target: 'sqlnode2' });
    expect(o?.reasons.map((r) => r.code)).toEqual([
      'DB_FAILOVER_ON',
      'DB_FAILOVER_FAULT_FILE_UNKNOWN',
    ]);
  });

  it('DB_FAILOVER = ON without database_state_desc: unknown, naming the column', () => {
    const s = JSON.parse(on2016(true)) as JsonSnapshot;
    for (const r of rowsOf(s, 'sys.dm_hadr_database_replica_states')) delete r.database_state_desc;
    const [o] = databaseFailover(JSON.stringify(s));
    expect(o).toMatchObject({ databaseState: null, result: 'unknown' });
    const unknown = o?.reasons.find((r) => r.code === 'PRIMARY_DATABASE_STATE_UNKNOWN');
    expect(unknown?.settledBy).toContain('sys.dm_hadr_database_replica_states.database_state_desc');
  });
});

describe('where an automatic failover would go, when the verdicts say unknown', () => {
  it('is unknown, naming the undecided replica, not "no replica"', () => {
    const { failover } = decide(factsOf(text));
    expect(failover.automaticTarget).toBeNull();
    expect(failover.automaticUndecided).toEqual(['sqlnode2']);
  });

  it('is no replica once the secondary is known not to qualify', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    for (const r of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
      r.is_failover_ready = false;
    const { failover } = decide(factsOf(JSON.stringify(s)));
    expect(failover.automaticTarget).toBeNull();
    expect(failover.automaticUndecided).toEqual([]);
  });
});
