import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "sys.availability_replicas (Transact-SQL)" (S32): "If the local server instance can't connect to
 * the WSFC failover cluster, for example because the cluster is down or quorum is lost,
 * sys.availability_replicas returns only rows for local availability replicas."
 * "sys.dm_hadr_cluster_members": "If the WSFC node has no quorum, no rows are returned." The
 * failure threshold is "n-1, where n is the number of WSFC nodes" (S23). The snapshot: the
 * two-node group of sqlgeekspro.com's force-quorum walk-through (blog-two-node-quorum-lost.json),
 * taken on SQLP2 as those pages say it answers without quorum: its own replica row only,
 * FAILED_NO_QUORUM, and no cluster rows.
 */
const text = readFileSync(
  new URL('./fixtures/docs-quorum-lost-catalog-local-only.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a snapshot without quorum, whose catalog lists the local replica only', () => {
  const facts = factsOf(text);
  const d = decide(facts);

  it('does not count WSFC nodes from an empty sys.dm_hadr_cluster_members', () => {
    expect(facts.clusterNodes).toBeNull();
    expect(d.health.maxFailuresInPeriod).toBeNull();
    expect(d.health.maxFailuresUnknown?.code).toBe('FAILURE_THRESHOLD_UNKNOWN');
  });

  it('refuses automatic failover for the lost quorum, not for a threshold of 0 from one replica', () => {
    const sqlp2 = d.failover.targets.find((t) => t.replica === 'SQLP2')!;
    expect(sqlp2.automatic.status).toBe('refused');
    expect(codes(sqlp2.automatic.reasons)).toContain('QUORUM_LOST');
    expect(codes(sqlp2.automatic.reasons)).not.toContain('FAILURE_THRESHOLD_EXCEEDED');
    expect(d.health.thresholdExceeded).toBeNull();
  });
});
