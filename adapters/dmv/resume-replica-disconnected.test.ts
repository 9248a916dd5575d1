import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { isUnknownReason } from '../../core/model/source.js';
import { factsOf } from './test-support.js';

/*
 * A DR runbook in a public repository (KellyMagnierSCC/DRPlaybooks, FRS_Failover.md, S154): the
 * group SFRS_AG on primary nodes ODC1-SQL-13 and ODC1-SQL-14 ("Synchronous on primary nodes") and
 * the DR node ODC2-SQL-13 ("Async Replica, NodeWeight = 0"), file share witness; when "Primary site
 * is fully down or unreachable", "Start-ClusterNode -Name ODC2-SQL-13 -FixQuorum", fail the group
 * over to ODC2-SQL-13, then "Validate Availability Group and Database Health" there. The fixture is
 * that snapshot, on ODC2-SQL-13: quorum forced, the ODC1 replicas DISCONNECTED, their copies
 * suspended by the forced failover (SUSPEND_FROM_PARTNER, "The secondary databases in the remaining
 * secondary replicas are suspended and must be manually resumed", S44), not yet acknowledged
 * (is_pending_secondary_suspend = 1). Database name, version, ids and LSNs are invented.
 *
 * 'Resume an availability database' (S67), Prerequisites: "You must be connected to the server
 * instance that hosts the database to be resumed"; S44's example, Returning the Availability Group
 * to its Original Topology, step 1: "The nodes in the main data center come back online and
 * re-establish communication with the WSFC cluster. Their availability replicas come online as
 * secondary replicas with suspended databases, and the DBA will need to manually resume each of
 * these databases soon."
 */
const text = readFileSync(
  new URL('./fixtures/runbook-drplaybooks-dr-primary-site-down.json', import.meta.url),
  'utf8',
);
const resumes = (facts: ReturnType<typeof factsOf>) =>
  decide(facts).actions.filter((a) => a.event.type === 'db.resume');

describe('a RESUME on a secondary the primary shows DISCONNECTED after a forced failover', () => {
  it('is offered with whether its instance runs unknown, naming what settles it', () => {
    const actions = resumes(factsOf(text));
    expect(actions.map((a) => a.event)).toEqual([
      { type: 'db.resume', replica: 'ODC1-SQL-13', database: 'FRSDB' },
      { type: 'db.resume', replica: 'ODC1-SQL-14', database: 'FRSDB' },
    ]);
    for (const a of actions) {
      // The copies' LSNs are not shown either: what resuming rolls back is unknown too.
      expect(a.why.map((r) => r.code)).toEqual([
        'RESUME_SUSPENDED',
        'RESUME_ROLLBACK_UNKNOWN',
        'RESUME_REPLICA_STATE_UNKNOWN',
      ]);
      const unknown = a.why[2]!;
      expect(isUnknownReason(unknown)).toBe(true);
      expect(unknown.message).toContain('is DISCONNECTED from the primary ODC2-SQL-13');
      expect(unknown.message).toContain('You must be connected to the server instance');
      expect(unknown.message).toContain(
        'come online as secondary replicas with suspended databases',
      );
      expect(unknown.settledBy?.join('; ')).toContain('operational_state_desc');
      expect(unknown.settledBy?.join('; ')).toContain(
        'sys.dm_hadr_cluster_members.member_state_desc',
      );
    }
  });

  it('names the node DOWN where the cluster shows it, and not the column that showed it', () => {
    const snapshot = JSON.parse(text);
    snapshot['sys.dm_hadr_cluster_members'] = [
      {
        member_name: 'ODC1-SQL-13',
        member_type_desc: 'CLUSTER_NODE',
        member_state_desc: 'DOWN',
        number_of_quorum_votes: 1,
      },
      {
        member_name: 'ODC1-SQL-14',
        member_type_desc: 'CLUSTER_NODE',
        member_state_desc: 'UP',
        number_of_quorum_votes: 1,
      },
      {
        member_name: 'ODC2-SQL-13',
        member_type_desc: 'CLUSTER_NODE',
        member_state_desc: 'UP',
        number_of_quorum_votes: 0,
      },
    ];
    const [sql13, sql14] = resumes(factsOf(JSON.stringify(snapshot)));
    const state = (a: typeof sql13) =>
      a!.why.find((r) => r.code === 'RESUME_REPLICA_STATE_UNKNOWN')!;
    expect(state(sql13).message).toContain('its node is DOWN in the cluster');
    expect(state(sql13).settledBy?.join('; ')).not.toContain('member_state_desc');
    expect(state(sql14).message).not.toContain('DOWN');
  });

  it('adds nothing once the primary shows the replica CONNECTED (it runs)', () => {
    const snapshot = JSON.parse(text);
    for (const r of snapshot['sys.dm_hadr_availability_replica_states'])
      if (!r.is_local)
        Object.assign(r, { role_desc: 'SECONDARY', connected_state_desc: 'CONNECTED' });
    for (const a of resumes(factsOf(JSON.stringify(snapshot))))
      expect(a.why.map((r) => r.code)).toEqual(['RESUME_SUSPENDED', 'RESUME_ROLLBACK_UNKNOWN']);
  });
});
