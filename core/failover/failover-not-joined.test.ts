import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterFacts } from '../cluster/facts.js';
import { simulateScenario } from '../cluster/test-support.js';
import { automaticFailover, forcedFailover, plannedFailover } from './failover.js';

/**
 * "Add a secondary replica to an availability group" (MicrosoftDocs/sql-docs), Follow Up: "Join
 * the new secondary replica to the availability group". "Join a Secondary Replica to an
 * Availability Group" (S98): "After a secondary replica is added to an Always On availability
 * group, the secondary replica must be joined to the availability group." The fixture adds N3 and,
 * before its JOIN, asks for a planned failover to it, then (N1 and N2 down) a forced one.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-failover-to-added-replica-not-joined.json', import.meta.url),
      'utf8',
    ),
  ),
);
const codes = (i: number) => sim.trace[i]!.refused.map((x) => x.code);

describe('a failover to a replica added but not joined (S98)', () => {
  it('a planned failover is refused because N3 has not joined, with its other reasons', () => {
    expect(codes(4)).toEqual(['TARGET_NOT_JOINED', 'TARGET_DISCONNECTED', 'DATABASE_NOT_JOINED']);
  });

  it('a forced failover is refused because N3 has not joined, not as unknown', () => {
    expect(codes(7)).toEqual(['TARGET_NOT_JOINED']);
    expect(sim.trace[7]!.refused[0]!.message).toContain('JOIN on N3');
  });

  it('the verdicts on the facts after ADD REPLICA say the same, not unknown', () => {
    // After step 5 (the refused planned failover) the group is as ADD REPLICA left it.
    const facts = sim.trace[4]!.facts;
    expect(facts.replicas.find((x) => x.name === 'N3')?.isJoined).toBe(false);
    for (const verdict of [automaticFailover, plannedFailover, forcedFailover]) {
      const v = verdict(facts, 'N3');
      expect(v.status).toBe('refused');
      expect(v.reasons[0]!.code).toBe('TARGET_NOT_JOINED');
      expect(v.reasons.map((x) => x.code)).not.toContain('TARGET_STATE_UNKNOWN');
    }
    expect(clusterFacts(sim.final).replicas.find((x) => x.name === 'N2')?.isJoined).toBeUndefined();
  });
});
