import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * 'ALTER AVAILABILITY GROUP (Transact-SQL)' (S3), BACKUP_PRIORITY: "0 indicates that this
 * availability replica is never chosen for performing backups. This option is useful, for example,
 * for a remote availability replica to which you never want backups to fail over." The SSMS Backup
 * Preferences page says the same of Exclude Replica. Under the default AUTOMATED_BACKUP_PREFERENCE
 * = SECONDARY, S3 falls back to the primary only "when the primary replica is the only replica
 * online". The fixture is that documented use on a group of a local primary and one remote
 * replica: SQLDR1 (asynchronous, excluded: priority 0) online, CONNECTED, SYNCHRONIZING. The
 * primary is not the only replica online, so the fallback S3 documents does not apply; agstate's
 * answer (the primary) is hypothesis H2, open in ag-rules §10 question 1, and must say so.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-exclude-remote-replica-prefer-secondary.json', import.meta.url),
    'utf8',
  ),
);
const backup = decide(facts, { backupType: 'LOG' }).backup[0]!;
const codes = (reasons: readonly { readonly code: string }[]) => reasons.map((r) => r.code);

describe('Prefer Secondary with the only secondary excluded (BACKUP_PRIORITY 0)', () => {
  it('prefers the primary on hypothesis H2, not on the fallback for a primary alone online', () => {
    expect(backup.preferred.replicas).toEqual(['SQLNODE1']);
    const reasons = codes(backup.preferred.reasons);
    expect(reasons).toContain('BACKUP_PREFERENCE_SECONDARY_FALLBACK_PRIORITY_ZERO');
    expect(reasons).not.toContain('BACKUP_PREFERENCE_SECONDARY_FALLBACK');
    expect(reasons).toContain('BACKUP_PRIORITY_ZERO');
  });

  it('names the secondary that is online, and cites the hypothesis', () => {
    const sqlnode1 = backup.decisions.find((d) => d.replica === 'SQLNODE1')!.decision;
    expect(sqlnode1.action).toBe('run');
    const fallback = sqlnode1.reasons.find(
      (r) => r.code === 'BACKUP_PREFERENCE_SECONDARY_FALLBACK_PRIORITY_ZERO',
    )!;
    expect(fallback.message).toContain('SQLDR1 is online and connected but at BACKUP_PRIORITY 0');
    expect(fallback.message).toContain('not documented');
    expect(fallback.rule.section).toContain('hypothesis H2');
  });

  it('still skips on SQLDR1 for its priority', () => {
    const sqldr1 = backup.decisions.find((d) => d.replica === 'SQLDR1')!.decision;
    expect(sqldr1.action).toBe('skip');
    expect(codes(sqldr1.reasons)).toEqual(['BACKUP_NOT_PREFERRED', 'BACKUP_PRIORITY_ZERO']);
  });
});
