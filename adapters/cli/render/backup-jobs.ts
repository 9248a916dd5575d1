import type {
  BackupJobConvention,
  BackupJobDecision,
  BackupJobOutcome,
} from '../../../core/backup/conventions.js';
import { UNSUPPORTED_TAKE_CODES } from '../../../core/backup/differential-before-fix.js';
import type { BackupType } from '../../../core/model/enums.js';
import { reasonsLines, type Style } from './style.js';

/**
 * What each backup job convention does on each replica, as a table per database, followed by
 * the reasons for every answer a DBA would not expect from the table alone: fail, unknown, and a
 * take of a backup SQL Server does not support there (a differential on a secondary before
 * KB4551221).
 */

const CONVENTION_NAMES: { readonly [C in BackupJobConvention]: string } = {
  OLA_HALLENGREN: 'Ola Hallengren',
  MAINTENANCE_PLAN: 'maintenance plan',
  DBATOOLS: 'dbatools',
};

const TYPE_NAMES: Partial<{ readonly [T in BackupType]: string }> = {
  FULL: 'full',
  FULL_COPY_ONLY: 'copy-only full',
  DIFFERENTIAL: 'differential',
  LOG: 'log',
  LOG_COPY_ONLY: 'copy-only log',
};

const paint = (style: Style, outcome: BackupJobOutcome, text: string): string =>
  outcome === 'take'
    ? style.good(text)
    : outcome === 'fail'
      ? style.bad(text)
      : outcome === 'unknown'
        ? style.warn(text)
        : style.dim(text);

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

export const backupJobLines = (
  style: Style,
  database: string,
  jobs: readonly BackupJobDecision[],
): string[] => {
  if (jobs.length === 0) return [];
  const replicas = unique(jobs.map((j) => j.replica));
  const label = (j: BackupJobDecision) =>
    `${CONVENTION_NAMES[j.convention]}, ${TYPE_NAMES[j.backupType] ?? j.backupType}`;
  const rows = unique(jobs.map(label));
  const width = Math.max(...rows.map((r) => r.length));
  const cell = Math.max(8, ...replicas.map((r) => r.length + 1));
  const header = `    ${' '.repeat(width)}  ${replicas.map((r) => r.padEnd(cell)).join('')}`;
  const lines = rows.map((row) => {
    const cells = replicas.map((replica) => {
      const j = jobs.find((x) => label(x) === row && x.replica === replica);
      const outcome = j?.outcome ?? 'unknown';
      return paint(style, outcome, outcome.padEnd(cell));
    });
    return `    ${row.padEnd(width)}  ${cells.join('')}`.trimEnd();
  });
  // Answers with the very same reasons (a replica the snapshot lacks) are explained once.
  const groups = new Map<string, BackupJobDecision[]>();
  const explained = (x: BackupJobDecision) =>
    x.outcome === 'fail' ||
    x.outcome === 'unknown' ||
    (x.outcome === 'take' && x.reasons.some((r) => UNSUPPORTED_TAKE_CODES.has(r.code)));
  for (const j of jobs.filter(explained)) {
    const key = JSON.stringify([j.replica, j.outcome, j.reasons.map((r) => [r.code, r.message])]);
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  return [
    `  ${database}: what each backup job does (take, skip, fail, unknown)`,
    header.trimEnd(),
    ...lines,
    ...[...groups.values()].flatMap((group) => {
      const [j] = group;
      if (j === undefined) return [];
      const labels = group.length === rows.length ? 'every job' : group.map(label).join('; ');
      return [
        `    ${labels} on ${j.replica}: ${paint(style, j.outcome, j.outcome)}`,
        ...reasonsLines(style, j.reasons, '      '),
      ];
    }),
  ];
};
