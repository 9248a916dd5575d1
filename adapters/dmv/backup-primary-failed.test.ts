import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { BackupType } from '../../core/model/enums.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * The primary T-BJ-SQL-06 in a failed state, from the Azure China support article quoted in
 * backup-jobs-primary-failed.test.ts: "The local availability replica of availability group 'XXX'
 * is in a failed state. The replica failed to read or update the persisted configuration data (SQL
 * Server error: 41034)". S7: a primary is ready to process client requests only ONLINE; S34
 * (AvailabilityReplicaOperationalState): FAILED, "the replica cannot receive client requests".
 * A full backup runs on the primary only, whatever the preference: it was 'run' there.
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/blog-41034-primary-failed.json', import.meta.url), 'utf8'),
);
const onPrimary = (f: ClusterFacts, backupType: BackupType) =>
  decide(f, { backupType }).backup[0]!.decisions.find((d) => d.replica === 'T-BJ-SQL-06')!.decision;

describe('a backup on a primary in a failed state (41034)', () => {
  it('is skipped for every type, the full backup the primary alone takes included', () => {
    for (const type of ['FULL', 'DIFFERENTIAL', 'FULL_COPY_ONLY', 'LOG'] as const) {
      const d = onPrimary(facts, type);
      expect(d.action, type).toBe('skip');
      expect(d.reasons.map((r) => r.code)).toContain('BACKUP_PRIMARY_NOT_ONLINE');
    }
    expect(onPrimary(facts, 'FULL').reasons[0]!.message).toContain(
      'the primary T-BJ-SQL-06 is FAILED, not ONLINE',
    );
  });

  it('runs once the primary is ONLINE again', () => {
    const up: ClusterFacts = {
      ...facts,
      replicas: facts.replicas.map((r) =>
        r.name === 'T-BJ-SQL-06' ? { ...r, operationalState: 'ONLINE' } : r,
      ),
    };
    expect(onPrimary(up, 'FULL').action).toBe('run');
  });
});
