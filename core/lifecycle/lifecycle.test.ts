import { describe, expect, it } from 'vitest';
import { buildConfig, buildFacts } from '../rules/facts-builder.js';
import {
  addDatabaseRefusals,
  type BackupSet,
  logShippingMigration,
  logTruncationPoint,
  type RestoreInput,
  restoreRefusals,
} from './lifecycle.js';

const codes = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);

describe('R-CFG-11: which database may be added', () => {
  const good = {
    online: true,
    readOnly: false,
    recoveryModel: 'FULL',
    hasFullBackup: true,
  } as const;
  const input = { group: 'ag', database: 'db1', primary: 'A', inGroup: false, catalog: good };

  it('an online read-write FULL database with a full backup, on the primary', () => {
    expect(addDatabaseRefusals(input)).toEqual([]);
  });

  it('every unmet condition at once; no primary or no database says only that', () => {
    expect(
      codes(
        addDatabaseRefusals({
          ...input,
          catalog: {
            online: false,
            readOnly: true,
            recoveryModel: 'BULK_LOGGED',
            hasFullBackup: false,
          },
        }),
      ),
    ).toEqual([
      'DATABASE_NOT_ONLINE',
      'DATABASE_READ_ONLY',
      'RECOVERY_MODEL_NOT_FULL',
      'NO_FULL_BACKUP',
    ]);
    expect(codes(addDatabaseRefusals({ ...input, primary: null }))).toEqual(['NO_PRIMARY']);
    expect(codes(addDatabaseRefusals({ ...input, catalog: null }))).toEqual(['DATABASE_NOT_FOUND']);
  });
});

describe('SEED000: the restore sequence', () => {
  const log = (firstLsn: bigint, lastLsn: bigint): BackupSet => ({
    file: `log-${lastLsn}.trn`,
    position: 1,
    database: 'db1',
    replica: 'A',
    backupType: 'LOG',
    firstLsn,
    lastLsn,
    fork: 0,
    differentialBaseLsn: null,
    atMs: 0,
  });
  const restore = (backup: BackupSet, copyLsn: bigint, sharedLsn = copyLsn): RestoreInput => ({
    replica: 'B',
    database: 'db1',
    file: backup.file,
    backup,
    isPrimary: false,
    replicaUp: true,
    recovery: false,
    phase: 'RESTORING',
    copyLsn,
    sharedLsn,
  });

  it('applies a log backup that holds the next LSN', () => {
    expect(restoreRefusals(restore(log(10n, 20n), 15n))).toEqual([]);
    expect(restoreRefusals(restore(log(10n, 20n), 10n))).toEqual([]);
  });

  it('names the missing range of a gap, refuses a backup already applied and one of another fork', () => {
    const gap = restoreRefusals(restore(log(30n, 40n), 20n));
    expect(codes(gap)).toEqual(['LOG_CHAIN_GAP']);
    expect(gap[0]?.message).toContain('the log from LSN 21 to 30 is missing');
    expect(codes(restoreRefusals(restore(log(10n, 20n), 20n)))).toEqual(['LOG_BACKUP_TOO_EARLY']);
    expect(codes(restoreRefusals(restore(log(10n, 20n), 15n, 12n)))).toEqual([
      'BACKUP_ON_OTHER_FORK',
    ]);
  });

  it('applies a log backup taken right after the full backup, before any new log (S68 example)', () => {
    // Without commits between them the model's log backup holds no record: it continues the chain.
    expect(restoreRefusals(restore(log(20n, 20n), 20n))).toEqual([]);
    expect(codes(restoreRefusals(restore(log(20n, 20n), 25n)))).toEqual(['LOG_BACKUP_TOO_EARLY']);
  });

  it('RESTORE LOG reads log backups only, RESTORE DATABASE the others (S72 error 3135)', () => {
    const full: BackupSet = { ...log(20n, 20n), backupType: 'FULL', file: 'db.bak' };
    const asLog = restoreRefusals({ ...restore(full, 20n), log: true });
    expect(codes(asLog)).toEqual(['BACKUP_SET_WRONG_KIND']);
    expect(asLog[0]?.message).toBe(
      'the backup set in db.bak was created by BACKUP DATABASE and cannot be used for RESTORE LOG (error 3135)',
    );
    expect(codes(restoreRefusals({ ...restore(log(10n, 20n), 15n), log: false }))).toEqual([
      'BACKUP_SET_WRONG_KIND',
    ]);
    expect(restoreRefusals({ ...restore(log(10n, 20n), 15n), log: true })).toEqual([]);
  });

  it('applies a log backup that spans the full backup the copy ends at (S69 error 1478)', () => {
    const spanning = { ...restore(log(10n, 20n), 20n), endsAtDataBackup: true };
    expect(restoreRefusals(spanning)).toEqual([]);
  });

  it('a differential applies only onto its base full backup', () => {
    const diff: BackupSet = {
      ...log(5n, 20n),
      backupType: 'DIFFERENTIAL',
      differentialBaseLsn: 5n,
    };
    expect(restoreRefusals(restore(diff, 5n))).toEqual([]);
    expect(codes(restoreRefusals(restore(diff, 7n)))).toEqual(['DIFFERENTIAL_BASE_MISMATCH']);
  });

  it('a differential catches up a copy rolled forward from its base by log backups (S78)', () => {
    // S78: logs restored through 7 am onto the 2 am full; the 3 pm differential still applies.
    const diff: BackupSet = {
      ...log(5n, 20n),
      backupType: 'DIFFERENTIAL',
      differentialBaseLsn: 5n,
    };
    const from = (base: bigint, copyLsn: bigint) => ({
      ...restore(diff, copyLsn),
      copyDifferentialBase: base,
    });
    expect(restoreRefusals(from(5n, 5n))).toEqual([]);
    expect(restoreRefusals(from(5n, 12n))).toEqual([]);
    // Restored from another full: error 3136 (S72).
    const other = restoreRefusals(from(3n, 12n));
    expect(codes(other)).toEqual(['DIFFERENTIAL_BASE_MISMATCH']);
    expect(other[0]?.message).toContain('error 3136');
    // The copy already holds log past the differential's end.
    expect(codes(restoreRefusals(from(5n, 25n)))).toEqual(['DIFFERENTIAL_BASE_MISMATCH']);
  });

  it('a differential never applies onto a copy-only full backup, even at its base LSN (S151)', () => {
    // S151: "The COPY_ONLY backup gets a different 'differential base GUID' which will not match
    // any subsequent differential backups"; no log between the two full backups changes nothing.
    const diff: BackupSet = {
      ...log(5n, 20n),
      backupType: 'DIFFERENTIAL',
      differentialBaseLsn: 5n,
    };
    const onCopyOnly = restoreRefusals({ ...restore(diff, 5n), copyOnlyFull: 'init.bak' });
    expect(codes(onCopyOnly)).toEqual(['DIFFERENTIAL_OVER_COPY_ONLY']);
    expect(onCopyOnly[0]?.message).toContain('error 3136');
    // Every reason: the copy also holds log past the differential's end.
    expect(codes(restoreRefusals({ ...restore(diff, 25n), copyOnlyFull: 'init.bak' }))).toEqual([
      'DIFFERENTIAL_OVER_COPY_ONLY',
      'DIFFERENTIAL_BASE_MISMATCH',
    ]);
  });
});

