import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * The primary of MSSQLSERVER_9001's example (S121, see backup-primary-database-recovering.test.ts):
 * ContosoDb RECOVERING after 9001, "approximately 60466 seconds remain". 'Database states' (S80):
 * "The database is unavailable", so a maintenance plan's BACKUP of it cannot be taken; the Back Up
 * Database task's "Ignore databases where the state is not online" (SMO
 * DatabaseMaintenanceBaseTask.IgnoreDatabasesInNotOnlineState) makes it skip the database instead,
 * and no view shows that option.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-9001-primary-database-recovering.json', import.meta.url),
    'utf8',
  ),
);
const planOnPrimary = (f: ClusterFacts, type: string) =>
  decide(f).backup[0]!.jobs.find(
    (j) =>
      j.convention === 'MAINTENANCE_PLAN' &&
      j.backupType === type &&
      j.replica === 'PRDAT1ANLYSQL04',
  )!;

describe("a maintenance plan's backup on the primary while its copy is RECOVERING", () => {
  it('is unknown between skip and fail, never take, for every type', () => {
    for (const type of ['FULL', 'FULL_COPY_ONLY', 'DIFFERENTIAL', 'LOG']) {
      const job = planOnPrimary(facts, type);
      expect(job.outcome, type).toBe('unknown');
      expect(job.reasons.map((r) => r.code)).toEqual([
        'BACKUP_JOB_PLAN_NOT_ONLINE_OPTION_UNKNOWN',
        'BACKUP_JOB_PRIMARY_DATABASE_UNAVAILABLE',
      ]);
    }
  });

  it('takes the backup once the copy is ONLINE', () => {
    const online: ClusterFacts = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'PRDAT1ANLYSQL04' ? { ...d, databaseState: 'ONLINE' } : d,
      ),
    };
    expect(planOnPrimary(online, 'LOG').outcome).toBe('take');
  });
});
