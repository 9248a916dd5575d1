import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterFacts } from '../cluster/facts.js';
import { simulateScenario } from '../cluster/test-support.js';
import { decide } from '../decide/decide.js';

/**
 * 'Configure read-only routing for an Always On availability group' (S13): "A given read-only
 * routing list takes effect only when the local replica is running under the primary role", and
 * "Typically, each read-only routing list would contain every read-only routing URL, with the URL of
 * the local replica at the end of the list"; its Example (Transact-SQL) gives COMPUTER01 the list
 * ('COMPUTER02','COMPUTER01') and COMPUTER02 ('COMPUTER01','COMPUTER02') "to support read-only
 * routing if one of these replicas currently owns the primary role"; its PowerShell example: "If
 * this secondary replica is not readable ... the connection will be directed back to the primary
 * replica." The fixture fails the page's group over to COMPUTER02, then loses COMPUTER01 (what is
 * invented is in the fixture). No test followed a read-intent login across a simulated failover.
 */
const fixture = JSON.parse(
  readFileSync(
    new URL('./fixtures/docs-read-only-routing-example-failover.json', import.meta.url),
    'utf8',
  ),
);
const readOnlyAfter = (steps: number) => {
  const sim = simulateScenario({ ...fixture, steps: fixture.steps.slice(0, steps) });
  return decide(clusterFacts(sim.final)).routing.readOnly;
};
const codes = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);

describe("read-only routing follows the current primary's list (S13 example)", () => {
  it('before the failover COMPUTER01 routes to COMPUTER02', () => {
    const c = readOnlyAfter(0);
    expect(c).toMatchObject({ outcome: 'routed', replica: 'COMPUTER02' });
    expect(codes(c.reasons)).toEqual(['ROUTING_FIRST_AVAILABLE']);
    expect(c.reasons[0]!.message).toContain("COMPUTER01's READ_ONLY_ROUTING_LIST");
  });

  it('after it, COMPUTER02 routes to COMPUTER01 by its own list', () => {
    const c = readOnlyAfter(1);
    expect(c).toMatchObject({ outcome: 'routed', replica: 'COMPUTER01' });
    expect(c.reasons[0]!.message).toContain("COMPUTER02's READ_ONLY_ROUTING_LIST (entry 1)");
  });

  it('with COMPUTER01 down, the login falls back to COMPUTER02, last in its own list', () => {
    const c = readOnlyAfter(2);
    expect(c).toMatchObject({ outcome: 'connected', replica: 'COMPUTER02' });
    expect(c.reasons[0]!.message).toContain("COMPUTER02's READ_ONLY_ROUTING_LIST (entry 2)");
    expect(c.considered.map((x) => [x.replica, x.available])).toEqual([
      ['COMPUTER01', false],
      ['COMPUTER02', true],
    ]);
    expect(codes(c.considered[0]!.reasons)).toContain('ROUTING_REPLICA_DOWN');
  });
});
