import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * mssqltips.com tip 4917, "Recover WSFC using Forced Quorum for SQL Server AlwaysOn Availability
 * Group": "WSFC contains 3 SQL Servers SQLP1 (Primary), SQLP2 (Secondary) and SQLP3 (Secondary)";
 * "SQLP1 and SQLP3 are unavailable. WSFC goes down"; "the AG Dashboard lists SQLP2 in the
 * Availability replica, but AGTest is in a Resolving state". The snapshot is SQLP2's after the tip's
 * Start-ClusterNode -FixQuorum: FORCED_QUORUM, the other two nodes DOWN, TestDB (the name invented)
 * marked failover ready on SQLP2. "Perform a forced manual failover" (S44): once quorum has been
 * forced "you can't assess the amount of potential data loss", and is_failover_ready "might not
 * reflect the cluster's actual state": the predicted loss is unknown (LOSS_FORCED_QUORUM_UNKNOWN),
 * and the RPO estimate may not take the mark for 0 s either.
 */
const text = readFileSync(
  new URL('./fixtures/blog-forced-quorum-two-nodes-down.json', import.meta.url),
  'utf8',
);
const sqlp2 = (s: string) =>
  decide(factsOf(s)).failover.targets.find((t) => t.replica === 'SQLP2')!;

describe('the RPO estimate of a forced failover after quorum was forced', () => {
  it('is unknown, not 0 s from a failover-ready mark that may be stale', () => {
    const e = sqlp2(text).estimates.databases[0]!;
    expect(e.dataLossSeconds).toBeNull();
    const rpo = e.reasons.find((r) => r.code === 'RPO_UNKNOWN');
    expect(rpo?.rule.document).toMatch(/^Perform a forced manual failover/);
    expect(rpo?.settledBy).toEqual([
      "sys.dm_hadr_database_replica_states.last_commit_time (the primary's row and SQLP2's)",
    ]);
  });

  it('agrees with the predicted loss of the same failover', () => {
    const loss = sqlp2(text).forcedLoss[0]!;
    expect(loss.extent).toBe('unknown');
    expect(loss.reasons.map((r) => r.code)).toContain('LOSS_FORCED_QUORUM_UNKNOWN');
  });

  it('is 0 s again once quorum is normal', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    for (const c of rowsOf(s, 'sys.dm_hadr_cluster')) c.quorum_state_desc = 'NORMAL_QUORUM';
    expect(sqlp2(JSON.stringify(s)).estimates.databases[0]?.dataLossSeconds).toBe(0);
  });
});
