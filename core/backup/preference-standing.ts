import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { memoByFactsAnd, nodeWithoutQuorum } from '../rules/facts-access.js';
import { lookUpPrimary, settledFor } from '../rules/replica-availability.js';
import { backupUnknown, backupReason as because } from './codes.js';
import { withContainedReport } from './contained-answer.js';
import {
  type CopyNotSynchronizing,
  copiesNotSynchronizing,
  copyStateUndecided,
  namesKey,
} from './copy-not-synchronizing.js';
import { atLeastOneUnderNone, onlineOnlyAtPriorityZero } from './none-at-least-one.js';
import type { BackupPreferenceVerdict } from './preference-selection.js';
import {
  type Assessment,
  assess,
  type Entrant,
  explain,
  names,
  noCandidate,
  replicasUnseen,
  type Selection,
  select,
  tieBuildUnknown,
  tieFix,
  type Undecided,
} from './preference-selection.js';
import { serverNameMismatch, withServerNames } from './server-names.js';
import { tiedWithPrimaryBeforeFix, tieWithPrimaryReason } from './tie-with-primary.js';

/**
 * The group's standing for the backup preference, worked out once per facts value: the replicas
 * assessed, two primaries split, copies not synchronizing passed over where the answer depends on
 * them, and the selection per database (core/backup/preference.ts).
 */

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
export const splitPrimaries = (assessments: readonly Assessment[]): readonly Assessment[] => {
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
export const evaluateGroup = memoByFactsAnd(evaluateFor);
