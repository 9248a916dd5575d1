import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { synchronizationHealth } from '../../core/health/synchronization-health.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * Does a copy that is not joined count in its replica's synchronization_health? (docs/rules.md,
 * D23.) sys.dm_hadr_availability_replica_states (S7): "Reflects a rollup of the database
 * synchronization state (synchronization_state) of all joined availability databases"; "0 : Not
 * healthy. At least one joined database is in the NOT SYNCHRONIZING state." Availability modes
 * (S1), Factors That Disrupt Data Synchronization: "You add a primary database the availability
 * group. Previously synchronized secondary replicas enter the NOT_HEALTHY synchronization-health
 * state ... A given secondary replica cannot be HEALTHY again until a corresponding secondary
 * database has been prepared on the replica, has been joined to the availability group, and has
 * become synchronized". The policy Availability Database Data Synchronization State (S316):
 * "every availability database must be in the SYNCHRONIZED state". dataplat/dbatools#4433: on the
 * secondary's dashboard, for the copy not joined, "This secondary database is not joined to the
 * availability group" beside "The data synchronization state of this availability database is
 * unhealthy". dataplat/dbatools#7487 (SQL Server 2014 SP3 CU4 GDR), on the primary, for the copy
 * Add-DbaAgDatabase left unjoined on SecondaryReplica1: "IsJoined is False, SynchronizationState
 * is NotSynchronizing" (fixtures dbatools-7487-join-skipped-primary.json and -secondary.json).
 */
const read = (vantage: string): ClusterFacts =>
  factsOf(
    readFileSync(
      new URL(`./fixtures/dbatools-7487-join-skipped-${vantage}.json`, import.meta.url),
      'utf8',
    ),
  );

describe('a copy not joined counts in its replica synchronization health (S1, S316 over S7)', () => {
  for (const vantage of ['primary', 'secondary'])
    it(`on the ${vantage}'s snapshot: TestDB on SecondaryReplica1 NOT SYNCHRONIZING, NOT_HEALTHY, and so is the replica`, () => {
      const report = synchronizationHealth(read(vantage));
      const copy = report.databases.find((d) => d.replica === 'SecondaryReplica1')!;
      expect(copy.health).toBe('NOT_HEALTHY');
      expect(copy.reasons.map((r) => r.code)).toEqual(['DATABASE_NOT_JOINED']);
      expect(copy.reasons[0]!.rule.section).toBe('Factors That Disrupt Data Synchronization');
      const replica = report.replicas.find((r) => r.replica === 'SecondaryReplica1')!;
      expect(replica.health).toBe('NOT_HEALTHY');
      expect(replica.reasons.map((r) => r.code)).toEqual(['DATABASE_NOT_JOINED']);
      // PrimaryReplica's health is not shown: the group is NOT_HEALTHY or PARTIALLY_HEALTHY (S49).
      expect(report.group.health).toBeNull();
    });

  it('once the copy is joined and SYNCHRONIZED, SecondaryReplica1 is HEALTHY', () => {
    const facts = read('primary');
    const joined: ClusterFacts = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'SecondaryReplica1'
          ? { ...d, isJoined: true, synchronizationState: 'SYNCHRONIZED' }
          : d,
      ),
    };
    const replica = synchronizationHealth(joined).replicas.find(
      (r) => r.replica === 'SecondaryReplica1',
    )!;
    expect(replica.health).toBe('HEALTHY');
  });
});
