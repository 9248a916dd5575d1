import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * "Having a problem with nodes being removed from active failover cluster membership" (S65,
 * Microsoft support, event 1135): "This event is logged on all nodes in the Cluster except for the
 * node that was removed. The reason for this event is because one of the nodes in the Cluster
 * marked that node as down", after missed heartbeats ("a limit of five failures in 5 seconds
 * before the connection is marked down"): the node may be running, its network cut. The snapshot
 * is taken on the primary SQL1 after SQL2 was removed: SQL2 DOWN in sys.dm_hadr_cluster_members,
 * DISCONNECTED, db1 NOT SYNCHRONIZING. Names, LSNs and the third replica are invented.
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/kb-node-removed-from-membership.json', import.meta.url), 'utf8'),
);

describe('a secondary whose node was removed from the cluster membership (event 1135)', () => {
  const sql2 = decide(facts).failover.targets.find((t) => t.replica === 'SQL2')!;

  it('does not say its instance is stopped: the DOWN node says only that it left the cluster', () => {
    expect(facts.replicas.find((r) => r.name === 'SQL2')).toMatchObject({
      nodeDown: true,
      isUp: null,
    });
  });

  it('refuses every failover form to it, because its node is out of the cluster', () => {
    for (const form of [sql2.automatic, sql2.planned, sql2.forced]) {
      expect(form.status).toBe('refused');
      expect(form.reasons.map((r) => r.code)).toContain('TARGET_NODE_DOWN');
      expect(form.reasons.map((r) => r.code)).not.toContain('TARGET_DOWN');
    }
  });

  it('leaves a connection straight to it unknown, naming the snapshot that would settle it', () => {
    const c = connectToReplica(facts, { replica: 'SQL2', intent: 'READ_ONLY', database: 'db1' });
    expect(c.outcome).toBe('unknown');
    expect(c.reasons.map((r) => r.code)).toEqual(['UNKNOWN_INSTANCE_STATE']);
    expect(c.reasons[0]?.settledBy?.length).toBeGreaterThan(0);
  });
});
