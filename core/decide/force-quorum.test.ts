import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { Driver } from '../cluster/test-support.js';
import { decodeConfig } from '../model/decode.js';
import { recommendedActions } from './actions.js';

/**
 * "WSFC Disaster Recovery through Forced Quorum (SQL Server)" (S124, MicrosoftDocs/sql-docs
 * docs/sql-server/failover-clusters/windows/wsfc-disaster-recovery-through-forced-quorum-sql-server.md):
 * "Manual intervention is required to recovery from a quorum failure"; step 2, "Start the WSFC
 * cluster by using forced quorum on a single node ... To minimize potential data loss, select a
 * node that was last hosting an availability group primary replica." "Perform a forced manual
 * failover" (S44): "you can avoid data loss, if you are able to force failover on the server
 * instance that was hosting the replica that was the primary replica before you forced quorum or
 * to a secondary replica that was synchronized before you forced quorum."
 *
 * The input: the multi-site group of the AlwaysOn Professional blog, "Manual Failover of
 * Availability Group to Disaster Recovery site in Multi-Site Cluster" (2014-03-04): "two nodes in
 * the cluster at the primary data center ... and a third node at a remote data center"; "With the
 * failure of the primary data center, quorum will be lost. In order to bring the cluster service up
 * on the remote node, then quorum must be forced". Before the fix, "What you can do now" said
 * "nothing to do" in both states below.
 */
const config = () => {
  const c = decodeConfig({
    name: 'SalesAG',
    version: 2019,
    clusterType: 'WSFC',
    databases: ['Sales'],
    replicas: [
      ['SQLNODE1', 'SYNCHRONOUS_COMMIT', 'AUTOMATIC'],
      ['SQLNODE2', 'SYNCHRONOUS_COMMIT', 'AUTOMATIC'],
      ['SQLNODE3', 'ASYNCHRONOUS_COMMIT', 'MANUAL'],
    ].map(([name, availabilityMode, failoverMode]) => ({
      name,
      endpointUrl: `TCP://${name?.toLowerCase()}:5022`,
      availabilityMode,
      failoverMode,
    })),
  });
  if (E.isLeft(c)) throw new Error('bad config');
  return c.right;
};

/** Commits hardened on SQLNODE2 and not yet sent to the DR replica SQLNODE3. */
const drBehind = () => {
  const d = new Driver(config());
  d.do({ type: 'db.commit', database: 'Sales', count: 3 });
  d.do({ type: 'log.ship', replica: 'SQLNODE2' });
  d.do({ type: 'log.harden', replica: 'SQLNODE2' });
  return d;
};

const forceQuorum = (d: Driver) =>
  recommendedActions(d.facts()).flatMap((a) =>
    a.event.type === 'quorum.force'
      ? [{ replica: a.event.replica, codes: a.why.map((r) => r.code) }]
      : [],
  );

describe('quorum lost: force quorum on one node, then force the failover there (S124, S44)', () => {
  it('every instance running: on the nodes whose copies are all failover ready, not on the DR replica', () => {
    const d = drBehind();
    d.do({ type: 'quorum.lost' });
    expect(forceQuorum(d)).toEqual([
      { replica: 'SQLNODE1', codes: ['FORCE_QUORUM'] },
      { replica: 'SQLNODE2', codes: ['FORCE_QUORUM'] },
    ]);
  });

  it('the primary data centre lost: on the DR node, saying what it lacks', () => {
    const d = drBehind();
    d.do({ type: 'replica.crash', replica: 'SQLNODE1' });
    d.do({ type: 'replica.crash', replica: 'SQLNODE2' });
    d.do({ type: 'quorum.lost' });
    const offered = forceQuorum(d);
    expect(offered).toEqual([{ replica: 'SQLNODE3', codes: ['FORCE_QUORUM_DATA_LOSS'] }]);
    const why = recommendedActions(d.facts()).find((a) => a.event.type === 'quorum.force')?.why;
    expect(why?.[0]?.message).toContain('Sales');
    expect(why?.[0]?.rule.document).toBe(
      'WSFC Disaster Recovery through Forced Quorum (SQL Server)',
    );
  });

  it('each one the step accepts, and then the forced failover there is offered', () => {
    const d = drBehind();
    d.do({ type: 'quorum.lost' });
    d.do({ type: 'quorum.force', replica: 'SQLNODE1' });
    const after = recommendedActions(d.facts()).map((a) => a.event);
    expect(after).toContainEqual({ type: 'ag.forceFailover', target: 'SQLNODE1' });
    expect(after.some((e) => e.type === 'quorum.force')).toBe(false);
  });

  it('nothing while the cluster has quorum', () => {
    expect(forceQuorum(drBehind())).toEqual([]);
  });
});

describe('quorum lost, seen from a node that shows no database (S124)', () => {
  it('the loss is unknown, settled by is_failover_ready, never "no loss"', () => {
    const d = new Driver({ ...config(), databases: [] });
    d.do({ type: 'quorum.lost' });
    const actions = recommendedActions(d.facts()).filter((a) => a.event.type === 'quorum.force');
    expect(actions.map((a) => a.why.map((r) => r.code))).toEqual([
      ['FORCE_QUORUM_READINESS_UNKNOWN'],
      ['FORCE_QUORUM_READINESS_UNKNOWN'],
      ['FORCE_QUORUM_READINESS_UNKNOWN'],
    ]);
    expect(actions[0]?.why[0]?.settledBy).toEqual([
      'sys.dm_hadr_database_replica_cluster_states.is_failover_ready',
    ]);
  });
});
