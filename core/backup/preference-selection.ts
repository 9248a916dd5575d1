import type { Config, Replica } from '../model/config.js';
import type { AutomatedBackupPreference, ReplicaRole } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, unknownReason as unknownFor } from '../model/source.js';
import {
  describeShortfall,
  replicaStanding,
  type Shortfall,
} from '../rules/replica-availability.js';
import { atOrAfter, BUILD_SETTLED_BY, BUILDS, describeBuild } from '../validation/builds.js';
import { describeRelease, type Release } from '../validation/limits.js';
import {
  BACKUP_REASONS,
  type BackupReasonCode,
  backupUnknown,
  backupReason as because,
} from './codes.js';

/**
 * The selection sys.fn_hadr_backup_is_preferred_replica makes among a group's replicas (ag-rules
 * §5.5, hypothesis H1): each replica assessed, the candidates ranked by BACKUP_PRIORITY then name,
 * and every replica's reasons, the winner's and each loser's (core/backup/preference.ts).
 */

export interface BackupPreferenceOptions {
  /**
   * For a database name outside the group: whether it exists on the instance (null: unknown).
   * Facts list only availability databases, so an absent value means it exists.
   */
  readonly databaseExists?: boolean | null;
}

export interface BackupPreferenceVerdict {
  readonly replica: string;
  readonly preferred: boolean;
  readonly reasons: readonly Reason[];
}

export interface PreferredBackupReplicas {
  /** The preferred replicas, best first: one after KB4480650, none when no replica qualifies. */
  readonly replicas: readonly string[];
  /**
   * Replicas not preferred only for want of facts (the verdict's reasons name what settles it):
   * any may be preferred too, so with any of them "none" above is unknown, not none.
   */
  readonly undetermined: readonly string[];
  /**
   * The snapshot lists only some of the group's replicas (a node without quorum, S32): one it
   * does not list may be preferred, so an empty `replicas` is unknown, not none.
   */
  readonly unseenReplicas?: boolean;
  readonly reasons: readonly Reason[];
  readonly verdicts: readonly BackupPreferenceVerdict[];
}

/**
 * From SQL Server 2019 CU 20 and 2022 CU 2 a database that does not exist gets 0 (S9), judged by
 * build when the build is known (S60); 'unknown' when only the major version is.
 */
export const missingDatabaseFix = (release: Release): boolean | 'unknown' => {
  if (release.version === 2019) return atOrAfter(release, BUILDS.SQL2019_CU20);
  if (release.version === 2022) return atOrAfter(release, BUILDS.SQL2022_CU2);
  return release.version > 2022;
};

export const hasMissingDatabaseFix = (config: Config): boolean =>
  missingDatabaseFix(config) === true;

/**
 * KB4480650 (2016 SP2 CU 5, 2017 CU 14): a tie has one winner (S12), judged by build when the
 * build is known (S60); 'unknown' when only the major version is.
 */
export const tieFix = (release: Release): boolean | 'unknown' => {
  if (release.version === 2016) return atOrAfter(release, BUILDS.SQL2016_SP2_CU5);
  if (release.version === 2017) return atOrAfter(release, BUILDS.SQL2017_CU14);
  return release.version > 2017;
};

export const hasTieFix = (config: Config): boolean => tieFix(config) === true;

/** A tie whose outcome depends on whether the build has KB4480650, and the build is unknown. */
export const tieBuildUnknown = (config: Config, name: string, s: Selection): Reason =>
  unknownFor(
    'BACKUP_TIE_BUILD_UNKNOWN',
    `${name} ties with ${names(s.winners)} at the top BACKUP_PRIORITY: before ${describeBuild(BUILDS.SQL2016_SP2_CU5)} and ${describeBuild(BUILDS.SQL2017_CU14)} (KB4480650) the function returns 1 on every tied secondary, after them on one; only the major version (${config.version}) is known, so agstate does not prefer ${name} on a guess`,
    BACKUP_REASONS.BACKUP_TIE_BUILD_UNKNOWN,
    BUILD_SETTLED_BY,
  );

