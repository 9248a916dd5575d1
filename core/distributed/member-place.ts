import type { Decisions } from '../decide/decide.js';
import type { CommitOutcome } from '../log/commit.js';
import type { LogTruncationHolder } from '../log/truncation-holder.js';
import type { Config } from '../model/config.js';
import type { PrimaryAllowConnections, SqlServerVersion } from '../model/enums.js';
import { type Reason, reason, unknownReason } from '../model/source.js';
import { routingReason } from '../routing/codes.js';
import { DISTRIBUTED_RULES } from './rules.js';
import type { DistributedRole } from './types.js';

/**
 * A member group's own decisions, changed by its place in a distributed group: where writes go
 * and wait (S43), and where backups may run (S10). Both a simulated distributed group and a DMV
 * snapshot of a member group (which also holds the distributed group's rows) describe the place;
 * the changes are the same.
 */

/** Whether a commit at the global primary also waits for the forwarder. */
export type ForwarderWait =
  | {
      readonly kind: 'waits';
      readonly across: readonly string[];
      /** Copies it also waits for that the input does not show (the forwarder's group's), as an unknown reason. */
      readonly unshown?: Reason;
    }
  | { readonly kind: 'no' }
  | { readonly kind: 'unknown'; readonly reasons: readonly Reason[] };

export interface MemberPlace {
  readonly distributedGroup: string;
  readonly member: string;
  /** The member's role in the distributed group; null when the input does not show it. */
  readonly role: DistributedRole | null;
  /** The member receives the log (the secondary group, whose primary is the forwarder). */
  readonly receives: boolean;
  /** The member's primary replica, when known. */
  readonly primaryReplica: string | null;
  /**
   * The lower major version the member receives its log from (the secondary group of a migration
   * to a higher version, S43); absent or null when not; `unknown` with what settles it when the
   * input may hide one.
   */
  readonly receivesFromVersion?: SqlServerVersion | UnknownSender | null;
  /** PRIMARY_ROLE ALLOW_CONNECTIONS of the member's primary replica; absent or null when unknown. */
  readonly primaryReadIntent?: PrimaryAllowConnections | null;
  /** REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT of the distributed group; null when unknown. */
  readonly requiredSynchronizedSecondariesToCommit: number | null;
  readonly waitsForForwarder: (database: string) => ForwarderWait;
  /**
   * The forwarder's truncation_lsn for `database` as the global primary reports it (the other
   * group's row in the distributed group); absent or null when the input does not hold it.
   */
  readonly forwarderTruncation?: (database: string) => ForwarderTruncation | null;
}

/** The sending group's version is not in the input, and it may be lower. */
export interface UnknownSender {
  readonly kind: 'unknown';
  /** The other member group, and its primary when known. */
  readonly member: string;
  readonly replica: string | null;
}

export interface ForwarderTruncation {
  /** The other member group, and its primary (the forwarder) when known. */
  readonly member: string;
  readonly replica: string | null;
  readonly truncationLsn: bigint;
}

const R = DISTRIBUTED_RULES;
const ARS = 'sys.dm_hadr_availability_replica_states';

/** The outcome the group alone gives, made unknown by what the input does not say of its place. */
const unknownCommit = (outcome: CommitOutcome, why: readonly Reason[]): CommitOutcome => ({
  database: outcome.database,
  acknowledgement: 'unknown',
  mustHarden: outcome.mustHarden,
  reasons: [...outcome.reasons, ...why],
});

