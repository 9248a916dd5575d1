import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFactsSequence } from '../../core/distributed/facts-sequence.js';
import { mergeDistributedFacts, snapshotToDistributedFacts } from './distributed.js';
import { readSnapshot } from './read.js';

/*
 * A migration from SQL Server 2019 to 2022 through a distributed group (S43, Migrate by using a
 * distributed availability group; its members may run different major versions from 2017). The
 * failover steps differ by version (S88, Fail over a distributed availability group): "The
 * instructions in this section apply if REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is not set for
 * the distributed availability group, such as versions before SQL Server 2022 as they don't
 * support it for distributed availability groups", and the 2022 steps set it "on the global
 * primary". The snapshots are examples/snapshots/dag-global-primary.json (server1, SQL Server 2019)
 * and dag-forwarder.json made SQL Server 2022, both sides SYNCHRONOUS_COMMIT.
 */
const snapshot = (name: string, major: number) => {
  const doc = JSON.parse(
    readFileSync(new URL(`../../examples/snapshots/${name}`, import.meta.url), 'utf8'),
  );
  doc.SERVERPROPERTY = [{ product_major_version: major, product_version: `${major}.0.4375.4` }];
  for (const r of doc['sys.availability_replicas'])
    if (r.replica_server_name.startsWith('ag')) r.availability_mode_desc = 'SYNCHRONOUS_COMMIT';
  const s = readSnapshot(JSON.stringify(doc));
  if (E.isLeft(s)) throw new Error('the snapshot reads');
  const f = snapshotToDistributedFacts(s.right);
  if (E.isLeft(f)) throw new Error('the snapshot is a distributed group');
  return f.right;
};

const onGlobalPrimary = snapshot('dag-global-primary.json', 15);
const onForwarder = snapshot('dag-forwarder.json', 16);
const statements = (a: typeof onForwarder, b: typeof onForwarder) => {
  const merged = mergeDistributedFacts(a, b);
  if (E.isLeft(merged)) throw new Error(merged.left);
  return distributedFactsSequence(merged.right).map((s) => `${s.step} ${s.action.kind}`);
};

describe('a distributed group from a SQL Server 2019 global primary to a 2022 forwarder (S43, S88)', () => {
  it('follows the steps before SQL Server 2022, whichever snapshot comes first', () => {
    const first = statements(onGlobalPrimary, onForwarder);
    expect(first).not.toContain('4 setRequiredSecondaries');
    expect(first.at(-1)).toBe('5 forceFailover');
    expect(statements(onForwarder, onGlobalPrimary)).toEqual(first);
  });
});
