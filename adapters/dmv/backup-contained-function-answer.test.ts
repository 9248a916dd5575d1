import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * MicrosoftDocs/sql-docs pull request #9920, 'Clarification for standalone DBs and line wrap'
 * (Andreas Wolter, 2024-10-31, S372), on the page of sys.fn_hadr_backup_is_preferred_replica:
 * "For databases that are not part of an availability group, this function always returns 1",
 * and "I considered adding the note to point out that this also applies for contained AGs, but
 * this I consider a bug and that means it probably does not belong here(?)". No page confirms or
 * denies it. The input is dbi services' ContainedAG02 (S271, AUTOMATED_BACKUP_PREFERENCE =
 * PRIMARY) as the primary SQL19VM1\SQL2022A shows it; the second replica, ids, endpoints and
 * listener are invented (see backup-jobs-plan-contained-group.test.ts). agstate answered 0 on the
 * secondary SQL19VM2\SQL2022A as on any group, so Ola Hallengren's copy-only full and log backups
 * were a certain skip there, where the report has the function answer 1 and the job take them.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/blog-dbi-contained-ag-maintenance-plan.json', import.meta.url),
    'utf8',
  ),
);
const SECONDARY = 'SQL19VM2\\SQL2022A';
const entryOf = (f: ClusterFacts, database: string) =>
  decide(f).backup.find((b) => b.database === database)!;
const olaOn = (f: ClusterFacts, database: string, type: string) =>
  entryOf(f, database).jobs.find(
    (j) => j.convention === 'OLA_HALLENGREN' && j.backupType === type && j.replica === SECONDARY,
  )!;

describe('the function on a contained group (S372)', () => {
  it("leaves the secondary's 0 unknown for every database of the group, naming what settles it", () => {
    for (const database of ['appdb02', 'ContainedAG02_master', 'ContainedAG02_msdb']) {
      const entry = entryOf(facts, database);
      expect(entry.preferred.replicas).toEqual(['SQL19VM1\\SQL2022A']);
      expect(entry.preferred.undetermined).toEqual([SECONDARY]);
      const d = entry.decisions.find((x) => x.replica === SECONDARY)!.decision;
      expect(d.action).toBe('unknown');
      expect(d.reasons.map((r) => r.code)).toEqual(['BACKUP_CONTAINED_GROUP_ANSWER_REPORTED_ONE']);
      expect(d.reasons[0]!.message).toContain('AUTOMATED_BACKUP_PREFERENCE is PRIMARY');
      expect(d.reasons[0]!.settledBy).toEqual([
        `sys.fn_hadr_backup_is_preferred_replica('${database}') run on ${SECONDARY}`,
      ]);
    }
  });

  it("makes Ola's copy-only full and log backups on the secondary unknown, not skipped", () => {
    expect(olaOn(facts, 'appdb02', 'LOG').outcome).toBe('unknown');
    expect(olaOn(facts, 'appdb02', 'FULL_COPY_ONLY').outcome).toBe('unknown');
    // A type only the primary takes still skips on a secondary, whatever the function says.
    expect(olaOn(facts, 'appdb02', 'FULL').outcome).toBe('skip');
  });

  it('keeps the primary preferred, and a group that is not contained as before', () => {
    const primary = entryOf(facts, 'appdb02').decisions.find(
      (x) => x.replica === 'SQL19VM1\\SQL2022A',
    )!.decision;
    expect(primary.action).toBe('run');
    const plain: ClusterFacts = { ...facts, config: { ...facts.config, kind: 'STANDARD' } };
    const d = entryOf(plain, 'appdb02').decisions.find((x) => x.replica === SECONDARY)!.decision;
    expect(d.action).toBe('skip');
    expect(d.reasons.map((r) => r.code)).toContain('BACKUP_PREFERENCE_PRIMARY');
  });
});
