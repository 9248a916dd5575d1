import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { forcedFailover } from '../../core/failover/failover.js';
import { isUnknownReason, type Reason } from '../../core/model/source.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "Troubleshoot Always On Availability Groups failover" (S293), Symptoms and effects: on a health
 * event "Windows Cluster marks the availability group clustered resource as failed", then "tries
 * to bring the availability group role back online (on original or automatic failover partner
 * replica)"; "The period during which the availability group is in the Resolving role before it
 * comes back online in the primary role typically last only a few seconds". dba.stackexchange.com
 * q/249171 (fixture dbase-lease-timeout-five-nodes.json, the old primary NODE1's snapshot after
 * error 19407, all five nodes UP): "primary role changed to resolving", then "It took around 1
 * minute for the availability group to come back online automatically on the same node". Forcing
 * NODE2 meanwhile takes the role from under the cluster's own recovery; the forced verdict said
 * nothing of it. KB2833707 Case 1 (fixture kb2833707-threshold-resolving.json, the partner SQL2
 * RESOLVING): past the failover threshold "it should remain in the failed state", found by the
 * cluster log's failoverCount "greater than the computedFailoverThreshold" (with a database not
 * failover ready there, kb2833707-case3-one-database-not-ready.json, the forced failover is the
 * action offered). A snapshot shows
 * neither, so the forced failover carries the unknown, naming what settles it.
 */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const lease = fixture('dbase-lease-timeout-five-nodes.json');
const threshold = fixture('kb2833707-threshold-resolving.json');
const recovery = (reasons: readonly Reason[]) =>
  reasons.filter((r) => r.code === 'FORCE_CLUSTER_RECOVERY_UNKNOWN');

describe('a forced failover while the cluster may still bring the role back online (S293)', () => {
  it('on the old primary NODE1 after 19407: forcing NODE2 names NODE1, whose node is UP', () => {
    const verdict = forcedFailover(factsOf(lease), 'NODE2');
    const [r] = recovery(verdict.reasons);
    expect(r).toBeDefined();
    expect(isUnknownReason(r!)).toBe(true);
    expect(r!.message).toContain('the nodes of NODE1 are UP in the cluster');
    expect(r!.message).toContain('on original or automatic failover partner replica');
    expect(r!.rule.document).toBe('Troubleshoot Always On Availability Groups failover');
    expect(r!.settledBy?.[2]).toContain('failoverCount against computedFailoverThreshold');
  });

  it('on the partner left RESOLVING, one database not ready: the forced action carries it too', () => {
    // Case 1's snapshot with a second database not failover ready on SQL2 (KB2833707 Case 3).
    const d = decide(factsOf(fixture('kb2833707-case3-one-database-not-ready.json')));
    const force = d.actions.find((a) => a.event.type === 'ag.forceFailover');
    expect(force?.event).toEqual({ type: 'ag.forceFailover', target: 'SQL2' });
    expect(recovery(force!.why).map((r) => r.message)).toEqual([
      expect.stringContaining('the nodes of SQL1, SQL3 are UP in the cluster'),
    ]);
  });

  it('tells the replicas apart by where the cluster can bring the role back (S347)', () => {
    // 'SQL Server manages Preferred and Possible Owner Properties for AlwaysOn Availability
    // Group/Role' (SQL Server Support blog, Feb 28, 2014): "The current primary replica is always
    // set as the availability group resource's Possible Owner", and "When two replicas are
    // configured for AUTOMATIC failover mode (limit is two replicas), both replicas (primary and
    // failover partner) are selected as Possible Owners and Preferred Owners". KB2833707 Case 1's
    // SQL3 (asynchronous, FAILOVER_MODE MANUAL) is one only if it held the primary role itself;
    // before, the reason named it beside SQL1 as if the cluster could bring the role back there too.
    const facts = factsOf(threshold);
    const [toSql1] = recovery(forcedFailover(facts, 'SQL1').reasons);
    expect(toSql1!.message).toContain('the nodes of SQL2, SQL3 are UP in the cluster');
    expect(toSql1!.message).toContain(
      'SQL2 (FAILOVER_MODE AUTOMATIC) if it held the role or its automatic failover partner did; SQL3 (FAILOVER_MODE MANUAL) only if it held the role itself',
    );
    const [toSql3] = recovery(forcedFailover(facts, 'SQL3').reasons);
    expect(toSql3!.message).toContain(
      'SQL1, SQL2 (FAILOVER_MODE AUTOMATIC) each if it held the role or its automatic failover partner did.',
    );
    expect(toSql3!.message).not.toContain('MANUAL');
    expect(toSql3!.settledBy).toContain(
      "Get-ClusterResource <the group's resource> | Get-ClusterOwnerNode: its possible owners, the nodes the cluster can bring the role back on",
    );
  });

  it('not where the other replicas are on nodes DOWN, nor without the member rows', () => {
    const down = JSON.parse(threshold) as JsonSnapshot;
    for (const m of rowsOf(down, 'sys.dm_hadr_cluster_members'))
      if (m.member_name !== 'SQL2') m.member_state_desc = 'DOWN';
    expect(recovery(forcedFailover(factsOf(JSON.stringify(down)), 'SQL2').reasons)).toEqual([]);
    const unlisted = JSON.parse(threshold) as JsonSnapshot;
    delete unlisted['sys.dm_hadr_cluster_members'];
    expect(recovery(forcedFailover(factsOf(JSON.stringify(unlisted)), 'SQL2').reasons)).toEqual([]);
  });
});