const commitFor = (place: MemberPlace, outcome: CommitOutcome): CommitOutcome => {
  const db = outcome.database;
  const { member, distributedGroup: dag } = place;
  if (place.role === 'SECONDARY')
    return {
      database: db,
      acknowledgement: 'refused',
      mustHarden: [],
      reasons: [
        reason(
          place.receives ? 'FORWARDER_READ_ONLY' : 'GLOBAL_PRIMARY_DEMOTED',
          `${member} holds the SECONDARY role in ${dag}: its copy of ${db} takes no writes`,
          R.oneWritable,
        ),
      ],
    };
  if (outcome.acknowledgement !== 'immediately' && outcome.acknowledgement !== 'afterHardening')
    return outcome;
  if (place.role === null)
    return unknownCommit(outcome, [
      unknownReason(
        'DISTRIBUTED_ROLE_UNKNOWN',
        `${member} is a member of ${dag}, and its role there is not in the input: only the global primary's group takes writes`,
        R.oneWritable,
        [`${ARS}.role_desc of ${member} in ${dag}`],
      ),
    ]);
  const wait = place.waitsForForwarder(db);
  if (wait.kind === 'waits')
    return {
      database: db,
      acknowledgement: 'afterHardening',
      mustHarden: [...outcome.mustHarden, ...wait.across],
      reasons: [
        ...outcome.reasons.filter(
          (x) =>
            x.code !== 'NO_SYNCHRONIZED_SECONDARY' && x.code !== 'PRIMARY_COMMITS_ASYNCHRONOUSLY',
        ),
        reason(
          'WAITS_FOR_FORWARDER',
          `${db} is SYNCHRONIZED with the forwarder under SYNCHRONOUS_COMMIT: the commit also waits for ${wait.across.join(', ')}`,
          R.waitAllSynchronousCopies,
        ),
        ...(wait.unshown === undefined ? [] : [wait.unshown]),
      ],
    };
  if (wait.kind === 'unknown') return unknownCommit(outcome, wait.reasons);
  const required = place.requiredSynchronizedSecondariesToCommit;
  if (required === null)
    return unknownCommit(outcome, [
      unknownReason(
        'REQUIRED_SYNCHRONIZED_SECONDARIES_UNKNOWN',
        `${db} is not SYNCHRONIZED with the forwarder, and whether ${dag} requires it (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT) is not in the input`,
        R.requiredSecondariesOption,
        [`sys.availability_groups.required_synchronized_secondaries_to_commit of ${dag}`],
      ),
    ]);
  if (required > 0)
    return {
      database: db,
      acknowledgement: 'blocked',
      mustHarden: outcome.mustHarden,
      reasons: [
        reason(
          'REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET',
          `REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${required} on ${dag} but ${db} is not SYNCHRONIZED with the forwarder: commits fail`,
          R.requiredSecondariesOption,
        ),
      ],
    };
  return outcome;
};

/** Backups run on the secondaries of the global primary's group and on the forwarder, never on the forwarder's secondaries (S10). */
const backupFor = (place: MemberPlace, backup: Decisions['backup']): Decisions['backup'] => {
  if (place.role !== 'SECONDARY' || !place.receives) return backup;
  const primary = place.primaryReplica;
  const isFarSecondary = (replica: string) => replica.toLowerCase() !== primary?.toLowerCase();
  const why = (replica: string): Reason =>
    reason(
      'BACKUP_NOT_ON_SECONDARY_GROUP_SECONDARY',
      `${replica} is a secondary of ${place.member}, the secondary group of ${place.distributedGroup}: it talks only to its own primary, so backups cannot run there`,
      R.backups,
    );
  return backup.map((b) => ({
    ...b,
    preferred: {
      ...b.preferred,
      replicas: b.preferred.replicas.filter((r) => !isFarSecondary(r)),
      reasons: [...b.preferred.reasons, ...b.preferred.replicas.filter(isFarSecondary).map(why)],
    },
    decisions: b.decisions.map((x) =>
      isFarSecondary(x.replica)
        ? { replica: x.replica, decision: { action: 'skip' as const, reasons: [why(x.replica)] } }
        : x,
    ),
    // A job whose own checks would take the backup there runs it, and the BACKUP fails (Ola
    // Hallengren's issue #43: log backups "failing on AR4", a secondary of the secondary group).
    // A job failing there for a reason of its own fails for this one too: every reason is listed.
    // The grounds of a take stay (they are why it runs BACKUP), but not the one that says it takes.
    jobs: b.jobs.map((j) =>
      isFarSecondary(j.replica) && (j.outcome === 'take' || j.outcome === 'fail')
        ? {
            ...j,
            outcome: 'fail' as const,
            reasons: [
              why(j.replica),
              ...j.reasons.filter((r) => r.code !== 'BACKUP_JOB_OLA_TAKES'),
            ],
          }
        : primary !== null && !isFarSecondary(j.replica)
          ? olaOnForwarder(place, primary, j)
          : j,
    ),
  }));
};

/** The non-copy-only types: a secondary cannot take full or differential before 2025; log is the other. */
const NON_COPY_ONLY: readonly string[] = ['FULL', 'DIFFERENTIAL', 'LOG'];

/**
 * DatabaseBackup on the forwarder skips every non-copy-only backup by default, before it looks at
 * the preference (S76: "Skip unsupported backup types on the forwarder", and by default no
 * "non-copy-only backups (full and log) on the forwarder"), so that full, differential and log
 * backups are taken in one place only.
 */
