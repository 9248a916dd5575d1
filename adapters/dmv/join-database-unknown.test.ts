import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * dataplat/dbatools#7487, "Add-DbaAgDatabase not processing step5 (Tested in Microsoft SQL Server
 * 2014 (SP3-CU4-GDR) (KB4583462) - 12.0.6433.1 (X64))": "Database [TestDB] will need a restore on
 * replica SecondaryReplica1", "Step 2/5: Running backup and restore if needed", then on the
 * primary for ever "IsJoined is False, SynchronizationState is NotSynchronizing, waiting for
 * Synchronized". The fix, #7488: "Version before 2016 don't have the property SeedingMode in
 * AvailabilityReplicas, so testing for 'Manual' was wrong": the tool had skipped the join.
 * dataplat/dbatools#4433 shows the same copy on the secondary's dashboard: "This secondary
 * database is not joined to the availability group. The configuration of this secondary database
 * is incomplete." ALTER DATABASE SET HADR (S50), AVAILABILITY GROUP = group_name: "The secondary
 * database must have been restored using WITH NORECOVERY from recent database and log backups of
 * the primary database, ending with a log backup that is recent enough to permit the secondary
 * database to catch up", which no view shows. The fixtures hold what the transcript fixes (names,
 * version, the copy not joined); modes, ids and endpoints are placeholders (dbatools' defaults).
 */
const read = (vantage: string): string =>
  readFileSync(
    new URL(`./fixtures/dbatools-7487-join-skipped-${vantage}.json`, import.meta.url),
    'utf8',
  );
const joins = (text: string) =>
  decide(factsOf(text)).actions.filter((a) => a.event.type === 'db.join');
const edited = (vantage: string, change: (s: JsonSnapshot) => void): string => {
  const s = JSON.parse(read(vantage)) as JsonSnapshot;
  change(s);
  return JSON.stringify(s);
};
const SECONDARY_ID = '7487A000-0000-4000-8000-000000000012';
const secondaryRow = (s: JsonSnapshot) =>
  rowsOf(s, 'sys.dm_hadr_availability_replica_states').find((r) => r.replica_id === SECONDARY_ID)!;

describe('a secondary database not joined in a snapshot: the join, unknown (S50, S115)', () => {
  it("on the primary's snapshot: offered on SecondaryReplica1, naming what settles it", () => {
    const [join, ...rest] = joins(read('primary'));
    expect(rest).toEqual([]);
    expect(join?.event).toEqual({
      type: 'db.join',
      replica: 'SecondaryReplica1',
      database: 'TestDB',
    });
    expect(join?.why.map((r) => r.code)).toEqual(['JOIN_DATABASE_UNKNOWN']);
    expect(join?.why[0]?.settledBy).toEqual([
      'sys.databases.state_desc of TestDB on SecondaryReplica1 (RESTORING)',
      'msdb.dbo.restorehistory on SecondaryReplica1 against msdb.dbo.backupset on PrimaryReplica (the last log backup restored, and the log backups taken since)',
      'sys.dm_hadr_availability_replica_states.connected_state_desc of SecondaryReplica1 (CONNECTED)',
    ]);
  });

  it("on the secondary's own snapshot: offered too, naming the primary's state it lacks", () => {
    const [join] = joins(read('secondary'));
    expect(join?.why[0]?.message).toContain('nor whether TestDB is ONLINE on PrimaryReplica');
    expect(join?.why[0]?.settledBy).toContain(
      "sys.dm_hadr_database_replica_states.database_state_desc of TestDB in PrimaryReplica's row (ONLINE)",
    );
  });

  it('is not offered where SQL Server refuses the join now, or the copy is joined', () => {
    const without = [
      // Msg 35250: "The connection to the primary replica is not active".
      edited('primary', (s) =>
        Object.assign(secondaryRow(s), { connected_state_desc: 'DISCONNECTED' }),
      ),
      // "cannot accept signal 'JOIN_DB' in its current replica role, 'RESOLVING_NORMAL'" (S97).
      edited('primary', (s) => Object.assign(secondaryRow(s), { role_desc: 'RESOLVING' })),
      edited('primary', (s) => {
        for (const r of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
          r.is_database_joined = true;
      }),
    ];
    for (const text of without) expect(joins(text)).toEqual([]);
  });

  it('leaves a copy seeded automatically to the seeding (its GRANT), not to a join', () => {
    const text = edited('primary', (s) => {
      rowsOf(s, 'SERVERPROPERTY')[0]!.product_major_version = 13;
      delete rowsOf(s, 'SERVERPROPERTY')[0]!.product_version;
      Object.assign(rowsOf(s, 'sys.availability_groups')[0]!, {
        basic_features: false,
        dtc_support: false,
        db_failover: false,
        is_distributed: false,
      });
      for (const r of rowsOf(s, 'sys.availability_replicas')) r.seeding_mode_desc = 'AUTOMATIC';
    });
    expect(joins(text)).toEqual([]);
    expect(decide(factsOf(text)).actions.map((a) => a.why[0]?.code)).toContain(
      'GRANT_FOR_SEEDING_UNKNOWN',
    );
  });
});

/*
 * A DBA's notes (S138, code index file 11196735543) after an add-file left Datamart "Not
 * Synchronizing/Corrupt" on DR-BIODSWIN01: "ALTER AVAILABILITY GROUP [AG_Datamart] REMOVE REPLICA
 * on 'dr-biodswin01'", the path created, "ADD REPLICA ON 'dr-biodswin01' WITH (…
 * AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT …)", then "Now, it's showing as "Restoring.."; from the
 * secondary, add the database to the High Availability Gorup: ALTER AVAILABILITY GROUP
 * [AG_Datamart] JOIN; … ALTER DATABASE Datamart SET HADR AVAILABILITY GROUP=AG_Datamart". The
 * snapshot is the primary P-BIODSWIN01's once the replica has joined: the copy left RESTORING by
 * the removal ('Remove a secondary replica', S74: the databases "remain on the local server
 * instance") is not joined. Its join depends on the log backups taken since, which the same notes
 * guard against ("Ensure that the log backups are disabled on all replicas so that the log file
 * remains intact").
 */
describe("the DBA notes' replica added back and joined: its database's join, unknown (S138)", () => {
  it('offers SET HADR AVAILABILITY GROUP on DR-BIODSWIN01, settled by the copy and the backups', () => {
    const text = readFileSync(
      new URL('./fixtures/notes-datamart-readded-replica-primary.json', import.meta.url),
      'utf8',
    );
    const [join, ...rest] = joins(text);
    expect(rest).toEqual([]);
    expect(join?.event).toEqual({
      type: 'db.join',
      replica: 'DR-BIODSWIN01',
      database: 'Datamart',
    });
    expect(join?.why[0]?.settledBy).toEqual([
      'sys.databases.state_desc of Datamart on DR-BIODSWIN01 (RESTORING)',
      'msdb.dbo.restorehistory on DR-BIODSWIN01 against msdb.dbo.backupset on P-BIODSWIN01 (the last log backup restored, and the log backups taken since)',
    ]);
  });
});
