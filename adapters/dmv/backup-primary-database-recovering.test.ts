import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * MSSQLSERVER_9001 (S121; MicrosoftDocs/sql-docs relational-databases/errors-events/
 * mssqlserver-9001-database-engine-error.md), Resolve full transaction log errors: the primary's
 * error log shows "The transaction log for database 'ContosoDb' is full due to
 * 'AVAILABILITY_REPLICA'", 3314 during undo, "Database ContosoDb was shutdown due to error 3314",
 * "Always On Availability Groups connection with secondary database terminated for primary database
 * 'ContosoDb' on the availability replica 'PRDAT1ANLYSQL05'", 9001, then "Recovery of database
 * 'ContosoDb' (6) is 0% complete (approximately 60466 seconds remain). Phase 2 of 3". The fixture is
 * the primary's snapshot then: its copy RECOVERING, PRDAT1ANLYSQL05's NOT SYNCHRONIZING; the
 * primary's name, the version and what the log does not say are chosen or left NULL. 'Database
 * states' (S80): "RECOVERING ... The database is unavailable."
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-9001-primary-database-recovering.json', import.meta.url),
    'utf8',
  ),
);
const onPrimary = (f: ClusterFacts) =>
  decide(f).backup[0]!.decisions.find((d) => d.replica === 'PRDAT1ANLYSQL04')!.decision;

describe('a backup on the primary while its copy is in recovery after 9001', () => {
  it('is skipped: the database is unavailable there', () => {
    const d = onPrimary(facts);
    expect(d.action).toBe('skip');
    expect(d.reasons.map((r) => r.code)).toEqual(['BACKUP_PRIMARY_DATABASE_UNAVAILABLE']);
    expect(d.reasons[0]!.message).toContain('ContosoDb is RECOVERING on the primary');
  });

  it('runs once the copy is ONLINE again', () => {
    const online: ClusterFacts = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.map((d) =>
        d.replica === 'PRDAT1ANLYSQL04' ? { ...d, databaseState: 'ONLINE' } : d,
      ),
    };
    expect(onPrimary(online).action).toBe('run');
  });
});
