import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * The primary's snapshot of andreasjordan/demos' automatic seeding of AdventureWorks (SQL Server
 * 2016, lab-automatic-seeding-midway-stats.json, described in seeding-views-running.test.ts): the
 * seeding to SRV2\SQL2016 runs ("ReadingAndSendingData", 190849536 of 219799552 bytes), and the
 * copy there is not joined. 'Use automatic seeding to initialize a secondary replica' (SEED001),
 * Performance and transaction log impact on the primary replica: "During seeding, the transaction
 * log on the database at the primary replica continues to grow and cannot be truncated until
 * automatic seeding of that database is complete. The transaction log can then be truncated using
 * a transaction log backup." Ola Hallengren quotes the same sentence to a user whose seeding failed
 * around a log backup (olahallengren/sql-server-maintenance-solution#983, S120). decide said
 * nothing of the log there: a copy not joined was passed over as holding nothing.
 */
const json = readFileSync(
  new URL('./fixtures/lab-automatic-seeding-midway-stats.json', import.meta.url),
  'utf8',
);
const holderOf = (text: string) =>
  decide(factsOf(text)).logTruncation.find((h) => h.database === 'AdventureWorks');

describe("the primary's log held by a running automatic seeding (SEED001)", () => {
  it('names the seeding to SRV2 as what holds AdventureWorks on SRV1', () => {
    const h = holderOf(json);
    expect(h?.status).toBe('known');
    expect(h?.holders).toEqual(['SRV2\\SQL2016']);
    expect(h?.heldAtLsn).toBeNull();
    expect(h?.reasons.map((r) => r.code)).toEqual(['LOG_TRUNCATION_HELD_BY_SEEDING']);
    expect(h?.reasons[0]?.message).toContain(
      '"During seeding, the transaction log on the database at the primary replica continues to grow and cannot be truncated until automatic seeding of that database is complete.',
    );
    expect(h?.reasons[0]?.message).toContain(
      'from where the seeding started, a point neither sys.dm_hadr_physical_seeding_stats nor sys.dm_hadr_automatic_seeding shows',
    );
  });

  it('says nothing once the stream has ended and the copy is still not joined', () => {
    const rows = JSON.parse(json) as JsonSnapshot;
    rowsOf(rows, 'sys.dm_hadr_physical_seeding_stats')[0]!.end_time_utc = '2020-09-01 09:43:03';
    expect(holderOf(JSON.stringify(rows))).toBeUndefined();
  });

  // A third replica, SRV3, joined with its truncation_lsn shown (invented): which holds the lower
  // point, SRV3 or the seeding's start, is not shown.
  it('beside a joined copy, leaves which holds it lower unknown, naming what settles it', () => {
    const rows = JSON.parse(json) as JsonSnapshot;
    const group = rowsOf(rows, 'sys.availability_groups')[0]!.group_id;
    const srv3 = '9A3C2E1B-0000-4000-8000-0000000000A3';
    const db = rowsOf(rows, 'sys.dm_hadr_database_replica_states')[0]!.group_database_id;
    rowsOf(rows, 'sys.availability_replicas').push({
      ...rowsOf(rows, 'sys.availability_replicas')[1]!,
      replica_id: srv3,
      replica_server_name: 'SRV3\\SQL2016',
      endpoint_url: 'TCP://SRV3:5023',
    });
    rowsOf(rows, 'sys.dm_hadr_availability_replica_states').push({
      ...rowsOf(rows, 'sys.dm_hadr_availability_replica_states')[1]!,
      replica_id: srv3,
      synchronization_health_desc: 'HEALTHY',
    });
    rowsOf(rows, 'sys.dm_hadr_database_replica_states').push({
      group_id: group,
      replica_id: srv3,
      group_database_id: db,
      database_name: 'AdventureWorks',
      is_local: false,
      is_primary_replica: false,
      synchronization_state_desc: 'SYNCHRONIZED',
      synchronization_health_desc: 'HEALTHY',
      database_state_desc: null,
      truncation_lsn: '41000000012800001',
    });
    rowsOf(rows, 'sys.dm_hadr_database_replica_cluster_states').push({
      replica_id: srv3,
      group_database_id: db,
      database_name: 'AdventureWorks',
      is_failover_ready: true,
      is_database_joined: true,
    });
    const h = holderOf(JSON.stringify(rows));
    expect(h?.status).toBe('unknown');
    expect(h?.reasons.map((r) => r.code)).toEqual([
      'LOG_TRUNCATION_HELD_BY_COPY',
      'LOG_TRUNCATION_HELD_BY_SEEDING',
    ]);
    expect(h?.reasons[1]?.message).toContain(
      'whether it holds the log below LSN 41000000012800001, where the joined copies hold it, is unknown',
    );
    expect(h?.reasons[1]?.settledBy?.[0]).toContain(
      'sys.dm_hadr_physical_seeding_stats.end_time_utc',
    );
  });
});
