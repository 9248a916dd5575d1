import { describe, expect, it } from 'vitest';
import { backupTypeOnSecondary } from '../backup/backup.js';
import { memberKindFindings } from '../distributed/member-kinds.js';
import { documentedConfigs } from '../distributed/test-support.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { validateConfig } from './validate.js';

/*
 * Basic availability groups (S41), Limitations, every item held to agstate as data: "Limit of two
 * replicas (primary and secondary). Basic Availability Groups for SQL Server 2017 on Linux support
 * an additional configuration only replica. No read access on secondary replica. No backups on
 * secondary replica. [...] No support for replicas hosted on servers running a version of SQL
 * Server prior to SQL Server 2016 [...]. Support for one availability database. [...] Basic
 * availability groups can not be part of a distributed availability group."
 * Left out: integrity checks (DBCC is not modelled), the edition (a configuration carries none),
 * and the upgrade to an advanced group (no statement converts one).
 */
const rep = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}.contoso.com:5022`,
  availabilityMode: 'SYNCHRONOUS_COMMIT',
  failoverMode: 'MANUAL',
  ...extra,
});
const basic = (over: Record<string, unknown> = {}) =>
  resolveConfig({
    name: 'AG',
    version: 2016,
    kind: 'BASIC',
    databases: ['db1'],
    replicas: [rep('A'), rep('B')],
    ...over,
  } as ConfigInput);
const codes = (over: Record<string, unknown>) => validateConfig(basic(over)).map((r) => r.code);

const CONFIGURATION_CELLS: readonly [string, Record<string, unknown>, readonly string[]][] = [
  ['two replicas, one database, SQL Server 2016', {}, []],
  ['three replicas', { replicas: [rep('A'), rep('B'), rep('C')] }, ['BASIC_GROUP_REPLICA_COUNT']],
  [
    'two replicas and a configuration-only one (SQL Server 2017, Pacemaker)',
    {
      version: 2017,
      clusterType: 'EXTERNAL',
      replicas: [
        rep('A', { failoverMode: 'EXTERNAL' }),
        rep('B', { failoverMode: 'EXTERNAL' }),
        rep('W', { availabilityMode: 'CONFIGURATION_ONLY', failoverMode: 'EXTERNAL' }),
      ],
    },
    [],
  ],
  [
    'read access on the secondary',
    { replicas: [rep('A'), rep('B', { secondaryRole: { allowConnections: 'READ_ONLY' } })] },
    ['BASIC_GROUP_READABLE_SECONDARY'],
  ],
  ['two databases', { databases: ['db1', 'db2'] }, ['BASIC_GROUP_DATABASE_COUNT']],
  ['SQL Server 2014', { version: 2014 }, ['FEATURE_NOT_IN_VERSION']],
];

describe('Basic availability groups: Limitations (S41)', () => {
  it.each(CONFIGURATION_CELLS)('%s', (_cell, over, expected) => {
    expect(codes(over)).toEqual(expected);
  });

  it('no backups on the secondary replica, of any type, in any version', () => {
    for (const version of [2016, 2017, 2019, 2022, 2025] as const)
      for (const type of [
        'FULL',
        'FULL_COPY_ONLY',
        'DIFFERENTIAL',
        'LOG',
        'LOG_COPY_ONLY',
      ] as const)
        expect(backupTypeOnSecondary(basic({ version }), type).reason.code).toBe(
          'BACKUP_BASIC_GROUP_SECONDARY',
        );
  });

  it('can not be part of a distributed availability group', () => {
    const { dag, ag2 } = documentedConfigs();
    const ag1 = basic({ name: 'ag1', version: 2019 });
    expect(memberKindFindings(dag, [ag1, ag2]).map((r) => r.code)).toEqual([
      'BASIC_GROUP_IN_DISTRIBUTED',
    ]);
  });
});
