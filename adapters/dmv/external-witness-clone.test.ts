import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { automaticFailover } from '../../core/failover/failover.js';
import { factsOf } from './test-support.js';

/*
 * microsoft/mssql-server-ha issue #10 (also ClusterLabs/PAF issue #236), "Pacemaker not able to
 * promote node in a 3 node (2 node sync +1 config replica)" (S177): `pcs status` shows "Online:
 * [ primarynode secondarynode witnessnode ]" and the ag clone set with "Promoted: [ primarynode ]
 * Unpromoted: [ secondarynode ]", no instance on witnessnode; "When I try to simulate a failover
 * using pcs standby node, I get an error saying that Not enough replicas to promote SecondaryNode.
 * Need 2 but have 1. But I can see that there are 2 replicas. I sync + 1 configuration replica."
 * The agent counts the sequence numbers its clone instances write on the pre-promote notification
 * (ag/ag; ag-helper: "Not enough replicas are online to safely promote this replica: need %d but
 * have %d"). The snapshot: the primary's, every replica CONNECTED, db1 SYNCHRONIZED; the group
 * name (from the resource ag_vetter), version, ids and database are placeholders.
 */
const text = readFileSync(
  new URL('./fixtures/issue-mssql-server-ha-10-witness-primary.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a Pacemaker group whose promotion count needs its configuration-only replica (S177)', () => {
  const facts = factsOf(text);

  it('leaves automatic failover unknown, settled by the clone set in pcs status', () => {
    const t = decide(facts, { target: 'secondarynode' }).failover.targets[0]!;
    expect(t.automatic.status).toBe('unknown');
    const why = t.automatic.reasons.find((r) => r.code === 'EXTERNAL_WITNESS_CLONE_UNKNOWN')!;
    expect(why.message).toContain('witnessnode');
    expect(why.settledBy?.[0]).toContain('pcs status');
    expect(why.settledBy?.[0]).toContain('witnessnode');
  });

  it('keeps the planned failover: a pcs move leaves the demoted primary to answer, 2 of 3', () => {
    const t = decide(facts, { target: 'secondarynode' }).failover.targets[0]!;
    expect(t.planned.status).toBe('allowed');
    expect(codes(t.planned.reasons)).not.toContain('EXTERNAL_WITNESS_CLONE_UNKNOWN');
  });

  it('is not asked of a simulated cluster, whose agent runs on every node', () => {
    const v = automaticFailover({ ...facts, logs: [] }, 'secondarynode');
    expect(codes(v.reasons)).not.toContain('EXTERNAL_WITNESS_CLONE_UNKNOWN');
  });

  it('is not asked where synchronous-commit replicas reach the count alone', () => {
    const three = factsOf(
      readFileSync(new URL('./fixtures/linux-external-three-sync.json', import.meta.url), 'utf8'),
    );
    for (const t of decide(three).failover.targets)
      expect(codes(t.automatic.reasons)).not.toContain('EXTERNAL_WITNESS_CLONE_UNKNOWN');
  });
});
