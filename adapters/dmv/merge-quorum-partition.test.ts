import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * dba.stackexchange.com q/337973, "How to handle primary site cluster if there is a network issue due
 * to which I invoke forced failover to DR site", read in askoverflow.dev's Portuguese mirror
 * (askoverflow.dev/pt/dba/question/337973), the quotes translated back: "AG in a 4 node
 * cluster, with 2 nodes in the primary site and 2 nodes in the DR site, 1 cloud witness. Failover
 * mode is manual." "Case 1: the primary has quorum, since it can still talk to the cloud witness
 * ... SQL is still running at the primary site and thinks it is the primary." "Case 2: the primary
 * cannot communicate with the cloud witness and has lost quorum." "Now I connect to one of the DR
 * nodes and invoke a forced manual failover." sys.dm_hadr_cluster (S107): "If the WSFC node has no
 * quorum, no row is returned": each snapshot shows its own node's quorum, and a node without it
 * lists only its own replica (S32). The fixtures are each side's snapshot (names, database and LSNs
 * invented).
 */
const fixture = (name: string): ClusterFacts =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const primarySide = { source: 'node1', facts: fixture('qa-split-site-primary-kept-quorum.json') };
const cutOff = { source: 'node3', facts: fixture('qa-split-site-dr-node-cut-off.json') };
const forced = { source: 'node3', facts: fixture('qa-split-site-dr-forced-primary.json') };
const oldPrimary = { source: 'node1', facts: fixture('qa-split-site-old-primary-no-quorum.json') };

describe('a DR node cut off without quorum beside the primary that kept it (Case 1)', () => {
  it('merged in either order, the group keeps the primary side quorum: commits and the listener go on', () => {
    for (const merged of [mergeFacts(primarySide, cutOff), mergeFacts(cutOff, primarySide)]) {
      expect(merged.facts.quorum).toBe('HEALTHY');
      expect(merged.findings.find((f) => f.code === 'MERGE_QUORUM_DIFFERS')?.message).toContain(
        "the primary NODE1's side has HEALTHY",
      );
      const d = decide(merged.facts);
      expect(d.commit[0]).toMatchObject({
        acknowledgement: 'afterHardening',
        mustHarden: ['NODE2'],
      });
      expect(d.routing.readWrite).toMatchObject({ outcome: 'connected', replica: 'NODE1' });
    }
  });

  it('the cut-off node is no failover target, even where no snapshot lists the nodes', () => {
    const { 'sys.dm_hadr_cluster_members': _, ...rest } = JSON.parse(
      readFileSync(
        new URL('./fixtures/qa-split-site-primary-kept-quorum.json', import.meta.url),
        'utf8',
      ),
    ) as Record<string, unknown>;
    const noMembers = { source: 'node1', facts: factsOf(JSON.stringify(rest)) };
    const node3 = decide(mergeFacts(noMembers, cutOff).facts).failover.targets.find(
      (t) => t.replica === 'NODE3',
    )!;
    expect(node3.forced.status).toBe('refused');
    expect(node3.forced.reasons.map((r) => r.code)).toContain('TARGET_NODE_DOWN');
  });
});

describe('the DR side forced quorum and failed over while the old primary lost quorum (Case 2)', () => {
  it('merged in either order, the new primary runs under FORCED quorum and takes commits', () => {
    for (const merged of [mergeFacts(forced, oldPrimary), mergeFacts(oldPrimary, forced)]) {
      expect(merged.facts.primary).toBe('NODE3');
      expect(merged.facts.quorum).toBe('FORCED');
      expect(merged.findings.map((f) => f.code)).toContain('MERGE_SECONDARY_AHEAD');
      const d = decide(merged.facts);
      expect(d.commit[0]?.acknowledgement).toBe('immediately');
      expect(d.routing.readWrite).toMatchObject({ outcome: 'connected', replica: 'NODE3' });
      const node4 = d.failover.targets.find((t) => t.replica === 'NODE4')!;
      expect(node4.forced.status).toBe('allowed');
    }
  });
});

/*
 * Case 1 and Case 2 at once: the primary site kept quorum and NODE1 the primary role, while the DR
 * side forced quorum and NODE3 took it. Each side's sys.dm_hadr_cluster_members shows the other
 * side's nodes DOWN, and each node has quorum in its own snapshot (S107): a partition, not a node
 * down. NODE1 and NODE3 each hold the PRIMARY role where they run, and a failover runs on a
 * secondary (S3); what a forced failover loses is what the other side committed since they split
 * (S44), which no failover-ready mark measures.
 */
describe('both sides of the partition, each with a primary of its own (split brain)', () => {
  it('no node is DOWN for the merged group: each is left unknown, saying why', () => {
    for (const merged of [mergeFacts(primarySide, forced), mergeFacts(forced, primarySide)]) {
      expect(merged.facts.replicas.map((r) => [r.name, r.nodeDown])).toEqual([
        ['NODE1', null],
        ['NODE2', null],
        ['NODE3', null],
        ['NODE4', null],
      ]);
      expect(merged.findings.filter((f) => f.code === 'MERGE_NODE_STATE_DIFFERS')).toHaveLength(4);
      const targets = decide(merged.facts).failover.targets;
      const codes = targets.flatMap((t) =>
        [t.automatic, t.planned, t.forced].flatMap((v) => v.reasons.map((r) => r.code)),
      );
      expect(codes).not.toContain('TARGET_NODE_DOWN');
      for (const claimant of ['NODE1', 'NODE3']) {
        const t = targets.find((x) => x.replica === claimant)!;
        expect(t.forced.status).toBe('refused');
        expect(t.forced.reasons.map((r) => r.code)).toEqual(['TARGET_IS_PRIMARY']);
      }
    }
  });

  it('a forced failover to NODE2, marked failover ready against NODE1, loses an unknown amount', () => {
    const node2 = decide(mergeFacts(primarySide, forced).facts).failover.targets.find(
      (t) => t.replica === 'NODE2',
    )!;
    expect(node2.forcedLoss[0]?.extent).toBe('unknown');
    expect(node2.forcedLoss[0]?.reasons.map((r) => r.code)).toEqual([
      'LOSS_SPLIT_PRIMARIES_UNKNOWN',
    ]);
    const estimate = node2.estimates.databases[0]!;
    expect(estimate.dataLossSeconds).toBeNull();
    expect(estimate.reasons.map((r) => r.code)).toContain('RPO_SPLIT_PRIMARIES_UNKNOWN');
  });
});
