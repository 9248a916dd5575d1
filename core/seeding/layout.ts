import * as E from 'fp-ts/lib/Either.js';
import type { SqlServerVersion } from '../model/enums.js';
import { type Reason, type RuleSource, reason, source } from '../model/source.js';

/**
 * Where automatic seeding creates a database's files on a secondary (SEED001 "Disk layout";
 * ag-rules §6.2 "Paths"). SQL Server 2016: the same path as on the primary, in a folder that
 * already exists. SQL Server 2017 and later: a file under the primary's default data path goes to
 * the same place under the secondary's default data path (also across Windows and Linux); a file
 * elsewhere keeps its path; trace flag 9571 brings the 2016 behaviour back. docs/seeding.md
 * reproduces the three tables of SEED001 this implements.
 */

export const SEEDING_LAYOUT_REASONS = {
  SEEDING_FILE_SAME_PATH: source(
    'SEED001',
    'Disk layout: in SQL Server 2016 and before, the folder must already exist and be the same as the path on the primary replica',
  ),
  SEEDING_FILE_MAPPED: source(
    'SEED001',
    'Disk layout: SQL Server 2017 supports replicas on instances with different default paths',
  ),
  SEEDING_FILE_OUTSIDE_DEFAULT_PATH: source(
    'SEED001',
    'Disk layout: locations that are not the instance default paths must match on the primary and the secondary',
  ),
  SEEDING_TRACE_FLAG_9571: source(
    'SEED001',
    'Disk layout: trace flag 9571 reverts to the behaviour of SQL Server 2016 and before',
  ),
  SEEDING_FOLDER_MISSING: source(
    'SEED001',
    'Disk layout: the folder where automatic seeding creates the database must already exist',
  ),
  SEEDING_PATH_OTHER_PLATFORM: source(
    'SEED001',
    'Disk layout: the different platforms (Windows, Linux) have different default paths',
  ),
  SEEDING_PATH_NOT_ABSOLUTE: source(
    'MODEL',
    'docs/seeding.md, disk layout: a path starts with a drive (c:\\), a share (\\\\server\\share) or /',
  ),
} as const satisfies Record<string, RuleSource>;
export type SeedingLayoutReasonCode = keyof typeof SEEDING_LAYOUT_REASONS;

/** The codes that say how a place was chosen; the others say why it cannot be used. */
export const SEEDING_LAYOUT_CHOICES: ReadonlySet<string> = new Set<SeedingLayoutReasonCode>([
  'SEEDING_FILE_SAME_PATH',
  'SEEDING_FILE_MAPPED',
  'SEEDING_FILE_OUTSIDE_DEFAULT_PATH',
  'SEEDING_TRACE_FLAG_9571',
]);

const layoutReason = (code: SeedingLayoutReasonCode, message: string): Reason =>
  reason(code, message, SEEDING_LAYOUT_REASONS[code]);

/** Trace flags automatic seeding reads (SEED001). */
export const SEEDING_TRACE_FLAGS = {
  /** On the primary: the seeding stream is compressed (SEED001 "Compression"). */
  compression: 9567,
  /** On the secondary: files keep the primary's paths, as in 2016 (SEED001 "Disk layout"). */
  samePaths: 9571,
} as const;

/** The first version that maps default data paths between instances (SEED001, ag-rules §2.2). */
export const DEFAULT_PATH_MAPPING_SINCE: SqlServerVersion = 2017;

export type PathStyle = 'windows' | 'posix';

interface ParsedPath {
  readonly style: PathStyle;
  /** The drive (`c:`), the share (`\\server\share`) or `` for a POSIX path. */
  readonly root: string;
  readonly segments: readonly string[];
  /** Written with a trailing separator: a folder. */
  readonly isFolder: boolean;
}

const WINDOWS_DRIVE = /^([A-Za-z]:)[\\/]/;
const WINDOWS_SHARE = /^(\\\\[^\\/]+[\\/][^\\/]+)(?:[\\/]|$)/;

