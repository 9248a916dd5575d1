import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { recommendedActions } from './actions.js';

/**
 * "Add a secondary replica to an availability group", Follow Up: After Adding a Secondary
 * Replica: "2. Join the new secondary replica to the availability group." Join a Secondary Replica
 * (S98): "The join-replica operation must be performed on the instance of SQL Server that is
 * hosting the secondary replica." The fixture adds N3 and does not join it.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL(
        '../failover/fixtures/docs-failover-to-added-replica-not-joined.json',
        import.meta.url,
      ),
      'utf8',
    ),
  ),
);

describe('after ADD REPLICA, the decisions offer the JOIN (S98)', () => {
  it('recommends ALTER AVAILABILITY GROUP … JOIN on the added replica, and nothing for the joined ones', () => {
    const joins = recommendedActions(sim.trace[3]!.facts).filter(
      (a) => a.event.type === 'replica.join',
    );
    expect(joins.map((a) => [a.event, a.why.map((x) => x.code)])).toEqual([
      [{ type: 'replica.join', replica: 'N3' }, ['JOIN_ADDED_REPLICA']],
    ]);
  });
});
