import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { example, factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * "Monitor performance for Always On availability groups" (docs), sections "Estimate RTO and RPO
 * using DMVs": proc_calculate_RTO on the secondary prints, for the documented sample,
 *   RTO of Database DB_sec is 0
 *   group_id of Database DB4 is F176DD65-C3EE-4240-BA23-EA615F965C9B
 *   replica_id of Database DB4 is 405554F6-3FDC-4593-A650-2067F5FABFFD
 *   group_database_id of Database DB4 is 39F7942F-7B5E-42C5-977D-02E7FFA6C392
 * RTO is 0 when redo_queue_size = 0, ceiling(redo_queue_size / redo_rate) otherwise, "not
 * available" when the rate is NULL or 0; proc_calculate_RPO gives 00:00:00 when is_failover_ready
 * = 1, else DATEDIFF(ss, secondary last_commit_time, primary last_commit_time), "not available"
 * when that is negative. The snapshot below is the primary's, with the documented ids for DB4 and
 * its secondary; SQLDR1 is a second, lagging secondary.
 */
const documented = (): JsonSnapshot => {
  const text = example('primary.json')
    .replaceAll('A7C3F1D2-5B6E-4C8A-9F01-2D3E4F5A6B7C', 'F176DD65-C3EE-4240-BA23-EA615F965C9B')
    .replaceAll('1B2C3D4E-0002-4A5B-8C6D-7E8F9A0B1C2D', '405554F6-3FDC-4593-A650-2067F5FABFFD')
    .replaceAll('C4D5E6F7-A8B9-4C0D-9E1F-203142536475', '39F7942F-7B5E-42C5-977D-02E7FFA6C392')
    .replaceAll('"SalesDB"', '"DB4"');
  const s = JSON.parse(text) as JsonSnapshot;
  const [primary, secondary, dr] = rowsOf(s, 'sys.dm_hadr_database_replica_states');
  Object.assign(primary!, { last_commit_time: '2024-03-05T14:02:11.250' });
  Object.assign(secondary!, {
    redo_queue_size: 0,
    redo_rate: 0,
    log_send_queue_size: 0,
    log_send_rate: 5120,
    last_commit_time: '2024-03-05T14:02:11.250',
    synchronization_health_desc: 'HEALTHY',
  });
  Object.assign(dr!, {
    redo_queue_size: 1000,
    redo_rate: 300,
    log_send_queue_size: 256,
    log_send_rate: 40,
    // sqlcmd's spelling of a datetime; DATEDIFF(ss) counts the second boundaries crossed.
    last_commit_time: '2024-03-05 14:02:08.900',
    last_hardened_time: '2024-03-05 14:02:09.000',
    secondary_lag_seconds: 3,
    synchronization_health_desc: 'HEALTHY',
  });
  return s;
};

describe('RTO and RPO estimates by the documented method', () => {
  const facts = factsOf(JSON.stringify(documented()));
  const targets = decide(facts).failover.targets;
  const of = (replica: string) => targets.find((t) => t.replica === replica)!.estimates;

  it('gives the documented sample: RTO 0 for DB4 on its secondary, and RPO 00:00:00', () => {
    const replica = facts.replicas[1]!.name;
    expect(of(replica).databases).toEqual([
      expect.objectContaining({
        database: 'DB4',
        recoverySeconds: 0,
        dataLossSeconds: 0,
        dataLossKb: 0,
        reasons: [],
      }),
    ]);
  });

  it('divides the redo queue by the redo rate, rounded up, and counts commit-time seconds', () => {
    expect(of('SQLDR1').databases[0]).toMatchObject({
      recoverySeconds: 4,
      dataLossSeconds: 3,
      dataLossKb: 256,
      figures: {
        logSendQueueKb: 256,
        logSendRateKbPerSecond: 40,
        redoQueueKb: 1000,
        redoRateKbPerSecond: 300,
        secondaryLagSeconds: 3,
        synchronizationHealth: 'HEALTHY',
        lastCommitTimeMs: Date.UTC(2024, 2, 5, 14, 2, 8, 900),
      },
    });
    expect(of('SQLDR1').limit).toEqual({ recoverySeconds: 4, dataLossSeconds: 3, dataLossKb: 256 });
  });

  it('says "unknown", with the column, where the procedures say "not available"', () => {
    const s = documented();
    Object.assign(rowsOf(s, 'sys.dm_hadr_database_replica_states')[2]!, {
      redo_rate: 0,
      last_commit_time: '2024-03-05T14:02:12',
    });
    const e = decide(factsOf(JSON.stringify(s))).failover.targets.find(
      (t) => t.replica === 'SQLDR1',
    )!.estimates.databases[0]!;
    expect(e.recoverySeconds).toBeNull();
    expect(e.dataLossSeconds).toBeNull();
    expect(e.reasons.map((r) => [r.code, r.settledBy?.[0]])).toEqual([
      // A rate of 0 is read: what holds redo settles the time (S123), not the rate again.
      ['RTO_UNKNOWN', "sys.dm_exec_requests.blocking_session_id (command 'DB STARTUP') on SQLDR1"],
      [
        'RPO_UNKNOWN',
        "sys.dm_hadr_database_replica_states.last_commit_time (the primary's row and SQLDR1's)",
      ],
    ]);
  });
});