const olaOnForwarder = (
  place: MemberPlace,
  forwarder: string,
  j: Decisions['backup'][number]['jobs'][number],
): Decisions['backup'][number]['jobs'][number] =>
  j.convention === 'OLA_HALLENGREN' && NON_COPY_ONLY.includes(j.backupType)
    ? {
        ...j,
        outcome: 'skip',
        reasons: [
          reason(
            'BACKUP_JOB_OLA_FORWARDER_SKIPS',
            `${forwarder} is the forwarder of ${place.distributedGroup} (the primary of ${place.member}): DatabaseBackup skips a non-copy-only backup there unless @AllowNonCopyOnlyBackupsOnForwarder = 'Y', and the job succeeds`,
            R.olaForwarder,
          ),
          // A job that skipped anyway keeps its own reasons; a take or a guess no longer stands.
          ...(j.outcome === 'skip' ? j.reasons : []),
        ],
      }
    : j;

type Connection = Decisions['routing']['readOnly'];

/**
 * A secondary group on a higher version than the global primary's is read by no one: "You won't
 * have read access to any of the replica databases on the secondary AG as long as the primary AG
 * is at a lower version" (S43, Migrate to higher SQL Server versions); its primary, the forwarder,
 * is one of them. Every read-intent connection is refused; null where the version does not say so.
 */
const higherVersionRefusal = (place: MemberPlace, c: Connection): Connection | null => {
  const lower = place.receivesFromVersion ?? null;
  if (lower === null || place.role !== 'SECONDARY' || !place.receives) return null;
  const { member, distributedGroup: dag } = place;
  const at = place.primaryReplica === null ? '' : ` (its primary ${place.primaryReplica} included)`;
  if (typeof lower === 'object') return senderVersionUnknown(place, lower, c);
  // Where the group alone refuses or cannot tell, its reasons stay; where it would connect, they
  // name a replica the connection no longer reaches.
  const kept = c.outcome === 'routed' || c.outcome === 'connected' ? [] : c.reasons;
  return {
    outcome: 'refused',
    reasons: [
      ...kept,
      reason(
        'SECONDARY_GROUP_HIGHER_VERSION',
        `${member} is the secondary group of ${dag} and receives its log from SQL Server ${lower}, a lower version: none of its databases can be read${at} until ${dag} fails over to ${member} or the other group is upgraded`,
        R.higherVersionSecondaryGroup,
      ),
    ],
    considered: [],
  };
};

/**
 * Whether the secondary group can be read at all hangs on the sending group's version, which the
 * input does not show: a connection the group would make, or cannot decide, is unknown; one it
 * refuses stays refused. The group's own secondaries settle it too: "databases on secondary
 * replicas of the Secondary AG (AG2) will show as Synchronizing/In Recovery (even if the AG is in
 * sync commit)" (S43), so one shown SYNCHRONIZED rules a lower sender out (facts-member.ts).
 */
const senderVersionUnknown = (
  place: MemberPlace,
  sender: UnknownSender,
  c: Connection,
): Connection | null => {
  if (c.outcome === 'refused') return null;
  const { member, distributedGroup: dag } = place;
  const at = sender.replica ?? `${sender.member}'s primary`;
  return {
    outcome: 'unknown',
    reasons: [
      ...c.reasons,
      unknownReason(
        'SENDER_VERSION_UNKNOWN',
        `${member} is the secondary group of ${dag}: if ${sender.member}, which sends it the log, runs a lower major version of SQL Server, none of ${member}'s databases can be read (its primary included), and its secondary copies show SYNCHRONIZING; ${sender.member}'s version is not in the input`,
        R.higherVersionSecondaryGroup,
        [
          `SERVERPROPERTY('ProductMajorVersion') on ${at}`,
          `sys.dm_hadr_database_replica_states.synchronization_state_desc of ${member}'s synchronous-commit secondaries (SYNCHRONIZED rules a lower version out)`,
        ],
      ),
    ],
    considered: [],
  };
};

/**
 * Read-only routing does not work for the secondary group: a read-intent connection through its
 * listener stays on its primary, the forwarder; it works again once the group becomes the primary
 * one (S43, Scale out readable replicas). Where the input does not show the role, a routed
 * connection is unknown.
 */
const readOnlyFor = (place: MemberPlace, c: Connection): Connection => {
  const reached = inSecondaryGroup(place, c);
  return higherVersionRefusal(place, reached) ?? reached;
};

