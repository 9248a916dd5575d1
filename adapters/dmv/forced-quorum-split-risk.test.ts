import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "Perform a forced manual failover" (S44), Returning the Availability Group to its Original
 * Topology, Important: "If the WSFC cluster quorum has been forced, as the offline nodes restart
 * they could form a new quorum if the following conditions both exist: (a) there is no network
 * connectivity between any of the nodes in the forced-quorum set, and (b) the restarting nodes are
 * the majority of the cluster nodes. This would result in a "split brain" condition in which the
 * availability group would possess two independent primary replicas, one at each data center."
 * 'WSFC Disaster Recovery through Forced Quorum' (S124), step 3: "Consider disabling the WSFC
 * service on the other nodes. Otherwise, you run the risk of creating more than one quorum node
 * set"; step 4: "Un-recovered nodes should be set offline or have their node votes set to zero."
 *
 * Inputs: S44's example after quorum is forced on Node 04 (docs-catastrophic-failure-node04-forced-
 * quorum.json: NODE01 to NODE03 DOWN with a vote each, NODE04 and NODE05 UP with one each), and
 * SQLHammer's two-site group taken on the DR replica SQLC after the same steps
 * (blog-sqlhammer-dr-site-forced-suspended.json: SQLA, SQLB and the file share witness DOWN with the
 * votes, the DR nodes without). Before, decide said nothing of the lost site's nodes coming back.
 */
const text = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('forced quorum while the lost site holds most votes (S44, S124)', () => {
  it("warns on S44's own example: NODE01 to NODE03 hold 3 of the 5 votes", () => {
    const risk = decide(factsOf(text('docs-catastrophic-failure-node04-forced-quorum.json'))).health
      .forcedQuorumSplit;
    expect(risk?.code).toBe('FORCED_QUORUM_SPLIT_RISK');
    expect(risk?.message).toMatch(
      /the members DOWN \(NODE01, NODE02, NODE03\) hold 3 of the 5 quorum votes/,
    );
    expect(risk?.message).toMatch(/second primary \(split brain\)/);
  });

  it('names the witness among the members, the nodes among those that restart', () => {
    const risk = decide(factsOf(text('blog-sqlhammer-dr-site-forced-suspended.json'))).health
      .forcedQuorumSplit;
    expect(risk?.message).toMatch(
      /the members DOWN \(SQLA, SQLB, File Share Witness\) hold 3 of the 3 quorum votes .*: should SQLA, SQLB restart/,
    );
  });

  it('says nothing once the votes are moved to the forced-quorum set, nor under normal quorum', () => {
    const s = JSON.parse(text('blog-sqlhammer-dr-site-forced-suspended.json')) as JsonSnapshot;
    for (const m of rowsOf(s, 'sys.dm_hadr_cluster_members'))
      m.number_of_quorum_votes = m.member_state_desc === 'UP' ? 1 : 0;
    expect(decide(factsOf(JSON.stringify(s))).health.forcedQuorumSplit).toBeUndefined();
    const facts = factsOf(text('docs-catastrophic-failure-node04-forced-quorum.json'));
    expect(decide({ ...facts, quorum: 'HEALTHY' }).health.forcedQuorumSplit).toBeUndefined();
  });
});
