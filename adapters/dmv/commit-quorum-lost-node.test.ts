import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * serversideos.polsia.app, "SQL Server Always On failover troubleshooting" (S136): "Primary replica was
 * unreachable. The AG had not failed over automatically. The application was down. The secondary
 * was sitting in a Resolving state ... a stale cluster DNS entry that had left the cloud witness
 * unreachable. Quorum was lost." The fixture is the secondary's own snapshot (two synchronous
 * automatic replicas, names, version and database invented): RESOLVING, sys.dm_hadr_cluster
 * captured without a row. That row shows the node's own quorum only (S107: "If the WSFC node has
 * no quorum, no row is returned"); the primary's node, with the witness, may have kept it, as the
 * primary site did in dba.stackexchange q/337973 (qa-split-site-*.json). The commit was refused.
 */
const load = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const FIXTURE = 'blog-witness-unreachable-secondary-resolving.json';

describe("a secondary's own snapshot without quorum", () => {
  it('leaves the commit unknown: the primary may run where quorum was kept', () => {
    const commit = decide(factsOf(load(FIXTURE))).commit[0];
    expect(commit?.acknowledgement).toBe('unknown');
    expect(commit?.reasons.map((r) => r.code)).toEqual([
      'QUORUM_LOST_ON_SNAPSHOT_NODE',
      'NO_PRIMARY_VIEW',
    ]);
    expect(commit?.reasons[0]?.settledBy).toEqual([
      "sys.dm_hadr_cluster.quorum_state_desc and sys.dm_hadr_availability_group_states.primary_replica on another replica's node",
    ]);
  });

  it('still refuses it where the facts name no local replica (no node to confine the loss to)', () => {
    const facts = { ...factsOf(load(FIXTURE)), localReplica: null };
    const commit = decide(facts).commit[0];
    expect(commit?.acknowledgement).toBe('refused');
    expect(commit?.reasons.map((r) => r.code)).toContain('QUORUM_LOST');
  });
});
