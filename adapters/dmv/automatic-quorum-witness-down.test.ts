import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { fleetVerdict } from '../../core/decide/fleet.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * serversideos.polsia.app, "SQL Server Always On failover troubleshooting" (S136): "Primary replica
 * was unreachable. The AG had not failed over automatically ... a stale cluster DNS entry that had
 * left the cloud witness unreachable. Quorum was lost. No quorum, no automatic failover."
 * blog-witness-unreachable-secondary-resolving.json is the secondary after it; this fixture is the
 * primary's own snapshot before it: both nodes UP, the cloud witness DOWN, SQLNODE2 synchronized
 * with automatic failover. Two nodes, the names, the build and the LSNs are invented (the post
 * gives none; the examples/snapshots group without SQLDR1).
 *
 * sys.dm_hadr_cluster_members (S185) answers "How many more failures can the WSFC cluster tolerate
 * before losing quorum in a majority-node case?"; sys.dm_hadr_cluster (S107): "If the disk witness
 * goes offline or fails, this quorum configuration can sustain failures of half the nodes (rounding
 * up) minus one", and Node and File Share Majority "works in a similar way", none of two nodes.
 * "Failover and failover modes" (S2): automatic failover needs the WSFC to have quorum. Dynamic
 * quorum (S236) "Enables the cluster to change the required number of nodes that need to
 * participate in quorum when nodes shut down or crash"; MSCluster_Node.WillOfflineLoseQuorum
 * "Checks if the taking the node offline will cause the cluster to lose quorum".
 */
const text = () =>
  readFileSync(new URL('./fixtures/blog-cloud-witness-down-primary.json', import.meta.url), 'utf8');
const edited = (edit: (s: JsonSnapshot) => void): string => {
  const s = JSON.parse(text()) as JsonSnapshot;
  edit(s);
  return JSON.stringify(s);
};
const member = (s: JsonSnapshot, name: string) =>
  rowsOf(s, 'sys.dm_hadr_cluster_members').find((m) => m.member_name === name)!;

describe('the primary of a two-node group whose cloud witness is DOWN (S136)', () => {
  it('names SQLNODE2 and says a failure of the primary node may take quorum with it', () => {
    const f = decide(factsOf(text())).failover;
    expect(f.automaticTarget).toBe('SQLNODE2');
    expect(f.automaticQuorum?.code).toBe('AUTOMATIC_QUORUM_AT_RISK');
    expect(f.automaticQuorum?.message).toContain(
      "if the primary's node SQLNODE1 fails, not only its SQL Server instance, the members left UP hold 1 of the 2 quorum votes that count (Cloud Witness (CLOUD_WITNESS) DOWN; a failed witness counts none), no majority",
    );
    expect(f.automaticQuorum?.settledBy).toEqual([
      'MSCluster_Node.WillOfflineLoseQuorum() for SQLNODE1',
      '(Get-ClusterNode).DynamicWeight of each node',
    ]);
    expect(f.automaticQuorum?.rule.document).toBe('sys.dm_hadr_cluster_members (Transact-SQL)');
  });

  it('says nothing while the witness is UP: two of three votes remain', () => {
    const up = edited((s) => {
      member(s, 'Cloud Witness').member_state_desc = 'UP';
    });
    expect(decide(factsOf(up)).failover.automaticQuorum).toBeUndefined();
  });

  it('says nothing with a third node UP: "half the nodes (rounding up) minus one" is one (S107)', () => {
    const threeNodes = edited((s) => {
      rowsOf(s, 'sys.dm_hadr_cluster_members').push({
        member_name: 'SQLNODE3',
        member_type_desc: 'CLUSTER_NODE',
        member_state_desc: 'UP',
        number_of_quorum_votes: 1,
      });
    });
    expect(decide(factsOf(threeNodes)).failover.automaticQuorum).toBeUndefined();
  });

  it('is unknown again with the witness UP and that third node DOWN', () => {
    const thirdDown = edited((s) => {
      member(s, 'Cloud Witness').member_state_desc = 'UP';
      rowsOf(s, 'sys.dm_hadr_cluster_members').push({
        member_name: 'SQLNODE3',
        member_type_desc: 'CLUSTER_NODE',
        member_state_desc: 'DOWN',
        number_of_quorum_votes: 1,
      });
    });
    const q = decide(factsOf(thirdDown)).failover.automaticQuorum;
    expect(q?.message).toContain(
      'hold 2 of the 4 quorum votes that count (SQLNODE3 (CLUSTER_NODE) DOWN), no majority',
    );
  });

  it('does not count votes a row leaves NULL', () => {
    const unknownVotes = edited((s) => {
      member(s, 'Cloud Witness').number_of_quorum_votes = null;
    });
    expect(decide(factsOf(unknownVotes)).failover.automaticQuorum).toBeUndefined();
  });

  it('keeps the members through a merge with the secondary’s snapshot, which lists none', () => {
    const secondary = edited((s) => {
      s['sys.dm_hadr_cluster_members'] = [];
    });
    const merged = mergeFacts(
      { facts: factsOf(secondary), source: 'without-members.json' },
      { facts: factsOf(text()), source: 'primary.json' },
    );
    expect(merged.facts.clusterMembers?.length).toBe(3);
  });
});