export const SHORTFALL_CODES: { readonly [K in Shortfall['kind']]: BackupReasonCode } = {
  DOWN: 'BACKUP_CANDIDATE_DOWN',
  RESOLVING: 'BACKUP_CANDIDATE_RESOLVING',
  NOT_ONLINE: 'BACKUP_CANDIDATE_NOT_ONLINE',
  DISCONNECTED: 'BACKUP_CANDIDATE_DISCONNECTED',
};

/** Bars the configuration sets, which keep a replica out whatever its role and state. */
const SETTLED_BY_CONFIGURATION: readonly string[] = [
  'BACKUP_PRIORITY_ZERO',
  'BACKUP_CANDIDATE_CONFIGURATION_ONLY',
];

/** A replica's standing for backups: what bars it for sure, and which facts are missing. */
export interface Assessment {
  readonly replica: Replica;
  readonly role: ReplicaRole | null;
  readonly barred: readonly Reason[];
  readonly unknowns: readonly Reason[];
}

export interface Entrant {
  readonly name: string;
  readonly priority: number;
  readonly role: 'PRIMARY' | 'SECONDARY';
}

export interface Selection {
  readonly eligible: readonly Entrant[];
  readonly winners: readonly Entrant[];
  readonly fallback: boolean;
  /** Secondaries shown online and connected that only BACKUP_PRIORITY 0 keeps out. */
  readonly idle: readonly string[];
}

export const assess = (facts: ClusterFacts, replica: Replica): Assessment => {
  const name = replica.name;
  const standing = replicaStanding(facts, name);
  // A configuration-only replica holds no copy of any database (S32, S29), whatever its priority.
  const configurationOnly =
    replica.availabilityMode === 'CONFIGURATION_ONLY'
      ? [
          because(
            'BACKUP_CANDIDATE_CONFIGURATION_ONLY',
            `${name} is a configuration-only replica: it holds no copy of the database to back up`,
          ),
        ]
      : [];
  const zero =
    replica.backupPriority === 0
      ? [because('BACKUP_PRIORITY_ZERO', `${name} has BACKUP_PRIORITY 0: it is never chosen`)]
      : [];
  const shortfalls = standing.shortfalls.map((s) =>
    because(SHORTFALL_CODES[s.kind], `${name} is not a backup candidate: ${describeShortfall(s)}`),
  );
  const unknowns =
    standing.unknowns.length === 0
      ? []
      : [
          // Unknown, not a shortfall: a decision resting on it is unknown, never a skip.
          backupUnknown(
            'BACKUP_CANDIDATE_UNKNOWN',
            `${name} is not counted as a backup candidate: the snapshot lacks its state`,
            standing.unknowns.flatMap((u) => u.settledBy ?? []),
          ),
          ...standing.unknowns,
        ];
  return {
    replica,
    role: standing.role,
    barred: [...configurationOnly, ...zero, ...shortfalls],
    unknowns,
  };
};

/** Case-insensitive name order, exact order only between names that differ by case alone. */
const compareNames = (a: string, b: string): number => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

const byRank = (a: Entrant, b: Entrant): number =>
  b.priority - a.priority || compareNames(a.name, b.name);

export const select = (
  preference: AutomatedBackupPreference,
  pool: readonly Entrant[],
  tieFixed: boolean,
  idle: readonly string[] = [],
): Selection => {
  const secondaries = pool.filter((e) => e.role === 'SECONDARY');
  const primaries = pool.filter((e) => e.role === 'PRIMARY');
  const fallback = preference === 'SECONDARY' && secondaries.length === 0;
  const eligible = [
    ...(preference === 'PRIMARY' || fallback
      ? primaries
      : preference === 'NONE'
        ? pool
        : secondaries),
  ].sort(byRank);
  const top = eligible[0];
  if (top === undefined) return { eligible, winners: [], fallback, idle };
  // Before KB4480650 every secondary tied at the top priority also answered 1.
  const tiedSecondaries = tieFixed
    ? []
    : eligible.filter((e) => e !== top && e.role === 'SECONDARY' && e.priority === top.priority);
  return { eligible, winners: [top, ...tiedSecondaries], fallback, idle };
};

