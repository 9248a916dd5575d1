import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * "Automatic Page Repair (Availability Groups: Database Mirroring)" (S116; MicrosoftDocs/sql-docs
 * sql-server/failover-clusters/automatic-page-repair-availability-groups-database-mirroring.md),
 * Handling I/O Errors on the Mirror/Secondary Database: "if a secondary replica encounters one or
 * more page I/O errors when it redoes a log record, the secondary database enters the SUSPENDED
 * state ... The mirror/secondary then requests a copy of the page from the principal/primary";
 * "If a mirror/secondary does not receive a page that it requested from the principal/primary, the
 * automatic page-repair attempt fails ... the secondary database remains suspended. If the
 * mirroring session or secondary database is resumed manually, the corrupted pages will be hit
 * again during the synchronization phase." The fixture is SQLNODE2's own snapshot at that moment:
 * SalesDB suspended (SUSPEND_FROM_REDO, NOT SYNCHRONIZING); what the page does not fix (LSNs,
 * queues, the database state, the version's number) is left NULL or chosen (2019).
 * MSSQLSERVER_9001 (S121) shows the same suspension after the log became unavailable, with "Resolve
 * the errors that precede 9001 first".
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-page-repair-secondary-suspended.json', import.meta.url),
    'utf8',
  ),
);
const resumeOn = (f: ClusterFacts) =>
  decide(f).actions.find((a) => a.event.type === 'db.resume' && a.event.replica === 'SQLNODE2');

describe('a secondary copy suspended by its own redo (SUSPEND_FROM_REDO)', () => {
  it('keeps the RESUME, saying that whether it moves data again is unknown and what settles it', () => {
    const resume = resumeOn(facts);
    // SQLNODE2's own snapshot does not show the primary's copy's state, which a RESUME needs (S67).
    expect(resume?.why.map((r) => r.code)).toEqual([
      'RESUME_SUSPENDED',
      'RESUME_AFTER_REDO_ERROR',
      'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN',
    ]);
    const unknown = resume?.why[1];
    expect(unknown?.message).toContain('the corrupted pages will be hit again');
    expect(unknown?.settledBy).toEqual([
      `SQLNODE2's error log before message 35264 (823/824/829 on a data page, 9001/17053 on the log, 3456 "Could not redo log record")`,
      'sys.dm_hadr_auto_page_repair.page_status on SQLNODE2',
      'msdb.dbo.suspect_pages on SQLNODE2',
    ]);
    expect(unknown?.rule.document).toBe(
      'Automatic Page Repair (Availability Groups: Database Mirroring)',
    );
  });

  it('says nothing of redo for a copy a user suspended (SUSPEND_FROM_USER)', () => {
    const byUser: ClusterFacts = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'SQLNODE2' ? { ...d, suspendReason: 'SUSPEND_FROM_USER' } : d,
      ),
    };
    expect(resumeOn(byUser)?.why.map((r) => r.code)).toEqual([
      'RESUME_SUSPENDED',
      'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN',
    ]);
  });
});

/*
 * The same snapshot, asked about a forced failover to SQLNODE2: its own row says CONNECTED, its
 * session with the primary SQLNODE1 (sys.dm_hadr_availability_replica_states, connected_state),
 * so the primary is running, and forcing now makes two primaries ("Perform a forced manual
 * failover", S44: forcing while the old primary still runs). The warning named only a primary
 * whose own row showed it up, which a secondary's snapshot never has.
 */
describe('a forced failover asked on the snapshot of a secondary connected to its primary', () => {
  it('warns that the primary still runs, saying how the snapshot shows it', () => {
    const target = decide(facts).failover.targets.find((t) => t.replica === 'SQLNODE2')!;
    const warning = target.forced.reasons.find((r) => r.code === 'PRIMARY_STILL_RUNNING');
    expect(warning?.message).toContain(
      'the primary SQLNODE1 is still running (SQLNODE2 is CONNECTED to it)',
    );
  });

  it('says nothing of it once SQLNODE2 is DISCONNECTED', () => {
    const cut: ClusterFacts = {
      ...facts,
      replicas: facts.replicas.map((r) =>
        r.name === 'SQLNODE2' ? { ...r, connectedState: 'DISCONNECTED' } : r,
      ),
    };
    const target = decide(cut).failover.targets.find((t) => t.replica === 'SQLNODE2')!;
    expect(target.forced.reasons.map((r) => r.code)).not.toContain('PRIMARY_STILL_RUNNING');
  });
});
