import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backupDecision } from '../../core/backup/backup.js';
import { backupJobMatrix } from '../../core/backup/conventions.js';
import { isPreferredBackupReplica, preferredBackupReplicas } from '../../core/backup/preference.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * A published demo script for a three-replica group (code index file 63329202808, "settings used
 * in demos while configuring AbacosAG", citing 'ALTER AVAILABILITY GROUP' for SQL Server 2017)
 * keeps the asynchronous DR replica out of backups: "MODIFY REPLICA ON N'AbacosA' WITH
 * (BACKUP_PRIORITY = 50)", the same for AbacosB, "MODIFY REPLICA ON N'AbacosC' WITH
 * (BACKUP_PRIORITY = 0)", "SET(AUTOMATED_BACKUP_PREFERENCE = SECONDARY); -- PRIMARY,
 * SECONDARY_ONLY, NONE". S3, BACKUP_PRIORITY: "0 indicates that this availability replica is never
 * chosen for performing backups ... for a remote availability replica to which you never want
 * backups to fail over". The fixture is AbacosB's own snapshot (AbacosDB invented): it shows its own
 * replica row only (S7), so AbacosC's role and state are not shown, and primary_replica names AbacosA.
 * AbacosC's 0 holds whatever its state, so it was wrong to leave it "unknown".
 */
const text = readFileSync(
  new URL('./fixtures/script-abacos-dr-excluded-secondary-view.json', import.meta.url),
  'utf8',
);
const codes = (reasons: readonly { readonly code: string }[]) => reasons.map((r) => r.code);
const jobs = (facts: ReturnType<typeof factsOf>, replica: string) =>
  backupJobMatrix(facts, 'AbacosDB')
    .filter((j) => j.replica === replica && j.convention !== 'DBATOOLS')
    .filter((j) => j.backupType === 'LOG' || j.backupType === 'FULL_COPY_ONLY');

describe('BACKUP_PRIORITY 0 on a replica the snapshot does not show', () => {
  const facts = factsOf(text);

  it('prefers AbacosB, with AbacosC never a candidate rather than undetermined', () => {
    const preferred = preferredBackupReplicas(facts, 'AbacosDB');
    expect(preferred.replicas).toEqual(['AbacosB']);
    expect(preferred.undetermined).toEqual([]);
    const verdict = isPreferredBackupReplica(facts, 'AbacosDB', 'AbacosC');
    expect(verdict.preferred).toBe(false);
    expect(codes(verdict.reasons)).toEqual(['BACKUP_PRIORITY_ZERO']);
  });

  it('skips the preference-following jobs on AbacosC, whose function answers 0 in any role', () => {
    const answers = jobs(facts, 'AbacosC');
    expect(answers).toHaveLength(4);
    for (const j of answers) expect(j.outcome).toBe('skip');
  });

  // The brief's variant: SECONDARY_ONLY with every secondary at 0 ("never performed on the primary").
  it('under SECONDARY_ONLY with every secondary at 0, no replica is preferred', () => {
    const json = JSON.parse(text) as JsonSnapshot;
    for (const g of rowsOf(json, 'sys.availability_groups'))
      g['automated_backup_preference_desc'] = 'SECONDARY_ONLY';
    for (const r of rowsOf(json, 'sys.availability_replicas'))
      if (r['replica_server_name'] !== 'AbacosA') r['backup_priority'] = 0;
    const only = factsOf(JSON.stringify(json));
    const preferred = preferredBackupReplicas(only, 'AbacosDB');
    expect(preferred.replicas).toEqual([]);
    expect(preferred.undetermined).toEqual([]);
    expect(codes(preferred.reasons)).toContain('BACKUP_NO_CANDIDATE');
    for (const j of [...jobs(only, 'AbacosB'), ...jobs(only, 'AbacosC')])
      expect(j.outcome).toBe('skip');
  });

  // A configuration-only replica holds no copy (S32) whatever its priority: the same holds.
  it('never counts a configuration-only replica the snapshot does not show as undetermined', () => {
    const json = JSON.parse(text) as JsonSnapshot;
    for (const r of rowsOf(json, 'sys.availability_replicas'))
      if (r['replica_server_name'] === 'AbacosC') {
        r['availability_mode_desc'] = 'CONFIGURATION_ONLY';
        r['backup_priority'] = 50;
      }
    json['sys.dm_hadr_database_replica_cluster_states'] = rowsOf(
      json,
      'sys.dm_hadr_database_replica_cluster_states',
    ).filter((r) => r['replica_id'] !== 'AB0C05A6-0003-4A5B-8C6D-7E8F9A0B1C2D');
    json['sys.availability_read_only_routing_lists'] = [];
    const preferred = preferredBackupReplicas(factsOf(JSON.stringify(json)), 'AbacosDB');
    expect(preferred.replicas).toEqual(['AbacosB']);
    expect(preferred.undetermined).toEqual([]);
  });

  it('still leaves undetermined a replica at a priority above 0 whose role is not shown', () => {
    const json = JSON.parse(text) as JsonSnapshot;
    delete json['sys.dm_hadr_availability_group_states'];
    const unnamed = factsOf(JSON.stringify(json));
    expect(preferredBackupReplicas(unnamed, 'AbacosDB').undetermined).toEqual(['AbacosA']);
  });
});

describe('the backup decision on a replica at BACKUP_PRIORITY 0 whose role is not shown', () => {
  const facts = factsOf(text);

  it('skips a log or copy-only full backup on AbacosC whatever its role', () => {
    for (const type of ['LOG', 'FULL_COPY_ONLY'] as const) {
      const decision = backupDecision(facts, 'AbacosDB', type, 'AbacosC');
      expect(decision.action).toBe('skip');
      expect(codes(decision.reasons)).toEqual([
        'BACKUP_WHATEVER_THE_ROLE',
        'BACKUP_NOT_PREFERRED',
        'BACKUP_PRIORITY_ZERO',
      ]);
      // primary_replica names AbacosA, so AbacosC is SECONDARY or RESOLVING.
      expect(decision.reasons[0]?.message).toContain('as SECONDARY or RESOLVING it would skip');
    }
  });

  it('counts the primary role too where the snapshot names no primary', () => {
    const json = JSON.parse(text) as JsonSnapshot;
    delete json['sys.dm_hadr_availability_group_states'];
    const decision = backupDecision(factsOf(JSON.stringify(json)), 'AbacosDB', 'LOG', 'AbacosC');
    expect(decision.action).toBe('skip');
    expect(decision.reasons[0]?.message).toContain('as PRIMARY, SECONDARY or RESOLVING');
  });

  it('leaves a full backup unknown where AbacosC may be the primary, which takes it anyway', () => {
    const json = JSON.parse(text) as JsonSnapshot;
    delete json['sys.dm_hadr_availability_group_states'];
    const decision = backupDecision(factsOf(JSON.stringify(json)), 'AbacosDB', 'FULL', 'AbacosC');
    expect(decision.action).toBe('unknown');
    expect(codes(decision.reasons)).toEqual(['UNKNOWN_ROLE']);
  });

  it('still follows the override, which lifts the preference for a log backup', () => {
    const decision = backupDecision(facts, 'AbacosDB', 'LOG', 'AbacosC', {
      overrideBackupPreference: true,
    });
    expect(decision.action).toBe('unknown');
  });
});
