import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * dba.stackexchange.com q/337973 (read in askoverflow.dev's Portuguese mirror, quotes translated
 * back): "AG in a 4 node cluster, with 2 nodes in the primary site and 2 nodes in the DR site, 1
 * cloud witness"; "Case 2: the primary cannot communicate with the cloud witness and has lost
 * quorum", before anything is forced: the DBA has NODE1's snapshot (the old primary, RESOLVING) and
 * NODE3's on the DR site (RESOLVING too), neither with quorum. sys.availability_replicas (S32): "If
 * the local server instance can't connect to the WSFC failover cluster, for example because the
 * cluster is down or quorum is lost, sys.availability_replicas returns only rows for local
 * availability replicas": each catalog is one part of the group's.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const node1 = { source: 'node1', facts: fixture('qa-split-site-old-primary-no-quorum.json') };
const node3 = { source: 'node3', facts: fixture('qa-split-site-dr-node-cut-off.json') };
const primary = { source: 'node1', facts: fixture('qa-split-site-primary-kept-quorum.json') };

describe('snapshots of nodes without quorum, each listing only its own replica (S32)', () => {
  it('merged in either order, the group has both replicas and no configuration finding', () => {
    for (const merged of [mergeFacts(node1, node3), mergeFacts(node3, node1)]) {
      expect(merged.facts.config.replicas.map((r) => r.name).sort()).toEqual(['NODE1', 'NODE3']);
      expect(merged.findings.map((f) => f.code)).not.toContain('MERGE_CONFIG_DIFFERS');
      const d = decide(merged.facts);
      const node3Target = d.failover.targets.find((t) => t.replica === 'NODE3');
      expect(node3Target?.forced.reasons.map((r) => r.code)).toEqual(['QUORUM_LOST']);
      expect(d.readiness.map((r) => r.replica).sort()).toEqual(['NODE1', 'NODE3']);
    }
  });

  it('beside a snapshot with quorum, whatever the order, the full catalog is the group', () => {
    for (const merged of [mergeFacts(node3, primary), mergeFacts(primary, node3)]) {
      expect(merged.facts.config.replicas.map((r) => r.name)).toEqual([
        'NODE1',
        'NODE2',
        'NODE3',
        'NODE4',
      ]);
      expect(merged.findings.map((f) => f.code)).not.toContain('MERGE_CONFIG_DIFFERS');
    }
  });
});
