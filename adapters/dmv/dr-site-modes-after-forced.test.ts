import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recommendedActions } from '../../core/decide/actions.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * SQLHammer, "Availability Group Architecture – Adding a Second Site"
 * (www.sqlhammer.com/availability-group-architecture-adding-a-second-site/, Derik Hammer): "replica
 * A and B are in the primary data center while replica C and D are in the disaster recovery (DR)
 * site"; "The streams come from the primary replica, replica A in this case, and go to each
 * secondary"; "Ideally the synchronization mode between replica A and B would be synchronous to
 * achieve automatic fail-over while the modes from A to C and A to D would be asynchronous";
 * "In the event of a manual fail-over to the DR site, the synchronization modes should be
 * reconfigured to perform synchronous commit only within the local data center."
 *
 * The snapshots are taken on SQLC after the primary data center is lost, quorum forced on the DR
 * nodes and the group forced onto SQLC (S44, Example Scenario, steps 1 and 2): SQLA and SQLB
 * DISCONNECTED, their nodes and the file share witness DOWN, their copies pending the suspend
 * (is_pending_secondary_suspend 1). In the first, SQLD's copy is suspended (SUSPEND_FROM_PARTNER);
 * in the second it is resumed (step 3) and SYNCHRONIZING. Invented: the names SQLA to SQLD, the
 * group SalesAG, database SalesDB, the listener SalesLsn and its two addresses, the cluster name,
 * the DR nodes' zero votes, the build, ids and LSNs.
 *
 * "Perform a forced manual failover" (S44), Follow Up step 1: "If you failed over outside of the
 * synchronous-commit failover set: We recommend that you consider adjusting the availability mode
 * and failover mode on the new primary replica and on remaining secondary replicas to reflect your
 * desired synchronous-commit and automatic failover configuration" ("A synchronous-commit failover
 * set exists only if the current primary replica is configured for synchronous-commit mode").
 * Before, decide said nothing of the modes here: only a synchronous-commit secondary waiting for
 * the primary (PRIMARY_TO_SYNCHRONOUS_COMMIT) brought a mode change.
 */
const text = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const resumed = () => factsOf(text('blog-sqlhammer-dr-site-forced-resumed.json'));

const modeChanges = (facts: ClusterFacts) =>
  recommendedActions(facts).filter((a) =>
    a.why.some((r) => r.code === 'ADJUST_MODES_AFTER_FORCED_FAILOVER'),
  );

describe('the DR site after a forced failover, both of its replicas asynchronous (SQLHammer, S44)', () => {
  it('proposes synchronous commit for the new primary, then for the secondary moving data with it', () => {
    const actions = modeChanges(resumed());
    expect(actions.map((a) => a.event)).toEqual([
      { type: 'replica.setAvailabilityMode', replica: 'SQLC', mode: 'SYNCHRONOUS_COMMIT' },
    ]);
    const first = actions[0]!.why[0]!;
    expect(first.rule.document).toBe('Perform a forced manual failover of an availability group');
    expect(first.message).toMatch(/the synchronous-commit replicas SQLA, SQLB are not connected/);
    expect(first.message).toMatch(/every commit is acknowledged on SQLC alone/);
    expect(first.message).toMatch(/no planned or automatic failover is possible/);
    expect(first.message).toMatch(/consider SYNCHRONOUS_COMMIT for SQLC, then for SQLD/);
  });

  it('waits for the resume first, as the example does ("Once the databases are resumed")', () => {
    const suspended = factsOf(text('blog-sqlhammer-dr-site-forced-suspended.json'));
    expect(modeChanges(suspended)).toEqual([]);
    expect(
      recommendedActions(suspended).some(
        (a) => a.event.type === 'db.resume' && a.event.replica === 'SQLD',
      ),
    ).toBe(true);
  });

  it('keeps within the synchronous-commit limit of SQL Server 2016 (three, the primary included)', () => {
    const s = JSON.parse(text('blog-sqlhammer-dr-site-forced-resumed.json')) as JsonSnapshot;
    rowsOf(s, 'SERVERPROPERTY')[0]!.product_major_version = 13;
    rowsOf(s, 'SERVERPROPERTY')[0]!.product_version = '13.0.5026.0';
    const actions = modeChanges(factsOf(JSON.stringify(s)));
    expect(actions.map((a) => a.event)).toEqual([
      { type: 'replica.setAvailabilityMode', replica: 'SQLC', mode: 'SYNCHRONOUS_COMMIT' },
    ]);
    expect(actions[0]!.why[0]!.message).toMatch(
      /SQL Server 2016 allows no further synchronous-commit replica beside SQLC: change a replica that will not return soon to ASYNCHRONOUS_COMMIT first/,
    );
  });

  it('says nothing while a synchronous-commit replica is connected: that one is resumed and failed back to', () => {
    const s = JSON.parse(text('blog-sqlhammer-dr-site-forced-resumed.json')) as JsonSnapshot;
    const sqld = rowsOf(s, 'sys.availability_replicas').find(
      (r) => r.replica_server_name === 'SQLD',
    )!;
    sqld.availability_mode_desc = 'SYNCHRONOUS_COMMIT';
    const codes = recommendedActions(factsOf(JSON.stringify(s))).flatMap((a) =>
      a.why.map((r) => r.code),
    );
    expect(codes).not.toContain('ADJUST_MODES_AFTER_FORCED_FAILOVER');
    expect(codes).toContain('PRIMARY_TO_SYNCHRONOUS_COMMIT');
  });

  it('says nothing of an asynchronous primary no forced failover is shown behind', () => {
    const s = JSON.parse(text('blog-sqlhammer-dr-site-forced-resumed.json')) as JsonSnapshot;
    rowsOf(s, 'sys.dm_hadr_cluster')[0]!.quorum_state_desc = 'NORMAL_QUORUM';
    for (const row of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
      row.is_pending_secondary_suspend = false;
    expect(modeChanges(factsOf(JSON.stringify(s)))).toEqual([]);
  });
});
