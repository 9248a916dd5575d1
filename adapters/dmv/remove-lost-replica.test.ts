import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recommendedActions } from '../../core/decide/actions.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * The snapshot of dr-site-modes-after-forced.test.ts (SQLHammer's "Availability Group Architecture
 * – Adding a Second Site": A and B in the primary data center, C and D in the DR site), taken on
 * SQLC after the primary data center is lost, quorum forced and the group forced onto SQLC: SQLA and
 * SQLB DISCONNECTED, their nodes DOWN, their copies pending the suspend; SQLD's copy suspended.
 *
 * "Perform a forced manual failover" (S44), Follow Up step 3: "If an availability replica that
 * failed will not be returning to the availability replica or will return too late for you to
 * delay transaction log truncation on the new primary database, consider removing the failed
 * replica from the availability group to avoid running out of disk space for your log files".
 * 'WSFC Disaster Recovery through Forced Quorum' (S124), step 6: "You must repair or remove all
 * failed availability replicas. SQL Server will not truncate the transaction log past the last
 * known point of the farthest behind availability replica." Before, "What you can do now" offered
 * only the RESUME of SQLA's and SQLB's copies, which runs on them once they are back.
 */
const text = () =>
  readFileSync(
    new URL('./fixtures/blog-sqlhammer-dr-site-forced-suspended.json', import.meta.url),
    'utf8',
  );
const removals = (facts: ClusterFacts) =>
  recommendedActions(facts).filter((a) => a.why.some((r) => r.code === 'REMOVE_LOST_REPLICA'));

describe('replicas lost with their site after a forced failover (S44, S124)', () => {
  it('offers to remove each, on the primary, beside the RESUME that waits for its return', () => {
    const facts = factsOf(text());
    const actions = removals(facts);
    expect(actions.map((a) => a.event)).toEqual([
      { type: 'replica.remove', replica: 'SQLA' },
      { type: 'replica.remove', replica: 'SQLB' },
    ]);
    expect(actions[0]!.why[0]!.message).toMatch(
      /^if SQLA \(DISCONNECTED from SQLC, its node DOWN in the cluster\) will not return soon/,
    );
    expect(actions[0]!.why[0]!.message).toMatch(/to avoid running out of disk space/);
    expect(
      recommendedActions(facts).some(
        (a) => a.event.type === 'db.resume' && a.event.replica === 'SQLA',
      ),
    ).toBe(true);
  });

  it('offers nothing for the DR replica still connected, nor for replicas no forced failover suspended', () => {
    const s = JSON.parse(text()) as JsonSnapshot;
    for (const row of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
      row.is_pending_secondary_suspend = false;
    const facts = factsOf(JSON.stringify(s));
    expect(removals(facts)).toEqual([]);
  });

  it('offers nothing while quorum is lost: the removal changes the group in the cluster', () => {
    const facts = factsOf(text());
    expect(removals({ ...facts, quorum: 'LOST' })).toEqual([]);
  });
});
