import * as E from 'fp-ts/lib/Either.js';
import { record } from '../cluster/journal.js';
import type { Observation } from '../cluster/observation.js';
import { rebuildReplica, updateCopy, updateReplica, withCopy, withEntry } from '../cluster/ops.js';
import {
  copyPhase,
  findReplica,
  isReplicaUp,
  primaryName,
  primaryReplica,
} from '../cluster/select.js';
import type { Cluster, DatabaseCopy, ReplicaRuntime } from '../cluster/types.js';
import { INITIAL, SEEDING } from '../kernel/machines.js';
import { activeStateIds, transition } from '../kernel/run.js';
import {
  databaseEnd,
  forksOf,
  inGroup,
  isReachable,
  primaryCopy,
  replicaConfigOf,
  runningSeedings,
  sendCopyTraced,
  type Traced,
} from '../lifecycle/access.js';
import { blankCopy } from '../lifecycle/copy.js';
import { isPrefixOf } from '../log/lineage.js';
import type { SeedingEvent, SeedingStart } from '../machines/seeding/events.js';
import {
  isSeedingPending,
  isSeedingRunning,
  type SeedingPhase,
  type SeedingSnapshot,
  seedingPhase,
} from '../machines/seeding/selectors.js';
import { type Reason, unknownReason } from '../model/source.js';
import { runningAtDeny } from './deny-running.js';
import { type FilePlacement, seedingFilePlacement } from './files.js';
import { mayBeRetriedByServer, serverRetryUnknown } from './retry.js';
import {
  canCatchUpRestoredCopy,
  SEEDING_FAILURE,
  SEEDING_REASONS,
  SEEDING_TIMEOUTS_MS,
  seedingFailureDescription,
  seedingPermissionMessage,
  seedingReason,
  seedingRefusals,
} from './seeding.js';

/**
 * Automatic seeding on the cluster (ag-rules §6.2, SEED001): requests, the grant, cancellation,
 * failures and time-outs. The seeding machine decides the seeding's own state; this module keeps
 * the copy in step with it (seeding-queue.ts settles ended seedings and runs the queue).
 */

const seedingOf = (c: Cluster, replica: string, database: string) =>
  findReplica(c, replica)?.databases[database]?.seeding;

/** Send an event to one seeding machine, journaling the transition. */
export const sendSeeding = (
  c: Cluster,
  replica: string,
  database: string,
  event: SeedingEvent,
): Cluster => {
  const copy = findReplica(c, replica)?.databases[database];
  if (copy === undefined) return c;
  const next = transition(SEEDING, copy.seeding, event);
  if (next === copy.seeding) return c;
  const updated = updateCopy(c, replica, database, (x) => withCopy(x, { seeding: next }));
  return {
    ...updated,
    journal: record(updated.journal, {
      machine: 'seeding',
      instance: `${replica}/${database}`,
      event: event.type,
      from: activeStateIds(SEEDING, copy.seeding),
      to: activeStateIds(SEEDING, next),
    }),
  };
};

const note = (code: Parameters<typeof seedingReason>[0], message: string): Observation => ({
  type: 'note',
  reason: seedingReason(code, message),
});

/**
 * Where a seeding starts: a copy restored WITH NORECOVERY whose log the primary still holds only
 * catches up (no stream, SEED001 "Combine backup and restore"); otherwise the whole database
 * streams and the primary keeps its log from now on.
 */
export const seedingStart = (c: Cluster, replica: string, database: string): SeedingStart => {
  const copy = findReplica(c, replica)?.databases[database];
  const end = databaseEnd(c, database);
  const entry = c.catalog[database];
  const endLsn = end?.lsn ?? 0n;
  const source = primaryName(c) ?? '';
  if (
    copy !== undefined &&
    end !== undefined &&
    copyPhase(copy) === 'RESTORING' &&
    canCatchUpRestoredCopy({
      restoredLsn: copy.hardened.lsn,
      truncatedLsn: entry?.truncatedLsn ?? 0n,
      onPrimaryLineage: isPrefixOf(forksOf(c, database), copy.hardened, end),
    })
  )
    return { atMs: c.nowMs, fromLsn: copy.hardened.lsn, bytesToStream: 0, catchUp: true, source };
  return {
    atMs: c.nowMs,
    fromLsn: endLsn,
    bytesToStream: entry?.sizeBytes ?? 0,
    catchUp: false,
    source,
  };
};

