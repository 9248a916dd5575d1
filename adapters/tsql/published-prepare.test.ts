import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../core/cluster/build.js';
import { step } from '../../core/cluster/step.js';
import type { Cluster } from '../../core/cluster/types.js';
import { readScriptOrThrow } from './index.js';

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
