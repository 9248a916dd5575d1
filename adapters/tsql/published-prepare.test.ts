import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../core/cluster/build.js';
import { step } from '../../core/cluster/step.js';
import type { Cluster } from '../../core/cluster/types.js';
import { resolveConfig } from '../../core/model/config.js';
import { readScriptOrThrow } from './index.js';
import { readScriptReport } from './script.js';

/**
 * The Transact-SQL example of "Prepare a secondary database for an Always On availability group"
 * (S68), as fixtures/docs-prepare-secondary-db.sql transcribes it: its statements read as events
 * and run on the model in order, as SQL Server runs them.
 */

const name = 'docs-prepare-secondary-db.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('"Prepare a secondary database", Transact-SQL example (S68)', () => {
  const script = readScriptOrThrow(text, { version: 2016, fileName: name });

  it('reads the backups appended to one file and the restores by FILE = n', () => {
    const media = script.events.flatMap((e) =>
      e.type === 'db.backup'
        ? [`${e.replica} BACKUP ${e.backupType} ${e.file}${e.init === true ? ' INIT' : ''}`]
        : e.type === 'db.restore'
          ? [`${e.replica} RESTORE ${e.file} FILE=${e.position ?? 1}`]
          : [],
    );
    // S70 BACKUP: FORMAT writes a new media set; "NOINIT ... is the default": the log backups are
    // appended to E:\MyDB1_log.trn. S71 RESTORE: "a backup_set_file_number of 2 indicates the
    // second backup set".
    expect(media).toEqual([
      'INSTANCE01 BACKUP FULL C:\\MyDB1.bak INIT',
      'INSTANCE02 RESTORE C:\\MyDB1.bak FILE=1',
      'INSTANCE01 BACKUP LOG E:\\MyDB1_log.trn',
      'INSTANCE02 RESTORE E:\\MyDB1_log.trn FILE=1',
      'INSTANCE01 BACKUP LOG E:\\MyDB1_log.trn',
      'INSTANCE01 BACKUP LOG E:\\MyDB1_log.trn',
      'INSTANCE02 RESTORE E:\\MyDB1_log.trn FILE=2',
      'INSTANCE02 RESTORE E:\\MyDB1_log.trn FILE=3',
    ]);
  });

  it('runs every statement on the model, and the secondary database joins', () => {
    const config = script.configs[0]!;
    let cluster: Cluster = createCluster(config, { start: 'unprepared' });
    const refused: string[] = [];
    for (const event of script.events) {
      const r = step(cluster, event);
      refused.push(...r.refused.map((x) => `${event.type}: ${x.code}`));
      cluster = r.cluster;
    }
    // Before: the second BACKUP LOG to E:\MyDB1_log.trn was refused (the file existed) and every
    // RESTORE of the file read its first backup set.
    expect(refused).toEqual([]);
    const copy = cluster.replicas.find((r) => r.name === 'INSTANCE02')?.databases.MyDB1;
    expect(copy?.machine.value).toMatchObject({ JOINED: expect.anything() });
  });
});

describe('"Create an availability group (Transact-SQL)", Example (docs-create-ag-placed.sql)', () => {
  const file = 'docs-create-ag-placed.sql';
  const report = readScriptReport(
    readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8'),
    { version: 2016, fileName: file },
  );

  it('refuses RESTORE LOG … WITH FILE=1 of a file whose first backup set is the full backup (error 3135)', () => {
    // BACKUP LOG MyDb1 TO DISK = N'…\MyDb1.bak' WITH NOFORMAT appends the log backup to the file
    // of the full backup (S70: NOINIT is the default), so FILE=1 is the full backup: "The backup
    // set in file '%ls' was created by %hs and cannot be used for this restore operation" (S72).
    // The page writes the databases MyDb1 and MyDB1; with the default case-insensitive collation
    // they are one database, so the events take the group's spelling here.
    const config = report.script.configs[0]!;
    const named = (db: string) =>
      config.databases.find((d) => d.toUpperCase() === db.toUpperCase());
    let cluster: Cluster = createCluster(config, { start: 'unprepared' });
    const refused: string[] = [];
    // The model's unprepared group starts with its secondary joined: the script's JOIN is skipped.
    for (const event of report.script.events.filter((x) => x.type !== 'replica.join')) {
      const e =
        'database' in event && typeof event.database === 'string'
          ? { ...event, database: named(event.database) ?? event.database }
          : event;
      const r = step(cluster, e as typeof event);
      refused.push(
        ...r.refused.map(
          (x) => `${event.type} ${'database' in event ? event.database : ''}: ${x.code}`,
        ),
      );
      cluster = r.cluster;
    }
    // The WITHNOFORMAT misprint leaves MyDb2's log backup unread, so no log backup of it exists.
    expect(report.errors.map((x) => x.line)).toEqual([112]);
    expect(refused).toEqual([
      'db.restore MyDb1: BACKUP_SET_WRONG_KIND',
      'db.restore MyDb2: BACKUP_SET_WRONG_KIND',
    ]);
  });

  it('says so at both RESTORE LOG statements too, as validate and explain print the warnings', () => {
    const wrongKind = report.script.warnings.filter((w) => w.text.includes('error 3135'));
    expect(wrongKind.map((w) => w.line)).toEqual([118, 122]);
    expect(wrongKind[0]?.text).toContain(
      'RESTORE LOG of MyDb1 on NODE02 from \\\\FILESERVER\\SQLbackups\\MyDb1.bak (FILE = 1), a set that BACKUP DATABASE made',
    );
    // The refused restore leaves MyDb1 restored from the full backup, so the join still misses
    // the log backup at FILE = 2 (error 1412), as before.
    const join = report.script.warnings.filter((w) => w.text.includes('error 1412'));
    expect(join.map((w) => w.line)).toEqual([129]);
  });
});

