import {
  BACKUP_TYPES,
  type BackupType,
  SQL_SERVER_VERSIONS,
  type SqlServerVersion,
} from '../../core/model/enums.js';
import { InvalidArgumentError } from './commander.js';

/** Option values, checked as commander reads them so that a bad one is a usage error (exit 2). */

/**
 * The SQL Server a T-SQL script runs on, as far as the user says: the major version, and the
 * cumulative update when given (0: RTM). Without it, rules that changed in a cumulative update
 * answer unknown.
 */
export interface SqlRelease {
  readonly version: SqlServerVersion;
  readonly cumulativeUpdate?: number;
}

/** `2022`, `2022 CU13`, `2022-CU13` or `2022 RTM`, in any case. */
export const parseVersion = (value: string): SqlRelease => {
  const m = /^\s*([0-9]{4})(?:[\s-]*(?:CU\s*([0-9]{1,3})|(RTM)))?\s*$/i.exec(value);
  const version = SQL_SERVER_VERSIONS.find((v) => String(v) === m?.[1]);
  if (m === null || version === undefined)
    throw new InvalidArgumentError(
      `expected a SQL Server version (${SQL_SERVER_VERSIONS.join(', ')}), with its cumulative update if known: 2022 CU13, 2019 RTM`,
    );
  if (m[2] !== undefined) return { version, cumulativeUpdate: Number(m[2]) };
  return m[3] !== undefined ? { version, cumulativeUpdate: 0 } : { version };
};

export const parsePort = (value: string): number => {
  const port = /^[0-9]{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw new InvalidArgumentError('expected a port number from 0 to 65535 (0: any free port)');
  return port;
};

/** A whole number of at least `min`, for counts such as --faults. */
export const parseCount =
  (min: number) =>
  (value: string): number => {
    const n = /^[0-9]{1,9}$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!(n >= min)) throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    return n;
  };

export { BACKUP_TYPES };

/** A backup type, in any case, as T-SQL keywords are (BACKUP LOG, backup log). */
export const parseBackupType = (value: string): BackupType => {
  const type = BACKUP_TYPES.find((t) => t === value.trim().toUpperCase());
  if (type === undefined)
    throw new InvalidArgumentError(`expected a backup type: ${BACKUP_TYPES.join(', ')}`);
  return type;
};

export const FORCED_FAILOVER_POLICIES = ['withoutPrimary', 'always', 'never'] as const;

/**
 * The questions `check --fail-on` may name: a single group's and a distributed group's (spelled
 * here so that the option's help loads no search; check.test.ts holds it to both lists).
 */
export const CHECK_QUESTIONS = [
  'acknowledgedLoss',
  'noWritablePrimary',
  'noWritablePrimaryWithQuorum',
  'commitsBlocked',
  'stuckSynchronizing',
  'failoverLoss',
  'bothWritable',
] as const;

/** The chart formats, as adapters/chart names them (a test keeps the two lists equal). */
export const CHART_FORMATS = ['mermaid', 'dot', 'scxml', 'json', 'svg'] as const;

/** The visited stores `check --store` offers, as the explorer names them. */
export const STORE_KINDS = ['exact', 'hash-compaction', 'bitstate'] as const;
export const STORE_KIND_OF = {
  exact: 'exact',
  'hash-compaction': 'hashCompaction',
  bitstate: 'bitstate',
} as const;

/** A positive size in MiB, fractions allowed (--bitstate-mib 0.5). */
export const parseMebibytes = (value: string): number => {
  const n = /^[0-9]{1,6}(\.[0-9]{1,6})?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n > 0 && n <= 65536))
    throw new InvalidArgumentError('expected a size in MiB, more than 0 and at most 65536');
  return n;
};

/** A time in seconds, more than 0, fractions allowed (--max-seconds 90, --max-seconds 0.5). */
export const parseSeconds = (value: string): number => {
  const n = /^[0-9]{1,7}(\.[0-9]{1,3})?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n > 0))
    throw new InvalidArgumentError('expected a time in seconds, more than 0 (fractions allowed)');
  return n;
};

/** The given keys of an object whose values are defined (exactOptionalPropertyTypes-safe). */
export const pick = <T extends object, K extends keyof T>(
  o: T,
  ...keys: K[]
): { [P in K]?: Exclude<T[P], undefined> } => {
  const out: { [P in K]?: Exclude<T[P], undefined> } = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k] as Exclude<T[K], undefined>;
  return out;
};

/** A version as commands take it: the year alone (as programs and tests give it), or a release. */
export type VersionArg = SqlServerVersion | SqlRelease;

export const majorOf = (v: VersionArg): SqlServerVersion => (typeof v === 'number' ? v : v.version);

/** The T-SQL reader's version options: the cumulative update only when it was given. */
export const tsqlRelease = (
  v: VersionArg,
): { readonly version: SqlServerVersion; readonly cumulativeUpdate?: number } =>
  typeof v === 'number' ? { version: v } : v;

/** The version as --sql-version takes it back, one shell word: `2022`, `2022-CU13`, `2019-RTM`. */
export const versionText = (v: VersionArg): string => {
  const { version, cumulativeUpdate } = tsqlRelease(v);
  if (cumulativeUpdate === undefined) return String(version);
  return cumulativeUpdate === 0 ? `${version}-RTM` : `${version}-CU${cumulativeUpdate}`;
};
