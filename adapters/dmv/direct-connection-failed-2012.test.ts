import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClusterFacts } from '../../core/model/facts.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * The readable secondary SQLNODE2 in a failed state (41144, 'Database engine events and errors
 * (31000 to 41399)', S135; fixture described in failover-target-failed.test.ts), read as SQL
 * Server 2012. SMO's AvailabilityReplicaOperationalState for SQL Server 2012 (S34): "Failed: The
 * replica is unable to communicate with the Windows cluster, the replica cannot receive client
 * requests". From 2014 readable secondaries stay readable without quorum or when disconnected
 * (S36), and no source says what a failed one does: those versions are read as before.
 */
const text = readFileSync(
  new URL('./fixtures/docs-41144-secondary-failed.json', import.meta.url),
  'utf8',
);
const as = (version: 2012 | 2019): ClusterFacts => {
  const facts = factsOf(text);
  return { ...facts, config: { ...facts.config, version } };
};
const readOnly = (facts: ClusterFacts) =>
  connectToReplica(facts, { replica: 'SQLNODE2', intent: 'READ_ONLY', database: 'SalesDB' });

describe('a read-intent connection straight to a secondary in a failed state', () => {
  it('is refused on SQL Server 2012', () => {
    const c = readOnly(as(2012));
    expect(c.outcome).toBe('refused');
    expect(c.reasons.map((r) => r.code)).toEqual(['CONNECT_SECONDARY_FAILED_2012']);
  });

  it('connects as before on SQL Server 2019', () => {
    expect(readOnly(as(2019)).outcome).toBe('connected');
  });
});
