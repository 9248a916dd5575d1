import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * dba.stackexchange.com q/337973 (read in askoverflow.dev's Portuguese mirror, quotes translated
 * back), Case 1 after a forced failover on a DR node while the old primary kept quorum: "both sites
 * will think they have the primary SQL Server". With AUTOMATED_BACKUP_PREFERENCE = PRIMARY and equal
 * priorities, the merged snapshots gave the preference to NODE1 by the tie-break of hypothesis H1
 * and skipped NODE3, though each answers as the primary from its own side (S44: two copies updated
 * independently), and after a failover between two snapshots the one left out may be the primary.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('split brain: the backup preference is not given to one primary by the tie-break', () => {
  const node1 = { source: 'node1', facts: fixture('qa-split-site-primary-kept-quorum.json') };
  const node3 = { source: 'node3', facts: fixture('qa-split-site-dr-forced-primary.json') };

  it('merged in either order, both claimants are unknown, the secondaries skip', () => {
    for (const merged of [mergeFacts(node1, node3), mergeFacts(node3, node1)]) {
      const backup = decide(merged.facts).backup[0]!;
      const byReplica = Object.fromEntries(
        backup.decisions.map((d) => [d.replica, d.decision.action]),
      );
      expect(byReplica).toMatchObject({
        NODE1: 'unknown',
        NODE2: 'skip',
        NODE3: 'unknown',
        NODE4: 'skip',
      });
      const codes = backup.decisions.flatMap((d) => d.decision.reasons.map((x) => x.code));
      expect(codes).toContain('BACKUP_CANDIDATE_PRIMARY_SPLIT');
      expect(codes).not.toContain('BACKUP_PREFERRED_BY_TIE_BREAK');
    }
  });
});
