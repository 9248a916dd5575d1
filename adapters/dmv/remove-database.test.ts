import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * "Remove a Primary Database from an Availability Group (SQL Server)" (S77, MicrosoftDocs/sql-docs
 * docs/2014/…/remove-a-primary-database-from-an-availability-group-sql-server.md): the task "is
 * supported only on primary replicas"; "the primary database and all its corresponding secondary
 * databases are removed from the availability group"; Follow Up: "Every corresponding secondary
 * database is placed in the RESTORING state." The snapshots: AGOK's primary SQL1 after
 * ALTER AVAILABILITY GROUP AGOK REMOVE DATABASE olddb (okdb only), and its secondary SQL2 still
 * showing olddb NOT SYNCHRONIZING, RESTORING, as one that had not heard yet. Names and LSNs are
 * invented.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const primary = {
  source: 'sql1.json',
  facts: fixture('docs-remove-primary-database-primary.json'),
};
const secondary = {
  source: 'sql2.json',
  facts: fixture('docs-remove-primary-database-secondary.json'),
};
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a database removed from the group on the primary, still shown by a secondary (S77)', () => {
  const secondaryFirst = mergeFacts(secondary, primary);
  const primaryFirst = mergeFacts(primary, secondary);

  it("uses the primary's configuration whichever snapshot comes first", () => {
    expect(secondaryFirst.facts.config.databases).toEqual(['okdb']);
    expect(codes(secondaryFirst.findings)).toEqual([
      'MERGE_CONFIG_DIFFERS',
      'MERGE_DATABASE_NOT_IN_GROUP',
    ]);
    expect(secondaryFirst.findings[0]?.message).toContain("the primary's, sql1.json's, is used");
    expect(secondaryFirst.facts).toEqual(primaryFirst.facts);
  });

  it('leaves the removed database out of every decision', () => {
    expect(secondaryFirst.facts.databaseReplicas.map((d) => d.database)).not.toContain('olddb');
    const d = decide(secondaryFirst.facts);
    const sql2 = d.failover.targets.find((t) => t.replica === 'SQL2')!;
    // olddb no longer blocks the automatic failover to SQL2, whose okdb is synchronized.
    expect(sql2.automatic.status).toBe('allowed');
    expect(d.commit.map((c) => c.database)).toEqual(['okdb']);
  });
});
