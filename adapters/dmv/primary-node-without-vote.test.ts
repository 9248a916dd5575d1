import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * A DR runbook in a public repository (KellyMagnierSCC/DRPlaybooks, FRS_Failover.md, S154): primary
 * nodes ODC1-SQL-13 and ODC1-SQL-14, the DR node ODC2-SQL-13 "(Async Replica, NodeWeight = 0)", a
 * file share witness; when "Primary site is fully down or unreachable", "Start-ClusterNode -Name
 * ODC2-SQL-13 -FixQuorum" and the group is failed over there. The fixture is
 * runbook-drplaybooks-dr-primary-site-down.json with the sys.dm_hadr_cluster_members rows a DBA
 * sees then: the two ODC1 nodes DOWN with their votes, ODC2-SQL-13 UP with none, the witness DOWN
 * with the primary site (its path and its site invented; the runbook names neither).
 *
 * "Perform a forced manual failover" (S44), Follow Up step 1: after a failover outside the
 * automatic failover set, "adjust the quorum votes of the WSFC nodes to reflect your new
 * availability group configuration". AlwaysOn Professional blog, "Manual Failover of Availability
 * Group to Disaster Recovery site in Multi-Site Cluster" (S237): "it is common to remove the quorum
 * vote for that node"; "If the remote node does not have a vote, then it will need to be configured
 * to have a vote", then "remove the votes of the two nodes in the primary datacenter". Before,
 * decide on this snapshot said nothing of the votes.
 */
const text = () =>
  readFileSync(
    new URL('./fixtures/runbook-drplaybooks-dr-primary-no-vote.json', import.meta.url),
    'utf8',
  );

describe('the DR node made primary while it has no quorum vote (S154, S237)', () => {
  it('says to give its node a vote, naming the members that hold them', () => {
    const v = decide(factsOf(text())).health.quorumVotes;
    expect(v?.code).toBe('ADJUST_QUORUM_VOTES');
    expect(v?.message).toContain(
      'the primary ODC2-SQL-13 runs on ODC2-SQL-13, which has no quorum vote (sys.dm_hadr_cluster_members.number_of_quorum_votes 0)',
    );
    expect(v?.message).toContain('(Get-ClusterNode -Name ODC2-SQL-13).NodeWeight = 1');
    expect(v?.message).toContain(
      'the votes are now held by ODC1-SQL-13 (DOWN), ODC1-SQL-14 (DOWN), \\\\ODC1-FS01\\ClusterWitness (DOWN)',
    );
    expect(v?.rule.document).toBe(
      'AlwaysOn Professional blog (2014-03-04): Manual Failover of Availability Group to Disaster Recovery site in Multi-Site Cluster',
    );
  });

  it('says nothing once the node has its vote', () => {
    const s = JSON.parse(text()) as JsonSnapshot;
    const dr = rowsOf(s, 'sys.dm_hadr_cluster_members').find(
      (m) => m.member_name === 'ODC2-SQL-13',
    )!;
    dr.number_of_quorum_votes = 1;
    expect(decide(factsOf(JSON.stringify(s))).health.quorumVotes).toBeUndefined();
  });

  it('claims nothing where the snapshot leaves the members out', () => {
    const s = JSON.parse(text()) as JsonSnapshot;
    delete s['sys.dm_hadr_cluster_members'];
    expect(decide(factsOf(JSON.stringify(s))).health.quorumVotes).toBeUndefined();
  });
});
