import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { SqlServerVersion } from '../model/enums.js';
import {
  joinPath,
  placeSeededFile,
  SEEDING_LAYOUT_REASONS,
  SEEDING_TRACE_FLAGS,
  type SeedingLayoutInput,
} from './layout.js';
import { estimateSeeding } from './seeding.js';

/** SEED001 "Disk layout": its three tables, row by row, and what they imply. */

const place = (input: Partial<SeedingLayoutInput> & Pick<SeedingLayoutInput, 'sourcePath'>) =>
  placeSeededFile({
    version: 2017,
    primaryDefaultDataPath: 'c:\\data\\',
    secondaryDefaultDataPath: 'c:\\data\\',
    traceFlag9571: false,
    secondaryFolders: null,
    ...input,
  });

const target = (input: Parameters<typeof place>[0]) => {
  const r = place(input);
  return E.isRight(r) ? r.right.targetPath : r.left.map((x) => x.code);
};

const codes = (input: Parameters<typeof place>[0]) => {
  const r = place(input);
  return E.isRight(r) ? r.right.reasons.map((x) => x.code) : r.left.map((x) => x.code);
};

describe('SEED001 table 1: supported data disk layouts (SQL Server 2017)', () => {
  it.each([
    ['c:\\data\\', '/var/opt/mssql/data/', 'c:\\data\\', '/var/opt/mssql/data/'],
    ['c:\\data\\', '/var/opt/mssql/data/', 'c:\\data\\group1\\', '/var/opt/mssql/data/group1/'],
    ['c:\\data\\', 'd:\\data\\', 'c:\\data\\', 'd:\\data\\'],
    ['c:\\data\\', 'd:\\data\\', 'c:\\data\\group1\\', 'd:\\data\\group1\\'],
  ])(
    'primary default %s, secondary default %s: %s goes to %s',
    (primary, secondary, source, expected) => {
      const input = {
        primaryDefaultDataPath: primary,
        secondaryDefaultDataPath: secondary,
        sourcePath: source,
      };
      expect(target(input)).toBe(expected);
      expect(codes(input)).toEqual(['SEEDING_FILE_MAPPED']);
    },
  );
});

describe('SEED001 table 2: locations outside the default paths keep their path', () => {
  it.each([
    ['c:\\data\\', 'c:\\data\\', 'd:\\group1\\', 'd:\\group1\\'],
    ['c:\\data\\', 'c:\\data\\', 'd:\\data\\', 'd:\\data\\'],
    ['c:\\data\\', 'c:\\data\\', 'd:\\data\\group1\\', 'd:\\data\\group1\\'],
  ])(
    'primary default %s, secondary default %s: %s stays %s in 2016 and 2017',
    (primary, secondary, source, expected) => {
      for (const version of [2016, 2017] as const) {
        const input = {
          version,
          primaryDefaultDataPath: primary,
          secondaryDefaultDataPath: secondary,
          sourcePath: source,
        };
        expect(target(input)).toBe(expected);
        expect(codes(input)).toEqual([
          version === 2016 ? 'SEEDING_FILE_SAME_PATH' : 'SEEDING_FILE_OUTSIDE_DEFAULT_PATH',
        ]);
      }
    },
  );
});

describe('SEED001 table 3: default and non-default paths mixed, 2016 against 2017', () => {
  const rows = [
    ['c:\\data\\', 'c:\\data\\', 'd:\\data\\'],
    ['c:\\data\\group1\\', 'c:\\data\\group1\\', 'd:\\data\\group1\\'],
  ] as const;
  it.each(
    rows.flatMap(([source, in2016, in2017]) => [
      [2016 as SqlServerVersion, source, in2016],
      [2017 as SqlServerVersion, source, in2017],
    ]),
  )(
    'SQL Server %s, primary default c:\\data\\, secondary default d:\\data\\: %s goes to %s',
    (version, source, expected) => {
      expect(target({ version, secondaryDefaultDataPath: 'd:\\data\\', sourcePath: source })).toBe(
        expected,
      );
    },
  );
});

describe('the folder on the secondary', () => {
  it('must already exist in SQL Server 2016', () => {
    const input = {
      version: 2016 as const,
      secondaryDefaultDataPath: 'd:\\data\\',
      sourcePath: 'c:\\data\\group1\\db1.mdf',
    };
    expect(codes({ ...input, secondaryFolders: ['d:\\data\\group1\\'] })).toEqual([
      'SEEDING_FILE_SAME_PATH',
      'SEEDING_FOLDER_MISSING',
    ]);
    expect(target({ ...input, secondaryFolders: ['C:\\Data\\Group1'] })).toBe(
      'c:\\data\\group1\\db1.mdf',
    );
  });

  it('must exist under the secondary default path too; the default path itself always does', () => {
    const input = {
      secondaryDefaultDataPath: '/var/opt/mssql/data/',
      secondaryFolders: [] as string[],
    };
    expect(target({ ...input, sourcePath: 'c:\\data\\db1.mdf' })).toBe(
      '/var/opt/mssql/data/db1.mdf',
    );
    expect(codes({ ...input, sourcePath: 'c:\\data\\group1\\db1.mdf' })).toEqual([
      'SEEDING_FILE_MAPPED',
      'SEEDING_FOLDER_MISSING',
    ]);
  });
});

