import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * SQLskills (Erin Stellato), "Removing a database from a replica in an availability group": on the
 * replica BUCKY, ALTER DATABASE [WideWorldImporters] SET HADR OFF; the database "will still be
 * listed for the AG but it will have a red X next to it". The primary CAP's snapshot then holds
 * is_database_joined 0 and is_failover_ready 0 for BUCKY's copy, and no row of it. "Join a
 * secondary database to an availability group" (S115): joining "will start data movement", so the
 * copy has no redo or send queue: the S47 estimates have nothing to measure, and no column the
 * snapshot could add would give one (is_failover_ready is already there, 0).
 */
const text = readFileSync(
  new URL('./fixtures/blog-database-removed-from-replica.json', import.meta.url),
  'utf8',
);
const bucky = decide(factsOf(text)).failover.targets.find((t) => t.replica === 'BUCKY')!;
const estimate = (db: string) => bucky.estimates.databases.find((e) => e.database === db)!;

describe('the RTO and RPO estimates of a failover to a replica where a database is not joined', () => {
  it('give none for that database and name no column to settle them: the copy has no data movement', () => {
    const e = estimate('WideWorldImporters');
    expect([e.recoverySeconds, e.dataLossSeconds, e.dataLossKb]).toEqual([null, null, null]);
    expect(e.reasons.map((r) => r.code)).toEqual(['ESTIMATE_DATABASE_NOT_JOINED']);
    expect(e.reasons.flatMap((r) => r.settledBy ?? [])).toEqual([]);
  });

  it('agree with the predicted loss: the whole database', () => {
    expect(bucky.forcedLoss.find((l) => l.database === 'WideWorldImporters')?.extent).toBe(
      'wholeDatabase',
    );
  });

  it('still estimate the joined database from its own figures', () => {
    expect(estimate('AdventureWorks2012').reasons.map((r) => r.code)).toEqual([
      'RTO_UNKNOWN',
      'RPO_KB_UNKNOWN',
    ]);
  });
});
