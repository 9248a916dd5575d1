import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * A DBA's Always On notes (S138, a public SQL file, code index file 11196735543), under
 * "synchronous commit mode": "Error: Always On Availability Groups data movement for database
 * 'DocuSign' has been suspended for the following reason: "system" (Source ID 4; Source string:
 * 'SUSPEND_FROM_APPLY'). To resume data movement on the database, you will need to resume the
 * database manually", "This occurred because we ran out of space on the log disk"; and later
 * "Until there is enough space on the log drive on replica, db on there will be unhealthy and not
 * synchronizing. Fix Option 1: Add space to the drive". sys.dm_hadr_database_replica_states (S6):
 * "SUSPEND_FROM_APPLY = An error occurred while writing the log to file (see error log)".
 * The fixture is the primary's snapshot then, for the notes' group AGDSNA2P01 (Docusign, replica
 * cusqldsna2s5p01 as the notes add it: SYNCHRONOUS_COMMIT, FAILOVER_MODE MANUAL); the primary's name,
 * the version and the ids are chosen, LSNs and queues are NULL (the log does not give them).
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/notes-apply-error-log-disk-full.json', import.meta.url), 'utf8'),
);
const resumeOn = (f: ClusterFacts, replica: string) =>
  decide(f).actions.find((a) => a.event.type === 'db.resume' && a.event.replica === replica);

describe('a secondary copy suspended by an error writing its log (SUSPEND_FROM_APPLY)', () => {
  it('keeps the RESUME, unknown until the error that stopped the log write is cleared', () => {
    const resume = resumeOn(facts, 'cusqldsna2s5p01');
    expect(resume?.why.map((r) => r.code)).toEqual([
      'RESUME_SUSPENDED',
      'RESUME_AFTER_APPLY_ERROR',
    ]);
    const unknown = resume?.why[1];
    expect(unknown?.message).toContain('we ran out of space on the log disk');
    expect(unknown?.rule.document).toBe('sys.dm_hadr_database_replica_states (Transact-SQL)');
    expect(unknown?.settledBy).toEqual([
      "cusqldsna2s5p01's error log before message 35264 (the error that stopped the log write)",
      "free space of Docusign's log file volume on cusqldsna2s5p01 (sys.dm_os_volume_stats)",
    ]);
  });

  it('says nothing more for a copy a user suspended', () => {
    const byUser: ClusterFacts = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'cusqldsna2s5p01' ? { ...d, suspendReason: 'SUSPEND_FROM_USER' } : d,
      ),
    };
    expect(resumeOn(byUser, 'cusqldsna2s5p01')?.why.map((r) => r.code)).toEqual([
      'RESUME_SUSPENDED',
    ]);
  });

  it('the other errors S6 lists give the RESUME the same unknown; a suspension by a user or before a restart does not', () => {
    // S6: SUSPEND_FROM_CAPTURE "error capturing log on the primary", SUSPEND_FROM_UNDO "during undo",
    // SUSPEND_FROM_REVALIDATION "log change mismatch ... on reconnection", SUSPEND_FROM_XRF_UPDATE
    // "unable to find the common log point", each "(see error log)".
    const suspendedBy = (suspendReason: string): ClusterFacts => ({
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'cusqldsna2s5p01'
          ? { ...d, suspendReason: suspendReason as typeof d.suspendReason }
          : d,
      ),
    });
    for (const why of [
      'SUSPEND_FROM_CAPTURE',
      'SUSPEND_FROM_UNDO',
      'SUSPEND_FROM_REVALIDATION',
      'SUSPEND_FROM_XRF_UPDATE',
    ]) {
      const resume = resumeOn(suspendedBy(why), 'cusqldsna2s5p01');
      expect(
        resume?.why.map((r) => r.code),
        why,
      ).toEqual(['RESUME_SUSPENDED', 'RESUME_AFTER_ERROR_UNKNOWN']);
      expect(resume?.why[1]?.settledBy?.[0]).toContain('error log before message 35264');
    }
    for (const why of ['SUSPEND_FROM_USER', 'SUSPEND_FROM_RESTART'])
      expect(
        resumeOn(suspendedBy(why), 'cusqldsna2s5p01')?.why.map((r) => r.code),
        why,
      ).toEqual(['RESUME_SUSPENDED']);
  });
});
