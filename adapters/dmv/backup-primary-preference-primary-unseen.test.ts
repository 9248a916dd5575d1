import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * olahallengren/sql-server-maintenance-solution issue #16 ("Backup primary Availability Group
 * databases on Secondary Server", 2017-07-01): "one primary and one secondary with auto failover.
 * Server1 -Primary Server2 -Secondary. I want to create a backup job that should always backup
 * from the primary server. I configured this job on Server1, if my AG failover to the another
 * server, the backup is not happening." The answer: "You should have identical jobs setup on both
 * sides. Ola's backup scripts figure out whether or not it is on the right side for backup.
 * Depends on the AG backup preference." The group is set to AUTOMATED_BACKUP_PREFERENCE = PRIMARY
 * ("backups should always occur on the primary replica", ALTER AVAILABILITY GROUP) and the snapshot
 * is taken where the job runs after the failover: on Server1, now a secondary. Server2's role is
 * not in it (sys.dm_hadr_availability_replica_states shows a secondary its own row, S7) and
 * primary_replica is NULL ("NULL = Not the primary replica or unable to communicate with the WSFC
 * failover cluster", sys.dm_hadr_availability_group_states, S49). Server2, the primary, backs up.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/ola16-primary-preference-old-primary-after-failover.json', import.meta.url),
    'utf8',
  ),
);
const backup = decide(facts, { backupType: 'LOG' }).backup[0]!;
const codes = (reasons: readonly { readonly code: string }[]) => reasons.map((r) => r.code);

describe('PRIMARY preference, seen from the old primary after a failover', () => {
  it('does not say that no replica is preferred: Server2 may be the primary', () => {
    expect(codes(backup.preferred.reasons)).not.toContain('BACKUP_NO_CANDIDATE');
    expect(backup.preferred.replicas).toEqual([]);
    expect(backup.preferred.undetermined).toEqual(['Server2']);
  });

  it('skips on Server1, a secondary, naming the preferred replica as not shown', () => {
    const server1 = backup.decisions.find((d) => d.replica === 'Server1')!.decision;
    expect(server1.action).toBe('skip');
    expect(codes(server1.reasons)).toEqual(['BACKUP_NOT_PREFERRED', 'BACKUP_PREFERENCE_PRIMARY']);
    expect(server1.reasons[0]!.message).toContain('it may be Server2');
  });

  it('leaves Server2 unknown, and each job that consults the function skips on Server1', () => {
    const server2 = backup.decisions.find((d) => d.replica === 'Server2')!.decision;
    expect(server2.action).toBe('unknown');
    for (const convention of ['OLA_HALLENGREN', 'MAINTENANCE_PLAN']) {
      const on = (replica: string) =>
        backup.jobs.find(
          (j) => j.convention === convention && j.replica === replica && j.backupType === 'LOG',
        )!;
      expect(on('Server1').outcome).toBe('skip');
      expect(on('Server2').outcome).toBe('unknown');
      expect(codes(on('Server1').reasons)).not.toContain('BACKUP_NO_CANDIDATE');
    }
  });
});
