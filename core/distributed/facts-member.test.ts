import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownSeed, propertyRuns } from '../../properties/runs.js';
import { clusterFacts } from '../cluster/facts.js';
import type { Decisions } from '../decide/decide.js';
import { decideDistributed } from './decide.js';
import { distributedFactsOf } from './facts.js';
import { decideMember, memberPlaceFromFacts } from './facts-member.js';
import { DistributedDriver, distributedEvents, runDistributed } from './test-support.js';

/**
 * A member group decided from its own facts and the distributed group's rows (what `decide
 * --group` reads from a member's snapshot) agrees with the simulated distributed group's member
 * decisions: where writes go and wait (S43 "Understand distributed availability groups"; "with
 * synchronous movement the distributed group waits until all synchronous copies acknowledge") and
 * where backups run (S10: on the secondaries of the global primary's group and on the forwarder).
 */

const commitsOf = (d: Decisions, leaving: readonly string[] = []) =>
  d.commit.map((c) => [
    c.database,
    c.acknowledgement,
    c.reasons
      .map((r) => r.code)
      .filter((code) => !leaving.includes(code))
      .sort(),
  ]);
const backupsOf = (d: Decisions) =>
  d.backup.map((b) => [
    b.database,
    b.preferred.replicas,
    b.decisions.map((x) => [x.replica, x.decision.action]),
    b.jobs.map((j) => [j.replica, j.outcome]),
  ]);

describe('decideMember: a member group decided in its place in a distributed group', () => {
  it('agrees with the simulated distributed group on commits and backups, from both sides', () => {
    fc.assert(
      fc.property(fc.array(distributedEvents, { maxLength: 25 }), (steps) => {
        const d = runDistributed(steps);
        const facts = distributedFactsOf(d);
        for (const m of decideDistributed(d).members) {
          const cluster = d.members.find((x) => x.name === m.member)!.cluster;
          const own = decideMember(clusterFacts(cluster), [facts]);
          // The facts do not show the forwarder's group's copies, which the model waits for too:
          // they say so, with the forwarder's wait, and nothing else differs.
          for (const c of own.commit) {
            const codes = c.reasons.map((r) => r.code);
            expect(codes.includes('FORWARDER_GROUP_COPIES_UNKNOWN')).toBe(
              codes.includes('WAITS_FOR_FORWARDER'),
            );
          }
          expect(commitsOf(own, ['FORWARDER_GROUP_COPIES_UNKNOWN'])).toEqual(
            commitsOf(m.decisions),
          );
          expect(backupsOf(own)).toEqual(backupsOf(m.decisions));
          // The facts name the forwarder; the model also its group's synchronous copies.
          for (const [i, c] of own.commit.entries())
            for (const r of c.mustHarden) expect(m.decisions.commit[i]?.mustHarden).toContain(r);
        }
      }),
      { numRuns: propertyRuns(120), ...ownSeed(1410) },
    );
  });

  it("from the forwarder's side alone: the forwarder's group takes no writes", () => {
    const d = new DistributedDriver(2019).distributed;
    const ag2 = d.members.find((m) => m.name === 'ag2')!;
    const own = decideMember(clusterFacts(ag2.cluster), [distributedFactsOf(d, ['ag2'])]);
    expect(commitsOf(own)).toEqual([['db1', 'refused', ['FORWARDER_READ_ONLY']]]);
  });

  it('a group the distributed group does not hold is decided as it is', () => {
    const d = new DistributedDriver(2019).distributed;
    const ag1 = d.members.find((m) => m.name === 'ag1')!;
    const facts = clusterFacts(ag1.cluster);
    const other = { ...distributedFactsOf(d), members: [] };
    expect(memberPlaceFromFacts(facts, other)).toBeNull();
    expect(commitsOf(decideMember(facts, [other]))).toEqual(commitsOf(decideMember(facts, [])));
  });
});