describe('the same snapshot in a fleet (decide --each)', () => {
  it('gives the fleet verdict the same reason beside its target', () => {
    const v = fleetVerdict(factsOf(text()));
    expect(v.automaticTarget).toBe('SQLNODE2');
    expect(v.automaticQuorum).toEqual(decide(factsOf(text())).failover.automaticQuorum);
  });
});

/*
 * sys.dm_hadr_cluster (S107), quorum_type 0: "Node Majority. This quorum configuration can sustain
 * failures of half the nodes (rounding up) minus one. For example, on a seven node cluster, this
 * quorum configuration can sustain three node failures." The fixture's members replaced by seven
 * nodes, no witness, SQLNODE3 to SQLNODE7 hosting no replica (invented).
 */
describe("S107's seven-node Node Majority cluster", () => {
  const sevenNodes = (down: number) =>
    edited((s) => {
      s['sys.dm_hadr_cluster_members'] = [1, 2, 3, 4, 5, 6, 7].map((n) => ({
        member_name: `SQLNODE${n}`,
        member_type_desc: 'CLUSTER_NODE',
        member_state_desc: n > 7 - down ? 'DOWN' : 'UP',
        number_of_quorum_votes: 1,
      }));
    });

  it('says nothing with two nodes DOWN: the primary node would be the third failure', () => {
    expect(decide(factsOf(sevenNodes(2))).failover.automaticQuorum).toBeUndefined();
  });

  it('is unknown with three DOWN: the primary node would be a fourth', () => {
    const q = decide(factsOf(sevenNodes(3))).failover.automaticQuorum;
    expect(q?.code).toBe('AUTOMATIC_QUORUM_AT_RISK');
    expect(q?.message).toContain('hold 3 of the 7 quorum votes that count');
  });
});

/*
 * dbi services blog (David Barbarin, 2015-05-18), "Using Windows 2012 R2 & dynamic witness feature
 * with minimal configurations - part II": two nodes "with dynamic quorum but without a configured
 * witness"; "the system will affect randomly a node weight to the current available nodes ... the
 * vote is affected to the SQL143 node"; if SQL141 goes down "the cluster stays functioning because
 * the node SQL143 has the vote (last man standing)"; if SQL143 goes down "the cluster will lost the
 * quorum because the node SQL141 doesn't have the vote to survive". The fixture: the primary SQL143's
 * snapshot of a group on those two nodes, both UP, Node Majority (group, database, roles and build
 * invented; the post shows the cluster only). Which node holds the vote is exactly what no view shows.
 */
describe('two nodes without a witness (dbi services, dynamic quorum)', () => {
  const dbi = () =>
    readFileSync(
      new URL('./fixtures/blog-dbi-two-nodes-no-witness-primary.json', import.meta.url),
      'utf8',
    );

  it('names SQL141 and leaves a failure of the primary node SQL143 unknown, settled by DynamicWeight', () => {
    const f = decide(factsOf(dbi())).failover;
    expect(f.automaticTarget).toBe('SQL141');
    expect(f.automaticQuorum?.code).toBe('AUTOMATIC_QUORUM_AT_RISK');
    expect(f.automaticQuorum?.message).toContain(
      'the members left UP hold 1 of the 2 quorum votes that count, no majority',
    );
    expect(f.automaticQuorum?.settledBy).toEqual([
      'MSCluster_Node.WillOfflineLoseQuorum() for SQL143',
      '(Get-ClusterNode).DynamicWeight of each node',
    ]);
  });
});
