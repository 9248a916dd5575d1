import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * 'Database engine events and errors (31000 to 41399)' (S135; MicrosoftDocs/sql-docs, the list
 * of database-engine-events-and-errors-31000-to-41399, ms.date 10/10/2024), 35276: "Failed to
 * allocate and schedule an Always On Availability Groups task for database '%ls'. Manual
 * intervention may be required to resume synchronization of the database. If the problem
 * persists, you might need to restart the local instance of SQL Server." The fixture is the
 * primary SQL1's snapshot after that message on SQL2: SQL2 CONNECTED, agdb NOT SYNCHRONIZING there
 * and not failover ready; the message does not say whether the copy is suspended, so is_suspended
 * and suspend_reason_desc are NULL, as are the LSNs, queues and states it does not fix.
 * sys.dm_hadr_database_replica_states (S6), synchronization_state 0: "For a secondary database,
 * indicates that the database has not started log synchronization because of a connection issue,
 * is being suspended, or is going through transition states during startup or a role switch."
 * decide said 'nothing to do'; whether SET HADR RESUME (S50) is the statement to run is unknown.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-35276-secondary-not-synchronizing.json', import.meta.url),
    'utf8',
  ),
);
const resumeOn = (f: ClusterFacts) =>
  decide(f).actions.filter((a) => a.event.type === 'db.resume' && a.event.replica === 'SQL2');
const withSuspended = (isSuspended: boolean | null): ClusterFacts => ({
  ...facts,
  databaseReplicas: facts.databaseReplicas.map((d) =>
    d.replica === 'SQL2'
      ? { ...d, isSuspended, suspendReason: isSuspended === true ? 'SUSPEND_FROM_USER' : null }
      : d,
  ),
});

describe('a copy NOT SYNCHRONIZING on a connected secondary, is_suspended not shown (35276)', () => {
  it('gives the RESUME as unknown, naming the columns and the log that settle it', () => {
    const [resume, ...rest] = resumeOn(facts);
    expect(rest).toEqual([]);
    expect(resume?.why.map((r) => r.code)).toEqual(['RESUME_SUSPENSION_UNKNOWN']);
    expect(resume?.why[0]?.message).toContain('is being suspended, or is going through');
    expect(resume?.why[0]?.message).toContain('Manual intervention may be required');
    expect(resume?.why[0]?.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.is_suspended and suspend_reason_desc of agdb on SQL2',
      `SQL2's error log (35264 "data movement ... has been suspended", 35276)`,
    ]);
  });

  it('gives the plain RESUME once the row says suspended, and none once it says not', () => {
    expect(resumeOn(withSuspended(true)).map((a) => a.why.map((r) => r.code))).toEqual([
      ['RESUME_SUSPENDED'],
    ]);
    expect(resumeOn(withSuspended(false))).toEqual([]);
  });

  it('says nothing while SQL2 is DISCONNECTED: the connection explains the state', () => {
    const cut: ClusterFacts = {
      ...facts,
      replicas: facts.replicas.map((r) =>
        r.name === 'SQL2' ? { ...r, connectedState: 'DISCONNECTED' } : r,
      ),
    };
    expect(resumeOn(cut)).toEqual([]);
    // Its connection not shown either: the RESUME stays, unknown, as for a suspended copy.
    const unseen: ClusterFacts = {
      ...facts,
      replicas: facts.replicas.map((r) => (r.name === 'SQL2' ? { ...r, connectedState: null } : r)),
    };
    expect(resumeOn(unseen).map((a) => a.why.map((r) => r.code))).toEqual([
      ['RESUME_SUSPENSION_UNKNOWN'],
    ]);
  });

  it('does not judge the primary copy, to which S6 gives another meaning', () => {
    const primaryRow: ClusterFacts = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'SQL1'
          ? { ...d, synchronizationState: 'NOT SYNCHRONIZING', isSuspended: null }
          : d,
      ),
    };
    expect(
      decide(primaryRow).actions.filter(
        (a) => a.event.type === 'db.resume' && a.event.replica === 'SQL1',
      ),
    ).toEqual([]);
  });
});
