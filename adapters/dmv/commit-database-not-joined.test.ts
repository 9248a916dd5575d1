import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * SQLskills (Erin Stellato), "Removing a database from a replica in an availability group": a
 * two-node group TestLocation, "CAP is the primary, BUCKY is the replica"; WideWorldImporters fell
 * behind, so "On the secondary (BUCKY) we will remove WideWorldImporters from the AG" (ALTER DATABASE
 * ... SET HADR OFF); "it will still be listed for the AG but it will have a red X next to it ... a
 * status of Restoring". The snapshot is CAP's then: WideWorldImporters not joined on BUCKY
 * (is_database_joined 0, no row of BUCKY's copy), AdventureWorks2012 SYNCHRONIZED there; both replicas
 * synchronous (the post does not say). "Join a secondary database to an availability group" (S115):
 * joining "will start data movement from the corresponding primary database to the secondary
 * database", so a copy not joined receives no log and no commit waits for it.
 */
const text = readFileSync(
  new URL('./fixtures/blog-database-removed-from-replica.json', import.meta.url),
  'utf8',
);
const commitOf = (s: string, db: string) =>
  decide(factsOf(s)).commit.find((c) => c.database === db)!;

describe('a commit on a database taken out of the group on its only synchronous secondary', () => {
  it('is acknowledged once the primary hardens it: no data movement reaches the copy', () => {
    const c = commitOf(text, 'WideWorldImporters');
    expect(c.acknowledgement).toBe('immediately');
    expect(c.reasons.map((r) => r.code)).toEqual(['NO_SYNCHRONIZED_SECONDARY']);
  });

  it('still waits for BUCKY on the joined, SYNCHRONIZED database', () => {
    expect(commitOf(text, 'AdventureWorks2012').mustHarden).toEqual(['BUCKY']);
  });

  it('fails under REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1, not unknown', () => {
    const s = JSON.parse(text) as JsonSnapshot;
    for (const g of rowsOf(s, 'sys.availability_groups'))
      g.required_synchronized_secondaries_to_commit = 1;
    const c = commitOf(JSON.stringify(s), 'WideWorldImporters');
    expect(c.acknowledgement).toBe('blocked');
    expect(c.reasons.map((r) => r.code)).toEqual(['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET']);
  });
});
