import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * dataplat/dbatools#7775, "New-DbaAvailabilityGroup no longer works as expected" (2021-09-13):
 * `New-DbaAvailabilityGroup -Primary $Primary -Secondary $Secondary -Name $AgName -Database $DbName
 * -SeedingMode Automatic -Basic ... -ClusterType wsfc` with CLUS01N01\INS01, CLUS01N02\INS01,
 * INS01_MasterBAG and MasterBAG: "there seems to be a problem with grant create any database",
 * while Add-DbaAgDatabase loops on "IsJoined is False, SynchronizationState is NotSynchronizing,
 * waiting for Synchronized." Fixed by dataplat/dbatools#7776, "New-DbaAvailabilityGroup - Fix
 * missing grants for automatic seeding". 'Use automatic seeding to initialize a secondary replica'
 * (SEED001): "In order for automatic seeding to work, the availability group needs permission to
 * create a database." The snapshot is the primary's at that moment, in the format of
 * lab-automatic-seeding-midway.json (SMO's IsJoined False as is_database_joined 0); the issue gives
 * no version, so the tests pass 2016, the first with basic groups and automatic seeding. decide
 * said "nothing to do", though no view shows whether the grant was given.
 */
const text = readFileSync(
  new URL('./fixtures/dbatools-7775-seeding-without-grant.json', import.meta.url),
  'utf8',
);
const grantsOf = (snapshot: string) =>
  decide(factsOf(snapshot, { version: 2016 }))
    .actions.filter((a) => a.event.type === 'replica.grantCreateDatabase')
    .map((a) => [a.event, a.why.map((r) => r.code)]);

describe('a copy waiting for automatic seeding on a secondary whose grant the snapshot does not show', () => {
  it('offers GRANT CREATE ANY DATABASE there, as unknown, naming what settles it', () => {
    const d = decide(factsOf(text, { version: 2016 }));
    expect(d.actions.map((a) => a.event)).toEqual([
      { type: 'replica.grantCreateDatabase', replica: 'CLUS01N02\\INS01' },
    ]);
    const [why] = d.actions[0]?.why ?? [];
    expect(why?.code).toBe('GRANT_FOR_SEEDING_UNKNOWN');
    expect(why?.rule.section).toBe(
      'Grant create database permission on secondary replica to availability group',
    );
    expect(why?.settledBy).toEqual([
      `CLUS01N02\\INS01's SQL Server Log: "Local availability replica for availability group 'INS01_MasterBAG' has not been granted permission to create databases, but has a SEEDING_MODE of AUTOMATIC. Use ALTER AVAILABILITY GROUP ... GRANT CREATE ANY DATABASE to allow the creation of databases seeded by the primary availability replica."`,
      'sys.dm_hadr_automatic_seeding on the primary CLUS01N01\\INS01 (current_state and failure_state_desc of MasterBAG to CLUS01N02\\INS01)',
      'sys.dm_hadr_physical_seeding_stats on CLUS01N01\\INS01 (a running stream of MasterBAG)',
    ]);
  });

  const changed = (edit: (s: JsonSnapshot) => void): string => {
    const s = JSON.parse(text) as JsonSnapshot;
    edit(s);
    return JSON.stringify(s);
  };

  it('offers nothing for a secondary with SEEDING_MODE MANUAL', () => {
    const manual = changed((s) => {
      for (const r of rowsOf(s, 'sys.availability_replicas')) r.seeding_mode_desc = 'MANUAL';
    });
    expect(grantsOf(manual)).toEqual([]);
  });

  it('offers nothing once the copy is joined', () => {
    const joined = changed((s) => {
      for (const r of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
        r.is_database_joined = true;
    });
    expect(grantsOf(joined)).toEqual([]);
  });
});
