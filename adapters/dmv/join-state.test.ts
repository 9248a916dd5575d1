import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, primaryJson, rowsOf } from './test-support.js';

/*
 * "Join a Secondary Replica to an Availability Group (SQL Server)" (S98): "After a secondary
 * replica is added to an Always On availability group, the secondary replica must be joined to the
 * availability group." sys.dm_hadr_availability_replica_cluster_states (Transact-SQL): "Returns a
 * row for each Always On availability replica (regardless of its join state) of all Always On
 * availability groups ... in the WSFC cluster"; join_state_desc NOT_JOINED,
 * JOINED_STANDALONE_INSTANCE, JOINED_FAILOVER_CLUSTER_INSTANCE (the 2012 page; the current one
 * writes JOINED_STANDALONE and JOINED_FCI). The bundled primary's snapshot with SQLDR1 added by
 * ALTER AVAILABILITY GROUP … ADD REPLICA on the primary and not yet joined on its instance: the
 * primary has never connected to it and it holds no copy.
 */
const REPLICAS = 'sys.availability_replicas';
const JOINS = 'sys.dm_hadr_availability_replica_cluster_states';

const withJoinStates = (notJoined: string | null, joined = 'JOINED_STANDALONE_INSTANCE') => {
  const s = primaryJson() as JsonSnapshot;
  const dr1 = rowsOf(s, REPLICAS).find((r) => r.replica_server_name === 'SQLDR1')!;
  const id = dr1.replica_id;
  for (const r of rowsOf(s, 'sys.dm_hadr_availability_replica_states'))
    if (r.replica_id === id)
      Object.assign(r, {
        role_desc: null,
        operational_state_desc: null,
        connected_state_desc: 'DISCONNECTED',
      });
  s['sys.dm_hadr_database_replica_states'] = rowsOf(
    s,
    'sys.dm_hadr_database_replica_states',
  ).filter((r) => r.replica_id !== id);
  for (const c of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
    if (c.replica_id === id)
      Object.assign(c, { is_database_joined: false, is_failover_ready: false });
  s[JOINS] = rowsOf(s, REPLICAS).map((r) => ({
    replica_id: r.replica_id,
    replica_server_name: r.replica_server_name,
    group_id: r.group_id,
    join_state_desc: r.replica_id === id ? notJoined : joined,
  }));
  return s;
};

const sqldr1 = (s: JsonSnapshot) =>
  decide(factsOf(JSON.stringify(s))).failover.targets.find((t) => t.replica === 'SQLDR1')!;

describe('join_state_desc (sys.dm_hadr_availability_replica_cluster_states)', () => {
  it('NOT_JOINED: no failover can target the replica, and decide says to join it (S98)', () => {
    const facts = factsOf(JSON.stringify(withJoinStates('NOT_JOINED')));
    expect(facts.replicas.map((r) => [r.name, r.isJoined])).toEqual([
      ['SQLNODE1', true],
      ['SQLNODE2', true],
      ['SQLDR1', false],
    ]);
    const t = sqldr1(withJoinStates('NOT_JOINED'));
    for (const form of [t.planned, t.forced]) {
      expect(form.status).toBe('refused');
      expect(form.reasons[0]?.code).toBe('TARGET_NOT_JOINED');
    }
    const actions = decide(facts).actions.map((a) => a.why[0]?.code);
    expect(actions).toContain('JOIN_ADDED_REPLICA');
  });

  it('reads the current page spelling of a joined replica as joined', () => {
    const facts = factsOf(JSON.stringify(withJoinStates('JOINED_FCI', 'JOINED_STANDALONE')));
    expect(facts.replicas.every((r) => r.isJoined === true)).toBe(true);
  });

  it('a NULL join state, or a snapshot without the view, leaves it unknown: no TARGET_NOT_JOINED', () => {
    const nulled = withJoinStates(null);
    expect(
      factsOf(JSON.stringify(nulled)).replicas.find((r) => r.name === 'SQLDR1')?.isJoined,
    ).toBe(null);
    const without = withJoinStates('NOT_JOINED');
    delete without[JOINS];
    for (const s of [nulled, without]) {
      const codes = [...sqldr1(s).planned.reasons, ...sqldr1(s).forced.reasons].map((r) => r.code);
      expect(codes).not.toContain('TARGET_NOT_JOINED');
    }
  });
});