describe('log truncation (S6 truncation_lsn, SEED001)', () => {
  it('goes to the backup’s end unless a joined secondary or a running seeding still needs log', () => {
    expect(logTruncationPoint(0n, 50n, [])).toEqual({ lsn: 50n, heldBy: [] });
    const seeding = { lsn: 20n, holder: 'C', kind: 'seeding' } as const;
    const lagging = { lsn: 30n, holder: 'B', kind: 'secondary' } as const;
    expect(logTruncationPoint(0n, 50n, [lagging, seeding])).toEqual({
      lsn: 20n,
      heldBy: [lagging, seeding],
    });
    expect(logTruncationPoint(25n, 50n, [seeding]).lsn).toBe(25n);
  });
});

describe('SEED000: migrating a log-shipping secondary', () => {
  const restoring = {
    B: {
      db1: {
        isJoined: false,
        databaseState: 'RESTORING',
        synchronizationState: 'NOT SYNCHRONIZING',
      },
    },
  } as const;

  it('needs backups preferred on the primary with a priority above 0 while it is prepared', () => {
    const config = buildConfig({ replicas: ['A', 'B'], automatedBackupPreference: 'PRIMARY' });
    const verdict = logShippingMigration(
      buildFacts(config, { databaseReplicas: restoring }),
      'db1',
      'B',
    );
    expect(verdict.ready).toBe(true);
    expect(codes(verdict.reasons)).toEqual([
      'BACKUP_PREFERENCE_FOLLOWED',
      'BACKUP_PREFERRED',
      'BACKUP_TYPE_ALLOWED_ON_PRIMARY',
      'LOG_SHIPPING_PREFERENCE_PRIMARY',
      'LOG_SHIPPING_AFTERWARDS',
    ]);
  });

  it('with the default preference the log-shipping backup job would skip the primary', () => {
    const config = buildConfig({ replicas: ['A', 'B', 'C'] });
    const verdict = logShippingMigration(
      buildFacts(config, { databaseReplicas: restoring }),
      'db1',
      'B',
    );
    expect(verdict.ready).toBe(false);
    expect(codes(verdict.reasons)).toContain('LOG_SHIPPING_PREFERENCE_NOT_PRIMARY');
    expect(codes(verdict.reasons)).toContain('LOG_SHIPPING_BACKUP_JOB_SKIPS');
    expect(codes(verdict.reasons)).toContain('BACKUP_NOT_PREFERRED');
  });

  it('a primary with BACKUP_PRIORITY 0, a secondary not on a replica or without the database', () => {
    const config = buildConfig({
      replicas: [{ name: 'A', backupPriority: 0 }, 'B'],
      automatedBackupPreference: 'PRIMARY',
    });
    const facts = buildFacts(config);
    expect(codes(logShippingMigration(facts, 'db1', 'B').reasons)).toEqual(
      expect.arrayContaining([
        'LOG_SHIPPING_SECONDARY_RESTORING',
        'LOG_SHIPPING_PRIMARY_PRIORITY_ZERO',
      ]),
    );
    expect(codes(logShippingMigration(facts, 'db1', 'Z').reasons)).toContain(
      'LOG_SHIPPING_NOT_A_REPLICA',
    );
  });
});
