import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * 'Upgrading Always On Availability Group Replica Instances' (S64), Upgrade Update SQL Server
 * Instances with Multiple Availability Groups: AG2's primary is Node2, "all secondary replicas are
 * running in synchronous-commit mode", and the load-balanced sequence runs "1. Fail over AG2 to
 * Node3 (to free up Node2)", then "5. Fail over both AG2 and AG3 to Node1 (to free up Node3)";
 * Note: "In many cases, after the rolling upgrade is completed, you will failback to the original
 * primary replica". Commits in flight at step 1 are discarded ("performing a failover will cause
 * all unacknowledged log messages to be discarded", same page) and Node2's copy, which hardened
 * them, reverts ('Troubleshoot an Availability Group database in reverting state', S63: "Don't fail
 * over to a replica whose database(s) are in reverting state"). 'sys.dm_hadr_database_replica_states'
 * (S6): "4 = Initializing. Indicates the phase of undo when the transaction log required for a
 * secondary to catch up to the undo LSN is being shipped and hardened on a secondary replica"; 'Perform
 * a forced manual failover' (S44), Limitations: "When a secondary database is in the REVERTING or
 * INITIALIZING state, forcing failover would cause the database to fail to start as a primary
 * database". Step 5, a failover between two other replicas, used to take Node2's INITIALIZING copy
 * to SYNCHRONIZED at once, without the log it had yet to harden, so the failback was planned at once.
 *
 * Only AG2 and its failovers: the upgrades (steps 2, 4, 6) and AG1, AG3 are left out. Invented:
 * SalesDB, the endpoints, SQL Server 2019, the counts and the times.
 */
const scenario = JSON.parse(
  readFileSync(
    new URL('./fixtures/docs-rolling-upgrade-initializing-second-failover.json', import.meta.url),
    'utf8',
  ),
) as { steps: unknown[] };
const sim = simulateScenario(scenario);
const state = (run: typeof sim, i: number, replica: string) =>
  run.trace[i]!.facts.databaseReplicas.find((d) => d.replica === replica)?.synchronizationState;

describe('S64: AG2 fails over twice while its first primary is undoing (S63, S6)', () => {
  it('step 1 discards the two commits, and Node2 reverts, then fetches its pages', () => {
    expect(state(sim, 1, 'Node2')).toBe('REVERTING');
    expect(state(sim, 2, 'Node2')).toBe('INITIALIZING');
  });

  it('step 5, from Node3 to Node1, leaves Node2 INITIALIZING', () => {
    expect(sim.trace[3]!.refused).toEqual([]);
    expect(state(sim, 3, 'Node1')).toBe('SYNCHRONIZED');
    expect(state(sim, 3, 'Node2')).toBe('INITIALIZING');
  });

  it('refuses the failback until Node2 has hardened the log it needs, then plans it', () => {
    expect(sim.trace[4]!.refused.map((r) => r.code)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
    expect(state(sim, 5, 'Node2')).toBe('SYNCHRONIZED');
    expect(sim.trace[6]!.refused).toEqual([]);
    expect(sim.trace[6]!.facts.replicas.find((r) => r.name === 'Node2')?.role).toBe('PRIMARY');
  });

  it('leaves a copy still REVERTING at step 5 REVERTING', () => {
    const early = simulateScenario({
      ...scenario,
      steps: scenario.steps.filter((_, i) => i !== 2),
    });
    expect(state(early, 2, 'Node2')).toBe('REVERTING');
    expect(early.trace[3]!.refused.map((r) => r.code)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
  });
});
