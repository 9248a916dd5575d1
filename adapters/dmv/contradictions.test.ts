import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, primaryJson, problemsOf, rowsOf } from './test-support.js';

/**
 * One example per consistency check on the primary-side example snapshot (SQLNODE1 primary,
 * SQLNODE2 synchronous, SQLDR1 asynchronous; rows 1–3 of each state view in that order). Each test
 * names the documentation that makes the combination impossible (refused, with its row) or
 * possible but suspicious (kept; the decisions that read it become unknown).
 *
 * S6 https://learn.microsoft.com/en-us/sql/relational-databases/system-dynamic-management-views/sys-dm-hadr-database-replica-states-transact-sql
 * S7 https://learn.microsoft.com/en-us/sql/relational-databases/system-dynamic-management-views/sys-dm-hadr-availability-replica-states-transact-sql
 * S1 https://learn.microsoft.com/en-us/sql/database-engine/availability-groups/windows/availability-modes-always-on-availability-groups
 */

const DRS = 'sys.dm_hadr_database_replica_states';
const ARS = 'sys.dm_hadr_availability_replica_states';
const text = (s: JsonSnapshot) => JSON.stringify(s, null, 2);

const codesOf = (s: JsonSnapshot) =>
  problemsOf(text(s)).map((p) => p.message.match(/\[(\w+)\]$/)?.[1] ?? p.message);

describe('impossible snapshots are refused with their row', () => {
  it('SYNCHRONIZED on an asynchronous-commit secondary (S1: an asynchronous-commit secondary never becomes SYNCHRONIZED; S6: SYNCHRONIZED is shown by a synchronous-commit secondary)', () => {
    const s = primaryJson();
    rowsOf(s, DRS)[2]!.synchronization_state_desc = 'SYNCHRONIZED';
    const [p, ...rest] = problemsOf(text(s));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ view: DRS, row: 3, column: 'synchronization_state_desc' });
    expect(p!.message).toMatch(
      /SalesDB on SQLDR1 is SYNCHRONIZED, but SQLDR1 is an asynchronous-commit replica/,
    );
    expect(p!.line).toBeGreaterThan(0);
  });

  it('redone ahead of hardened, in a later log block (S6: last_hardened_lsn is the start of the log block holding the last hardened record; redo applies hardened log)', () => {
    const s = primaryJson();
    // SQLNODE2 hardened block 44184 (1025000004418400001); redone in block 44190.
    rowsOf(s, DRS)[1]!.last_redone_lsn = '1025000004419000003';
    const [p] = problemsOf(text(s));
    expect(p).toMatchObject({ view: DRS, row: 2, column: 'last_redone_lsn' });
    expect(p!.message).toMatch(/\[REDONE_AHEAD_OF_HARDENED\]$/);
  });

  it('a redone LSN inside the last hardened block is real and kept', () => {
    const s = primaryJson();
    rowsOf(s, DRS)[1]!.last_redone_lsn = '1025000004418400007';
    expect(factsOf(text(s)).databaseReplicas[1]?.lastRedoneLsn).toBe(1025000004418400007n);
  });

  it('two rows claiming the primary (S7 role_desc: one replica of a group is PRIMARY)', () => {
    const s = primaryJson();
    rowsOf(s, ARS)[1]!.role_desc = 'PRIMARY';
    const [p] = problemsOf(text(s));
    expect(p).toMatchObject({ view: ARS, row: 2, column: 'role_desc' });
  });

  it("two rows claiming the primary under CLUSTER_TYPE NONE are read, the snapshot's own instance the primary (S45: nothing demotes the old primary of a read-scale group)", () => {
    const s = primaryJson();
    for (const g of rowsOf(s, 'sys.availability_groups')) g.cluster_type_desc = 'none';
    for (const r of rowsOf(s, 'sys.availability_replicas')) r.failover_mode_desc = 'MANUAL';
    rowsOf(s, ARS)[1]!.role_desc = 'PRIMARY';
    const facts = factsOf(text(s));
    expect(facts.replicas.filter((r) => r.role === 'PRIMARY').map((r) => r.name)).toEqual([
      'SQLNODE1',
      'SQLNODE2',
    ]);
    expect(facts.primary).toBe('SQLNODE1');
  });

  it('a query without role_desc reads is_primary_replica = 1 as the primary role (S6 is_primary_replica: 1 if the replica is primary): the old primary of a read-scale group, still running, is not refused for its SYNCHRONIZED databases', () => {
    const s = primaryJson();
    for (const g of rowsOf(s, 'sys.availability_groups')) g.cluster_type_desc = 'none';
    for (const r of rowsOf(s, 'sys.availability_replicas')) r.failover_mode_desc = 'MANUAL';
    // SQLDR1 (asynchronous commit) still holds the role after a forced failover to SQLNODE1 (S45).
    const old = rowsOf(s, DRS)[2]!;
    old.is_primary_replica = true;
    old.synchronization_state_desc = 'SYNCHRONIZED';
    for (const r of rowsOf(s, ARS)) delete r.role_desc;
    // Read, not refused with SYNCHRONIZED_ON_ASYNCHRONOUS_COMMIT.
    const facts = factsOf(text(s));
    expect(facts.replicas.find((r) => r.name === 'SQLDR1')?.role).toBe('PRIMARY');
    expect(facts.replicas.find((r) => r.name === 'SQLNODE2')?.role).toBeNull();
  });

  it('is_primary_replica on a row whose replica is SECONDARY (S6 is_primary_replica: 1 if the replica is primary)', () => {
    const s = primaryJson();
    rowsOf(s, DRS)[1]!.is_primary_replica = true;
    const [p] = problemsOf(text(s));
    expect(p).toMatchObject({ view: DRS, row: 2, column: 'is_primary_replica' });
    expect(p!.message).toMatch(/\[PRIMARY_FLAG_ON_NON_PRIMARY\]$/);
  });

  it('two databases of one name on a replica (S6: one row per database per replica)', () => {
    const s = primaryJson();
    const copy = {
      ...rowsOf(s, DRS)[1]!,
      group_database_id: 'C4D5E6F7-A8B9-4C0D-9E1F-000000000002',
    };
    rowsOf(s, DRS).push(copy);
    rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states').push({
      ...rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states')[1]!,
      group_database_id: copy.group_database_id,
    });
    expect(codesOf(s)).toContain('DUPLICATE_DATABASE_ROW');
  });

  it('one replica twice (S7: a row per replica)', () => {
    const s = primaryJson();
    rowsOf(s, 'sys.availability_replicas').push({
      ...rowsOf(s, 'sys.availability_replicas')[1]!,
      replica_id: '1B2C3D4E-0009-4A5B-8C6D-7E8F9A0B1C2D',
      replica_server_name: 'sqlnode2',
    });
    expect(problemsOf(text(s))[0]!.message).toMatch(/replica sqlnode2 .* appears twice/);
  });
});