/** Where a read-intent connection through the member's listener goes, by its role there. */
const inSecondaryGroup = (place: MemberPlace, c: Connection): Connection => {
  if (place.role === 'SECONDARY' && place.receives && place.primaryReplica !== null)
    return onForwarder(place, place.primaryReplica, c);
  if (place.role !== null) return c;
  // As the secondary group the connection would go to its primary: where that differs, unknown.
  const asSecondary =
    place.primaryReplica === null ? null : onForwarder(place, place.primaryReplica, c);
  if (
    c.outcome !== 'routed' &&
    (asSecondary === null ||
      (asSecondary.outcome === c.outcome && asSecondary.replica === c.replica))
  )
    return c;
  const { member, distributedGroup: dag } = place;
  return {
    ...c,
    outcome: 'unknown',
    reasons: [
      ...c.reasons,
      unknownReason(
        'DISTRIBUTED_ROLE_UNKNOWN',
        `${member} is a member of ${dag}, and its role there is not in the input: read-only routing does not work for the secondary group, whose listener keeps read-intent connections on its primary`,
        R.routingSecondaryGroup,
        [`${ARS}.role_desc of ${member} in ${dag}`],
      ),
    ],
  };
};

/** The reasons of a walk of the primary's READ_ONLY_ROUTING_LIST (core/routing/listener.ts). */
const WALK: ReadonlySet<string> = new Set([
  'ROUTING_FIRST_AVAILABLE',
  'ROUTING_LOAD_BALANCED',
  'ROUTING_LOAD_BALANCED_MEMBERS_DIFFER',
  'ROUTING_UNKNOWN_SKIPPED',
  'ROUTING_NO_AVAILABLE_ENTRY',
  'ROUTING_NO_READABLE_SECONDARY',
  'ROUTING_LIST_EMPTY',
  'ROUTING_FALLBACK_TO_PRIMARY',
  'ROUTING_PRIMARY_REFUSES_READ_INTENT',
]);

/**
 * In the secondary group no list is walked: "All queries, if they use the listener to connect to
 * the secondary availability group, go to the primary replica of the secondary availability
 * group" (S43). A connection the group alone decided by its routing list (routed, refused with
 * Msg 982, or unknown past an entry not shown) goes to the forwarder instead, which takes it as
 * its PRIMARY_ROLE ALLOW_CONNECTIONS says (S14: READ_WRITE refuses read intent). A connection the
 * listener itself decides (no listener, no primary) is left as it is.
 */
const onForwarder = (place: MemberPlace, forwarder: string, c: Connection): Connection => {
  if (!c.reasons.some((r) => WALK.has(r.code))) return c;
  const goes = reason(
    'ROUTING_NOT_IN_SECONDARY_GROUP',
    `${place.member} is the secondary group of ${place.distributedGroup}: read-only routing does not work there, and a read-intent connection through its listener goes to its primary ${forwarder}${c.outcome === 'routed' ? ` (not to ${c.replica ?? 'the routing target'})` : ''}`,
    R.routingSecondaryGroup,
  );
  // No routing list is walked there.
  if (place.primaryReadIntent === 'READ_WRITE')
    return {
      outcome: 'refused',
      reasons: [
        goes,
        routingReason(
          'ROUTING_PRIMARY_REFUSES_READ_INTENT',
          `the forwarder ${forwarder} refuses read-intent connections (PRIMARY_ROLE ALLOW_CONNECTIONS = READ_WRITE), so the connection fails`,
        ),
      ],
      considered: [],
    };
  return { outcome: 'connected', replica: forwarder, reasons: [goes], considered: [] };
};

/**
 * A read-intent connection through the member's listener, as a client's connection string asks it
 * (decide --connection), changed by the member's place as the routing decisions are.
 */
export const memberReadOnlyConnection = (place: MemberPlace, c: Connection): Connection =>
  readOnlyFor(place, c);

/**
 * A read-intent connection that names one of the member's replicas (never routed): no routing
 * changes it, but a secondary group behind a lower version is read by no one (S43).
 */
export const memberReplicaReadConnection = (place: MemberPlace, c: Connection): Connection =>
  higherVersionRefusal(place, c) ?? c;

const routingFor = (place: MemberPlace, routing: Decisions['routing']): Decisions['routing'] => ({
  ...listenerRoutingFor(place, routing),
  ...(routing.otherListeners === undefined
    ? {}
    : {
        otherListeners: routing.otherListeners.map((l) => ({
          listener: l.listener,
          ...listenerRoutingFor(place, l),
        })),
      }),
});

const listenerRoutingFor = (
  place: MemberPlace,
  routing: Pick<Decisions['routing'], 'readWrite' | 'readOnly' | 'readOnlyByDatabase'>,
): Pick<Decisions['routing'], 'readWrite' | 'readOnly' | 'readOnlyByDatabase'> => ({
  readWrite: routing.readWrite,
  readOnly: readOnlyFor(place, routing.readOnly),
  readOnlyByDatabase: routing.readOnlyByDatabase.map((d) => ({
    database: d.database,
    connection: readOnlyFor(place, d.connection),
  })),
});

