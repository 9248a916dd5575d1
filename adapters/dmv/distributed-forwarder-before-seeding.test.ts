import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFactsReadiness } from '../../core/distributed/facts-readiness.js';
import { snapshotToDistributedFacts } from './distributed.js';
import { readSnapshot } from './read.js';

/*
 * "Configure a distributed availability group" (S58), Create second availability group: "Then on
 * the second WSFC, create a second availability group, ag2. In this case, the database is not
 * specified, because it is automatically seeded from the primary availability group"; then "Join
 * distributed availability group on second cluster" with SEEDING_MODE = AUTOMATIC. The fixture is
 * the forwarder server3's snapshot (SQL Server 2022) after that JOIN, before seeding has created
 * db1 there: ag2 and distributedag with their replica rows and no database row. decide --target
 * ag2 said the SYNCHRONIZED and LAST_HARDENED_LSN_EQUAL steps were met and the predicted loss
 * "none", from an empty list of databases.
 */
const name = 'docs-dag-forwarder-before-seeding.json';
const facts = () => {
  const s = readSnapshot(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
  if (E.isLeft(s)) throw new Error('the snapshot reads');
  const f = snapshotToDistributedFacts(s.right);
  if (E.isLeft(f)) throw new Error('the snapshot is a distributed group');
  return f.right;
};
const stepCodes = (r: ReturnType<typeof distributedFactsReadiness>, step: string) =>
  r.steps.find((s) => s.step === step)!.reasons.map((x) => x.code);

describe('the forwarder’s snapshot before automatic seeding has created its databases (S58)', () => {
  it('holds no database row of the distributed group', () => {
    expect(facts().databases).toEqual([]);
  });

  it('leaves SYNCHRONIZED and LAST_HARDENED_LSN_EQUAL unknown, naming both sides’ views', () => {
    const r = distributedFactsReadiness(facts(), { target: 'ag2' });
    expect(stepCodes(r, 'SYNCHRONIZED')).toEqual(['DISTRIBUTED_DATABASES_UNSEEN']);
    expect(stepCodes(r, 'LAST_HARDENED_LSN_EQUAL')).toEqual(['DISTRIBUTED_DATABASES_UNSEEN']);
    const unseen = r.reasons.find((x) => x.code === 'DISTRIBUTED_DATABASES_UNSEEN')!;
    expect(unseen.settledBy).toEqual([
      "sys.dm_hadr_database_replica_states rows of distributedag on ag1's primary (the global primary)",
      "sys.dm_hadr_database_replica_states rows of distributedag, and sys.dm_hadr_automatic_seeding, on ag2's primary (the forwarder)",
    ]);
    // The forwarder's own ASYNCHRONOUS_COMMIT still refuses the failover, with every reason.
    expect(r.status).toBe('refused');
    expect(stepCodes(r, 'SYNCHRONOUS_COMMIT')).toEqual([
      'AVAILABILITY_MODE_UNKNOWN',
      'NOT_SYNCHRONOUS_COMMIT',
    ]);
  });

  it('gives the loss as unknown, not none, with or without a target', () => {
    for (const r of [
      distributedFactsReadiness(facts(), { target: 'ag2' }),
      distributedFactsReadiness(facts()),
    ]) {
      expect(r.predictedLoss).toEqual([]);
      expect(r.lossUnknown.map((l) => l.database)).toEqual(['every database of distributedag']);
    }
  });
});
