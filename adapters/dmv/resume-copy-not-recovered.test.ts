import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * Doyensys blog, 'Always On Availability Group Database in Recovery Pending' (S103,
 * doyensys.com/blogs/always-on-availability-group-database-in-recovery-pending): "one of the
 * secondary replica databases was found in a NOT SYNCHRONIZING state. Upon further investigation,
 * its status showed RECOVERY_PENDING, meaning SQL Server could not bring the database online";
 * "Output showed NOT SYNCHRONIZING and is_suspended = 1"; "First Attempt – Resume Data Movement:
 * ALTER DATABASE [DatabaseName] SET HADR RESUME; If the issue is due to temporary network glitches,
 * disk pressure, or a restart, this" (the stored copy ends there). KB2857849 (S102), 'Troubleshoot
 * Always On availability databases in Recovery Pending or Suspect state': at the secondary, "you
 * still can't remove the database from the availability group, and you receive the following error
 * message because the database is still in the Recovery Pending state: Msg 921 ... Database
 * <DatabaseName> has not been recovered yet. Wait and try again"; the resolution "when the database
 * is in the secondary role": "Remove from the availability group the replica that's hosting the
 * damaged database", resolve the cause, "Restore the replica to the availability group". The
 * fixture is the secondary SQL2's own snapshot: the blog's query selects no suspend reason, LSN or
 * queue, so they are left out; the replica names, version and ids are chosen.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/blog-secondary-recovery-pending-suspended.json', import.meta.url),
    'utf8',
  ),
);
const resumeOn = (f: ClusterFacts) =>
  decide(f).actions.find((a) => a.event.type === 'db.resume' && a.event.replica === 'SQL2');
const codes = (f: ClusterFacts) => (resumeOn(f)?.why ?? []).map((x) => x.code);
const withRow = (patch: Partial<DatabaseReplicaFacts>): ClusterFacts => ({
  ...facts,
  databaseReplicas: facts.databaseReplicas.map((d) =>
    d.replica === 'SQL2' ? { ...d, ...patch } : d,
  ),
});

describe('a RESUME offered for a secondary copy that is RECOVERY_PENDING', () => {
  it('keeps the RESUME, with every reason, and says whether it is accepted there is unknown', () => {
    expect(codes(facts)).toEqual([
      'RESUME_SUSPENDED',
      'RESUME_SUSPEND_REASON_UNKNOWN',
      'RESUME_COPY_NOT_RECOVERED',
      'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN',
    ]);
    const why = resumeOn(facts)!.why.find((x) => x.code === 'RESUME_COPY_NOT_RECOVERED')!;
    expect(why.message).toContain('Msg 921');
    expect(why.message).toContain("REMOVE REPLICA ON 'SQL2'");
    expect(why.settledBy).toEqual([
      "SQL2's error log (the error that left DatabaseName RECOVERY_PENDING: a missing or inaccessible file, no disk space, a failed recovery)",
      'sys.databases.state_desc of DatabaseName on SQL2 once that cause is cleared',
    ]);
  });

  it('says it for a user suspension too, and for a SUSPECT copy', () => {
    expect(codes(withRow({ suspendReason: 'SUSPEND_FROM_USER' }))).toContain(
      'RESUME_COPY_NOT_RECOVERED',
    );
    expect(codes(withRow({ databaseState: 'SUSPECT' }))).toContain('RESUME_COPY_NOT_RECOVERED');
  });

  it('says it where the row does not show whether the copy is suspended', () => {
    expect(codes(withRow({ isSuspended: null }))).toEqual([
      'RESUME_SUSPENSION_UNKNOWN',
      'RESUME_COPY_NOT_RECOVERED',
      'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN',
    ]);
  });

  it('says nothing of it for an ONLINE copy or one whose state the row does not give', () => {
    expect(codes(withRow({ databaseState: 'ONLINE' }))).not.toContain('RESUME_COPY_NOT_RECOVERED');
    expect(codes(withRow({ databaseState: null }))).not.toContain('RESUME_COPY_NOT_RECOVERED');
  });
});
