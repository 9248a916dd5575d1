import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFactsReadiness } from '../../core/distributed/facts-readiness.js';
import { mergeDistributedFacts, snapshotToDistributedFacts } from './distributed.js';
import { readSnapshot } from './read.js';

/*
 * "Distributed availability groups" (S43), Version and edition requirements: "Distributed
 * availability groups in SQL Server 2017 or later can mix major versions of SQL Server in the same
 * distributed availability group. The AG containing read/write primary can be the same version or
 * lower than the other AGs participating in the distributed AG. The other AGs can be the same
 * version or higher." The fixtures are a snapshot of each side: ag1 (the global primary, server1)
 * upgraded to SQL Server 2022 before ag2 (the forwarder, server3, SQL Server 2019), the opposite of
 * the page's order ("Start by updating the replicas of the second availability group"); the
 * forwarder's row is NOT SYNCHRONIZING. decide said only NOT_SYNCHRONIZED, not that the
 * configuration the two SERVERPROPERTY rows show is unsupported.
 */
const facts = (name: string, major?: number) => {
  const doc = JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
  if (major !== undefined)
    doc.SERVERPROPERTY = [{ product_major_version: major, product_version: `${major}.0.4375.4` }];
  const s = readSnapshot(JSON.stringify(doc));
  if (E.isLeft(s)) throw new Error('the snapshot reads');
  const f = snapshotToDistributedFacts(s.right);
  if (E.isLeft(f)) throw new Error('the snapshot is a distributed group');
  return f.right;
};
const codes = (a: ReturnType<typeof facts>, b: ReturnType<typeof facts>) => {
  const merged = mergeDistributedFacts(a, b);
  if (E.isLeft(merged)) throw new Error(merged.left);
  return distributedFactsReadiness(merged.right)
    .steps.find((s) => s.step === 'SYNCHRONIZED')!
    .reasons.map((r) => r.code);
};
const GP = 'docs-dag-version-2022-global-primary.json';
const FW = 'docs-dag-version-2019-forwarder.json';

describe('the global primary on a newer major version than the forwarder (S43)', () => {
  it('names the unsupported versions, whichever snapshot comes first', () => {
    expect(codes(facts(GP), facts(FW))).toEqual([
      'GLOBAL_PRIMARY_VERSION_NEWER',
      'NOT_SYNCHRONIZED',
    ]);
    expect(codes(facts(FW), facts(GP))).toEqual([
      'GLOBAL_PRIMARY_VERSION_NEWER',
      'NOT_SYNCHRONIZED',
    ]);
  });

  it('a global primary on the same or a lower version is not flagged', () => {
    expect(codes(facts(GP, 15), facts(FW))).toEqual(['NOT_SYNCHRONIZED']);
    expect(codes(facts(GP, 15), facts(FW, 16))).toEqual(['NOT_SYNCHRONIZED']);
  });

  it('one snapshot does not show the other side: no version reason', () => {
    const one = distributedFactsReadiness(facts(GP));
    expect(one.reasons.map((r) => r.code)).not.toContain('GLOBAL_PRIMARY_VERSION_NEWER');
  });
});
