import { describe, expect, it } from 'vitest';
import type { Observation } from '../cluster/observation.js';
import { Driver, seedingReplica } from '../cluster/test-support.js';
import type { CatalogSettings } from '../lifecycle/copy.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { databaseFilesOn } from './files.js';
import { automaticSeedingRows, physicalSeedingStats, seedingPhaseOf } from './view.js';

/**
 * SEED001 "Disk layout" through the cluster step: where a seeded database's files go on the
 * secondary, and a seeding that cannot place them.
 */

const P = 'SQL1';
const S = 'SQL2';
const T = 'SQL3';
const DB = 'db1';

const replica = seedingReplica;

const group = (c: ConfigInput, catalog: CatalogSettings = {}) => {
  const config = resolveConfig(c);
  const ag = new Driver(config, {
    start: 'unprepared',
    catalog: { [DB]: { hasFullBackup: true, ...catalog } },
  });
  for (const r of config.replicas.slice(1))
    ag.do({ type: 'replica.grantCreateDatabase', replica: r.name });
  return ag;
};

const notes = (observations: readonly Observation[]) =>
  observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

const trail = (observations: readonly Observation[]): string[] =>
  observations.flatMap((o) =>
    o.type === 'xevent'
      ? [`${o.name}@${o.server}`]
      : o.type === 'errorlog'
        ? [`errorlog@${o.server}`]
        : [],
  );