/**
 * The SQL Server Log message of a secondary that may not create seeded databases (SEED001), and
 * its note; a stopped instance writes no log line.
 */
export const notPermittedObservations = (c: Cluster, replica: string): Observation[] => {
  const message = seedingPermissionMessage(c.config.name);
  const r = findReplica(c, replica);
  if (r !== undefined && !isReplicaUp(r)) return [note('SEEDING_NOT_PERMITTED', message)];
  return [
    note('SEEDING_NOT_PERMITTED', message),
    {
      type: 'errorlog',
      server: replica,
      message,
      verbatim: true,
      rule: SEEDING_REASONS.SEEDING_NOT_PERMITTED,
    },
  ];
};

export const failedNote = (replica: string, database: string, failureState: number) =>
  note(
    'SEEDING_FAILED',
    `automatic seeding of ${database} to ${replica} FAILED: failure_state ${failureState} (${seedingFailureDescription(failureState) ?? 'undocumented'})`,
  );

/**
 * The failure, and whether SQL Server starts the seeding again by itself (Msg 19494) or waits for
 * SEEDING_MODE = AUTOMATIC (Msg 19495, S66), which is not documented per failure: the model waits.
 */
export const failedNotes = (
  c: Cluster,
  replica: string,
  database: string,
  failureState: number,
): Observation[] => [
  failedNote(replica, database, failureState),
  ...(mayBeRetriedByServer(failureState)
    ? [
        {
          type: 'note' as const,
          reason: serverRetryUnknown(
            c.config.name,
            database,
            replica,
            primaryName(c) ?? 'the primary',
            `; agstate does not start it again by itself: SEEDING_MODE = AUTOMATIC for ${replica}, run on the primary, does`,
          ),
        },
      ]
    : []),
];

/**
 * A streamed seeding whose files the secondary cannot place fails at once, before any stream
 * flows: failure_state 202, a SQL error on the target (SEED001 "Disk layout", docs/seeding.md).
 */
const failUnplaceable = (
  c: Cluster,
  replica: string,
  database: string,
  reasons: readonly Reason[],
): Traced => {
  const code = SEEDING_FAILURE.SQL_ERROR_ON_TARGET;
  return {
    cluster: failSeeding(c, replica, database, code),
    observations: [
      note(
        'SEEDING_FILES_NOT_PLACED',
        `${replica} cannot create the files of ${database} (the reasons follow): the seeding fails before any stream`,
      ),
      ...reasons.map((reason): Observation => ({ type: 'note', reason })),
      ...failedNotes(c, replica, database, code),
    ],
  };
};

const placementWords = (files: readonly FilePlacement[]): string =>
  files.length === 0 ? '' : `; files: ${files.map((f) => `${f.source} -> ${f.target}`).join(', ')}`;

/**
 * A stream started again after an attempt that failed with bytes on the secondary: S93 ("SQL
 * Server 2022 Administration Inside Out") drops "the unsuccessfully seeded database on the
 * secondary replica" before the retry, and S20 lists failure_state 23, Database With Name Already
 * Exists. Whether that database is still there is not known, so neither is whether this attempt
 * streams or fails at once; the model streams it. A catch-up restores into its own restored copy.
 */
const retryOverPartialCopy = (
  group: string,
  seeding: SeedingSnapshot,
  replica: string,
  database: string,
): Observation[] => {
  const ctx = seeding.context;
  const last = ctx.history[ctx.history.length - 1];
  if (ctx.catchUp || last?.currentState !== 'FAILED' || last.transferredBytes === 0) return [];
  return [
    {
      type: 'note',
      reason: unknownReason(
        'SEEDING_RETRY_DATABASE_MAY_EXIST',
        `attempt ${ctx.attempts} of the seeding of ${database} to ${replica} follows one that failed after ${last.transferredBytes} bytes reached ${replica}: if that attempt's database is still there (not dropped with its data and log files), ${replica} already has a database named ${database}, and this attempt may fail with failure_state 23 (Database With Name Already Exists) instead of streaming; whether it is there is not known`,
        SEEDING_REASONS.SEEDING_RETRY_DATABASE_MAY_EXIST,
        [
          `sys.databases on ${replica} (a row for ${database})`,
          `sys.dm_hadr_automatic_seeding on the primary of ${group} (current_state and failure_state of attempt ${ctx.attempts})`,
        ],
      ),
    },
  ];
};

