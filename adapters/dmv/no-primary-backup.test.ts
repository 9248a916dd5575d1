import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backupJobMatrix } from '../../core/backup/conventions.js';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "Troubleshooting automatic failover problems in SQL Server Always On environments" (KB2833707,
 * MicrosoftDocs/SupportArticles-docs troubleshooting-automatic-failover-problems.md), Case 1: the
 * cluster log says "Not failing over group <Resource name>, failoverCount 3, failoverThresholdSetting
 * <Number>, computedFailoverThreshold 2", and "For an availability group, this means that the
 * replica is left in the RESOLVING state"; the Summary: "no replica will have the primary role
 * unless the primary replica returns to a healthy state". "Offload supported backups to secondary
 * replicas" (S10): a secondary backs up only while it can communicate with the primary.
 * The snapshot: taken on the automatic failover partner SQL2, RESOLVING, with primary_replica NULL;
 * the group's name is the article's (AOCProd01AG); replicas, database and LSNs are invented.
 */
const text = readFileSync(
  new URL('./fixtures/kb2833707-threshold-resolving.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a group left RESOLVING without a primary (KB2833707 Case 1), seen from SQL2', () => {
  const facts = factsOf(text);
  const d = decide(facts);
  const backup = d.backup[0]!;

  it('knows there is no primary', () => {
    expect(codes(d.commit[0]!.reasons)).toContain('NO_PRIMARY');
  });

  it('does not count the replicas it does not see as backup candidates of unknown state', () => {
    expect(backup.preferred.replicas).toEqual([]);
    expect(backup.preferred.undetermined).toEqual([]);
    expect(codes(backup.preferred.reasons)).not.toContain('BACKUP_CANDIDATE_UNKNOWN');
  });

  it('skips the backup on them: as SECONDARY they reach no primary, as RESOLVING they take none', () => {
    for (const name of ['SQL1', 'SQL3']) {
      const there = backup.decisions.find((x) => x.replica === name)!.decision;
      expect(there.action).toBe('skip');
      expect(codes(there.reasons)).toEqual(
        expect.arrayContaining(['BACKUP_WHATEVER_THE_ROLE', 'BACKUP_SECONDARY_DISCONNECTED']),
      );
      expect(there.reasons[0]!.message).toContain('as SECONDARY or RESOLVING');
      // No primary exists to be disconnected from.
      expect(there.reasons.map((r) => r.message).join('\n')).not.toContain(
        'DISCONNECTED from the primary',
      );
      expect(there.reasons.map((r) => r.message).join('\n')).toContain('connected to no primary');
    }
  });

  it('judges no backup job on them as if they could be the primary', () => {
    const jobs = backupJobMatrix(facts, 'aocdb').filter((j) => j.replica !== 'SQL2');
    expect(jobs.length).toBeGreaterThan(0);
    for (const j of jobs) {
      expect(j.outcome).not.toBe('unknown');
      expect(codes(j.reasons)).toContain('BACKUP_JOB_WHATEVER_THE_ROLE');
    }
  });
});
