import { describe, expect, it } from 'vitest';
import { step } from '../cluster/step.js';
import { Driver } from '../cluster/test-support.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import type { CatalogSettings } from './copy.js';

/**
 * SEED000 "Start Data Movement on an AlwaysOn Secondary Database": add the database on the
 * primary, restore a full backup and each later log backup WITH NORECOVERY on the secondary, join
 * it as soon as possible; data movement starts. SEED003 "Availability Databases" for adding.
 */

const replica = (name: string, sync: boolean) => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}.contoso.com:5022`,
  availabilityMode: sync ? ('SYNCHRONOUS_COMMIT' as const) : ('ASYNCHRONOUS_COMMIT' as const),
  failoverMode: sync ? ('AUTOMATIC' as const) : ('MANUAL' as const),
});

const config = (extra: Partial<ConfigInput> = {}) =>
  resolveConfig({
    name: 'AG1',
    version: 2014,
    replicas: [replica('SQL1', true), replica('SQL2', true), replica('SQL3', false)],
    ...extra,
  });

/** A running group whose databases exist only on the primary; LSNs start at 0. */
const unprepared = (c = config(), catalog: Record<string, CatalogSettings> = {}) => {
  return new Driver(c, { start: 'unprepared', catalog });
};

const DB = 'Sales';

describe('SEED003 adding a database: online, read-write, FULL, with a full backup (R-CFG-11)', () => {
  it('refuses with every reason, then adds the database as a primary database that stays available', () => {
    const ag = unprepared(config(), {
      [DB]: { recoveryModel: 'SIMPLE', readOnly: true, online: false },
    });
    expect(ag.refuse({ type: 'db.add', database: DB })).toEqual([
      'DATABASE_NOT_ONLINE',
      'DATABASE_READ_ONLY',
      'RECOVERY_MODEL_NOT_FULL',
      'NO_FULL_BACKUP',
    ]);
    expect(ag.refuse({ type: 'db.add', database: 'Nowhere' })).toEqual(['DATABASE_NOT_FOUND']);
    const refusal = step(ag.cluster, { type: 'db.add', database: DB }).refused[3]!;
    expect(refusal.rule.document).toBe(
      'Prerequisites, restrictions, and recommendations for Always On availability groups',
    );

    const ready = unprepared(config(), { [DB]: {} });
    expect(ready.refuse({ type: 'db.add', database: DB })).toEqual(['NO_FULL_BACKUP']);
    ready.do({ type: 'db.backup', replica: 'SQL1', database: DB, backupType: 'FULL' });
    ready.do({ type: 'db.add', database: DB });
    expect(ready.cluster.config.databases).toEqual([DB]);
    expect(ready.state('SQL1', DB)).toBe('SYNCHRONIZED');
    // No secondary copy exists until one is prepared: no row, and commits do not wait.
    expect(ready.row('SQL2', DB)).toBeUndefined();
    expect(ready.do({ type: 'db.commit', database: DB }).observations).toContainEqual(
      expect.objectContaining({ type: 'commit.acknowledged', hardenedOn: ['SQL1'] }),
    );
    expect(ready.refuse({ type: 'db.add', database: DB })).toEqual(['DATABASE_ALREADY_IN_GROUP']);
  });
});

describe('SEED000 step 1 and 2: restore WITH NORECOVERY, then join', () => {
  const prepared = () => {
    const ag = unprepared(config({ databases: [DB] }));
    ag.do({
      type: 'db.backup',
      replica: 'SQL1',
      database: DB,
      backupType: 'FULL',
      file: 'full.bak',
    });
    ag.do({ type: 'db.commit', database: DB, count: 3 });
    ag.do({
      type: 'db.backup',
      replica: 'SQL1',
      database: DB,
      backupType: 'LOG',
      file: 'log1.bak',
    });
    ag.do({ type: 'db.commit', database: DB, count: 2 });
    ag.do({
      type: 'db.backup',
      replica: 'SQL1',
      database: DB,
      backupType: 'LOG',
      file: 'log2.bak',
    });
    return ag;
  };

  it('records every backup with the LSNs it holds', () => {
    const ag = prepared();
    expect(ag.cluster.backups.map((b) => [b.file, b.backupType, b.firstLsn, b.lastLsn])).toEqual([
      ['full.bak', 'FULL', 0n, 0n],
      ['log1.bak', 'LOG', 0n, 3n],
      ['log2.bak', 'LOG', 3n, 5n],
    ]);
    // No secondary holds the log yet, so each log backup truncates the primary's log to its end.
    expect(ag.cluster.catalog[DB]?.truncatedLsn).toBe(5n);
  });

  it('restores the full backup and each log backup; the copy is RESTORING, then joins and synchronizes', () => {
    const ag = prepared();
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'full.bak' });
    expect(ag.row('SQL2', DB)).toMatchObject({ databaseState: 'RESTORING', isJoined: false });
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'log1.bak' });
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'log2.bak' });
    expect(ag.row('SQL2', DB)?.lastHardenedLsn).toBe(5n);

    ag.do({ type: 'db.commit', database: DB });
    const join = ag.do({ type: 'db.join', replica: 'SQL2', database: DB });
    // NOT SYNCHRONIZING, then SYNCHRONIZING once the session with the primary carries log.
    expect(join.observations.filter((o) => o.type === 'state.changed')).toEqual([
      {
        type: 'state.changed',
        entity: `${DB} on SQL2`,
        from: 'RESTORING',
        to: 'NOT SYNCHRONIZING',
      },
      {
        type: 'state.changed',
        entity: `${DB} on SQL2`,
        from: 'NOT SYNCHRONIZING',
        to: 'SYNCHRONIZING',
      },
    ]);
    expect(ag.row('SQL2', DB)).toMatchObject({ databaseState: 'ONLINE', isJoined: true });
    ag.sync('SQL2');
    expect(ag.state('SQL2', DB)).toBe('SYNCHRONIZED');
    expect(ag.row('SQL2', DB)?.lastHardenedLsn).toBe(6n);
  });

  it('an asynchronous secondary prepared the same way stays SYNCHRONIZING', () => {
    const ag = prepared();
    for (const file of ['full.bak', 'log1.bak', 'log2.bak'])
      ag.do({ type: 'db.restore', replica: 'SQL3', database: DB, file });
    ag.do({ type: 'db.join', replica: 'SQL3', database: DB });
    ag.do({ type: 'db.commit', database: DB });
    ag.sync('SQL3');
    expect(ag.state('SQL3', DB)).toBe('SYNCHRONIZING');
  });

  it('refuses a gap in the log chain, naming the missing LSN range', () => {
    const ag = prepared();
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'full.bak' });
    const gap = step(ag.cluster, {
      type: 'db.restore',
      replica: 'SQL2',
      database: DB,
      file: 'log2.bak',
    });
    expect(gap.refused).toHaveLength(1);
    expect(gap.refused[0]).toMatchObject({ code: 'LOG_CHAIN_GAP' });
    expect(gap.refused[0]!.message).toContain('the log from LSN 1 to 3 is missing');
    expect(gap.refused[0]!.rule.document).toBe(
      'Start Data Movement on an AlwaysOn Secondary Database (SQL Server)',
    );
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'log1.bak' });
    expect(
      ag.refuse({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'log1.bak' }),
    ).toEqual(['LOG_BACKUP_TOO_EARLY']);
  });

  it('appends log backups to one file and restores them by FILE = n (S68 example, steps 5 to 7)', () => {
    const ag = unprepared(config({ databases: [DB] }));
    const log = (count: number) => {
      ag.do({ type: 'db.commit', database: DB, count });
      return ag.do({
        type: 'db.backup',
        replica: 'SQL1',
        database: DB,
        backupType: 'LOG',
        file: 'E:\\log.trn',
      });
    };
    ag.do({
      type: 'db.backup',
      replica: 'SQL1',
      database: DB,
      backupType: 'FULL',
      file: 'C:\\full.bak',
    });
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'C:\\full.bak' });
    log(1);
    const second = log(2);
    log(3);
    expect(second.observations).toContainEqual(
      expect.objectContaining({
        reason: expect.objectContaining({
          code: 'BACKUP_TAKEN',
          message: expect.stringContaining('E:\\log.trn (FILE = 2)'),
        }),
      }),
    );
    const restore = (position?: number) => ({
      type: 'db.restore' as const,
      replica: 'SQL2',
      database: DB,
      file: 'E:\\log.trn',
      ...(position === undefined ? {} : { position }),
    });
    ag.do(restore());
    expect(ag.refuse(restore(3))).toEqual(['LOG_CHAIN_GAP']);
    ag.do(restore(2));
    ag.do(restore(3));
    expect(ag.refuse(restore(4))).toEqual(['BACKUP_FILE_NOT_FOUND']);
    ag.do({ type: 'db.join', replica: 'SQL2', database: DB });
    expect(ag.state('SQL2', DB)).toBe('SYNCHRONIZED');
    // WITH INIT overwrites the file's backup sets: it then holds the new one alone.
    ag.do({
      type: 'db.backup',
      replica: 'SQL1',
      database: DB,
      backupType: 'LOG',
      file: 'E:\\log.trn',
      init: true,
    });
    expect(ag.refuse(restore(2))).toContain('BACKUP_FILE_NOT_FOUND');
  });

  it('refuses a log backup before a full backup, RESTORE WITH RECOVERY, and a restore over a joined copy', () => {
    const ag = prepared();
    expect(
      ag.refuse({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'log1.bak' }),
    ).toEqual(['RESTORE_NEEDS_FULL_BACKUP']);
    expect(
      ag.refuse({
        type: 'db.restore',
        replica: 'SQL2',
        database: DB,
        file: 'full.bak',
        recovery: true,
      }),
    ).toEqual(['RESTORE_WITH_RECOVERY']);
    expect(
      ag.refuse({ type: 'db.restore', replica: 'SQL1', database: DB, file: 'full.bak' }),
    ).toEqual(['RESTORE_ON_PRIMARY']);
    expect(
      ag.refuse({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'none.bak' }),
    ).toEqual(['BACKUP_FILE_NOT_FOUND']);
  });

  it('refuses to join when the primary already truncated log the copy needs; the next log backups repair it', () => {
    const ag = prepared();
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'full.bak' });
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'log1.bak' });
    const refused = step(ag.cluster, { type: 'db.join', replica: 'SQL2', database: DB }).refused;
    expect(refused.map((r) => r.code)).toEqual(['LOG_TRUNCATED_PAST_COPY']);
    expect(refused[0]!.message).toContain('restore the log backups holding LSN 4 to 5 first');
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'log2.bak' });
    ag.do({ type: 'db.join', replica: 'SQL2', database: DB });
    expect(ag.state('SQL2', DB)).toBe('SYNCHRONIZED');
  });

  it('refuses to join a copy restored from a full backup taken after the last log backup (error 1478, S69)', () => {
    const ag = prepared();
    ag.do({ type: 'db.commit', database: DB, count: 4 });
    ag.do({ type: 'db.backup', replica: 'SQL1', database: DB, backupType: 'FULL', file: 'full2' });
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'full2' });
    // The primary's next log backup starts at LSN 5; the copy holds nothing before LSN 9.
    const refused = step(ag.cluster, { type: 'db.join', replica: 'SQL2', database: DB }).refused;
    expect(refused.map((r) => r.code)).toEqual(['LOG_CHAIN_NOT_PRESERVED']);
    expect(refused[0]!.message).toContain('at LSN 9 and holds no log before it');
    expect(refused[0]!.message).toContain('next log backup starts at LSN 5');
    expect(refused[0]!.rule.document).toBe('Database engine events and errors (1000 to 1999)');
    // A log backup spanning the full backup is restored over it (once), and the join goes through.
    ag.do({ type: 'db.backup', replica: 'SQL1', database: DB, backupType: 'LOG', file: 'log3' });
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'log3' });
    expect(ag.refuse({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'log3' })).toEqual([
      'LOG_BACKUP_TOO_EARLY',
    ]);
    ag.do({ type: 'db.join', replica: 'SQL2', database: DB });
    expect(ag.state('SQL2', DB)).toBe('SYNCHRONIZED');
  });

  it('joins a copy restored from a full backup when no log backup was ever taken (S68 note)', () => {
    const ag = unprepared(config({ databases: [DB] }));
    ag.do({ type: 'db.backup', replica: 'SQL1', database: DB, backupType: 'FULL', file: 'full0' });
    ag.do({ type: 'db.commit', database: DB, count: 3 });
    ag.do({ type: 'db.backup', replica: 'SQL1', database: DB, backupType: 'FULL', file: 'full' });
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'full' });
    ag.do({ type: 'db.commit', database: DB, count: 2 });
    ag.do({ type: 'db.join', replica: 'SQL2', database: DB });
    ag.sync('SQL2');
    expect(ag.state('SQL2', DB)).toBe('SYNCHRONIZED');
  });

  it('refuses to join with every unmet prerequisite of SET HADR AVAILABILITY GROUP', () => {
    const ag = unprepared(config(), { [DB]: { hasFullBackup: true } });
    ag.do({
      type: 'db.backup',
      replica: 'SQL1',
      database: DB,
      backupType: 'FULL',
      file: 'full.bak',
    });
    ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file: 'full.bak' });
    expect(ag.refuse({ type: 'db.join', replica: 'SQL2', database: DB })).toEqual([
      'DATABASE_NOT_IN_GROUP',
    ]);
    ag.do({ type: 'db.add', database: DB });
    ag.do({ type: 'replica.disconnect', replica: 'SQL2' });
    expect(ag.refuse({ type: 'db.join', replica: 'SQL2', database: DB })).toEqual([
      'REPLICA_NOT_CONNECTED',
    ]);
    ag.do({ type: 'replica.reconnect', replica: 'SQL2' });
    expect(ag.refuse({ type: 'db.join', replica: 'SQL3', database: DB })).toEqual([
      'NO_RESTORED_COPY',
    ]);
    expect(ag.refuse({ type: 'db.join', replica: 'SQL1', database: DB })).toEqual([
      'IS_PRIMARY_REPLICA',
    ]);
    ag.do({ type: 'db.join', replica: 'SQL2', database: DB });
    expect(ag.refuse({ type: 'db.join', replica: 'SQL2', database: DB })).toEqual([
      'DATABASE_ALREADY_JOINED',
    ]);
    // sys.messages (S135): "41145 | 10 | No | Cannot join database '%.*ls' to availability group
    // '%.*ls'. The database has already joined the availability group. This is an informational
    // message. No user action is required."
    const again = step(ag.cluster, { type: 'db.join', replica: 'SQL2', database: DB });
    expect(again.cluster).toBe(ag.cluster);
    expect(again.refused[0]!.message).toContain('message 41145 (severity 10)');
    expect(again.refused[0]!.rule.document).toBe(
      'Database engine events and errors (31000 to 41399)',
    );
  });

  it('keeps the log a lagging secondary still needs: a log backup truncates only up to it', () => {
    const ag = prepared();
    for (const file of ['full.bak', 'log1.bak', 'log2.bak'])
      ag.do({ type: 'db.restore', replica: 'SQL2', database: DB, file });
    ag.do({ type: 'db.join', replica: 'SQL2', database: DB });
    ag.do({ type: 'replica.crash', replica: 'SQL2' });
    ag.do({ type: 'db.commit', database: DB, count: 4 });
    const backup = ag.do({ type: 'db.backup', replica: 'SQL1', database: DB, backupType: 'LOG' });
    expect(ag.cluster.catalog[DB]?.truncatedLsn).toBe(5n);
    expect(backup.observations).toContainEqual(
      expect.objectContaining({ reason: expect.objectContaining({ code: 'LOG_TRUNCATION_HELD' }) }),
    );
    expect(ag.row('SQL1', DB)?.truncationLsn).toBe(5n);
  });
});

describe('removing a database (S3, S50; SEED003: other databases are not affected)', () => {
  it('leaves the secondary copies RESTORING and every other database as it was', () => {
    const c = config({ databases: ['Sales', 'HR'] });
    const ag = new Driver(c);
    ag.do({ type: 'db.commit', database: 'HR', count: 2 });
    ag.sync('SQL2');
    const hrBefore = ag.facts().databaseReplicas.filter((d) => d.database === 'HR');
    const removed = ag.do({ type: 'db.remove', database: 'Sales' });
    expect(removed.observations).toContainEqual({
      type: 'state.changed',
      entity: 'Sales on SQL2',
      from: 'SYNCHRONIZED',
      to: 'RESTORING',
    });
    expect(ag.cluster.config.databases).toEqual(['HR']);
    expect(ag.row('SQL2', 'Sales')).toBeUndefined();
    expect(ag.facts().databaseReplicas.filter((d) => d.database === 'HR')).toEqual(hrBefore);
    // Added again, the RESTORING copy joins without a new full backup.
    ag.do({ type: 'db.add', database: 'Sales' });
    ag.do({ type: 'db.join', replica: 'SQL2', database: 'Sales' });
    expect(ag.state('SQL2', 'Sales')).toBe('SYNCHRONIZED');
  });

  it('SET HADR OFF on one secondary leaves that copy RESTORING and nothing else changes', () => {
    const ag = new Driver(config({ databases: ['Sales', 'HR'] }));
    const before = ag
      .facts()
      .databaseReplicas.filter((d) => !(d.replica === 'SQL3' && d.database === 'Sales'));
    ag.do({ type: 'db.leave', replica: 'SQL3', database: 'Sales' });
    expect(ag.row('SQL3', 'Sales')).toMatchObject({ databaseState: 'RESTORING', isJoined: false });
    expect(
      ag.facts().databaseReplicas.filter((d) => !(d.replica === 'SQL3' && d.database === 'Sales')),
    ).toEqual(before);
    expect(ag.refuse({ type: 'db.leave', replica: 'SQL1', database: 'Sales' })).toEqual([
      'IS_PRIMARY_REPLICA',
    ]);
  });
});
