import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { automaticFailover, plannedFailover } from '../../core/failover/failover.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "Troubleshoot: Availability group exceeded RTO" (S123, MicrosoftDocs/sql-docs
 * docs/database-engine/availability-groups/windows/troubleshoot-availability-group-exceeded-rto.md),
 * Reporting workload blocks the redo thread from running: "A blocked redo thread cannot apply log
 * records until it is unblocked. Once unblocked, it can continue to catch up to the end of log and
 * allow the subsequent undo and failover process to proceed"; "you can query the DMV
 * sys.dm_exec_request on the secondary replica to find out which session is blocking the REDO
 * thread" (where command = 'DB STARTUP'), and the event sqlserver.lock_redo_blocked is raised.
 *
 * The fixture: the primary's snapshot of AGReports; SQLAG2, the readable automatic failover
 * partner, has hardened every log record (SYNCHRONIZED, failover ready) but its redo is 3 GB
 * behind with redo_rate 0. Names, LSNs, sizes and times are invented; the page gives none.
 */
const fixture = () =>
  readFileSync(
    new URL('./fixtures/docs-rto-redo-blocked-readable-partner.json', import.meta.url),
    'utf8',
  );
const estimate = (text: string) =>
  decide(factsOf(text)).failover.targets.find((t) => t.replica === 'SQLAG2')!.estimates
    .databases[0]!;

describe('a synchronized partner whose redo thread is blocked (S123)', () => {
  it('leaves the recovery time unknown, settled by what blocks redo, not by redo_rate again', () => {
    const e = estimate(fixture());
    expect(e.recoverySeconds).toBeNull();
    expect(e.dataLossSeconds).toBe(0);
    expect(e.reasons.map((r) => r.code)).toEqual(['RTO_UNKNOWN']);
    expect(e.reasons[0]?.settledBy).toEqual([
      "sys.dm_exec_requests.blocking_session_id (command 'DB STARTUP') on SQLAG2",
      'the sqlserver.lock_redo_blocked extended event on SQLAG2',
    ]);
  });

  it('keeps automatic and planned failover there: no log is lost, only time', () => {
    const facts = factsOf(fixture());
    expect(automaticFailover(facts, 'SQLAG2').status).toBe('allowed');
    expect(plannedFailover(facts, 'SQLAG2').status).toBe('allowed');
  });

  it('names redo_rate where the rate itself is not shown', () => {
    const raw = JSON.parse(fixture()) as JsonSnapshot;
    rowsOf(raw, 'sys.dm_hadr_database_replica_states')[1]!.redo_rate = null;
    expect(estimate(JSON.stringify(raw)).reasons[0]?.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.redo_rate',
    ]);
  });
});
