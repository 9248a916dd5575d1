import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFactsReadiness } from '../../core/distributed/facts-readiness.js';
import { distributedFactsSequence } from '../../core/distributed/facts-sequence.js';
import { snapshotToDistributedFacts } from './distributed.js';
import { readSnapshot } from './read.js';

/*
 * "Fail over link - Azure SQL Managed Instance" (S104), "Inconsistent state after forced
 * failover": "Following a forced failover, you might encounter a split-brain scenario where both
 * replicas are in the primary role ... To resolve the split brain state, first take a backup on
 * whichever replica was the original primary. If the original primary was SQL Server, then take a
 * tail log backup. If the original primary was SQL Managed Instance, then take a copy-only full
 * backup. After the backup completes, set the distributed availability group to the secondary role
 * for the replica that used to be the original primary". The link's snapshot on SQL Server (the
 * fixture of decide-mi-link.test.ts), with both members in the PRIMARY role as two snapshots merged
 * would show them.
 */
const text = readFileSync(
  new URL('./fixtures/docs-mi-link-sql-server-primary.json', import.meta.url),
  'utf8',
);
const snapshot = readSnapshot(text);
if (E.isLeft(snapshot)) throw new Error('the snapshot reads');
const read = snapshotToDistributedFacts(snapshot.right, { group: 'DAG_MI' });
if (E.isLeft(read)) throw new Error('the distributed group reads');
const link = read.right;
const split = { ...link, members: link.members.map((m) => ({ ...m, role: 'PRIMARY' as const })) };

describe('a Managed Instance link in split brain (S104)', () => {
  it('is refused with two global primaries', () => {
    const codes = distributedFactsReadiness(split).reasons.map((r) => r.code);
    expect(codes).toContain('TWO_GLOBAL_PRIMARIES');
  });

  it("asks for the backup and SET (ROLE = SECONDARY) on the original primary, not the link's FAILOVER", () => {
    const sequence = distributedFactsSequence(split);
    expect(sequence.map((s) => s.action.kind)).toEqual(['setRoleSecondary']);
    expect(sequence[0]!.purpose).toContain('tail-log backup');
  });
});
