import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * 'Perform a Forced Manual Failover of an Availability Group' (S44, MicrosoftDocs/sql-docs,
 * ms.date 05/17/2016): "If the primary replica becomes unavailable when the WSFC cluster has a
 * healthy quorum, you can force failover (with possible data loss), to any replica whose role is in
 * the SECONDARY or RESOLVING state. If possible, force failover to a synchronous-commit secondary
 * replica that was synchronized when the primary replica was lost"; "When the WSFC cluster has a
 * healthy quorum, if you issue a force failover command on a synchronized secondary replica, the
 * replica actually performs a planned manual failover." 'Failover and failover modes' (S2): "manual
 * failover (without data loss) is possible even if the primary replica has crashed because the
 * secondary databases are ready for failover."
 *
 * The fixture is the snapshot a DBA takes on the asynchronous DR replica SQL3 once the primary SQL1
 * is lost: SQL3 RESOLVING, primary_replica NULL, NORMAL_QUORUM, SQL1's node DOWN, and the
 * cluster-wide sys.dm_hadr_database_replica_cluster_states showing the synchronous-commit partner
 * SQL2 (FAILOVER_MODE MANUAL, so nothing failed over by itself) failover ready. SQL2's own rows are
 * not in a snapshot taken on SQL3. Names, ids, version and LSNs are invented; the pages give none.
 * Before the fix "What you can do now" offered only FORCE_FAILOVER_ALLOW_DATA_LOSS on SQL3.
 */
const text = readFileSync(
  new URL(
    './fixtures/docs-primary-lost-dr-replica-synchronous-partner-ready.json',
    import.meta.url,
  ),
  'utf8',
);
const SQL2 = '6B2D0E55-0002-4000-8000-00000000B002';
const offered = (facts: ClusterFacts) =>
  decide(facts).actions.map((a) => ({ event: a.event, codes: a.why.map((r) => r.code) }));

describe("the primary lost, seen on the DR replica: the synchronized partner's planned failover first", () => {
  const facts = factsOf(text);

  it('reads the group as without a primary, quorum healthy, SQL2’s role not shown', () => {
    expect(facts.groupState).toBe('RESOLVING');
    expect(facts.quorum).toBe('HEALTHY');
    expect(facts.replicas.find((r) => r.name === 'SQL2')?.role ?? null).toBeNull();
  });

  it('offers the planned failover to SQL2 before the forced one on SQL3, with what settles it', () => {
    const actions = offered(facts);
    expect(actions.map((a) => a.event)).toEqual([
      { type: 'ag.failover', target: 'SQL2' },
      { type: 'ag.forceFailover', target: 'SQL3' },
    ]);
    expect(actions[0]!.codes).toEqual(['PLANNED_FAILOVER_UNSETTLED', 'TARGET_STATE_UNKNOWN']);
  });

  it('does not offer it once SQL2 is not marked failover ready', () => {
    const json = JSON.parse(text) as JsonSnapshot;
    for (const row of rowsOf(json, 'sys.dm_hadr_database_replica_cluster_states'))
      if (row.replica_id === SQL2) row.is_failover_ready = false;
    expect(offered(factsOf(JSON.stringify(json))).map((a) => a.event)).toEqual([
      { type: 'ag.forceFailover', target: 'SQL3' },
    ]);
  });

  it('is not offered on an unseen replica where one the snapshot shows takes a planned failover now', () => {
    // KB2833707 Case 1, seen on the failover-ready partner SQL2: its own planned failover is settled.
    const kb = readFileSync(
      new URL('./fixtures/kb2833707-threshold-resolving.json', import.meta.url),
      'utf8',
    );
    expect(offered(factsOf(kb)).map((a) => a.event)).toEqual([
      { type: 'ag.failover', target: 'SQL2' },
    ]);
  });

  it('does not offer it without primary_replica saying there is none: SQL2 may be the primary', () => {
    const json = JSON.parse(text) as JsonSnapshot;
    delete json['sys.dm_hadr_availability_group_states'];
    const events = offered(factsOf(JSON.stringify(json))).map((a) => a.event);
    expect(events).not.toContainEqual({ type: 'ag.failover', target: 'SQL2' });
  });
});
