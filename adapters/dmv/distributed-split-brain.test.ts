import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFactsReadiness } from '../../core/distributed/facts-readiness.js';
import { distributedFactsSequence } from '../../core/distributed/facts-sequence.js';
import { mergeDistributedFacts, snapshotToDistributedFacts } from './distributed.js';
import { readSnapshot } from './read.js';

/*
 * "Fail over link - Azure SQL Managed Instance" (S104; the link is a distributed availability
 * group), Inconsistent state after forced failover: "Following a forced failover, you might
 * encounter a split-brain scenario where both replicas are in the primary role ... This can happen
 * if you fail over to the secondary replica during a disaster, and then the primary replica comes
 * back online"; "run the following T-SQL script on *both* SQL Server and SQL Managed Instance to
 * check the role of the replicas". The fixtures are that check's two sides, as snapshots of
 * examples/snapshots/dag-*.json: ag2 (server3) forced to PRIMARY after the loss of ag1's site, then
 * ag1 (server1) back, still PRIMARY, its row of ag2 DISCONNECTED. Given in one order, decide took
 * ag1 as the sender and would demote server1; in the other, server3, with a different loss.
 */
const facts = (name: string) => {
  const s = readSnapshot(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
  if (E.isLeft(s)) throw new Error('the snapshot reads');
  const f = snapshotToDistributedFacts(s.right);
  if (E.isLeft(f)) throw new Error('the snapshot is a distributed group');
  return f.right;
};
const OLD = facts('docs-mi-split-brain-old-primary.json');
const FORCED = facts('docs-mi-split-brain-forced.json');
const merged = (a: typeof OLD, b: typeof OLD) => {
  const m = mergeDistributedFacts(a, b);
  if (E.isLeft(m)) throw new Error(m.left);
  return m.right;
};

describe('both members PRIMARY after a forced failover (S104)', () => {
  it('neither file decides which side sends', () => {
    expect(merged(OLD, FORCED).sender).toBeNull();
    expect(merged(FORCED, OLD).sender).toBeNull();
  });

  it('refused for the two primaries; which one to keep is unknown, whatever the order', () => {
    for (const [a, b] of [
      [OLD, FORCED],
      [FORCED, OLD],
    ] as const) {
      const r = distributedFactsReadiness(merged(a, b));
      expect(r.status).toBe('refused');
      expect(
        r.steps.find((s) => s.step === 'GLOBAL_PRIMARY_DEMOTED')!.reasons.map((x) => x.code),
      ).toEqual(['TWO_GLOBAL_PRIMARIES', 'KEPT_GROUP_UNKNOWN']);
      expect(r.predictedLoss).toEqual([]);
      expect(r.lossUnknown.map((l) => l.reasons[0]!.code)).toEqual(['KEPT_GROUP_UNKNOWN']);
    }
    expect(distributedFactsSequence(merged(OLD, FORCED))).toEqual(
      distributedFactsSequence(merged(FORCED, OLD)),
    );
  });

  it('named the group to keep, the statements demote the other after a backup (S104)', () => {
    const steps = distributedFactsSequence(merged(OLD, FORCED), { target: 'ag2' });
    expect(steps.map((s) => [s.step, s.server, s.action.kind])).toEqual([
      [1, 'server1', 'backupBeforeDemotion'],
      [2, 'server1', 'setRoleSecondary'],
    ]);
  });
});
