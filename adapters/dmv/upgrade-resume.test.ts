import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * "Upgrading Always On Availability Group Replica Instances" (S64; MicrosoftDocs/sql-docs
 * upgrading-always-on-availability-group-replica-instances.md, current revision), Rolling upgrade
 * best practices: "Don't upgrade the primary replica instance before upgrading or updating any
 * other secondary replica instance. An upgraded primary replica can no longer ship logs to any
 * secondary replica whose SQL Server instance that hasn't yet been upgraded to the same version.
 * When data movement to a secondary replica is suspended, no automatic failover can occur for that
 * replica … This also applies during a rolling upgrade where you manually failover from an old
 * primary to a new primary. As such, after you upgrade the old primary, you may need to resume
 * synchronization." The snapshots: AGSales's primary SQLNODE1 upgraded to SQL Server 2022
 * (product_major_version 16) and its secondary SQLNODE2 still on 2019 (15), SalesDB suspended
 * there; built from examples/snapshots/primary.json and secondary.json.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const primary = { source: 'sql1.json', facts: fixture('docs-upgrade-primary-first-primary.json') };
const secondary = {
  source: 'sql2.json',
  facts: fixture('docs-upgrade-primary-first-secondary.json'),
};
const resumeOf = (facts: Parameters<typeof decide>[0]) =>
  decide(facts).actions.find((a) => a.event.type === 'db.resume' && a.event.replica === 'SQLNODE2');

describe('a secondary on the earlier version while the primary is upgraded (S64)', () => {
  it('says to upgrade SQLNODE2 before resuming SalesDB there', () => {
    const merged = mergeFacts(primary, secondary).facts;
    const resume = resumeOf(merged);
    expect(resume?.why.map((r) => r.code)).toEqual(['RESUME_AFTER_UPGRADE']);
    expect(resume?.why[0]?.message).toContain('SQLNODE2, which runs SQL Server 2019');
    expect(resume?.why[0]?.message).toContain('upgrade SQLNODE2');
  });

  // The primary's snapshot shows neither SQLNODE2's version nor why SalesDB stopped there.
  it("keeps the RESUME when only the primary's snapshot is read (SQLNODE2's version unknown)", () => {
    expect(resumeOf(primary.facts)?.why.map((r) => r.code)).toEqual([
      'RESUME_SUSPENDED',
      'RESUME_SUSPEND_REASON_UNKNOWN',
    ]);
  });
});
