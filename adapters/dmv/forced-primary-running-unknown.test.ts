import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { forcedFailover } from '../../core/failover/failover.js';
import { isUnknownReason } from '../../core/model/source.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * MicrosoftDocs/sql-docs issue #2755, "Consistency Issue" (2019-08-17), on 'Overview of Always On
 * Availability Groups': "Suppose the connection between primary and secondary replica is broken.
 * The client inserts data to the primary database (replication cannot be done because of
 * disconnection) that committed. Then the connection between client and primary database is
 * disconnected. Now the client should be connected to the secondary database but it has not the
 * last inserted data by the client."
 *
 * The fixture is the secondary SQL02's own snapshot at that moment, the documented query's views:
 * SQL02 SECONDARY and DISCONNECTED, AppDB NOT SYNCHRONIZING and not failover ready, the cluster
 * still naming SQL01 the primary (sys.dm_hadr_availability_group_states.primary_replica, "Name of
 * the server instance that is hosting the current primary replica", S49); a secondary shows no row
 * of the primary's replica. Names, version, ids and LSNs are invented.
 *
 * 'Perform a forced manual failover of an availability group' (S44), Recommendations: "Do not force
 * failover while the primary replica is still running." Whether SQL01 still runs is not in SQL02's
 * snapshot: the forced failover says so, where before it said nothing of the primary.
 */
const text = readFileSync(
  new URL('./fixtures/docs-issue2755-secondary-cut-off-primary-named.json', import.meta.url),
  'utf8',
);

describe('a forced failover on a secondary cut off from the primary the cluster names', () => {
  it('is allowed, with whether the primary still runs unknown, naming what settles it', () => {
    const verdict = forcedFailover(factsOf(text), 'SQL02');
    expect(verdict.status).toBe('allowed');
    expect(verdict.reasons.map((r) => r.code)).toEqual([
      'POSSIBLE_DATA_LOSS',
      'PRIMARY_RUNNING_UNKNOWN',
    ]);
    const unknown = verdict.reasons[1]!;
    expect(isUnknownReason(unknown)).toBe(true);
    expect(unknown.message).toContain('SQL02 is DISCONNECTED from it');
    expect(unknown.message).toContain(
      'Do not force failover while the primary replica is still running',
    );
    expect(unknown.rule.document).toBe('Perform a forced manual failover of an availability group');
    expect(unknown.settledBy).toEqual([
      'sys.dm_hadr_availability_replica_states.operational_state_desc of SQL01 (a snapshot taken on SQL01)',
    ]);
    // A primary is named: no forced failover is offered as an action.
    expect(decide(factsOf(text)).actions.some((a) => a.event.type === 'ag.forceFailover')).toBe(
      false,
    );
  });

  it("names the target's connected_state_desc too where the snapshot leaves it out", () => {
    const s = JSON.parse(text) as JsonSnapshot;
    for (const row of rowsOf(s, 'sys.dm_hadr_availability_replica_states'))
      delete row.connected_state_desc;
    const unknown = forcedFailover(factsOf(JSON.stringify(s)), 'SQL02').reasons.find(
      (r) => r.code === 'PRIMARY_RUNNING_UNKNOWN',
    );
    expect(unknown?.settledBy).toEqual([
      'sys.dm_hadr_availability_replica_states.operational_state_desc of SQL01 (a snapshot taken on SQL01)',
      'sys.dm_hadr_availability_replica_states.connected_state_desc of SQL02',
    ]);
  });

  it('says nothing of it once the target is CONNECTED to the primary: it runs', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    rowsOf(s, 'sys.dm_hadr_availability_replica_states')[0]!.connected_state_desc = 'CONNECTED';
    const codes = forcedFailover(factsOf(JSON.stringify(s)), 'SQL02').reasons.map((r) => r.code);
    expect(codes).toContain('PRIMARY_STILL_RUNNING');
    expect(codes).not.toContain('PRIMARY_RUNNING_UNKNOWN');
  });

  it('says nothing of it where no primary is named: the group RESOLVING on SQL02', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    rowsOf(s, 'sys.dm_hadr_availability_replica_states')[0]!.role_desc = 'RESOLVING';
    rowsOf(s, 'sys.dm_hadr_availability_replica_states')[0]!.connected_state_desc = null;
    rowsOf(s, 'sys.dm_hadr_availability_group_states')[0]!.primary_replica = null;
    const verdict = forcedFailover(factsOf(JSON.stringify(s)), 'SQL02');
    expect(verdict.status).toBe('allowed');
    expect(verdict.reasons.map((r) => r.code)).toEqual(['POSSIBLE_DATA_LOSS']);
  });
});
