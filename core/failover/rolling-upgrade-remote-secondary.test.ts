import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Upgrading Always On Availability Group Replica Instances' (S64; MicrosoftDocs/sql-docs
 * upgrading-always-on-availability-group-replica-instances.md, ms.date 05/17/2016), Availability
 * Group with One Remote Secondary Replica: "1. Upgrade the secondary replica instance on the remote
 * site 2. Change the commit mode to synchronous commit 3. Wait until synchronization state is
 * SYNCHRONIZED 4. Fail over the availability group to the secondary replica on the remote site
 * 5. Upgrade or update the local (primary site) replica instance 6. Fail over the availability
 * group back to the primary site 7. Change the commit mode to asynchronous commit", and "While
 * upgrading or updating SQL Server on the primary site, change the availability mode back to
 * asynchronous commit, then revert to synchronous commit when you are ready to fail over to the
 * primary site again". Best practices: "Before failing over an availability group, verify that the
 * synchronization state of the failover target is SYNCHRONIZED". Under an asynchronous-commit
 * primary every secondary commits asynchronously ('Availability modes', S1).
 *
 * Invented: the names, SQL Server 2016, the commit counts and times; an upgrade is a crash and a
 * restart of the instance (a scenario gives every replica the configuration's one version).
 */
const scenario = () =>
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-rolling-upgrade-one-remote-secondary.json', import.meta.url),
      'utf8',
    ),
  );

describe('S64, one remote secondary: the rolling upgrade as the page lists it', () => {
  const sim = simulateScenario(scenario());
  const at = (i: number) => sim.trace[i]!;
  const copy = (i: number, replica: string) =>
    at(i).facts.databaseReplicas.find((d) => d.replica === replica && d.database === 'Sales');
  const primaryAfter = (i: number) => at(i).facts.replicas.find((r) => r.role === 'PRIMARY')?.name;

  it('refuses each failover until its target is SYNCHRONIZED (step 3)', () => {
    expect(copy(3, 'REMOTE1')?.synchronizationState).toBe('SYNCHRONIZING');
    expect(at(4).refused.map((r) => r.code)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
    expect(at(13).refused.map((r) => r.code)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
    expect(sim.trace.filter((e) => e.refused.length > 0).map((e) => e.index)).toEqual([4, 13]);
  });

  it('fails over to the remote site and back without losing an acknowledged commit', () => {
    const failovers = sim.trace.flatMap((e) =>
      e.observations.flatMap((o) => (o.type === 'failover.completed' ? [o] : [])),
    );
    expect(failovers.map((f) => [f.form, f.from, f.to])).toEqual([
      ['planned', 'PRIMARY1', 'REMOTE1'],
      ['planned', 'REMOTE1', 'PRIMARY1'],
    ]);
    expect(failovers.flatMap((f) => f.lost.flatMap((l) => l.ranges))).toEqual([]);
  });

  it('under the remote primary made asynchronous, the primary site synchronizes asynchronously', () => {
    expect(primaryAfter(8)).toBe('REMOTE1');
    expect(copy(8, 'PRIMARY1')?.synchronizationState).toBe('SYNCHRONIZING');
    expect(at(10).observations).toContainEqual(
      expect.objectContaining({ type: 'commit.acknowledged', hardenedOn: ['REMOTE1'] }),
    );
  });

  it('ends with PRIMARY1 primary and REMOTE1 asynchronous again (step 7)', () => {
    expect(primaryAfter(18)).toBe('PRIMARY1');
    expect(copy(18, 'REMOTE1')?.synchronizationState).toBe('SYNCHRONIZING');
    expect(at(18).observations).toContainEqual(
      expect.objectContaining({ type: 'commit.acknowledged', hardenedOn: ['PRIMARY1'] }),
    );
  });
});
