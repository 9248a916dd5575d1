import { describe, expect, it } from 'vitest';
import { backupDecision } from '../backup/backup.js';
import { createCluster } from '../cluster/build.js';
import type { Observation } from '../cluster/observation.js';
import { Driver } from '../cluster/test-support.js';
import { resolveConfig } from '../model/config.js';

/**
 * SEED000: migrating a log-shipping secondary database into the group. It keeps the primary
 * database's name on a secondary replica's instance; while it is prepared, the group prefers
 * backups on the primary (with a priority above 0), so the log-shipping backup job, which honours
 * the backup preference, goes on running there; then the secondary database joins.
 */

const config = resolveConfig({
  name: 'AG1',
  version: 2014,
  replicas: ['SQL1', 'SQL2', 'SQL3'].map((name) => ({
    name,
    endpointUrl: `TCP://${name.toLowerCase()}.contoso.com:5022`,
    availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
    failoverMode: 'MANUAL' as const,
  })),
});

const DB = 'Orders';
const notes = (o: readonly Observation[]) =>
  o.flatMap((x) => (x.type === 'note' ? [x.reason.code] : []));

describe('SEED000: migrating a log-shipping secondary', () => {
  it('warns while the preference is SECONDARY, is ready once it is PRIMARY, and the secondary database joins', () => {
    const ag = new Driver(config);
    ag.cluster = createCluster(config, {
      start: 'unprepared',
      baseLsn: 0n,
      catalog: { [DB]: { hasFullBackup: true } },
    });
    // Log shipping ran before the group existed: a full backup and a first log backup restored on SQL2.
    ag.do({ type: 'db.backup', replica: 'SQL1', database: DB, backupType: 'FULL', file: 'ls.bak' });
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'ls.bak', logShipping: true });
    ag.do({ type: 'db.add', database: DB });
    ag.do({ type: 'db.commit', database: DB, count: 4 });

    // The log-shipping backup job runs on the primary; the group still prefers secondaries.
    ag.do({ type: 'db.backup', replica: 'SQL1', database: DB, backupType: 'LOG', file: 'ls1.trn' });
    expect(backupDecision(ag.facts(), DB, 'LOG', 'SQL1').action).toBe('skip');
    const warned = ag.do({
      type: 'db.restore',
      replica: 'SQL2',
      database: DB,
      file: 'ls1.trn',
      logShipping: true,
    });
    expect(notes(warned.observations)).toEqual(
      expect.arrayContaining([
        'LOG_SHIPPING_PREFERENCE_NOT_PRIMARY',
        'LOG_SHIPPING_BACKUP_JOB_SKIPS',
      ]),
    );

    ag.do({ type: 'ag.set', options: { automatedBackupPreference: 'PRIMARY' } });
    expect(backupDecision(ag.facts(), DB, 'LOG', 'SQL1').action).toBe('run');
    ag.do({ type: 'db.commit', database: DB });
    ag.do({ type: 'db.backup', replica: 'SQL1', database: DB, backupType: 'LOG', file: 'ls2.trn' });
    const ready = ag.do({
      type: 'db.restore',
      replica: 'SQL2',
      database: DB,
      file: 'ls2.trn',
      logShipping: true,
    });
    expect(notes(ready.observations)).toEqual([
      'BACKUP_PREFERENCE_FOLLOWED',
      'BACKUP_PREFERRED',
      'BACKUP_TYPE_ALLOWED_ON_PRIMARY',
      'LOG_SHIPPING_PREFERENCE_PRIMARY',
      'LOG_SHIPPING_AFTERWARDS',
    ]);
    const stated = ready.observations.find(
      (o) => o.type === 'note' && o.reason.code === 'LOG_SHIPPING_PREFERENCE_PRIMARY',
    );
    expect(stated?.type === 'note' && stated.reason.rule.document).toBe(
      'Start Data Movement on an AlwaysOn Secondary Database (SQL Server)',
    );

    ag.do({ type: 'db.join', replica: 'SQL2', database: DB });
    expect(ag.state('SQL2', DB)).toBe('SYNCHRONIZED');
    expect(ag.row('SQL2', DB)?.lastHardenedLsn).toBe(5n);
  });
});