describe('the SSMS "Add Database" wizard script (lab-ssms-add-database-copy-only.sql)', () => {
  // AndrewCLion/Hello-World, Templates/!Andrew/HA/Example2_AddDB.sql: ADD DATABASE, BACKUP
  // DATABASE … WITH COPY_ONLY, FORMAT, INIT, RESTORE … WITH NORECOVERY, BACKUP LOG, RESTORE LOG …
  // WITH NORECOVERY, then SET HADR AVAILABILITY GROUP. A copy-only full backup is a full backup
  // of the database that leaves the log chain alone, so the log backup restores onto it.
  it('runs on the model as SQL Server runs it: the secondary database joins', () => {
    const file = 'lab-ssms-add-database-copy-only.sql';
    const script = readScriptOrThrow(
      readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8'),
      { version: 2014, fileName: file },
    );
    const replica = (name: string, host: string) => ({
      name,
      endpointUrl: `TCP://${host}:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
      failoverMode: 'AUTOMATIC' as const,
    });
    const config = resolveConfig({
      name: 'BY-ATLAS-PROD-1',
      version: 2014,
      replicas: [replica('BY0JYE\\BIP', 'by0jye'), replica('BY0JYF\\BIDETAILSP', 'by0jyf')],
    });
    // ADD DATABASE needs a database with a full backup (S5): the script assumes one.
    let cluster: Cluster = createCluster(config, {
      start: 'unprepared',
      catalog: { ATLAS_FDT_CFG: { hasFullBackup: true } },
    });
    const refused: string[] = [];
    for (const event of script.events) {
      const r = step(cluster, event);
      refused.push(...r.refused.map((x) => `${event.type}: ${x.code}`));
      cluster = r.cluster;
    }
    expect(script.events.map((e) => e.type)).toEqual([
      'db.add',
      'db.backup',
      'db.restore',
      'db.backup',
      'db.restore',
      'db.join',
    ]);
    expect(refused).toEqual([]);
    const copy = cluster.replicas.find((r) => r.name === 'BY0JYF\\BIDETAILSP')?.databases
      .ATLAS_FDT_CFG;
    expect(copy?.machine.value).toMatchObject({ JOINED: expect.anything() });
  });
});

describe('RESTORE without NORECOVERY (S71: "If neither NORECOVERY, RECOVERY, nor STANDBY is specified, RECOVERY is the default")', () => {
  // The statements of "Prepare a secondary database" (S68) with the restore's NORECOVERY left out,
  // as a hand-written script might: SQL Server recovers the copy, which can then no longer join
  // ("The secondary database must have been restored using WITH NORECOVERY", S50).
  it('reads it as RECOVERY, which the secondary refuses, so nothing is left to join', () => {
    const script = readScriptOrThrow(
      `:Connect INSTANCE01
CREATE AVAILABILITY GROUP [MyAG] FOR DATABASE [MyDB1] REPLICA ON
  N'INSTANCE01' WITH (ENDPOINT_URL = N'TCP://i1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL),
  N'INSTANCE02' WITH (ENDPOINT_URL = N'TCP://i2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);
GO
BACKUP DATABASE MyDB1 TO DISK = 'C:\\MyDB1.bak' WITH FORMAT
GO
:Connect INSTANCE02
RESTORE DATABASE MyDB1 FROM DISK = 'C:\\MyDB1.bak'
GO
ALTER DATABASE MyDB1 SET HADR AVAILABILITY GROUP = MyAG;
GO
`,
      { version: 2016, fileName: 'restore-recovery.sql' },
    );
    expect(script.events.find((e) => e.type === 'db.restore')).toMatchObject({ recovery: true });
    let cluster: Cluster = createCluster(script.configs[0]!, { start: 'unprepared' });
    const refused: string[] = [];
    for (const event of script.events) {
      const r = step(cluster, event);
      refused.push(...r.refused.map((x) => `${event.type}: ${x.code}`));
      cluster = r.cluster;
    }
    expect(refused).toEqual(['db.restore: RESTORE_WITH_RECOVERY', 'db.join: NO_RESTORED_COPY']);
  });
});
