import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * CREATE AVAILABILITY GROUP (S4) and ALTER AVAILABILITY GROUP (S3), AUTOMATED_BACKUP_PREFERENCE:
 * "sys.fn_hadr_backup_is_preferred_replica can be used to determine the preferred backup replica.
 * This function always returns 1 for at least one of the replicas, even when
 * AUTOMATED_BACKUP_PREFERENCE = NONE"; BACKUP_PRIORITY: "0 indicates that this availability
 * replica is never chosen for performing backups". A group set to NONE (SSMS "Any Replica") with
 * every replica at BACKUP_PRIORITY 0, both online and connected, meets both sentences, and they
 * disagree. agstate answered "preferred none ... so no backup job runs" (BACKUP_NO_CANDIDATE) and
 * every job skipped. The fixture is the primary's snapshot of a healthy two-replica SQL Server 2022
 * group; its names, ids, endpoints and build are invented.
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/docs-none-every-priority-zero.json', import.meta.url), 'utf8'),
);
const entry = (f: ClusterFacts) => decide(f).backup[0]!;
const actionOn = (f: ClusterFacts, replica: string) =>
  entry(f).decisions.find((d) => d.replica === replica)!.decision;

describe('NONE with every replica online at BACKUP_PRIORITY 0 (S3, S4)', () => {
  it('answers the preferred replica unknown, not none, naming the function call that settles it', () => {
    const preferred = entry(facts).preferred;
    expect(preferred.replicas).toEqual([]);
    expect(preferred.undetermined).toEqual(['SQLPROD01', 'SQLPROD02']);
    expect(preferred.reasons.map((r) => r.code)).not.toContain('BACKUP_NO_CANDIDATE');
    for (const replica of ['SQLPROD01', 'SQLPROD02']) {
      const d = actionOn(facts, replica);
      expect(d.action).toBe('unknown');
      expect(d.reasons.map((r) => r.code)).toEqual(['BACKUP_PREFERENCE_NONE_AT_LEAST_ONE']);
      expect(d.reasons[0]!.message).toContain('"always returns 1 for at least one of the replicas');
      expect(d.reasons[0]!.settledBy).toEqual([
        `sys.fn_hadr_backup_is_preferred_replica('AppDB') run on ${replica}`,
      ]);
    }
  });

  it('stays unknown on the only replica online at 0, and leaves SECONDARY_ONLY as documented', () => {
    // SQLPROD02 DISCONNECTED: SQLPROD01, at 0, is the only replica online, and both sentences
    // still meet there.
    const lone: ClusterFacts = {
      ...facts,
      replicas: facts.replicas.map((r) =>
        r.name === 'SQLPROD02' ? { ...r, connectedState: 'DISCONNECTED' } : r,
      ),
    };
    expect(actionOn(lone, 'SQLPROD01').action).toBe('unknown');
    // Under SECONDARY_ONLY the documented "backup will not be performed" (S34) holds as before.
    const secondaryOnly: ClusterFacts = {
      ...facts,
      config: { ...facts.config, automatedBackupPreference: 'SECONDARY_ONLY' },
    };
    expect(actionOn(secondaryOnly, 'SQLPROD02').action).toBe('skip');
    expect(entry(secondaryOnly).preferred.reasons.map((r) => r.code)).toContain(
      'BACKUP_NO_CANDIDATE',
    );
  });
});

/*
 * ALTER AVAILABILITY GROUP (S3), AUTOMATED_BACKUP_PREFERENCE SECONDARY: "Specifies that backups
 * should occur on a secondary replica except when the primary replica is the only replica online.
 * In that case, the backup should occur on the primary replica", against BACKUP_PRIORITY 0, "never
 * chosen for performing backups". The fixture is the same group at the default SECONDARY, the
 * primary SQLPROD01 at BACKUP_PRIORITY 0 and SQLPROD02 (50) DISCONNECTED, so the primary is the
 * only replica online. agstate answered "preferred none" and every job skipped.
 */
const alone = factsOf(
  readFileSync(
    new URL('./fixtures/docs-secondary-primary-at-zero-alone.json', import.meta.url),
    'utf8',
  ),
);

describe('SECONDARY with the primary, at BACKUP_PRIORITY 0, the only replica online (S3)', () => {
  it('answers the primary unknown, not none', () => {
    expect(entry(alone).preferred.undetermined).toEqual(['SQLPROD01']);
    const d = actionOn(alone, 'SQLPROD01');
    expect(d.action).toBe('unknown');
    expect(d.reasons.map((r) => r.code)).toEqual([
      'BACKUP_PREFERENCE_SECONDARY_ONLY_PRIMARY_AT_ZERO',
    ]);
    expect(d.reasons[0]!.message).toContain('"should occur on the primary replica"');
  });

  it('prefers the secondary again once it is connected', () => {
    const back: ClusterFacts = {
      ...alone,
      replicas: alone.replicas.map((r) =>
        r.name === 'SQLPROD02' ? { ...r, connectedState: 'CONNECTED', role: 'SECONDARY' } : r,
      ),
    };
    expect(entry(back).preferred.replicas).toEqual(['SQLPROD02']);
    expect(actionOn(back, 'SQLPROD01').action).toBe('skip');
  });
});