export const names = (entrants: readonly Entrant[]): string =>
  entrants.map((e) => e.name).join(', ');

const filteredOut = (preference: AutomatedBackupPreference, e: Entrant, s: Selection): Reason => {
  if (preference === 'PRIMARY')
    return because(
      'BACKUP_PREFERENCE_PRIMARY',
      `${e.name} is a secondary and AUTOMATED_BACKUP_PREFERENCE is PRIMARY: backups run on the primary only`,
    );
  if (preference === 'SECONDARY_ONLY')
    return because(
      'BACKUP_PREFERENCE_SECONDARY_ONLY',
      `${e.name} is the primary and AUTOMATED_BACKUP_PREFERENCE is SECONDARY_ONLY: backups never run on the primary`,
    );
  return because(
    'BACKUP_PREFERENCE_SECONDARY',
    `${e.name} is the primary and AUTOMATED_BACKUP_PREFERENCE is SECONDARY: a secondary is available (${names(s.eligible)})`,
  );
};

const winnerReasons = (config: Config, e: Entrant, s: Selection): readonly Reason[] => {
  const tied = s.eligible.filter((o) => o !== e && o.priority === e.priority);
  // Only a build before KB4480650 prefers more than one replica.
  const bug = s.winners.length > 1;
  return [
    because(
      'BACKUP_PREFERRED',
      `${e.name} has the highest BACKUP_PRIORITY (${e.priority}) among the backup candidates (${names(s.eligible)})`,
    ),
    ...(s.fallback
      ? [
          // S3's fallback is for a primary that is the only replica online; with a secondary online
          // at priority 0 it is not, and what the function answers then is hypothesis H2.
          s.idle.length > 0
            ? because(
                'BACKUP_PREFERENCE_SECONDARY_FALLBACK_PRIORITY_ZERO',
                `${s.idle.join(', ')} ${s.idle.length > 1 ? 'are' : 'is'} online and connected but at BACKUP_PRIORITY 0, so no secondary is a backup candidate; AUTOMATED_BACKUP_PREFERENCE SECONDARY prefers the primary "when the primary replica is the only replica online", which ${e.name} is not: agstate prefers ${e.name} all the same (hypothesis H2), and whether SQL Server prefers the primary or no replica here is not documented`,
              )
            : because(
                'BACKUP_PREFERENCE_SECONDARY_FALLBACK',
                `no secondary is available for backups, so AUTOMATED_BACKUP_PREFERENCE SECONDARY falls back to the primary ${e.name}`,
              ),
        ]
      : []),
    ...(tied.length > 0 && e === s.winners[0] && !bug
      ? [
          because(
            'BACKUP_PREFERRED_BY_TIE_BREAK',
            `${e.name} ties with ${names(tied)} at priority ${e.priority}; agstate gives a tie to the lowest replica name (hypothesis H1)`,
          ),
        ]
      : []),
    ...(bug
      ? [
          because(
            'BACKUP_PREFERRED_TIE_BUG',
            `${describeRelease(config)} predates KB4480650 (2016 SP2 CU 5, 2017 CU 14): with priorities tied at ${e.priority}, the function returns 1 on ${names(s.winners)}, so a backup job runs on each of them`,
          ),
        ]
      : []),
  ];
};

const loserReason = (e: Entrant, s: Selection): Reason => {
  const top = s.winners[0] ?? e;
  return e.priority < top.priority
    ? because(
        'BACKUP_OUTRANKED',
        `${e.name} has BACKUP_PRIORITY ${e.priority}, lower than ${top.name}'s ${top.priority}`,
      )
    : because(
        'BACKUP_TIE_LOST',
        `${e.name} ties with ${top.name} at priority ${e.priority}; agstate gives a tie to the lowest replica name (hypothesis H1), so ${top.name} is preferred`,
      );
};

