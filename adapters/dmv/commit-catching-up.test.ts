import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { run } from '../cli/test-support.js';
import { factsOf, type JsonSnapshot, type Row, rowsOf } from './test-support.js';

/*
 * SQLShack, "SQL Server wait type HADR_SYNCHRONIZING_THROTTLE" (S197): "Similar to
 * HADR_SYNC_COMMIT, however this wait occurs while Secondary Replicas are attempting to catch-up
 * with the Primary. This is typically seen after: adding a database to an Availability Group,
 * setting the replication mode to synchronous, and when either replica comes online"; "If possible
 * do not leave Secondary Replicas offline longer than necessary. The Secondary Replica will take
 * longer to become synchronised". The snapshot is the primary SQL1's while its synchronous secondary
 * SQL2, back online, catches up: CONNECTED, AppDB SYNCHRONIZING, not suspended. Names, version,
 * failover mode invented; LSNs, queues, readiness and health NULL (the post gives none).
 * 'sys.dm_os_wait_stats' (S196), HADR_SYNCHRONIZING_THROTTLE: "Waiting for transaction commit
 * processing to allow a synchronizing secondary database to catch up to the primary end of log in
 * order to transition to the synchronized state". decide said the commit was "acknowledged as soon
 * as the primary hardens it", with nothing of that hold.
 */
const text = readFileSync(
  new URL('./fixtures/sqlshack-sync-secondary-back-online-catching-up.json', import.meta.url),
  'utf8',
);
const commitOf = (s: string) => decide(factsOf(s)).commit.find((c) => c.database === 'AppDB')!;
const edited = (change: (s: JsonSnapshot) => void): string => {
  const s = JSON.parse(text) as JsonSnapshot;
  change(s);
  return JSON.stringify(s);
};
const sql2 = (s: JsonSnapshot, view: string): Row =>
  rowsOf(s, view).find((r) => String(r.replica_id).endsWith('0A12'))!;

describe('a commit while a synchronous secondary catches up after coming back online', () => {
  it('does not wait for its hardening, but may be held for it (HADR_SYNCHRONIZING_THROTTLE)', () => {
    const c = commitOf(text);
    expect(c.acknowledgement).toBe('immediately');
    expect(c.mustHarden).toEqual([]);
    expect(c.reasons.map((r) => r.code)).toEqual([
      'NO_SYNCHRONIZED_SECONDARY',
      'COMMIT_THROTTLED_WHILE_CATCHING_UP',
    ]);
    const note = c.reasons[1]!;
    expect(note.message).toContain('SQL2 is a synchronous-commit secondary catching up on AppDB');
    expect(note.message).toContain('HADR_SYNCHRONIZING_THROTTLE');
    expect(note.rule.document).toBe('sys.dm_os_wait_stats (Transact-SQL)');
    expect(note.settledBy).toBeUndefined();
  });

  it('no longer prints "as soon as the primary hardens it" as the text headline', async () => {
    const out = (
      await run([
        'decide',
        'adapters/dmv/fixtures/sqlshack-sync-secondary-back-online-catching-up.json',
      ])
    ).stdout;
    expect(out).not.toContain('AppDB: acknowledged as soon as the primary hardens it');
    expect(out).toContain(
      'AppDB: acknowledged once the primary hardens it, waiting for no secondary to harden it; commit processing may be held while a secondary catches up',
    );
  });

  it('keeps the note beside a synchronized secondary the commit waits for', () => {
    const s = edited((x) => {
      const add = (view: string, row: Row, id: string) =>
        rowsOf(x, view).push({ ...row, replica_id: id });
      const id = '5C1A7E20-3B44-4D6F-9A11-2E7B8C9D0A13';
      add(
        'sys.availability_replicas',
        { ...sql2(x, 'sys.availability_replicas'), replica_server_name: 'SQL3' },
        id,
      );
      add(
        'sys.dm_hadr_availability_replica_states',
        sql2(x, 'sys.dm_hadr_availability_replica_states'),
        id,
      );
      add(
        'sys.dm_hadr_database_replica_states',
        {
          ...sql2(x, 'sys.dm_hadr_database_replica_states'),
          synchronization_state_desc: 'SYNCHRONIZED',
        },
        id,
      );
      add(
        'sys.dm_hadr_database_replica_cluster_states',
        sql2(x, 'sys.dm_hadr_database_replica_cluster_states'),
        id,
      );
    });
    const c = commitOf(s);
    expect(c.acknowledgement).toBe('afterHardening');
    expect(c.mustHarden).toEqual(['SQL3']);
    expect(c.reasons.map((r) => r.code)).toEqual([
      'WAITS_FOR_SYNCHRONIZED_SECONDARIES',
      'COMMIT_WAIT_BOUNDED_BY_SESSION_TIMEOUT',
      'COMMIT_THROTTLED_WHILE_CATCHING_UP',
    ]);
  });

  it('gives no note once it is SYNCHRONIZED, suspended or asynchronous', () => {
    const synchronized = edited((x) => {
      sql2(x, 'sys.dm_hadr_database_replica_states').synchronization_state_desc = 'SYNCHRONIZED';
    });
    expect(commitOf(synchronized).reasons.map((r) => r.code)).not.toContain(
      'COMMIT_THROTTLED_WHILE_CATCHING_UP',
    );
    const suspended = edited((x) => {
      const row = sql2(x, 'sys.dm_hadr_database_replica_states');
      row.is_suspended = true;
      row.suspend_reason_desc = 'SUSPEND_FROM_USER';
      row.synchronization_state_desc = 'NOT SYNCHRONIZING';
    });
    expect(commitOf(suspended).reasons.map((r) => r.code)).toEqual(['NO_SYNCHRONIZED_SECONDARY']);
    // An asynchronous-commit secondary never becomes SYNCHRONIZED (S1), so nothing waits for that.
    const asynchronous = edited((x) => {
      sql2(x, 'sys.availability_replicas').availability_mode_desc = 'ASYNCHRONOUS_COMMIT';
    });
    expect(commitOf(asynchronous).reasons.map((r) => r.code)).toEqual([
      'NO_SYNCHRONIZED_SECONDARY',
    ]);
  });
});
