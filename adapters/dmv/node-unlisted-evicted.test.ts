import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { forcedFailover, plannedFailover } from '../../core/failover/failover.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * Microsoft SQL Server Journey blog, "Why the registry size can cause problems with your SQL 2012
 * AlwaysOn/Failover Cluster setup" (blogs.msdn.microsoft.com/sqljourney, 2012-10-25): "one of the
 * cluster nodes in an AlwaysOn environment became unstable, and the administrators ended up
 * evicting the node from the Windows cluster as an emergency measure ... The AG was showing online
 * in the Failover Cluster Manager, but in SQL Server Management studio, the database in the AG was
 * in 'Not Synchronizing\Recovery Pending' state." The secondary's error log: "The state of the
 * local availability replica in availability group 'PST TEST' has changed from 'NOT_AVAILABLE' to
 * 'RESOLVING_NORMAL'", then "... is preparing to transition to the primary role in response to a
 * request from the Windows Server Failover Clustering (WSFC) cluster".
 *
 * The fixture is that replica's snapshot (named NODE2; the evicted primary NODE1): group 'PST
 * TEST', database 'Test' RECOVERY_PENDING, SQL Server 2012, the cluster's one remaining node.
 * Names of the servers, ids, modes and settings are placeholders; LSNs, readiness and the local
 * operational state are left NULL. sys.dm_hadr_cluster_members (S185) lists "all nodes in the
 * cluster", a node that is down as down: NODE1's node, evicted, is not listed.
 */
const text = readFileSync(
  new URL('./fixtures/blog-sqljourney-node-evicted-recovery-pending.json', import.meta.url),
  'utf8',
);
const MEMBER = 'sys.dm_hadr_cluster_members.member_state_desc';

const stateReason = (snapshot: string) =>
  forcedFailover(factsOf(snapshot), 'NODE1').reasons.find((r) => r.code === 'TARGET_STATE_UNKNOWN');

describe('a replica whose node was evicted from the cluster', () => {
  it('leaves whether NODE1 runs unknown, not settled by the view that does not list its node', () => {
    const reason = stateReason(text);
    expect(reason?.message).toContain(
      "sys.dm_hadr_cluster_members lists every node of the cluster, and not NODE1's",
    );
    expect(reason?.settledBy).toEqual([
      'sys.dm_hadr_availability_replica_states.operational_state_desc (a snapshot taken on NODE1)',
    ]);
    const planned = plannedFailover(factsOf(text), 'NODE1');
    expect(planned.status).toBe('refused');
    expect(planned.reasons.flatMap((r) => r.settledBy ?? [])).not.toContain(MEMBER);
    expect(forcedFailover(factsOf(text), 'NODE1').status).toBe('unknown');
  });

  it('still names member_state_desc where the snapshot lacks the view, or the view has no node rows', () => {
    const raw = JSON.parse(text) as JsonSnapshot;
    delete raw['sys.dm_hadr_cluster_members'];
    expect(stateReason(JSON.stringify(raw))?.settledBy).toContain(MEMBER);
    // "If the WSFC node has no quorum, no rows are returned."
    const empty = JSON.parse(text) as JsonSnapshot;
    empty['sys.dm_hadr_cluster_members'] = [];
    expect(stateReason(JSON.stringify(empty))?.settledBy).toContain(MEMBER);
  });

  it('does not name it for the RESUME of a suspended copy there either', () => {
    // Once the primary's copy is ONLINE, a copy suspended on NODE1 is offered a RESUME.
    const raw = JSON.parse(text) as JsonSnapshot;
    const primary = rowsOf(raw, 'sys.dm_hadr_database_replica_states').find(
      (r) => r.replica_id === '5A0C2012-0002-4B00-8000-0000000000C1',
    )!;
    primary.database_state_desc = 'ONLINE';
    const row = rowsOf(raw, 'sys.dm_hadr_database_replica_states').find(
      (r) => r.replica_id === '5A0C2012-0001-4B00-8000-0000000000C1',
    )!;
    row.is_suspended = true;
    row.suspend_reason_desc = 'SUSPEND_FROM_USER';
    const resume = decide(factsOf(JSON.stringify(raw))).actions.find(
      (a) => a.event.type === 'db.resume',
    );
    const unknown = resume?.why.find((r) => r.code === 'RESUME_REPLICA_STATE_UNKNOWN');
    expect(unknown?.message).toContain('does not list its node');
    expect(unknown?.settledBy?.some((s) => s.includes('member_state_desc'))).toBe(false);
  });
});
