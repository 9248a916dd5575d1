import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * dba.stackexchange.com q/337973 (read in askoverflow.dev's Portuguese mirror, quotes translated
 * back), Case 1 after a forced failover on a DR node while the old primary kept quorum: "both sites
 * will think they have the primary SQL Server"; the answer: "the potential (though it is almost a guarantee) that the original primary has data that the
 * DR side does not have due to the split brain you forced". Merged, neither snapshot leaves the
 * primary unseen: each shows one, so an answer that needs the primary names both, not a secondary's
 * missing view (primary_replica, which both snapshots give).
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('split brain: what needs the primary names both claimants', () => {
  const node1 = { source: 'node1', facts: fixture('qa-split-site-primary-kept-quorum.json') };
  const node3 = { source: 'node3', facts: fixture('qa-split-site-dr-forced-primary.json') };

  it('commits and the log-truncation holder are unknown for the split, in either order', () => {
    for (const merged of [mergeFacts(node1, node3), mergeFacts(node3, node1)]) {
      const d = decide(merged.facts);
      expect(d.commit[0]?.acknowledgement).toBe('unknown');
      expect(d.commit[0]?.reasons.map((r) => r.code)).toEqual(['PRIMARY_SPLIT_UNKNOWN']);
      expect(d.commit[0]?.reasons[0]?.message).toMatch(/^NODE(1 and NODE3|3 and NODE1) each hold/);
      expect(d.commit[0]?.reasons[0]?.settledBy?.join()).not.toContain('primary_replica');
      expect(d.logTruncation[0]?.reasons.map((r) => r.code)).toEqual(['PRIMARY_SPLIT_UNKNOWN']);
    }
  });
});

/*
 * "Failover and failover modes" (S2), Automatic failover: "the target secondary replica transitions
 * to the primary role"; when the former primary comes back, "it becomes a secondary". Two snapshots
 * minutes apart around it: SQL1's at 10:00 (primary), SQL2's at 10:05 (primary, SQL1 not back).
 * Each names itself: the same two claims as a split brain, and the reason must not say it is one.
 */
describe('two snapshots minutes apart around an automatic failover', () => {
  const before = { source: 'sql1', facts: fixture('docs-failover-between-snapshots-before.json') };
  const after = { source: 'sql2', facts: fixture('docs-failover-between-snapshots-after.json') };

  it('the commit names a failover between the snapshots as well, settled by snapshots taken together', () => {
    const d = decide(mergeFacts(before, after).facts);
    const why = d.commit[0]?.reasons[0];
    expect(why?.code).toBe('PRIMARY_SPLIT_UNKNOWN');
    expect(why?.message).toContain('a failover between them, or both sides of a partition');
    expect(why?.settledBy?.[0]).toContain('in snapshots taken together');
    expect(d.routing.readWrite.reasons[0]?.message).toContain('or a failover between them');
  });
});

/*
 * The same two snapshots: each shows one primary, its own. Merged, the two PRIMARY rows are those
 * two claims (MERGE_TWO_PRIMARIES), which a split brain shows again however often the query runs
 * (S44: "both sites will think they have the primary"), not one snapshot contradicting itself: no
 * decision is "contradictory snapshot" for them.
 */
describe('split brain: two claims of the primary role are no contradiction of the merged snapshot', () => {
  it('raises no TWO_PRIMARY_ROWS finding, and no decision says CONTRADICTORY_SNAPSHOT', () => {
    const node1 = { source: 'node1', facts: fixture('qa-split-site-primary-kept-quorum.json') };
    const node3 = { source: 'node3', facts: fixture('qa-split-site-dr-forced-primary.json') };
    const merged = mergeFacts(node1, node3);
    expect(merged.facts.splitPrimaries).toEqual(['NODE1', 'NODE3']);
    const d = decide(merged.facts);
    expect(d.findings.map((f) => f.code)).not.toContain('TWO_PRIMARY_ROWS');
    expect(JSON.stringify(d, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))).not.toContain(
      'CONTRADICTORY_SNAPSHOT',
    );
  });
});
