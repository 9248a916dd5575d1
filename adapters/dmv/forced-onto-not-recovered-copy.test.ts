import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { fleetVerdict } from '../../core/decide/fleet.js';
import { forcedFailover } from '../../core/failover/failover.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * MSDN forum thread (mirrored at availability198.rssing.com/chan-13965430/article1066.html):
 * "We have Always On availability groups with 3 nodes (Primary + 2 secondary) with Synchronized
 * mode, manual failover on SQL 2012. Today we run a test and we disconnected 2 replicas to allow
 * the primary site to take the primary role of the cluster ... (we have another node as file
 * share). In order to start the cluster, we had to forced the quorum. ... The availability groups
 * in the primary site were in a resolving status and all the DBs were in "Not synchronizing,
 * Recovery pending" mode". The fixture is the primary-site replica's own snapshot then; names,
 * ids and catalog defaults are invented, every other column NULL.
 *
 * "Database states" (S80): RECOVERY PENDING and SUSPECT, "The database is unavailable. Additional
 * action by the user is required". KB2857849 (S102): after a Recovery Pending primary is failed
 * over, its copy "is still in the Recovery Pending state". Whether the copy comes online when its
 * replica takes the primary role no document says: the forced verdict carries it as unknown.
 */
const text = readFileSync(
  new URL('./fixtures/forum-forced-quorum-resolving-recovery-pending.json', import.meta.url),
  'utf8',
);
const CODE = 'TARGET_DATABASE_NOT_RECOVERED';
const withState = (state: string): string => {
  const s = JSON.parse(text) as JsonSnapshot;
  rowsOf(s, 'sys.dm_hadr_database_replica_states')[0]!.database_state_desc = state;
  return JSON.stringify(s);
};

describe('a forced failover onto a copy that is RECOVERY_PENDING or SUSPECT', () => {
  it('stays allowed and says whether the database is available there is unknown', () => {
    const verdict = forcedFailover(factsOf(text), 'SQLPRIM1');
    expect(verdict.status).toBe('allowed');
    expect(verdict.reasons.map((r) => r.code)).toEqual(['POSSIBLE_DATA_LOSS', CODE]);
    const reason = verdict.reasons.find((r) => r.code === CODE);
    expect(reason?.message).toContain('AppDB is RECOVERY_PENDING on SQLPRIM1');
    expect(reason?.settledBy).toEqual([
      'the SQL Server error log on SQLPRIM1: the error that left the database in that state',
      'sys.databases.state_desc on SQLPRIM1 once that cause is cleared',
    ]);
  });

  it('says so for a SUSPECT copy, and not for an ONLINE one', () => {
    const suspect = forcedFailover(factsOf(withState('SUSPECT')), 'SQLPRIM1').reasons;
    expect(suspect.find((r) => r.code === CODE)?.message).toContain('AppDB is SUSPECT on SQLPRIM1');
    const online = forcedFailover(factsOf(withState('ONLINE')), 'SQLPRIM1').reasons;
    expect(online.map((r) => r.code)).not.toContain(CODE);
  });

  it('carries it on the recommended FORCE_FAILOVER_ALLOW_DATA_LOSS and in the fleet summary', () => {
    const facts = factsOf(text);
    const force = decide(facts).actions.find((a) => a.event.type === 'ag.forceFailover');
    expect(force?.why.map((r) => r.code)).toContain(CODE);
    const target = fleetVerdict(facts).targets.find((t) => t.replica === 'SQLPRIM1');
    expect(target?.forced.databases.find((d) => d.code === CODE)?.databases).toEqual(['AppDB']);
  });
});
