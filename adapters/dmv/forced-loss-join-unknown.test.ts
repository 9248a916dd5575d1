import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forcedFailoverLoss } from '../../core/failover/forced-loss.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * SQLRX blog, "AlwaysOn – Connection Handshake Failure" (S96, Ginger Keys,
 * blog.sqlrx.com/tag/endpoint/): "the secondary replica was not synchronizing and ... the
 * secondary was not connected"; "the AlwaysOn Group had failed over and back. But the culprit to
 * my secondary replica and databases being disconnected was an endpoint issue": "Connection
 * handshake failed. The login 'Domain\user' does not have CONNECT permission on the endpoint.
 * State 84." The fixture is the primary SQL1's own snapshot at that moment: SQL2 DISCONNECTED,
 * AppDB NOT SYNCHRONIZING there, NOT_HEALTHY. The post gives no LSN, no join flag, no readiness:
 * those are NULL. Names, ids and the two-replica synchronous layout are invented.
 */
const fixture = () =>
  readFileSync(
    new URL('./fixtures/blog-handshake-secondary-disconnected-primary.json', import.meta.url),
    'utf8',
  );
const lossCodes = (text: string) =>
  forcedFailoverLoss(factsOf(text), 'SQL2')[0]!.reasons.map((r) => r.code);
const withRow = (
  change: (drs: Record<string, unknown>, cluster: Record<string, unknown>) => void,
) => {
  const raw = JSON.parse(fixture()) as JsonSnapshot;
  change(
    rowsOf(raw, 'sys.dm_hadr_database_replica_states')[1]!,
    rowsOf(raw, 'sys.dm_hadr_database_replica_cluster_states')[1]!,
  );
  return JSON.stringify(raw);
};

describe('the forced loss when neither the join nor the LSNs are shown (S96)', () => {
  it('names every column it lacks, not is_database_joined alone', () => {
    const [loss] = forcedFailoverLoss(factsOf(fixture()), 'SQL2');
    expect(loss!.extent).toBe('unknown');
    expect(loss!.reasons.map((r) => r.code)).toEqual([
      'LOSS_JOIN_UNKNOWN',
      'LOSS_TARGET_LSN_UNKNOWN',
      'LOSS_END_OF_LOG_UNKNOWN',
    ]);
  });

  it('leaves, once the join is shown, the reasons it named beside it', () => {
    const joined = withRow((_, c) => {
      c.is_database_joined = true;
    });
    expect(lossCodes(joined)).toEqual(['LOSS_TARGET_LSN_UNKNOWN', 'LOSS_END_OF_LOG_UNKNOWN']);
  });

  it('names the join alone where the copy read as joined would settle the loss', () => {
    // With the primary's end of log and SQL2's hardened LSN shown, only the join is missing.
    const raw = JSON.parse(fixture()) as JsonSnapshot;
    const [primary, secondary] = rowsOf(raw, 'sys.dm_hadr_database_replica_states');
    primary!.end_of_log_lsn = '41000000050000001';
    primary!.last_hardened_lsn = '41000000050000001';
    secondary!.recovery_lsn = '41000000001000001';
    secondary!.last_hardened_lsn = '41000000040000001';
    expect(lossCodes(JSON.stringify(raw))).toEqual(['LOSS_JOIN_UNKNOWN']);
  });
});
