import type { Config, Replica } from '../model/config.js';
import type { AutomatedBackupPreference, ReplicaRole } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason, unknownReason as unknownFor } from '../model/source.js';
import {
  isGroupDatabase,
  memoByFactsAnd,
  nodeWithoutQuorum,
  replicaConfig,
} from '../rules/facts-access.js';
import {
  describeShortfall,
  lookUpPrimary,
  replicaStanding,
  type Shortfall,
  settledFor,
  unknownReason,
} from '../rules/replica-availability.js';
import { atOrAfter, BUILD_SETTLED_BY, BUILDS, describeBuild } from '../validation/builds.js';
import { describeRelease, type Release } from '../validation/limits.js';
import {
  BACKUP_REASONS,
  type BackupReasonCode,
  backupUnknown,
  backupReason as because,
} from './codes.js';
import { withContainedReport } from './contained-answer.js';
import {
  type CopyNotSynchronizing,
  copiesNotSynchronizing,
  copyStateUndecided,
  namesKey,
} from './copy-not-synchronizing.js';
import { atLeastOneUnderNone, onlineOnlyAtPriorityZero } from './none-at-least-one.js';
import { serverNameMismatch, withServerNames } from './server-names.js';
import { tiedWithPrimaryBeforeFix, tieWithPrimaryReason } from './tie-with-primary.js';

/**
 * sys.fn_hadr_backup_is_preferred_replica as ag-rules §5.5 reconstructs it: candidates are the
 * available replicas with BACKUP_PRIORITY above 0, filtered by AUTOMATED_BACKUP_PREFERENCE; the
 * highest priority wins, and a tie goes to the lowest replica name (hypothesis H1).
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

const SHORTFALL_CODES: { readonly [K in Shortfall['kind']]: BackupReasonCode } = {
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
interface Assessment {
  readonly replica: Replica;
  readonly role: ReplicaRole | null;
  readonly barred: readonly Reason[];
  readonly unknowns: readonly Reason[];
}

interface Entrant {
  readonly name: string;
  readonly priority: number;
  readonly role: 'PRIMARY' | 'SECONDARY';
}

interface Selection {
  readonly eligible: readonly Entrant[];
  readonly winners: readonly Entrant[];
  readonly fallback: boolean;
  /** Secondaries shown online and connected that only BACKUP_PRIORITY 0 keeps out. */
  readonly idle: readonly string[];
}