const parsePath = (path: string): ParsedPath | null => {
  const isFolder = /[\\/]$/.test(path);
  const drive = WINDOWS_DRIVE.exec(path) ?? WINDOWS_SHARE.exec(path);
  if (drive !== null) {
    const root = drive[1]!;
    const rest = path.slice(root.length);
    return {
      style: 'windows',
      root: root.replaceAll('/', '\\'),
      segments: rest.split(/[\\/]/).filter((s) => s !== ''),
      isFolder: isFolder || rest.replace(/[\\/]/g, '') === '',
    };
  }
  if (path.startsWith('/'))
    return {
      style: 'posix',
      root: '',
      segments: path.split('/').filter((s) => s !== ''),
      isFolder: isFolder || path.replace(/\//g, '') === '',
    };
  return null;
};

/** Windows paths compare without case; Linux paths are case-sensitive. */
const same = (style: PathStyle, a: string, b: string): boolean =>
  style === 'windows' ? a.toLowerCase() === b.toLowerCase() : a === b;

const separator = (style: PathStyle): string => (style === 'windows' ? '\\' : '/');

const render = (root: string, style: PathStyle, segments: readonly string[], folder: boolean) => {
  const sep = separator(style);
  const body = segments.join(sep);
  return `${root}${sep}${body}${folder && segments.length > 0 ? sep : ''}`;
};

/** The segments of `path` below `base`, or null when `path` is not inside `base`. */
const relativeTo = (base: ParsedPath, path: ParsedPath): readonly string[] | null => {
  if (base.style !== path.style || !same(base.style, base.root, path.root)) return null;
  if (base.segments.length > path.segments.length) return null;
  const inside = base.segments.every((s, i) => same(base.style, s, path.segments[i]!));
  return inside ? path.segments.slice(base.segments.length) : null;
};

const folderOf = (p: ParsedPath): ParsedPath =>
  p.isFolder ? p : { ...p, segments: p.segments.slice(0, -1), isFolder: true };

const samePlace = (a: ParsedPath, b: ParsedPath): boolean =>
  a.style === b.style &&
  same(a.style, a.root, b.root) &&
  a.segments.length === b.segments.length &&
  a.segments.every((s, i) => same(a.style, s, b.segments[i]!));

export interface SeedingLayoutInput {
  readonly version: SqlServerVersion;
  readonly primaryDefaultDataPath: string;
  readonly secondaryDefaultDataPath: string;
  /** A file of the database on the primary, or the folder that holds it (trailing separator). */
  readonly sourcePath: string;
  /** Trace flag 9571 is on on the secondary instance, which creates the files. */
  readonly traceFlag9571: boolean;
  /** The folders that exist on the secondary; null when every folder the layout needs exists. */
  readonly secondaryFolders: readonly string[] | null;
}

export interface SeedingPlacement {
  /** The file, or folder, on the secondary, written in the secondary's platform style. */
  readonly targetPath: string;
  /** The folder that must exist on the secondary to hold it. */
  readonly targetFolder: string;
  readonly rule: 'SAME_PATH' | 'DEFAULT_PATH_MAPPED';
  /** How the place was chosen (one reason). */
  readonly reasons: readonly Reason[];
}

/** Where the secondary creates a seeded file, or every reason it cannot (SEED001 "Disk layout"). */
export const placeSeededFile = (
  input: SeedingLayoutInput,
): E.Either<readonly Reason[], SeedingPlacement> => {
  const primaryDefault = parsePath(input.primaryDefaultDataPath);
  const secondaryDefault = parsePath(input.secondaryDefaultDataPath);
  const file = parsePath(input.sourcePath);
  const unreadable = [
    [input.primaryDefaultDataPath, primaryDefault, "the primary's default data path"],
    [input.secondaryDefaultDataPath, secondaryDefault, "the secondary's default data path"],
    [input.sourcePath, file, 'the file location on the primary'],
  ] as const;
  const bad = unreadable
    .filter(([, parsed]) => parsed === null)
    .map(([path, , what]) =>
      layoutReason('SEEDING_PATH_NOT_ABSOLUTE', `${what}, "${path}", is not an absolute path`),
    );
  if (primaryDefault === null || secondaryDefault === null || file === null) return E.left(bad);

  const mapsDefaults = input.version >= DEFAULT_PATH_MAPPING_SINCE && !input.traceFlag9571;
  const relative = mapsDefaults ? relativeTo({ ...primaryDefault, isFolder: true }, file) : null;
  const target: ParsedPath =
    relative === null
      ? file
      : {
          style: secondaryDefault.style,
          root: secondaryDefault.root,
          segments: [...secondaryDefault.segments, ...relative],
          isFolder: file.isFolder,
        };
  const targetPath = render(target.root, target.style, target.segments, target.isFolder);
  const folder = folderOf(target);
  const targetFolder = render(folder.root, folder.style, folder.segments, true);

  const why: Reason =
    relative !== null
      ? layoutReason(
          'SEEDING_FILE_MAPPED',
          `${input.sourcePath} lies under the primary's default data path ${input.primaryDefaultDataPath}: SQL Server ${input.version} creates it at ${targetPath}, under the secondary's default data path ${input.secondaryDefaultDataPath}`,
        )
      : input.version < DEFAULT_PATH_MAPPING_SINCE
        ? layoutReason(
            'SEEDING_FILE_SAME_PATH',
            `SQL Server ${input.version} creates ${input.sourcePath} at the same path on the secondary`,
          )
        : input.traceFlag9571
          ? layoutReason(
              'SEEDING_TRACE_FLAG_9571',
              `trace flag 9571 on the secondary: ${input.sourcePath} keeps its path, as in SQL Server 2016`,
            )
          : layoutReason(
              'SEEDING_FILE_OUTSIDE_DEFAULT_PATH',
              `${input.sourcePath} is outside the primary's default data path ${input.primaryDefaultDataPath}: it keeps its path on the secondary`,
            );

  if (target.style !== secondaryDefault.style)
    return E.left([
      why,
      layoutReason(
        'SEEDING_PATH_OTHER_PLATFORM',
        `${targetPath} is a ${target.style === 'windows' ? 'Windows' : 'Linux'} path, but the secondary's default data path ${input.secondaryDefaultDataPath} is a ${secondaryDefault.style === 'windows' ? 'Windows' : 'Linux'} one: no such folder exists there`,
      ),
    ]);
  const exists =
    input.secondaryFolders === null ||
    samePlace(folder, { ...secondaryDefault, isFolder: true }) ||
    input.secondaryFolders.some((f) => {
      const p = parsePath(f);
      return p !== null && samePlace(folder, { ...p, isFolder: true });
    });
  if (!exists)
    return E.left([
      why,
      layoutReason(
        'SEEDING_FOLDER_MISSING',
        `the folder ${targetFolder} does not exist on the secondary: automatic seeding creates files, not folders`,
      ),
    ]);
  return E.right({
    targetPath,
    targetFolder,
    rule: relative === null ? 'SAME_PATH' : 'DEFAULT_PATH_MAPPED',
    reasons: [why],
  });
};

/** A file name in a folder, with the folder's own separator (a Windows folder takes `\`). */
export const joinPath = (folder: string, name: string): string => {
  if (/[\\/]$/.test(folder)) return `${folder}${name}`;
  return `${folder}${parsePath(folder)?.style === 'posix' ? '/' : '\\'}${name}`;
};
