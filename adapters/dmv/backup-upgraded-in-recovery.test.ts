import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * MicrosoftDocs/sql-docs pull request #9164 (merged 2023-07-14), a note for "Upgrading Always On
 * Availability Group Replica Instances": "In case of Upgrade in-place on a secondary replica, which
 * upgrades the instance to a newer version, the databases inside the AG will remain on state
 * Synchronized / In Recovery. After a planned manual failover on the AG, the recovery will finish
 * and the databases will be upgraded." 'Database states' (S80): "RECOVERING ... The database is
 * unavailable." The snapshot is docs-rolling-upgrade-secondary-2019.json with its own copy's
 * database_state_desc RECOVERING, as the note says; taken on the upgraded secondary alone, it does
 * not show the primary's version, so nothing else stops a backup there.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const secondary = fixture('docs-upgrade-secondary-synchronized-in-recovery.json');
const node2 = (facts: typeof secondary) =>
  decide(facts).backup[0]!.decisions.find((d) => d.replica === 'NODE2')!.decision;

describe('a backup on an upgraded secondary whose databases stay "Synchronized / In Recovery"', () => {
  it('is skipped there: the copy is RECOVERING, so the database is unavailable', () => {
    const d = node2(secondary);
    expect(d.action).toBe('skip');
    expect(d.reasons.map((r) => r.code)).toEqual(['BACKUP_SECONDARY_DATABASE_UNAVAILABLE']);
  });

  it("gives that reason beside the upgrade's once the primary's version is shown", () => {
    const merged = mergeFacts(
      { source: 'NODE1', facts: fixture('docs-rolling-upgrade-primary-2017.json') },
      { source: 'NODE2', facts: secondary },
    ).facts;
    expect(node2(merged).reasons.map((r) => r.code)).toEqual([
      'BACKUP_SECONDARY_UPGRADED',
      'BACKUP_SECONDARY_DATABASE_UNAVAILABLE',
    ]);
  });

  it('still allows the planned failover that ends the recovery', () => {
    const target = decide(secondary).failover.targets.find((t) => t.replica === 'NODE2')!;
    expect(target.planned.allowed).toBe(true);
  });
});