/**
 * The global primary's log is held by the forwarder too: "The primary replica of AG2 is
 * essentially another secondary replica of AG1" (S95). The member group's own copies alone do
 * not settle which copy holds it; a secondary member's own log is not the global primary's.
 * Where the input holds the forwarder's row, it is compared with the others as KB2922898 says
 * (S94: "compare the truncation_lsn column ... across the multiple secondaries").
 */
const truncationFor = (place: MemberPlace, h: LogTruncationHolder): LogTruncationHolder => {
  if (place.role === 'SECONDARY') return h;
  const forwarder =
    place.role === 'PRIMARY' ? (place.forwarderTruncation?.(h.database) ?? null) : null;
  if (forwarder === null)
    return {
      ...h,
      status: 'unknown',
      reasons: [
        ...h.reasons,
        unknownReason(
          'FORWARDER_TRUNCATION_UNKNOWN',
          `${place.role === null ? `if ${place.member} is the global primary of ${place.distributedGroup}, ` : ''}the forwarder of ${place.distributedGroup}'s other group holds ${h.database}'s log on ${place.member}'s primary too, as another secondary: its truncation_lsn is not compared here`,
          R.forwarderHoldsLog,
          [
            `sys.dm_hadr_database_replica_states.truncation_lsn of the other group's row in ${place.distributedGroup}, on ${place.primaryReplica ?? `${place.member}'s primary`}`,
          ],
        ),
      ],
    };
  return withForwarder(place, h, forwarder);
};

/** The holder once the forwarder's truncation_lsn joins the comparison of the secondary copies. */
const withForwarder = (
  place: MemberPlace,
  h: LogTruncationHolder,
  f: ForwarderTruncation,
): LogTruncationHolder => {
  const name = `the forwarder of ${f.member}${f.replica === null ? '' : ` (${f.replica})`}`;
  const lsn = f.truncationLsn;
  const row = `${place.distributedGroup}'s row of ${f.member} shows truncation_lsn ${lsn} for ${h.database}`;
  const own = h.heldAtLsn === null ? '' : ` (${h.holders.join(', ')} at ${h.heldAtLsn})`;
  if (h.heldAtLsn !== null && lsn > h.heldAtLsn)
    return {
      ...h,
      reasons: [
        ...h.reasons,
        reason(
          'FORWARDER_TRUNCATION_ABOVE',
          `${row}, above the lowest copy of ${place.member}${own}: ${name} does not hold the log back further`,
          R.forwarderHoldsLog,
        ),
      ],
    };
  const equal = h.heldAtLsn === lsn;
  const holders = equal ? [...h.holders, f.member] : [f.member];
  const primary = h.primary ?? `${place.member}'s primary`;
  return {
    ...h,
    heldAtLsn: lsn,
    holders,
    reasons: [
      // The group's own comparison names another holder once the forwarder is lower; an unknown stays.
      ...(equal || h.status === 'unknown' ? h.reasons : []),
      reason(
        'FORWARDER_HOLDS_TRUNCATION',
        `the primary ${primary} can reuse ${h.database}'s log only up to LSN ${lsn}, held by ${name}${equal ? ' too' : ''}: ${row}, ${equal ? 'as low as' : 'lower than'} every copy of ${place.member}${own}. What holds the forwarder's own log is in ${f.member}'s rows, on ${f.replica ?? `${f.member}'s primary`}; whether this is what keeps the log now is in sys.databases.log_reuse_wait_desc on ${primary}`,
        R.forwarderHoldsLog,
      ),
    ],
  };
};

/** PRIMARY_ROLE ALLOW_CONNECTIONS of `primary` in `config`; null when it is not known or not a replica there. */
export const primaryReadIntent = (
  config: Config,
  primary: string | null,
): PrimaryAllowConnections | null =>
  primary === null
    ? null
    : (config.replicas.find((r) => r.name.toLowerCase() === primary.toLowerCase())?.primaryRole
        .allowConnections ?? null);

/** A member group's decisions as its place in the distributed group changes them. */
export const asMemberDecisions = (own: Decisions, place: MemberPlace): Decisions => ({
  ...own,
  logTruncation: own.logTruncation.map((h) => truncationFor(place, h)),
  commit: own.commit.map((c) => commitFor(place, c)),
  backup: backupFor(place, own.backup),
  routing: routingFor(place, own.routing),
});
