import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterFacts } from '../cluster/facts.js';
import { simulateScenario } from '../cluster/test-support.js';
import { decide } from '../decide/decide.js';

/**
 * Shawn Meyers, House of Brick, 'Patching Availability Groups' (houseofbrick.com/blog/
 * patching-availability-groups/, undated in the stored copy): "we have a three node AG (node A, B,
 * and C). Note that the node C is a DR node on a different subnet." Its patching window: "Remove
 * the ability to automatically failover to any node which is currently being patched – node B";
 * "Patch all non-primary nodes (secondary) – node B and C (reboot as needed)"; "Verify everything
 * is in a healthy state"; "Failover primary to a synchronized patched node (edit AG to make DR
 * synchronous if needed) – Failover from node A to node B"; "Remove the ability to automatically
 * failover to node A"; "Patch node A"; "Verify node A is back online and in sync"; "Edit AG to
 * allow for automatic failover"; "Leave node B as primary". It is the order 'Upgrading Always On
 * Availability Group Replica Instances' (S64) gives, and a planned failover needs the target
 * "synchronized with the primary replica" (S45).
 *
 * Invented: the group and database names, SQL Server 2019, B synchronous with automatic failover
 * like A, C asynchronous, the commit counts and times; a reboot is a crash and a restart.
 */
const scenario = () =>
  JSON.parse(
    readFileSync(
      new URL('./fixtures/blog-houseofbrick-patching-three-node-ag.json', import.meta.url),
      'utf8',
    ),
  );

describe('the House of Brick patching checklist on a three-node group (S64, S45)', () => {
  const sim = simulateScenario(scenario());
  const at = (i: number) => sim.trace[i]!;
  const primaryAfter = (i: number) => at(i).facts.replicas.find((r) => r.role === 'PRIMARY')?.name;
  const failovers = (i: number) =>
    at(i).observations.filter((o) => o.type === 'failover.completed');

  it('keeps A primary while B, taken out of automatic failover, and C reboot', () => {
    expect(failovers(1)).toEqual([]);
    expect(primaryAfter(3)).toBe('A');
    expect(at(3).observations).toContainEqual(
      expect.objectContaining({ type: 'commit.acknowledged', hardenedOn: ['A'] }),
    );
  });

  it('refuses the failover to B until its copy is SYNCHRONIZED again', () => {
    expect(at(6).refused.map((r) => r.code)).toEqual(['DATABASE_NOT_SYNCHRONIZED']);
    expect(at(11).refused).toEqual([]);
    expect(failovers(11)).toEqual([
      expect.objectContaining({ form: 'planned', from: 'A', to: 'B', lost: [] }),
    ]);
  });

  it('leaves B primary while A reboots with automatic failover removed, and A catches up', () => {
    expect(failovers(13)).toEqual([]);
    expect(primaryAfter(14)).toBe('B');
    const a = at(17).facts.databaseReplicas.find((d) => d.replica === 'A');
    expect(a?.synchronizationState).toBe('SYNCHRONIZED');
    expect(sim.trace.filter((e) => e.refused.length > 0).map((e) => e.index)).toEqual([6]);
  });

  it('ends with B primary and A its automatic failover target again', () => {
    expect(primaryAfter(19)).toBe('B');
    expect(decide(clusterFacts(sim.final)).failover.automaticTarget).toBe('A');
  });
});
