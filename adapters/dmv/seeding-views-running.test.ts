import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { asCsv, factsOf } from './test-support.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const grants = (facts: ClusterFacts) =>
  decide(facts).actions.filter((a) => a.event.type === 'replica.grantCreateDatabase');

const copyHealth = (facts: ClusterFacts, replica: string) =>
  decide(facts)
    .synchronizationHealth.databases.filter((d) => d.replica === replica)
    .flatMap((d) => d.reasons);

/*
 * andreasjordan/demos, AlwaysOn_MultiInstance/
 * 02_setup_availability_group_demo_03b_add_database_with_automatic_seeding.ps1 (SQL Server 2016):
 * the demo grants CREATE ANY DATABASE on both replicas, adds AdventureWorks with automatic
 * seeding, and prints sys.dm_hadr_physical_seeding_stats from the primary while SMO's IsJoined is
 * False: "11:43:04.065: Seeding stats: internal_state_desc: ReadingAndSendingData
 * transferred_size_bytes: 190849536 database_size_bytes: 219799552 percent complete:
 * 86.828901270918 estimate_time_complete_utc: 09/01/2020 09:43:03". The fixture is the midway
 * snapshot (lab-automatic-seeding-midway.json) with that row; role_desc Source (queried on the
 * primary), remote_machine_name SRV2 and the start time are not printed by the demo and invented.
 * S21: the view shows "the physical statistics for each seeding process that is currently running".
 */
describe('a seeding running, shown by sys.dm_hadr_physical_seeding_stats', () => {
  const json = text('lab-automatic-seeding-midway-stats.json');

  it.each([
    ['JSON', json],
    ['sqlcmd CSV', asCsv(json)],
  ])('%s: reads the stream, reports its progress and offers no GRANT', (_form, input) => {
    const facts = factsOf(input);
    const copy = facts.databaseReplicas.find((d) => d.replica === 'SRV2\\SQL2016')!;
    expect(copy.isSeeding).toBe(true);
    expect(copy.seeding?.stream).toMatchObject({
      roleDesc: 'Source',
      internalStateDesc: 'ReadingAndSendingData',
      transferredSizeBytes: 190849536,
      databaseSizeBytes: 219799552,
      flowing: true,
    });
    // The seeding runs, so the group could create the database there: the grant was given.
    expect(grants(facts)).toEqual([]);
    expect(copyHealth(facts, 'SRV2\\SQL2016').map((r) => [r.code, r.message])).toEqual([
      [
        'DATABASE_NOT_JOINED',
        'AdventureWorks on SRV2\\SQL2016: no copy is prepared and joined yet, so it is NOT SYNCHRONIZING: NOT_HEALTHY until it is joined and synchronized',
      ],
      [
        'AUTOMATIC_SEEDING_RUNNING',
        'automatic seeding of AdventureWorks to SRV2\\SQL2016 is running: sys.dm_hadr_physical_seeding_stats (Source) shows ReadingAndSendingData, 190849536 of 219799552 bytes transferred (86.8 %), estimate_time_complete_utc 2020-09-01 09:43:03',
      ],
      // mssqltips.com tip 5341 (S175): "If the seeding process hangs for some reason and never
      // completes, these DMVs make not update as expected": one snapshot cannot tell.
      [
        'AUTOMATIC_SEEDING_PROGRESS_UNKNOWN',
        'one snapshot does not show whether the seeding of AdventureWorks to SRV2\\SQL2016 still moves or stalled at 190849536 bytes: a seeding that hangs can leave its sys.dm_hadr_physical_seeding_stats row as it was',
      ],
    ]);
  });

  it('without the view the same rows leave the grant unknown, naming the views', () => {
    const facts = factsOf(text('lab-automatic-seeding-midway.json'));
    expect(grants(facts).flatMap((a) => a.why.flatMap((r) => r.settledBy ?? []))).toEqual([
      expect.stringContaining("SRV2\\SQL2016's SQL Server Log"),
      expect.stringContaining('sys.dm_hadr_automatic_seeding on the primary SRV1\\SQL2016'),
      expect.stringContaining('sys.dm_hadr_physical_seeding_stats on SRV1\\SQL2016'),
    ]);
  });
});
