import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../cluster/test-support.js';
import { backupJobDecision } from './conventions.js';
import { preferredBackupReplicas } from './preference.js';

/**
 * Microsoft blog, 'SQL 2012 AlwaysOn and Backups – Part 2 - Configuring Backup Preferences and
 * Automating Backups' (sqlgardner, 2012-07-21): "SQL1 is the primary, SQL2 is a sync replica, and
 * SQL3 is an async replica ... SQL2 would be the first choice for backups since it is set to
 * 'Prefer Secondary' and SQL2 has the highest backup priority. Now what do you think will happen if
 * SQL2 is the primary? Since SQL1 has the second highest backup priority, and it is now a
 * secondary replica. It will be the preferred location for backups." The scenario's priorities
 * (70, 50, 10) stand in for the post's screenshot; the rest is in the fixture's description.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/blog-sqlgardner-prefer-secondary-failover.json', import.meta.url),
      'utf8',
    ),
  ),
);
const at = (step: number) => sim.trace[step - 1]!.facts;
const codes = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);

describe('Prefer Secondary on SQL Server 2012 across a planned failover (sqlgardner)', () => {
  it('runs every step, the log backups on SQL2 and then on SQL1 included', () => {
    expect(sim.trace.map((s) => s.refused)).toEqual(sim.trace.map(() => []));
  });

  it('prefers SQL2 while SQL1 is primary, SQL3 outranked', () => {
    const before = preferredBackupReplicas(at(9), 'SalesDB');
    expect(before.replicas).toEqual(['SQL2']);
    const sql3 = before.verdicts.find((v) => v.replica === 'SQL3')!;
    expect(codes(sql3.reasons)).toEqual(['BACKUP_OUTRANKED']);
  });

  it('prefers SQL1, the second highest, once SQL2 is primary; the jobs follow', () => {
    const facts = at(sim.trace.length);
    expect(facts.primary).toBe('SQL2');
    expect(preferredBackupReplicas(facts, 'SalesDB').replicas).toEqual(['SQL1']);
    const log = (replica: string) =>
      backupJobDecision(facts, 'SalesDB', 'LOG', replica, 'OLA_HALLENGREN').outcome;
    expect([log('SQL1'), log('SQL2'), log('SQL3')]).toEqual(['take', 'skip', 'skip']);
  });
});