/**
 * A stream started where a copy restored WITH NORECOVERY is already RESTORING but cannot be caught
 * up (the primary truncated the log after it, or a recovery fork lies between): SEED001's "Combine
 * backup and restore with automatic seeding" catches up a copy restored "including all available
 * transaction logs", and says nothing of one that missed a log backup. The secondary holds a
 * database of that name, and S20 lists failure_state 23, Database With Name Already Exists:
 * whether SQL Server streams over it (as the model does) or fails is not known.
 */
const streamOverRestoredCopy = (
  c: Cluster,
  seeding: SeedingSnapshot,
  replica: string,
  database: string,
): Observation[] => {
  const copy = findReplica(c, replica)?.databases[database];
  if (seeding.context.catchUp || copy === undefined || copyPhase(copy) !== 'RESTORING') return [];
  return [
    {
      type: 'note',
      reason: unknownReason(
        'SEEDING_OVER_RESTORED_COPY_UNKNOWN',
        `${database} is RESTORING on ${replica}, and automatic seeding cannot catch it up (the primary truncated its log after the copy's end, as when a log backup taken since was not restored, or a recovery fork lies between): whether it streams the whole database over that copy, as the model does, or fails with failure_state 23 (Database With Name Already Exists) is not known; restoring the missing log backups WITH NORECOVERY first lets seeding catch the copy up`,
        SEEDING_REASONS.SEEDING_OVER_RESTORED_COPY_UNKNOWN,
        [
          `sys.dm_hadr_automatic_seeding on the primary of ${c.config.name} (current_state and failure_state of attempt ${seeding.context.attempts} for ${database} to ${replica})`,
          `msdb.dbo.restorehistory on ${replica} and msdb.dbo.backupset on the primary (the log backups after the last one restored)`,
        ],
      ),
    },
  ];
};

/** After a seeding machine moved, put the copy in step: SEEDING while it runs. */
export const afterMove = (
  c: Cluster,
  replica: string,
  database: string,
  quiet: boolean,
): Traced => {
  const seeding = seedingOf(c, replica, database);
  if (seeding === undefined) return { cluster: c, observations: [] };
  const phase: SeedingPhase = seedingPhase(seeding);
  if (phase === 'STARTING') {
    // A catch-up restores into the files the restored copy already has.
    const placement = seeding.context.catchUp
      ? E.right([])
      : seedingFilePlacement(c, replica, database);
    if (E.isLeft(placement)) return failUnplaceable(c, replica, database, placement.left);
    const started = sendCopyTraced(c, replica, database, [() => ({ type: 'seeding.start' })]);
    const start = seeding.context.catchUp
      ? note(
          'SEEDING_CATCH_UP',
          `automatic seeding of ${database} to ${replica} started: it catches up the copy restored to LSN ${seeding.context.fromLsn}, as if a tail-log backup were restored`,
        )
      : note(
          'SEEDING_STARTED',
          `automatic seeding of ${database} to ${replica} started: it streams ${seeding.context.bytesToStream} bytes${placementWords(placement.right)}`,
        );
    return {
      cluster: started.cluster,
      observations: [
        start,
        ...streamOverRestoredCopy(c, seeding, replica, database),
        ...retryOverPartialCopy(c.config.name, seeding, replica, database),
        ...started.observations,
      ],
    };
  }
  if (phase === 'WAITING_FOR_GRANT' && !quiet)
    return { cluster: c, observations: notPermittedObservations(c, replica) };
  if (phase === 'QUEUED')
    return {
      cluster: c,
      observations: [
        note(
          'SEEDING_QUEUED',
          `${database} waits for ${replica}: the seeding thread already handles five other databases`,
        ),
      ],
    };
  return { cluster: c, observations: [] };
};