const assess = (facts: ClusterFacts, replica: Replica): Assessment => {
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

const select = (
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

const names = (entrants: readonly Entrant[]): string => entrants.map((e) => e.name).join(', ');

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
interface Undecided {
  readonly names: string;
  readonly settledBy: readonly string[];
}

const explain = (
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

const noCandidate = (config: Config, database: string): Reason => {
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
const replicasUnseen = (cutOff: string, database: string): Reason =>
  backupUnknown(
    'BACKUP_REPLICAS_UNSEEN',
    `no replica this snapshot lists is preferred for ${database}, but it was taken on ${cutOff}, with no quorum there, and lists only the replicas there: another replica of the group, on a node that kept quorum, may be preferred and run the backup job`,
    [
      'sys.availability_replicas and sys.dm_hadr_availability_replica_states on a node with quorum (a row in its sys.dm_hadr_cluster)',
    ],
  );

interface GroupEvaluation {
  readonly verdicts: readonly BackupPreferenceVerdict[];
  readonly winners: readonly string[];
  readonly reasons: readonly Reason[];
  readonly unseenReplicas: boolean;
  /** The function's answer on each replica, in the configuration's order. */
  readonly answers: readonly { readonly preferred: boolean; readonly reasons: readonly Reason[] }[];
}

/** A replica's verdict, settled for every database alike, or open until a database is named. */
type Standing =
  | { readonly settled: true; readonly verdict: BackupPreferenceVerdict }
  | {
      readonly settled: false;
      readonly name: string;
      readonly inSure: boolean;
      readonly known: readonly Reason[];
    };

interface GroupStanding {
  readonly standings: readonly Standing[];
  readonly winners: readonly string[];
  readonly noCandidate: boolean;
  readonly unsettled: string;
  /** What would settle the replicas whose state the snapshot lacks. */
  readonly settledBy: readonly string[];
}

/**
 * Two replicas in the PRIMARY role with none named the primary (merged snapshots: a failover
 * between them, or both sides of a partition, S44): each answers as the primary from its own view,
 * or one of them is no longer primary, so neither is counted as the primary on a guess.
 */
const splitPrimaries = (assessments: readonly Assessment[]): readonly Assessment[] => {
  const claimants = assessments.filter((a) => a.role === 'PRIMARY').map((a) => a.replica.name);
  if (claimants.length < 2) return assessments;
  return assessments.map((a) =>
    a.role !== 'PRIMARY'
      ? a
      : {
          ...a,
          unknowns: [
            ...a.unknowns,
            backupUnknown(
              'BACKUP_CANDIDATE_PRIMARY_SPLIT',
              `${a.replica.name} is not counted as the primary: ${claimants.join(' and ')} each hold the PRIMARY role in the snapshots (a split brain, or a failover between them)`,
              [
                'sys.dm_hadr_availability_replica_states.role_desc on each, in snapshots taken together',
              ],
            ),
          ],
        },
  );
};

/** A replica whose copy is passed over (the other reading of H2) is no candidate. */
const passOver = (a: Assessment, skipped: readonly string[]): Assessment =>
  skipped.includes(a.replica.name)
    ? {
        ...a,
        barred: [
          ...a.barred,
          because(
            'BACKUP_SECONDARY_NOT_SYNCHRONIZING',
            `${a.replica.name} is passed over: its copy is neither SYNCHRONIZED nor SYNCHRONIZING`,
          ),
        ],
      }
    : a;

/**
 * Evaluate twice: with every replica whose state is unknown left out, and with each of them
 * counted as available. A replica is preferred only when both agree (hypothesis H3). Nothing here
 * depends on the database (a replica's standing is the replica's), so it is done once per facts.
 */
const evaluateStanding = (facts: ClusterFacts, passedOver: string): GroupStanding => {
  const { config } = facts;
  const skipped = passedOver === '' ? [] : passedOver.split('\n');
  const assessments = splitPrimaries(
    config.replicas.map((r) => passOver(assess(facts, r), skipped)),
  );
  const entrants = assessments.map((a): Entrant | undefined =>
    a.barred.length === 0 &&
    a.unknowns.length === 0 &&
    (a.role === 'PRIMARY' || a.role === 'SECONDARY')
      ? { name: a.replica.name, priority: a.replica.backupPriority, role: a.role }
      : undefined,
  );
  // A replica whose role the snapshot does not show (S7: role_desc is shown for the local replica
  // and connected remote ones) may be the primary when the primary is unknown (not when the
  // snapshot says there is none): PRIMARY then counts it as the primary, so the preferred replica
  // is unknown rather than none.
  const unshownRole: Entrant['role'] =
    config.automatedBackupPreference === 'PRIMARY' &&
    lookUpPrimary(facts).kind === 'unknown' &&
    !assessments.some((a) => a.role === 'PRIMARY')
      ? 'PRIMARY'
      : 'SECONDARY';
  const undecided = assessments.flatMap((a): readonly Entrant[] =>
    a.barred.length === 0 && a.unknowns.length > 0
      ? [
          {
            name: a.replica.name,
            priority: a.replica.backupPriority,
            role: a.role === 'PRIMARY' ? 'PRIMARY' : a.role === null ? unshownRole : 'SECONDARY',
          },
        ]
      : [],
  );
  const known = entrants.filter((e): e is Entrant => e !== undefined);
  // With the build unknown, a replica tied at the top is preferred only if the build has the fix.
  const tie = tieFix(config);
  const idle = assessments
    .filter(
      (a) =>
        a.role === 'SECONDARY' &&
        a.unknowns.length === 0 &&
        a.barred.length > 0 &&
        a.barred.every((r) => r.code === 'BACKUP_PRIORITY_ZERO'),
    )
    .map((a) => a.replica.name);
  const sure = select(config.automatedBackupPreference, known, tie !== false, idle);
  const hopeful = select(config.automatedBackupPreference, [...known, ...undecided], tie === true);
  const byBuildOnly = (name: string) =>
    tie === 'unknown' &&
    !wins(select(config.automatedBackupPreference, known, true), name) &&
    wins(select(config.automatedBackupPreference, known, false), name);
  const wins = (s: Selection, name: string) => s.winners.some((w) => w.name === name);
  // The primary tied at the top under NONE, on a build that may predate KB4480650: undocumented.
  const primaryTie = tiedWithPrimaryBeforeFix(config, known, tie);
  const inPrimaryTie = (name: string) => primaryTie.some((e) => e.name === name);
  const undecidedBesides = (name: string): Undecided => {
    const rest = assessments.filter(
      (a) => a.replica.name !== name && a.barred.length === 0 && a.unknowns.length > 0,
    );
    return {
      names: rest.map((a) => a.replica.name).join(', '),
      settledBy: [
        ...new Set(
          rest.flatMap((a) =>
            a.unknowns.flatMap((u) =>
              (u.settledBy ?? []).map((c) => settledFor(c, a.replica.name)),
            ),
          ),
        ),
      ],
    };
  };
  const standings = assessments.map((a, i): Standing => {
    const name = a.replica.name;
    const [inSure, inHopeful] = [wins(sure, name), wins(hopeful, name)];
    if (inPrimaryTie(name))
      return {
        settled: true,
        verdict: {
          replica: name,
          preferred: false,
          reasons: [tieWithPrimaryReason(config, name, primaryTie, tie)],
        },
      };
    if (inSure === inHopeful)
      return {
        settled: true,
        verdict: {
          replica: name,
          preferred: inSure,
          reasons: explain(config, a, entrants[i], sure, undecidedBesides(name)),
        },
      };
    if (byBuildOnly(name))
      return {
        settled: true,
        verdict: {
          replica: name,
          preferred: false,
          reasons: [tieBuildUnknown(config, name, sure)],
        },
      };
    return { settled: false, name, inSure, known: [...a.barred, ...a.unknowns] };
  });
  return {
    standings,
    winners: sure.winners
      .filter((w) => wins(hopeful, w.name) && !inPrimaryTie(w.name))
      .map((w) => w.name),
    noCandidate: sure.winners.length === 0 && hopeful.winners.length === 0,
    unsettled: names(undecided),
    settledBy: [
      ...new Set(
        assessments.flatMap((a) =>
          a.barred.length === 0
            ? a.unknowns.flatMap((u) =>
                (u.settledBy ?? []).map((c) => settledFor(c, a.replica.name)),
              )
            : [],
        ),
      ),
    ],
  };
};

/** Keyed by the replicas whose copy is passed over ('' for none), once per facts. */
const groupStanding = memoByFactsAnd(evaluateStanding);

/**
 * Each replica's answer as the function counts the copies that are neither SYNCHRONIZED nor
 * SYNCHRONIZING and as it passes over them: where the two differ, the answer is unknown (H2).
 */
const withCopiesPassedOver = (
  counted: GroupStanding,
  passed: GroupStanding,
  database: string,
  copies: readonly CopyNotSynchronizing[],
): GroupStanding => ({
  ...counted,
  standings: counted.standings.map((s, i): Standing => {
    const other = passed.standings[i];
    if (!s.settled || (other?.settled === true && other.verdict.preferred === s.verdict.preferred))
      return s;
    const name = s.verdict.replica;
    return {
      settled: true,
      verdict: {
        replica: name,
        preferred: false,
        reasons: [copyStateUndecided(database, name, copies, counted.winners, passed.winners)],
      },
    };
  }),
  winners: counted.winners.filter((w) => passed.winners.includes(w)),
});

const evaluateFor = (facts: ClusterFacts, database: string): GroupEvaluation => {
  const counted = groupStanding(facts, '');
  const copies = copiesNotSynchronizing(facts, database);
  const group =
    copies.length === 0
      ? counted
      : withCopiesPassedOver(counted, groupStanding(facts, namesKey(copies)), database, copies);
  const zeroes = group.noCandidate ? onlineOnlyAtPriorityZero(facts) : [];
  const zeroOpen = (v: BackupPreferenceVerdict): BackupPreferenceVerdict =>
    zeroes.includes(v.replica)
      ? { ...v, reasons: [atLeastOneUnderNone(facts, database, v.replica, zeroes)] }
      : v;
  const verdicts = group.standings
    .map((s): BackupPreferenceVerdict => {
      if (s.settled) return s.verdict;
      const undetermined = backupUnknown(
        'BACKUP_PREFERENCE_UNDETERMINED',
        `${s.inSure ? `${s.name} wins among the replicas the snapshot shows, but ` : ''}whether ${s.name} is preferred for ${database} depends on replicas whose state the snapshot lacks (${group.unsettled}); agstate does not prefer it on a guess`,
        group.settledBy,
      );
      return { replica: s.name, preferred: false, reasons: [...s.known, undetermined] };
    })
    .map((v) => withServerNames(facts, withContainedReport(facts, database, zeroOpen(v))));
  const cutOff = nodeWithoutQuorum(facts);
  // Each listed replica's own answer stands (it is not preferred); the group's answer does not.
  const unseen = group.noCandidate && cutOff !== null ? [replicasUnseen(cutOff, database)] : [];
  const reasons =
    group.noCandidate && cutOff === null && zeroes.length === 0
      ? [noCandidate(facts.config, database)]
      : [];
  return {
    verdicts,
    winners: group.winners.filter((w) => serverNameMismatch(facts, w) === null),
    reasons: [...reasons, ...unseen],
    unseenReplicas: unseen.length > 0,
    answers: verdicts.map((v) => ({
      preferred: v.preferred,
      reasons: reasons.length === 0 ? v.reasons : [...v.reasons, ...reasons],
    })),
  };
};

/** The group's evaluation for `database`, made once per facts and database. */
const evaluateGroup = memoByFactsAnd(evaluateFor);

/** A tie whose outcome depends on whether the build has KB4480650, and the build is unknown. */
const tieBuildUnknown = (config: Config, name: string, s: Selection): Reason =>
  unknownFor(
    'BACKUP_TIE_BUILD_UNKNOWN',
    `${name} ties with ${names(s.winners)} at the top BACKUP_PRIORITY: before ${describeBuild(BUILDS.SQL2016_SP2_CU5)} and ${describeBuild(BUILDS.SQL2017_CU14)} (KB4480650) the function returns 1 on every tied secondary, after them on one; only the major version (${config.version}) is known, so agstate does not prefer ${name} on a guess`,
    BACKUP_REASONS.BACKUP_TIE_BUILD_UNKNOWN,
    BUILD_SETTLED_BY,
  );

/** A missing database on a 2019 or 2022 instance whose build is unknown (S9, S60). */
const missingOnUnknownBuild = (
  config: Config,
  database: string,
): { readonly preferred: boolean; readonly reasons: readonly Reason[] } => {
  const fix = config.version === 2019 ? BUILDS.SQL2019_CU20 : BUILDS.SQL2022_CU2;
  return {
    preferred: false,
    reasons: [
      unknownFor(
        'BACKUP_DATABASE_MISSING_BUILD_UNKNOWN',
        `database ${database} does not exist: the function returns 0 for it from ${describeBuild(fix)} and 1 before; only the major version (${config.version}) is known, so agstate answers 0 rather than guess`,
        BACKUP_REASONS.BACKUP_DATABASE_MISSING_BUILD_UNKNOWN,
        BUILD_SETTLED_BY,
      ),
    ],
  };
};

/** The function's answer for a database outside the group: 1, or 0 for a missing one (S9). */
const outsideGroup = (
  config: Config,
  database: string,
  options: BackupPreferenceOptions,
): { readonly preferred: boolean; readonly reasons: readonly Reason[] } => {
  const exists = options.databaseExists === undefined ? true : options.databaseExists;
  const release = describeRelease(config);
  const fixed = missingDatabaseFix(config);
  if (exists === true || (exists === null && fixed === false))
    return {
      preferred: true,
      reasons: [
        because(
          'BACKUP_DATABASE_NOT_IN_GROUP',
          `database ${database} is not in availability group ${config.name}: sys.fn_hadr_backup_is_preferred_replica returns 1 for it on every instance${exists === null ? ` (and ${release} returns 1 even if it does not exist)` : ''}`,
        ),
      ],
    };
  if (exists === null)
    return {
      preferred: false,
      reasons: [
        {
          ...unknownReason(
            'UNKNOWN_DATABASE_EXISTENCE',
            `whether database ${database} exists outside the group; ${release} returns 1 if it does and ${fixed === true ? '0' : '0 (from SQL Server 2019 CU 20 and 2022 CU 2; the build is unknown)'} if it does not, and agstate answers 0 rather than guess`,
          ),
          settledBy: [`sys.databases row for ${database}`],
        },
      ],
    };
  if (fixed === 'unknown') return missingOnUnknownBuild(config, database);
  return fixed
    ? {
        preferred: false,
        reasons: [
          because(
            'BACKUP_DATABASE_MISSING',
            `database ${database} does not exist: from SQL Server 2019 CU 20 and 2022 CU 2 (this build: ${release}) the function returns 0 for it`,
          ),
        ],
      }
    : {
        preferred: true,
        reasons: [
          because(
            'BACKUP_DATABASE_MISSING_BEFORE_FIX',
            `database ${database} does not exist, yet ${release} returns 1 for it (0 only from SQL Server 2019 CU 20 and 2022 CU 2): a job that trusts the function tries to back it up and fails`,
          ),
        ],
      };
};

/** sys.fn_hadr_backup_is_preferred_replica(database) evaluated on `replica` (ag-rules §5.4–5.5). */
export const isPreferredBackupReplica = (
  facts: ClusterFacts,
  database: string,
  replica: string,
  options: BackupPreferenceOptions = {},
): { readonly preferred: boolean; readonly reasons: readonly Reason[] } => {
  if (!isGroupDatabase(facts.config, database))
    return outsideGroup(facts.config, database, options);
  const member = replicaConfig(facts, replica);
  if (member === undefined)
    return {
      preferred: false,
      reasons: [
        because(
          'BACKUP_REPLICA_NOT_IN_GROUP',
          `${replica} is not a replica of availability group ${facts.config.name}, so it holds no copy of ${database}`,
        ),
      ],
    };
  const group = evaluateGroup(facts, database);
  return (
    group.answers[facts.config.replicas.indexOf(member)] ?? {
      preferred: false,
      reasons: group.reasons,
    }
  );
};

const undeterminedOf = (verdicts: readonly BackupPreferenceVerdict[]): readonly string[] =>
  verdicts.filter((v) => !v.preferred && v.reasons.some(isUnknownReason)).map((v) => v.replica);

/** Every replica's verdict for `database`, the preferred ones, and why each other one lost. */
export const preferredBackupReplicas = (
  facts: ClusterFacts,
  database: string,
  options: BackupPreferenceOptions = {},
): PreferredBackupReplicas => {
  const { config } = facts;
  if (!isGroupDatabase(config, database)) {
    const answer = outsideGroup(config, database, options);
    const verdicts = config.replicas.map((r) => ({ replica: r.name, ...answer }));
    return {
      replicas: answer.preferred ? config.replicas.map((r) => r.name) : [],
      undetermined: undeterminedOf(verdicts),
      reasons: answer.reasons,
      verdicts,
    };
  }
  const group = evaluateGroup(facts, database);
  return {
    replicas: group.winners,
    undetermined: undeterminedOf(group.verdicts),
    ...(group.unseenReplicas ? { unseenReplicas: true } : {}),
    reasons: [...group.reasons, ...group.verdicts.flatMap((v) => v.reasons)],
    verdicts: group.verdicts,
  };
};

/** The preferred replicas for `database`, best first, without the verdicts' reasons. */
export const preferredBackupReplicaNames = (
  facts: ClusterFacts,
  database: string,
  options: BackupPreferenceOptions = {},
): readonly string[] =>
  isGroupDatabase(facts.config, database)
    ? evaluateGroup(facts, database).winners
    : preferredBackupReplicas(facts, database, options).replicas;