describe('SEED001 "Disk layout" in a seeding', () => {
  it('SQL Server 2017 creates a file under the Linux default path for a Windows primary', () => {
    const ag = group(
      {
        name: 'AGName',
        version: 2017,
        clusterType: 'NONE',
        replicas: [replica(P), replica(S, { defaultDataPath: '/var/opt/mssql/data/' })],
      },
      { files: ['c:\\data\\group1\\db1.mdf', 'c:\\data\\group1\\db1_log.ldf'] },
    );
    const added = ag.do({ type: 'db.add', database: DB });
    expect(notes(added.observations)).toEqual([
      expect.objectContaining({
        code: 'SEEDING_STARTED',
        message: expect.stringContaining(
          'files: c:\\data\\group1\\db1.mdf -> /var/opt/mssql/data/group1/db1.mdf, c:\\data\\group1\\db1_log.ldf -> /var/opt/mssql/data/group1/db1_log.ldf',
        ),
      }),
    ]);
    ag.do({ type: 'seeding.progress', replica: S, database: DB });
    expect(ag.state(S, DB)).toBe('SYNCHRONIZED');
    expect(databaseFilesOn(ag.cluster, DB, S)).toEqual([
      '/var/opt/mssql/data/group1/db1.mdf',
      '/var/opt/mssql/data/group1/db1_log.ldf',
    ]);
  });

  it('fails on SQL Server 2016 when the primary’s folder is missing on the secondary: failure_state 202, before any stream', () => {
    const ag = group({
      name: 'AGName',
      version: 2016,
      replicas: [
        replica(P),
        replica(S, { defaultDataPath: 'd:\\data\\', dataFolders: ['d:\\data\\'] }),
      ],
    });
    const added = ag.do({ type: 'db.add', database: DB });
    expect(notes(added.observations).map((r) => r.code)).toEqual([
      'SEEDING_FILES_NOT_PLACED',
      'SEEDING_FILE_SAME_PATH',
      'SEEDING_FILE_SAME_PATH',
      'SEEDING_FOLDER_MISSING',
      'SEEDING_FAILED',
      'SEEDING_RETRY_BY_SERVER_UNKNOWN',
    ]);
    expect(notes(added.observations)[3]?.message).toBe(
      'the folder c:\\data\\ does not exist on the secondary: automatic seeding creates files, not folders',
    );
    expect(trail(added.observations)).toEqual([
      `hadr_automatic_seeding_start@${P}`,
      `hadr_automatic_seeding_state_transition@${P}`,
      `hadr_db_manager_seeding_request_msg@${S}`,
      `errorlog@${P}`,
      `hadr_physical_seeding_restore_state_change@${S}`,
      `hadr_physical_seeding_failure@${S}`,
      `errorlog@${S}`,
      `hadr_automatic_seeding_state_transition@${P}`,
      `hadr_automatic_seeding_failure@${P}`,
      `errorlog@${P}`,
    ]);
    const failure = added.observations.find(
      (o) => o.type === 'xevent' && o.name === 'hadr_physical_seeding_failure',
    );
    expect(failure).toMatchObject({
      fields: {
        role_desc: 'Destination',
        failure_code: 202,
        failure_message: 'SQL Error (on the target)',
      },
    });
    const lines = added.observations.flatMap((o) => (o.type === 'errorlog' ? [o.message] : []));
    expect(lines.slice(1)).toEqual([
      "Automatic seeding of availability database 'db1' in availability group 'AGName' to replica 'SQL2' cannot create the database's files: the folder c:\\data\\ does not exist on the secondary: automatic seeding creates files, not folders.",
      "Automatic seeding of availability database 'db1' in availability group 'AGName' to replica 'SQL2' has failed: failure_state 202 (SQL Error (on the target)).",
    ]);
    expect(automaticSeedingRows(ag.cluster)).toEqual([
      expect.objectContaining({
        replica: S,
        currentState: 'FAILED',
        failureState: 202,
        failureStateDesc: 'SQL Error',
        numberOfAttempts: 1,
      }),
    ]);
    expect(physicalSeedingStats(ag.cluster)).toEqual([]);
    expect(ag.row(S, DB)).toBeUndefined();
    expect(seedingPhaseOf(ag.cluster, S, DB)).toBe('FAILED');
    // Restarting changes nothing while the folder is still missing.
    ag.do({ type: 'replica.setSeedingMode', replica: S, mode: 'AUTOMATIC' });
    expect(
      automaticSeedingRows(ag.cluster).map((r) => [r.failureState, r.numberOfAttempts]),
    ).toEqual([
      [202, 1],
      [202, 2],
    ]);
  });

  it('trace flag 9571 on a 2017 secondary keeps the primary’s path; a Linux secondary cannot hold it', () => {
    const base = {
      name: 'AGName',
      version: 2017 as const,
      clusterType: 'NONE' as const,
    };
    const windows = group({
      ...base,
      replicas: [replica(P), replica(S, { defaultDataPath: 'd:\\data\\', traceFlags: [9571] })],
    });
    const started = windows.do({ type: 'db.add', database: DB });
    expect(notes(started.observations)[0]?.message).toContain(
      'files: c:\\data\\db1.mdf -> c:\\data\\db1.mdf',
    );
    const linux = group({
      ...base,
      replicas: [
        replica(P),
        replica(S, { defaultDataPath: '/var/opt/mssql/data/', traceFlags: [9571] }),
      ],
    });
    const failed = linux.do({ type: 'db.add', database: DB });
    expect(notes(failed.observations).map((r) => r.code)).toEqual([
      'SEEDING_FILES_NOT_PLACED',
      'SEEDING_TRACE_FLAG_9571',
      'SEEDING_TRACE_FLAG_9571',
      'SEEDING_PATH_OTHER_PLATFORM',
      'SEEDING_PATH_OTHER_PLATFORM',
      'SEEDING_FAILED',
      'SEEDING_RETRY_BY_SERVER_UNKNOWN',
    ]);
  });

  it('a new primary seeds from its own files, where the seeding put them', () => {
    const ag = group({
      name: 'AGName',
      version: 2019,
      replicas: [
        replica(P),
        replica(S, { defaultDataPath: 'd:\\sql\\' }),
        replica(T, { defaultDataPath: 'e:\\mssql\\data\\', seedingMode: 'MANUAL' }),
      ],
    });
    ag.do({ type: 'db.add', database: DB });
    ag.do({ type: 'seeding.progress', replica: S, database: DB });
    ag.do({ type: 'ag.failover', target: S });
    expect(databaseFilesOn(ag.cluster, DB, S)).toEqual([
      'd:\\sql\\db1.mdf',
      'd:\\sql\\db1_log.ldf',
    ]);
    const seeded = ag.do({ type: 'replica.setSeedingMode', replica: T, mode: 'AUTOMATIC' });
    expect(notes(seeded.observations)).toContainEqual(
      expect.objectContaining({
        code: 'SEEDING_STARTED',
        message: expect.stringContaining('d:\\sql\\db1.mdf -> e:\\mssql\\data\\db1.mdf'),
      }),
    );
    // Removed on the new primary, the database's catalog speaks of that instance's files.
    ag.do({ type: 'db.remove', database: DB });
    expect(ag.cluster.catalog[DB]).toMatchObject({
      instance: S,
      files: ['d:\\sql\\db1.mdf', 'd:\\sql\\db1_log.ldf'],
    });
  });
});