describe('trace flag 9571 on SQL Server 2017', () => {
  it('brings back the 2016 behaviour: the same path as on the primary', () => {
    const input = {
      secondaryDefaultDataPath: 'd:\\data\\',
      sourcePath: 'c:\\data\\group1\\',
      traceFlag9571: true,
    };
    expect(target(input)).toBe('c:\\data\\group1\\');
    expect(codes(input)).toEqual(['SEEDING_TRACE_FLAG_9571']);
  });

  it('cannot place a Windows path on a Linux secondary', () => {
    expect(
      codes({
        secondaryDefaultDataPath: '/var/opt/mssql/data/',
        sourcePath: 'c:\\data\\db1.mdf',
        traceFlag9571: true,
      }),
    ).toEqual(['SEEDING_TRACE_FLAG_9571', 'SEEDING_PATH_OTHER_PLATFORM']);
  });
});

describe('paths', () => {
  it('compare without case on Windows, with case on Linux', () => {
    expect(
      target({
        primaryDefaultDataPath: 'C:\\Data',
        secondaryDefaultDataPath: 'd:\\data\\',
        sourcePath: 'c:\\DATA\\Group1\\db1.mdf',
      }),
    ).toBe('d:\\data\\Group1\\db1.mdf');
    expect(
      codes({
        primaryDefaultDataPath: '/var/opt/mssql/data/',
        secondaryDefaultDataPath: '/sql/data/',
        sourcePath: '/var/opt/mssql/Data/db1.mdf',
      }),
    ).toEqual(['SEEDING_FILE_OUTSIDE_DEFAULT_PATH']);
  });

  it('map from Linux to Windows, separators converted', () => {
    expect(
      target({
        primaryDefaultDataPath: '/var/opt/mssql/data/',
        secondaryDefaultDataPath: 'c:\\data\\',
        sourcePath: '/var/opt/mssql/data/group1/db1_log.ldf',
      }),
    ).toBe('c:\\data\\group1\\db1_log.ldf');
  });

  it('must be absolute', () => {
    expect(codes({ sourcePath: 'data\\db1.mdf', secondaryDefaultDataPath: 'data' })).toEqual([
      'SEEDING_PATH_NOT_ABSOLUTE',
      'SEEDING_PATH_NOT_ABSOLUTE',
    ]);
  });

  it('join a file name with the folder’s separator', () => {
    expect(joinPath('c:\\data', 'db1.mdf')).toBe('c:\\data\\db1.mdf');
    expect(joinPath('/var/opt/mssql/data', 'db1.mdf')).toBe('/var/opt/mssql/data/db1.mdf');
    expect(joinPath('/var/opt/mssql/data/', 'db1.mdf')).toBe('/var/opt/mssql/data/db1.mdf');
  });
});

describe('trace flag 9567 on the primary (SEED001 "Compression")', () => {
  it('compresses the stream: the estimate halves with the assumed ratio, and says so', () => {
    const input = { databaseBytes: 5 * 10 ** 12, bandwidthBitsPerSecond: 10 ** 9 };
    const plain = estimateSeeding({ ...input, primaryTraceFlags: [1117] });
    const compressed = estimateSeeding({
      ...input,
      primaryTraceFlags: [SEEDING_TRACE_FLAGS.compression],
    });
    expect(E.isRight(plain) && [plain.right.compression, plain.right.seconds]).toEqual([
      false,
      40_000,
    ]);
    expect(
      E.isRight(compressed) && [compressed.right.compression, compressed.right.seconds],
    ).toEqual([true, 20_000]);
    expect(E.isRight(compressed) && compressed.right.reasons.map((r) => r.code)).toContain(
      'SEEDING_ESTIMATE_COMPRESSED',
    );
    // An explicit choice wins over the flags.
    const off = estimateSeeding({ ...input, compression: false, primaryTraceFlags: [9567] });
    expect(E.isRight(off) && off.right.seconds).toBe(40_000);
  });
});

describe('docs/seeding.md', () => {
  it('lists every disk layout reason code', () => {
    const doc = readFileSync(new URL('../../docs/seeding.md', import.meta.url), 'utf8');
    const codes = Object.keys(SEEDING_LAYOUT_REASONS);
    expect(codes.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });
});