/** The other replicas whose state the snapshot lacks, and what would settle them. */
export interface Undecided {
  readonly names: string;
  readonly settledBy: readonly string[];
}

export const explain = (
  config: Config,
  a: Assessment,
  entrant: Entrant | undefined,
  s: Selection,
  others: Undecided,
): readonly Reason[] => {
  if (entrant === undefined) {
    // BACKUP_PRIORITY 0 ("never chosen", S3) or a configuration-only replica (no copy, S32) is
    // never preferred, whatever the snapshot lacks of its role or state: its 0 is not unknown.
    if (a.barred.some((r) => SETTLED_BY_CONFIGURATION.includes(r.code))) return a.barred;
    // A known role that the preference excludes whatever the replica's state (the primary under
    // SECONDARY_ONLY, a secondary under PRIMARY, the primary under SECONDARY while a secondary is
    // shown available) settles its verdict; its unknown state does not.
    const preference = config.automatedBackupPreference;
    const excluded =
      a.barred.length === 0 &&
      ((preference === 'SECONDARY_ONLY' && a.role === 'PRIMARY') ||
        (preference === 'SECONDARY' && a.role === 'PRIMARY' && !s.fallback) ||
        (preference === 'PRIMARY' && a.role === 'SECONDARY'));
    // The primary under SECONDARY with no secondary shown available: the secondaries whose state
    // the snapshot lacks decide too whether it is "the only replica online" (S3).
    const fallbackOpen =
      a.barred.length === 0 &&
      preference === 'SECONDARY' &&
      a.role === 'PRIMARY' &&
      others.names !== '' &&
      a.unknowns.length > 0;
    if (!excluded)
      return [
        ...a.barred,
        ...a.unknowns,
        ...(fallbackOpen
          ? [
              backupUnknown(
                'BACKUP_PREFERENCE_UNDETERMINED',
                `under AUTOMATED_BACKUP_PREFERENCE SECONDARY, ${a.replica.name} is preferred only if it is the only replica online, which turns also on replicas whose state the snapshot lacks (${others.names})`,
                others.settledBy,
              ),
            ]
          : []),
      ];
    const role = preference === 'PRIMARY' ? 'SECONDARY' : 'PRIMARY';
    return [
      filteredOut(
        preference,
        { name: a.replica.name, priority: a.replica.backupPriority, role },
        s,
      ),
    ];
  }
  if (!s.eligible.includes(entrant))
    return [filteredOut(config.automatedBackupPreference, entrant, s)];
  if (s.winners.includes(entrant)) return winnerReasons(config, entrant, s);
  return [loserReason(entrant, s)];
};

export const noCandidate = (config: Config, database: string): Reason => {
  const preference = config.automatedBackupPreference;
  const detail =
    preference === 'SECONDARY_ONLY'
      ? 'no secondary is available with a BACKUP_PRIORITY above 0, and SECONDARY_ONLY never uses the primary'
      : preference === 'PRIMARY'
        ? 'the primary is not available with a BACKUP_PRIORITY above 0, and PRIMARY uses no other replica'
        : 'no replica is available with a BACKUP_PRIORITY above 0';
  return because(
    'BACKUP_NO_CANDIDATE',
    `${detail}: no replica is preferred for ${database}, so no backup job runs`,
  );
};

/**
 * A snapshot of a node without quorum lists only the replicas there (S32), none of them a
 * candidate (its replica is RESOLVING): the group's other replicas, unseen, may be preferred.
 */
export const replicasUnseen = (cutOff: string, database: string): Reason =>
  backupUnknown(
    'BACKUP_REPLICAS_UNSEEN',
    `no replica this snapshot lists is preferred for ${database}, but it was taken on ${cutOff}, with no quorum there, and lists only the replicas there: another replica of the group, on a node that kept quorum, may be preferred and run the backup job`,
    [
      'sys.availability_replicas and sys.dm_hadr_availability_replica_states on a node with quorum (a row in its sys.dm_hadr_cluster)',
    ],
  );