describe('a suspicious snapshot is kept, and what depends on it is unknown', () => {
  it('a synchronizing secondary past the primary’s end of log (S6: values are local views and may be out of date)', () => {
    const s = primaryJson();
    const dr = rowsOf(s, DRS)[2]!;
    // The primary's end of log is 1025000004418400001; SQLDR1 says it hardened further.
    dr.last_received_lsn = '1025000004418500001';
    dr.last_hardened_lsn = '1025000004418500001';
    const facts = factsOf(text(s));
    const d = decide(facts, { target: 'SQLDR1' });
    expect(d.findings.map((f) => [f.severity, f.code, f.replica])).toEqual([
      ['suspicious', 'SECONDARY_AHEAD_OF_PRIMARY', 'SQLDR1'],
    ]);
    const [t] = d.failover.targets;
    expect(t?.forced.status).toBe('unknown');
    // What makes it unknown first, then the notes it would carry were it allowed.
    expect(t?.forced.reasons.map((r) => r.code)).toEqual([
      'CONTRADICTORY_SNAPSHOT',
      'POSSIBLE_DATA_LOSS',
      'PRIMARY_STILL_RUNNING',
    ]);
    expect(t?.forced.reasons[0]?.settledBy).toContain(`${DRS}.last_hardened_lsn`);
    expect(t?.forcedLoss[0]?.extent).toBe('unknown');
    // The synchronous secondary's decisions do not read SQLDR1's row.
    const node2 = decide(facts, { target: 'SQLNODE2' }).failover.targets[0];
    expect(node2?.planned.status).toBe('allowed');
  });
});

describe('names the server reports', () => {
  it('a database name holding an escape sequence is no sysname and is refused (S4 database_name)', () => {
    const s = primaryJson();
    for (const row of [
      ...rowsOf(s, DRS),
      ...rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'),
    ])
      row.database_name = 'Sales\u001b]0;owned\u0007';
    const messages = problemsOf(text(s)).map((p) => p.message);
    expect(messages.some((m) => m.endsWith('[NAME_NOT_SYSNAME]'))).toBe(true);
  });
});
