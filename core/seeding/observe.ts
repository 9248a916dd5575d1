import * as E from 'fp-ts/lib/Either.js';
import type { Observation } from '../cluster/observation.js';
import { findReplica, isReplicaUp } from '../cluster/select.js';
import type { Cluster, MachineTransition } from '../cluster/types.js';
import { isReachable } from '../lifecycle/access.js';
import type { SeedingAttempt, SeedingContext } from '../machines/seeding/events.js';
import { INITIAL_SEEDING_CONTEXT } from '../machines/seeding/events.js';
import { isSeedingCompressed, seedingFilePlacement } from './files.js';
import { SEEDING_LAYOUT_CHOICES } from './layout.js';
import {
  SEEDING_REASONS,
  seedingCompletedLogLine,
  seedingFailedLogLine,
  seedingFailureDescription,
  seedingFailureSide,
  seedingFailureStateDesc,
  seedingFilesNotPlacedLogLine,
  seedingStartedLogLine,
} from './seeding.js';
import type { SeedingXeventName, XeventValue } from './xevents.js';

/**
 * What a DBA would see of the step's seedings besides the DMVs (SEED001 "Monitor automatic
 * seeding"): the extended events of the AlwaysOn_autoseed session and the start, completion and
 * failure lines of the SQL Server Log. Each transition of a seeding machine in the step's journal
 * becomes its events, in order; docs/seeding.md has the table.
 */

interface Seeding {
  readonly group: string;
  /** The primary that seeds: the source side. */
  readonly source: string;
  /** The secondary being seeded: the target side. */
  readonly target: string;
  readonly database: string;
  readonly compressed: boolean;
}

const phaseOf = (ids: readonly string[]): string => ids[0]?.split('.').at(-1) ?? 'IDLE';

const xevent = (
  server: string,
  name: SeedingXeventName,
  fields: Record<string, XeventValue>,
): Observation => ({ type: 'xevent', server, name, fields });

/** Events of the primary name the secondary as the remote replica, and the other way round. */
const onSource = (s: Seeding, name: SeedingXeventName, fields: Record<string, XeventValue> = {}) =>
  xevent(s.source, name, { database_name: s.database, remote_replica: s.target, ...fields });
const onTarget = (s: Seeding, name: SeedingXeventName, fields: Record<string, XeventValue> = {}) =>
  xevent(s.target, name, { database_name: s.database, remote_replica: s.source, ...fields });

const log = (
  server: string,
  message: string,
  rule = SEEDING_REASONS.SEEDING_ERRORLOG_WORDING,
): Observation => ({ type: 'errorlog', server, message, verbatim: false, rule });

const stateTransition = (s: Seeding, from: string, to: string) =>
  onSource(s, 'hadr_automatic_seeding_state_transition', {
    previous_state: from,
    current_state: to,
  });

/** The backup side (primary) and the restore side (secondary) change state together. */
const physicalStateChange = (s: Seeding, from: string, to: string, sides: 'both' | 'target') => [
  ...(sides === 'both'
    ? [
        onSource(s, 'hadr_physical_seeding_backup_state_change', {
          previous_state: from,
          current_state: to,
        }),
      ]
    : []),
  onTarget(s, 'hadr_physical_seeding_restore_state_change', {
    previous_state: from,
    current_state: to,
  }),
];

const progress = (s: Seeding, transferred: number, total: number): Observation[] => {
  const sizes = {
    transferred_size_bytes: transferred,
    database_size_bytes: total,
    is_compression_enabled: s.compressed,
  };
  return [
    onSource(s, 'hadr_physical_seeding_submit_callback', { transferred_size_bytes: transferred }),
    onSource(s, 'hadr_physical_seeding_progress', { role_desc: 'Source', ...sizes }),
    onTarget(s, 'hadr_physical_seeding_progress', { role_desc: 'Destination', ...sizes }),
  ];
};

/**
 * An attempt starts; the secondary receives the request over the mirroring endpoint (SEED001:
 * seeding streams "using the configured endpoints"), so not while it has no session with the
 * primary.
 */
const started = (s: Seeding, from: string, attempt: number, reachable: boolean): Observation[] => [
  onSource(s, 'hadr_automatic_seeding_start', { number_of_attempts: attempt }),
  stateTransition(s, from, 'STARTING'),
  ...(reachable ? [onTarget(s, 'hadr_db_manager_seeding_request_msg')] : []),
  log(
    s.source,
    seedingStartedLogLine({ group: s.group, database: s.database, replica: s.target }, attempt),
    SEEDING_REASONS.SEEDING_STARTED,
  ),
];

const streamStarts = (s: Seeding): Observation[] => [
  stateTransition(s, 'STARTING', 'TRANSFERRING'),
  ...physicalStateChange(s, 'STARTING', 'TRANSFERRING', 'both'),
];

/** An ended attempt and its number_of_attempts. */
interface Ended {
  readonly attempt: SeedingAttempt;
  readonly number: number;
}

const completed = (s: Seeding, from: string, { attempt, number }: Ended): Observation[] => [
  ...(from === 'STARTING' ? streamStarts(s) : []),
  ...progress(s, attempt.transferredBytes, attempt.bytesToStream),
  ...physicalStateChange(s, 'TRANSFERRING', 'COMPLETED', 'both'),
  stateTransition(s, 'TRANSFERRING', 'COMPLETED'),
  onSource(s, 'hadr_automatic_seeding_success', { number_of_attempts: number }),
  log(
    s.source,
    seedingCompletedLogLine({ group: s.group, database: s.database, replica: s.target }),
    SEEDING_REASONS.SEEDING_STARTED,
  ),
];

