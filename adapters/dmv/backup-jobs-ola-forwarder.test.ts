import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decideMember } from '../../core/distributed/facts-member.js';
import { snapshotTextToFactsWithNotes } from './read.js';

/*
 * olahallengren/sql-server-maintenance-solution issue #1020 ("Distributed Availability Groups –
 * Please share your feedback"): "Imagine that distributed availability groups are configured for
 * disaster recovery to another site, and all availability groups have PRIMARY as the backup
 * preference. If backup jobs are left running on replicas in the secondary availability group,
 * non-copy-only full, differential, and log backups may run in both places, because
 * sys.fn_hadr_backup_is_preferred_replica is executed independently for each availability group."
 * The release of 28 May 2026 does "Skip unsupported backup types on the forwarder", and pull
 * request #1030 ("Change backup of distributed availability group not to allow non copy_only
 * backups on forwarder by default") adds @AllowNonCopyOnlyBackupsOnForwarder, default 'N'.
 * The snapshot is the forwarder server3's view of ag2, the secondary group of distributedag, with
 * AUTOMATED_BACKUP_PREFERENCE = PRIMARY, so the function returns 1 on server3.
 */
const text = readFileSync(
  new URL('./fixtures/ola-dag-forwarder-primary-preference.json', import.meta.url),
  'utf8',
);

describe("Ola's DatabaseBackup on the forwarder of a distributed availability group", () => {
  const read = snapshotTextToFactsWithNotes(text, { group: 'ag2' });
  if (E.isLeft(read)) throw new Error('the fixture reads');
  const jobs = decideMember(read.right.facts, read.right.distributed).backup[0]!.jobs;
  const ola = (type: string) =>
    jobs.find(
      (j) => j.convention === 'OLA_HALLENGREN' && j.replica === 'server3' && j.backupType === type,
    )!;

  it('skips full, differential and log backups there by default, the job succeeding', () => {
    for (const type of ['FULL', 'DIFFERENTIAL', 'LOG']) {
      expect([type, ola(type).outcome]).toEqual([type, 'skip']);
      expect(ola(type).reasons.map((r) => r.code)).toEqual(['BACKUP_JOB_OLA_FORWARDER_SKIPS']);
    }
  });

  it('still takes a copy-only full backup there, where its own group prefers it', () => {
    expect(ola('FULL_COPY_ONLY').outcome).toBe('take');
  });
});
