import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * dba.stackexchange.com q/337973 (read in askoverflow.dev's Portuguese mirror, quotes translated
 * back), Case 1: "the primary has quorum, since it can still talk to the cloud witness ... SQL is
 * still running at the primary site and thinks it is the primary"; a forced manual failover on a DR
 * node then makes it primary too: "Technically this is a split cluster scenario ... both sites will
 * think they have the primary SQL Server". S44: forcing while the old primary runs leaves two copies
 * updated independently. Merged, the two snapshots name two primaries (MERGE_TWO_PRIMARIES): which
 * one a client reaches through the listener is not in either.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('split brain: the old primary kept quorum, the DR node was forced primary', () => {
  const node1 = { source: 'node1', facts: fixture('qa-split-site-primary-kept-quorum.json') };
  const node3 = { source: 'node3', facts: fixture('qa-split-site-dr-forced-primary.json') };

  it('merged in either order, the listener does not send the connection to the first primary listed', () => {
    for (const merged of [mergeFacts(node1, node3), mergeFacts(node3, node1)]) {
      expect(merged.findings.map((f) => f.code)).toContain('MERGE_TWO_PRIMARIES');
      const { readWrite, readOnly } = decide(merged.facts).routing;
      for (const c of [readWrite, readOnly]) {
        expect(c.outcome).toBe('unknown');
        expect(c.reasons.map((r) => r.code)).toEqual(['UNKNOWN_PRIMARY_SPLIT']);
        expect(c.reasons[0]?.message).toContain('NODE1 and NODE3 each hold the PRIMARY role');
      }
    }
  });

  it('each side alone still connects to its own primary', () => {
    expect(decide(node1.facts).routing.readWrite).toMatchObject({
      outcome: 'connected',
      replica: 'NODE1',
    });
    expect(decide(node3.facts).routing.readWrite).toMatchObject({
      outcome: 'connected',
      replica: 'NODE3',
    });
  });
});
