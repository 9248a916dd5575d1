import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * sys.dm_hadr_database_replica_cluster_states (S8), is_failover_ready: "1 = ... ready for
 * failover; 0 = not". The primary's snapshot of the SQLRX handshake failure (S96, see
 * forced-loss-join-unknown.test.ts) does not give the flag for SQL2: the loss and the RPO estimate
 * said "SQL2 is not marked failover ready", a "no" the snapshot does not show.
 */
const fixture = () =>
  readFileSync(
    new URL('./fixtures/blog-handshake-secondary-disconnected-primary.json', import.meta.url),
    'utf8',
  );
const messages = (text: string) => {
  const target = decide(factsOf(text)).failover.targets.find((t) => t.replica === 'SQL2')!;
  return {
    loss: target.forcedLoss[0]!.reasons.find((r) => r.code === 'LOSS_END_OF_LOG_UNKNOWN')!.message,
    rpo: target.estimates.databases[0]!.reasons.find((r) => r.code === 'RPO_UNKNOWN')!.message,
  };
};

describe('the readiness the loss and RPO reasons speak of (S8)', () => {
  it('is unknown where the snapshot does not give is_failover_ready', () => {
    const m = messages(fixture());
    for (const text of [m.loss, m.rpo]) {
      expect(text).toContain('whether SQL2 is marked failover ready is unknown in this snapshot');
      expect(text).not.toContain('not marked failover ready');
    }
  });

  it('is "not marked" only where is_failover_ready is 0', () => {
    const raw = JSON.parse(fixture()) as JsonSnapshot;
    rowsOf(raw, 'sys.dm_hadr_database_replica_cluster_states')[1]!.is_failover_ready = false;
    const m = messages(JSON.stringify(raw));
    for (const text of [m.loss, m.rpo])
      expect(text).toContain('SQL2 is not marked failover ready (is_failover_ready = 0)');
  });
});