/** The target's own line when it could not create the database's files (SEED001 "Disk layout"). */
const unplacedLine = (c: Cluster, s: Seeding): Observation[] => {
  const placement = seedingFilePlacement(c, s.target, s.database);
  if (E.isRight(placement)) return [];
  const problems = placement.left.filter((r) => !SEEDING_LAYOUT_CHOICES.has(r.code));
  return [
    log(
      s.target,
      seedingFilesNotPlacedLogLine(
        { group: s.group, database: s.database, replica: s.target },
        problems.map((r) => r.message),
      ),
      SEEDING_REASONS.SEEDING_FILES_NOT_PLACED,
    ),
  ];
};

const failed = (
  c: Cluster,
  s: Seeding,
  from: string,
  event: string,
  { attempt, number }: Ended,
) => {
  const code = attempt.failureState ?? 0;
  // failure_state_desc is the column's name for the code; failure_message also names the side.
  const desc = seedingFailureStateDesc(code);
  const message = seedingFailureDescription(code);
  const side = seedingFailureSide(code);
  // A physical seeding ran if the stream flowed, or if the restore on the target failed.
  const physical = from === 'TRANSFERRING' || side === 'target';
  const failure = {
    failure_state: code,
    failure_state_desc: desc,
    number_of_attempts: number,
  };
  return [
    ...(event === 'clock.tick'
      ? [onSource(s, 'hadr_automatic_seeding_timeout', { current_state: from, ...failure })]
      : []),
    ...(physical
      ? [
          ...physicalStateChange(s, from, 'FAILED', from === 'TRANSFERRING' ? 'both' : 'target'),
          side === 'target'
            ? onTarget(s, 'hadr_physical_seeding_failure', {
                role_desc: 'Destination',
                failure_code: code,
                failure_message: message,
              })
            : onSource(s, 'hadr_physical_seeding_failure', {
                role_desc: 'Source',
                failure_code: code,
                failure_message: message,
              }),
        ]
      : []),
    ...(side === 'target' && from === 'STARTING' ? unplacedLine(c, s) : []),
    stateTransition(s, from, 'FAILED'),
    onSource(s, 'hadr_automatic_seeding_failure', failure),
    log(
      s.source,
      seedingFailedLogLine({ group: s.group, database: s.database, replica: s.target }, code),
    ),
  ];
};

const isEnding = (t: MachineTransition): boolean => {
  const to = phaseOf(t.to);
  return (to === 'COMPLETED' || to === 'FAILED') && phaseOf(t.from) !== to;
};

const contextOf = (c: Cluster, replica: string, database: string): SeedingContext =>
  findReplica(c, replica)?.databases[database]?.seeding.context ?? INITIAL_SEEDING_CONTEXT;

const onServer = (o: Observation, server: string): boolean =>
  (o.type === 'xevent' || o.type === 'errorlog') && o.server === server;

/** The observations of one seeding transition, the i-th of the step's seeding transitions. */
const transitionObservations = (
  after: Cluster,
  source: string,
  seeding: readonly MachineTransition[],
  t: MachineTransition,
  i: number,
): Observation[] => {
  const cut = t.instance.indexOf('/');
  const target = t.instance.slice(0, cut);
  const database = t.instance.slice(cut + 1);
  const s: Seeding = {
    group: after.config.name,
    source,
    target,
    database,
    compressed: isSeedingCompressed(after, source),
  };
  const from = phaseOf(t.from);
  const to = phaseOf(t.to);
  const ctx = contextOf(after, target, database);
  if (from === to)
    return to === 'TRANSFERRING' && t.event === 'seeding.progress'
      ? progress(s, ctx.transferredBytes, ctx.bytesToStream)
      : [];
  if (to === 'STARTING') {
    const r = findReplica(after, target);
    return started(s, from, ctx.attempts, r !== undefined && isReachable(r));
  }
  if (to === 'TRANSFERRING')
    return [...streamStarts(s), ...progress(s, ctx.transferredBytes, ctx.bytesToStream)];
  if (to !== 'COMPLETED' && to !== 'FAILED') return [stateTransition(s, from, to)];
  // The attempt this transition ended: later endings of the same seeding come after it.
  const endsLater = seeding
    .slice(i + 1)
    .filter((x) => x.instance === t.instance && isEnding(x)).length;
  const number = ctx.history.length - endsLater;
  const attempt = ctx.history[number - 1];
  if (attempt === undefined) return [stateTransition(s, from, to)];
  return to === 'COMPLETED'
    ? completed(s, from, { attempt, number })
    : failed(after, s, from, t.event, { attempt, number });
};

/**
 * The extended events and SQL Server Log lines of the seeding transitions a step took. `source`
 * is the primary that seeded during the step (the one before it, when the step changed it).
 */
export const seedingObservations = (
  after: Cluster,
  source: string | null,
  transitions: readonly MachineTransition[],
): Observation[] => {
  if (source === null) return [];
  const seeding = transitions.filter((t) => t.machine === 'seeding');
  return seeding.flatMap((t, i) => {
    const target = t.instance.slice(0, t.instance.indexOf('/'));
    const seen = transitionObservations(after, source, seeding, t, i);
    // A stopped instance raises no extended event and writes no SQL Server Log line: a seeding
    // asked for while the secondary is down shows only on the primary.
    const up = findReplica(after, target);
    return up === undefined || isReplicaUp(up) ? seen : seen.filter((o) => !onServer(o, target));
  });
};
