import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * 'Troubleshoot a Failed Add-File Operation (Always On Availability Groups)' (S139, MicrosoftDocs/
 * sql-docs, ms.date 05/17/2016): "If the file path of an add-file operation does not exist on a
 * secondary replica, the add-file operation will succeed on the primary database. But the add-file
 * operation will cause the secondary database to be suspended. This, in turn, causes the secondary
 * replica to enter the NOT SYNCHRONIZING state"; the resolution removes the secondary database from
 * the group, restores the filegroup WITH MOVE and the log holding the add-file, and joins it again.
 * A DBA's notes (code index file 10984676593) report it on AG_Datamart: "I added a file to the
 * database and the path did not exist on secondary, database became "Not Synchronizing/Corrupt" on
 * secondary". The fixture is the primary P-BIODSWIN01's snapshot then: Datamart suspended on
 * DR-BIODSWIN01. Neither source gives the suspend reason, LSNs or queues, so they are NULL; the
 * version (2016) and ids are chosen.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-addfile-secondary-suspended-primary-view.json', import.meta.url),
    'utf8',
  ),
);
const resumeOn = (f: ClusterFacts, replica: string) =>
  decide(f).actions.find((a) => a.event.type === 'db.resume' && a.event.replica === replica);
const withReason = (
  f: ClusterFacts,
  replica: string,
  reason: DatabaseReplicaFacts['suspendReason'],
): ClusterFacts => ({
  ...f,
  databaseReplicas: f.databaseReplicas.map((d) =>
    d.replica === replica ? { ...d, isSuspended: true, suspendReason: reason } : d,
  ),
});

describe('a secondary copy shown suspended without its suspend_reason_desc', () => {
  it('keeps the RESUME, saying whether it moves data again is unknown and what settles it', () => {
    const resume = resumeOn(facts, 'DR-BIODSWIN01');
    expect(resume?.why.map((r) => r.code)).toEqual([
      'RESUME_SUSPENDED',
      'RESUME_SUSPEND_REASON_UNKNOWN',
    ]);
    const unknown = resume?.why[1];
    expect(unknown?.message).toContain('the add-file operation will cause the secondary database');
    expect(unknown?.rule.document).toBe(
      'Troubleshoot a Failed Add-File Operation (Always On Availability Groups)',
    );
    expect(unknown?.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.suspend_reason_desc of Datamart on DR-BIODSWIN01',
      `DR-BIODSWIN01's error log (35264 "data movement ... has been suspended for the following reason", with its Source string, and the error before it)`,
    ]);
  });

  it('says nothing more where the reason is shown (a user suspended it)', () => {
    const byUser = withReason(facts, 'DR-BIODSWIN01', 'SUSPEND_FROM_USER');
    expect(resumeOn(byUser, 'DR-BIODSWIN01')?.why.map((r) => r.code)).toEqual(['RESUME_SUSPENDED']);
  });

  it('leaves the primary own copy suspended without a reason as before', () => {
    const onPrimary = withReason(facts, 'P-BIODSWIN01', null);
    expect(resumeOn(onPrimary, 'P-BIODSWIN01')?.why.map((r) => r.code)).toEqual([
      'RESUME_SUSPENDED',
    ]);
  });
});