const nextTicket = (c: Cluster): number =>
  1 +
  c.replicas.reduce(
    (m, r) =>
      Math.max(m, ...Object.values(r.databases).map((copy) => copy.seeding.context.ticket ?? 0)),
    0,
  );

/**
 * Ask for the automatic seeding of a database to a replica, when the rules allow one: 2016 or
 * later, a secondary with SEEDING_MODE = AUTOMATIC, a database of the group, no copy joined and no
 * seeding already asked for. `quiet` leaves the SQL Server Log message to the caller.
 */
export const requestSeeding = (
  c: Cluster,
  replica: string,
  database: string,
  quiet = false,
): Traced => {
  const cfg = replicaConfigOf(c, replica);
  const r = findReplica(c, replica);
  const primary = primaryReplica(c);
  // A configuration-only replica holds no user databases (S29).
  if (
    cfg === undefined ||
    r === undefined ||
    primary === undefined ||
    cfg.availabilityMode === 'CONFIGURATION_ONLY'
  )
    return { cluster: c, observations: [] };
  const refusals = seedingRefusals({
    release: c.config,
    replica: cfg.name,
    database,
    seedingMode: cfg.seedingMode,
    isPrimary: primary.name === cfg.name,
  });
  if (refusals.length > 0 || !inGroup(c, database) || primaryCopy(c, database) === undefined)
    return { cluster: c, observations: [] };
  const end = databaseEnd(c, database)!;
  const placed =
    r.databases[database] === undefined
      ? updateReplica(c, r.name, (x) =>
          rebuildReplica(x, x.machine, withEntry(x.databases, database, blankCopy(end))),
        )
      : c;
  const copy = findReplica(placed, r.name)!.databases[database]!;
  const phase = copyPhase(copy);
  if (phase === 'JOINED' || phase === 'SEEDING' || isSeedingPending(copy.seeding))
    return { cluster: c, observations: [] };
  const next = sendSeeding(placed, r.name, database, {
    type: 'seeding.request',
    granted: r.canCreateDatabase,
    running: runningSeedings(placed, database),
    ticket: nextTicket(placed),
    start: seedingStart(placed, r.name, database),
  });
  return afterMove(next, r.name, database, quiet);
};

/** Request every database of the group to a replica (after it joined, or SEEDING_MODE = AUTOMATIC). */
export const requestAllSeedings = (c: Cluster, replica: string, quiet = false): Traced =>
  c.config.databases.reduce<Traced>(
    (acc, db) => {
      const next = requestSeeding(acc.cluster, replica, db, quiet);
      return { cluster: next.cluster, observations: [...acc.observations, ...next.observations] };
    },
    { cluster: c, observations: [] },
  );

/** GRANT CREATE ANY DATABASE: every seeding waiting for it starts or queues. */
export const grantSeedings = (c: Cluster, replica: string): Traced => {
  const r = findReplica(c, replica);
  if (r === undefined) return { cluster: c, observations: [] };
  let acc: Traced = { cluster: c, observations: [] };
  for (const [database, copy] of Object.entries(r.databases)) {
    if (seedingPhase(copy.seeding) !== 'WAITING_FOR_GRANT') continue;
    const moved = sendSeeding(acc.cluster, r.name, database, {
      type: 'permission.granted',
      running: runningSeedings(acc.cluster, database),
      start: seedingStart(acc.cluster, r.name, database),
    });
    const after = afterMove(moved, r.name, database, true);
    acc = { cluster: after.cluster, observations: [...acc.observations, ...after.observations] };
  }
  return acc;
};

/** DENY CREATE ANY DATABASE: queued seedings wait for the grant again; running ones go on (MODEL, noted unknown). */
export const denySeedings = (c: Cluster, replica: string): Traced => {
  const r = findReplica(c, replica);
  if (r === undefined) return { cluster: c, observations: [] };
  const cluster = Object.keys(r.databases).reduce(
    (acc, db) => sendSeeding(acc, r.name, db, { type: 'permission.denied' }),
    c,
  );
  return {
    cluster,
    observations: [
      note(
        'SEEDING_DENIED',
        `${r.name} denies the group CREATE ANY DATABASE: automatic seeding creates no new database there until the grant`,
      ),
      ...runningAtDeny(c, r.name, c.config.name),
    ],
  };
};

