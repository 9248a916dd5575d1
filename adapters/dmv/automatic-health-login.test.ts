import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automaticHealthLogin } from '../../core/decide/automatic-health-login.js';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * sharedderrick.blogspot.com, "[SQL Server] AlwaysOn, Error 41131, failover failed" (2017-07-15,
 * SQL Server 2012 and 2014): a failover of the availability group AGDBG01 fails with "Msg 41131,
 * Level 16, State 0, Line 2 Failed to bring availability group 'AGDBG01' online. The operation
 * timed out. Verify that the local Windows Server Failover Clustering (WSFC) node is online", and
 * the cause may be the [NT AUTHORITY\SYSTEM] login lacking Alter Any Availability Group, Connect
 * SQL and View server state; that login is the one Always On health detection uses, so without
 * them health detection cannot start and the group cannot fail over. 'Error 41131 when creating
 * availability group' (KB2847723) gives the same cause. 'Troubleshooting automatic failover
 * problems' (KB2833707, S317), Case 2: "If the NT AUTHORITY\SYSTEM login account lacks any of these
 * permissions on the automatic failover partner (the secondary replica), then SQL Server can't
 * start health detection when an automatic failover occurs. Therefore, the secondary replica can't
 * transition to the primary role."
 *
 * The fixture is AGDBG01 before that failover, on its primary (SQL Server 2014): two synchronous
 * replicas with automatic failover, DBG01 SYNCHRONIZED and failover ready on both. Replica, node,
 * cluster and database names, ids and endpoints are invented; the post gives only the group's name.
 */
const read = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('the automatic failover partner and its health-detection login (S317, Case 2)', () => {
  const d = decide(read('blog-41131-failover-system-login-primary.json'));

  it('keeps SQLAG02 as the automatic target, beside an unknown naming the login no view shows', () => {
    expect(d.failover.automaticTarget).toBe('SQLAG02');
    const login = d.failover.automaticHealthLogin;
    expect(login?.code).toBe('AUTOMATIC_HEALTH_LOGIN_UNKNOWN');
    expect(login?.message).toContain('NT AUTHORITY\\SYSTEM');
    expect(login?.message).toContain('Msg 41131');
    expect(login?.rule.section).toBe(
      'Case 2: Insufficient NT Authority\\SYSTEM account permissions',
    );
    expect(login?.settledBy).toEqual([
      'sys.server_permissions of the login NT AUTHORITY\\SYSTEM on SQLAG02 (ALTER ANY AVAILABILITY GROUP, CONNECT SQL and VIEW SERVER STATE)',
      'the cluster log (Get-ClusterLog) on the node of SQLAG02: "Failed to run diagnostics command. The user does not have permission to perform this action."',
    ]);
    const sqlag02 = d.failover.targets.find((t) => t.replica === 'SQLAG02')!;
    expect(sqlag02.automatic.status).toBe('allowed');
    expect(sqlag02.planned.status).toBe('allowed');
  });

  it('is not given without an automatic target, nor under a cluster manager of its own', () => {
    // KB2833707's Case 1 snapshot: no primary, no automatic target.
    expect(
      decide(read('kb2833707-threshold-resolving.json')).failover.automaticHealthLogin,
    ).toBeUndefined();
    // The same group under CLUSTER_TYPE = EXTERNAL or NONE: Pacemaker logs in with a login of
    // its own, and without a cluster nothing fails over by itself.
    const facts = read('blog-41131-failover-system-login-primary.json');
    expect(automaticHealthLogin(facts, ['SQLAG02'])).not.toBeNull();
    for (const clusterType of ['EXTERNAL', 'NONE'] as const)
      expect(
        automaticHealthLogin({ ...facts, config: { ...facts.config, clusterType } }, ['SQLAG02']),
      ).toBeNull();
  });
});
