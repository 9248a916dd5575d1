import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * A query that leaves out sys.dm_hadr_availability_group_states (no primary_replica) on a RESOLVING
 * replica whose node has quorum, while sys.dm_hadr_cluster_members reports every other replica's
 * node DOWN: "a node marked down is removed from the active cluster membership" (S65), so the group
 * cannot be online there, and the snapshot shows that no replica holds the primary role, as
 * primary_replica NULL would. It said "this snapshot does not show which replica is primary, nor
 * that there is none" (NO_PRIMARY_VIEW) on every decision, and "whether a primary serves the group
 * elsewhere is unknown" (FORCE_PRIMARY_UNSEEN) on the FORCE_FAILOVER_ALLOW_DATA_LOSS it offered,
 * beside TARGET_NODE_DOWN saying the group cannot come online on those replicas.
 *
 * 1. mssqltips.com tip 4917 (the fixture's source): "SQLP1 and SQLP3 are unavailable. WSFC goes
 *    down and AG is inaccessible"; "AGTest is in a Resolving state"; SQLP2's snapshot after
 *    Start-ClusterNode -FixQuorum, the two other nodes DOWN.
 * 2. MicrosoftDocs/sql-docs issue #2755 ("Now the client should be connected to the secondary
 *    database but it has not the last inserted data by the client"), SQL02's own snapshot once the
 *    primary's server is gone: SQL02 RESOLVING with normal quorum (the witness), SQL01's node DOWN.
 */
const fixture = (name: string): JsonSnapshot =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as JsonSnapshot;
const withoutGroupStates = (s: JsonSnapshot): string => {
  delete s['sys.dm_hadr_availability_group_states'];
  return JSON.stringify(s);
};
const codesOf = (text: string) => {
  const d = decide(factsOf(text));
  return {
    commit: d.commit.flatMap((c) => c.reasons.map((r) => r.code)),
    force: d.actions
      .filter((a) => a.event.type === 'ag.forceFailover')
      .flatMap((a) => a.why.map((r) => r.code)),
    acknowledgement: d.commit.map((c) => c.acknowledgement),
  };
};

const issue2755 = (sql01Node: 'DOWN' | 'UP'): JsonSnapshot => {
  const s = fixture('docs-issue2755-secondary-cut-off-primary-named.json');
  const local = rowsOf(s, 'sys.dm_hadr_availability_replica_states')[0]!;
  local.role_desc = 'RESOLVING';
  local.connected_state_desc = null;
  s['sys.dm_hadr_cluster_members'] = [
    { member_name: 'SQL01', member_type_desc: 'CLUSTER_NODE', member_state_desc: sql01Node },
    { member_name: 'SQL02', member_type_desc: 'CLUSTER_NODE', member_state_desc: 'UP' },
  ];
  return s;
};

describe('a RESOLVING replica whose every partner is on a node DOWN, without primary_replica', () => {
  it('shows the group without a primary after forced quorum (mssqltips 4917)', () => {
    const withView = codesOf(JSON.stringify(fixture('blog-forced-quorum-two-nodes-down.json')));
    const without = codesOf(withoutGroupStates(fixture('blog-forced-quorum-two-nodes-down.json')));
    expect(without.commit).toEqual(['NO_PRIMARY']);
    expect(without).toEqual(withView);
  });

  it('offers the forced failover without "a primary may serve elsewhere" (sql-docs#2755)', () => {
    const c = codesOf(withoutGroupStates(issue2755('DOWN')));
    expect(c.acknowledgement).toEqual(['refused']);
    expect(c.commit).toEqual(['NO_PRIMARY']);
    expect(c.force).toEqual(['POSSIBLE_DATA_LOSS']);
  });

  it('still does not know it while the partner node is UP', () => {
    const c = codesOf(withoutGroupStates(issue2755('UP')));
    expect(c.acknowledgement).toEqual(['unknown']);
    expect(c.commit).toEqual(['NO_PRIMARY_VIEW']);
    expect(c.force).toEqual(['POSSIBLE_DATA_LOSS', 'FORCE_PRIMARY_UNSEEN']);
  });
});
