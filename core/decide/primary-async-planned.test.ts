import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

const load = (name: string) =>
  simulateScenario(
    JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')),
  );

/**
 * SparkhoundSQL/sql-server-toolbox, 'AG - failover (in development).ps1'
 * (github.com/SparkhoundSQL/sql-server-toolbox): "#Set replicas to synchronous before planned
 * failover" (the primary's replica, then the secondary's), "#Check for when replicas are
 * synchronized", Switch-SqlAvailabilityGroup without -AllowDataLoss -Force, then "#Return secondary
 * replica to Asynchronous sync" on the new primary, its own replica first. Between those two
 * statements the old primary is a synchronous-commit secondary under an asynchronous-commit
 * primary: "If the current primary is configured for asynchronous commit availability mode, it
 * commits transactions asynchronously for all secondary replicas regardless of their individual
 * availability mode settings" (S1). No forced failover happened, so there is nothing to fail back.
 */
const planned = load('sparkhound-planned-failover-async-replicas.json');
const forced = load('docs-forced-failover-back-to-original-topology.json');

const modeAdvice = (facts: (typeof planned.trace)[number]['facts']) =>
  recommendedActions(facts).flatMap((a) =>
    a.why.filter((r) => r.code === 'PRIMARY_TO_SYNCHRONOUS_COMMIT'),
  );

describe('an asynchronous-commit primary after a planned failover (S1)', () => {
  it('runs the script: the planned failover is taken, nothing refused', () => {
    expect(planned.trace.flatMap((s, i) => (s.refused.length > 0 ? [i] : []))).toEqual([]);
    expect(planned.trace[5]!.facts.primary).toBe('SQLSERVER-1\\SQL2K17');
  });

  it('says no planned failover to the old primary, not a fail back, and cites S1', () => {
    const [advice, ...more] = modeAdvice(planned.trace[6]!.facts);
    expect(more).toEqual([]);
    expect(advice?.message).toContain(
      'cannot become SYNCHRONIZED: no planned failover to it and no automatic failover',
    );
    expect(advice?.message).not.toContain('fail back');
    expect(advice?.rule.document).toBe('Availability modes (Always On availability groups)');
  });

  it('after a forced failover still names the fail back and S44', () => {
    const [advice] = modeAdvice(forced.trace[21]!.facts);
    expect(advice?.message).toContain('no planned failover (a fail back)');
    expect(advice?.rule.document).toBe('Perform a forced manual failover of an availability group');
  });
});