/** Stop one database's seeding to a replica: a pending one is forgotten, a running one FAILED (User Cancellation). */
export const cancelSeeding = (c: Cluster, replica: string, database: string): Cluster => {
  const seeding = seedingOf(c, replica, database);
  if (seeding === undefined || !(isSeedingRunning(seeding) || isSeedingPending(seeding))) return c;
  return sendSeeding(c, replica, database, { type: 'seeding.cancel', atMs: c.nowMs });
};

/** A running seeding fails with a failure_state (the primary failed, a time-out, a reported error). */
export const failSeeding = (
  c: Cluster,
  replica: string,
  database: string,
  failureState: number,
): Cluster =>
  sendSeeding(c, replica, database, { type: 'seeding.fail', atMs: c.nowMs, failureState });

/** Time passed: running seedings whose secondary stays out of reach time out. */
export const tickSeedings = (c: Cluster): Traced => {
  // Most steps run no seeding: answer them without listing every copy.
  if (!c.replicas.some(hasRunningSeeding)) return { cluster: c, observations: [] };
  let cluster = c;
  const observations: Observation[] = [];
  for (const [replica, db, copy] of everyCopy(c)) {
    if (!isSeedingRunning(copy.seeding)) continue;
    const streaming = seedingPhase(copy.seeding) === 'TRANSFERRING';
    cluster = sendSeeding(cluster, replica, db, {
      type: 'clock.tick',
      nowMs: cluster.nowMs,
      reachable: isReachable(findReplica(cluster, replica)!),
    });
    if (seedingPhase(findReplica(cluster, replica)!.databases[db]!.seeding) !== 'FAILED') continue;
    observations.push(
      streaming
        ? note(
            'SEEDING_TRANSPORT_TIMEOUT',
            `the seeding stream of ${db} to ${replica} had no transport for ${SEEDING_TIMEOUTS_MS.transport / 1000} s`,
          )
        : note(
            'SEEDING_CHECK_TIMEOUT',
            `${replica} did not answer the seeding check for ${db} within ${SEEDING_TIMEOUTS_MS.seedingCheck / 1000} s; no sys.dm_hadr_physical_seeding_stats row ever existed`,
          ),
    );
  }
  return { cluster, observations };
};

const INITIAL_PHASE = seedingPhase(INITIAL.seeding);

/** The seeding's phase; a copy never seeded shares the machine's initial snapshot, read once. */
export const seedingPhaseOf = (s: SeedingSnapshot): SeedingPhase =>
  s === INITIAL.seeding ? INITIAL_PHASE : seedingPhase(s);

/** A copy of the record is being seeded or waits for the seeding thread (the queue has work). */
export const SEEDING_WORK = 1;
/** A seeding of the record is running (time can end it). */
export const SEEDING_RUNNING = 2;

/** SEEDING_WORK and SEEDING_RUNNING of a replica's copies, as a mask. */
export const seedingFlags = (r: ReplicaRuntime): number => {
  const record = r.databases;
  let flags = 0;
  for (const db in record) {
    const copy = record[db]!;
    const phase = seedingPhaseOf(copy.seeding);
    if (copyPhase(copy) === 'SEEDING' || phase === 'QUEUED') flags |= SEEDING_WORK;
    if (phase === 'STARTING' || phase === 'TRANSFERRING') flags |= SEEDING_RUNNING;
  }
  return flags;
};

const hasRunningSeeding = (r: ReplicaRuntime): boolean => (seedingFlags(r) & SEEDING_RUNNING) !== 0;

/** SEEDING_WORK and SEEDING_RUNNING over every replica's copies. */
export const clusterSeedingFlags = (c: Cluster): number => {
  let flags = 0;
  for (const r of c.replicas) flags |= seedingFlags(r);
  return flags;
};

/** Every copy of the cluster, with its replica and database. */
export const everyCopy = (c: Cluster): readonly (readonly [string, string, DatabaseCopy])[] =>
  c.replicas.flatMap((r) =>
    Object.entries(r.databases).map(([db, copy]) => [r.name, db, copy] as const),
  );
