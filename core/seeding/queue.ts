import type { Observation } from '../cluster/observation.js';
import { updateCopy, withCopy } from '../cluster/ops.js';
import { copyPhase, findReplica } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import {
  databaseEnd,
  joinAndStartDataMovement,
  runningSeedings,
  sendCopyTraced,
  type Traced,
} from '../lifecycle/access.js';
import { lifecycleReason } from '../lifecycle/lifecycle.js';
import type { SeedingContext } from '../machines/seeding/events.js';
import { seedingPhase } from '../machines/seeding/selectors.js';
import { unknownReason } from '../model/source.js';
import {
  afterMove,
  everyCopy,
  failedNotes,
  SEEDING_WORK,
  seedingFlags,
  seedingStart,
  sendSeeding,
} from './ops.js';
import {
  MAX_DATABASES_PER_SEEDING_THREAD,
  SEEDING_FAILURE,
  SEEDING_REASONS,
  seedingReason,
} from './seeding.js';

/**
 * The end of a seeding and the seeding thread's queue (SEED001): a completed seeding creates and
 * joins the copy, a failed one leaves it as before, and a freed place goes to the oldest request.
 */

const note = (code: Parameters<typeof seedingReason>[0], message: string): Observation => ({
  type: 'note',
  reason: seedingReason(code, message),
});

/**
 * A stream that failed after bytes reached the secondary: the model drops the copy, but S93 ("SQL
 * Server 2022 Administration Inside Out") says to "drop the unsuccessfully seeded database on the
 * secondary replica, including the database data and log files" before retrying. Whether it is
 * there is not known: the note names what settles it.
 */
const partlySeeded = (
  ctx: SeedingContext,
  replica: string,
  database: string,
  group: string,
): Observation[] => {
  const moved = ctx.history[ctx.history.length - 1]?.transferredBytes ?? 0;
  if (ctx.catchUp || moved === 0) return [];
  return [
    {
      type: 'note',
      reason: unknownReason(
        'SEEDING_FAILED_DATABASE_MAY_REMAIN',
        `${moved} bytes of ${database} had reached ${replica} when the seeding failed: ${replica} may keep the unsuccessfully seeded database and its data and log files, to be dropped there before ALTER AVAILABILITY GROUP [${group}] MODIFY REPLICA ON '${replica}' WITH (SEEDING_MODE = AUTOMATIC) retries; whether it does is not known (sys.databases on ${replica} says)`,
        SEEDING_REASONS.SEEDING_FAILED_DATABASE_MAY_REMAIN,
        [
          `sys.databases on ${replica} (a row for ${database})`,
          `the data and log files of ${database} on ${replica}`,
        ],
      ),
    },
  ];
};

/** Give the copy of a seeding that ended back its state: joined and moving data, or as before. */
const settleCopy = (c: Cluster, replica: string, database: string): Traced => {
  const copy = findReplica(c, replica)?.databases[database];
  if (copy === undefined || copyPhase(copy) !== 'SEEDING') return { cluster: c, observations: [] };
  const phase = seedingPhase(copy.seeding);
  const ctx = copy.seeding.context;
  if (phase === 'COMPLETED') {
    // The restored stream, or the caught-up copy, holds the primary's log up to its end (SEED001).
    const end = databaseEnd(c, database) ?? copy.hardened;
    const placed = updateCopy(c, replica, database, (x) =>
      withCopy(x, { received: end, hardened: end, redone: end }),
    );
    if (c.seededCopiesWaitForJoin === true) {
      // S58: "After the database on the secondary replica of the second availability group is in
      // a restoring state, you have to manually join it" (also after automatic seeding; S79).
      const restored = sendCopyTraced(placed, replica, database, [
        () => ({ type: 'seeding.restored' }),
      ]);
      return {
        cluster: restored.cluster,
        observations: [
          note(
            'SEEDING_COMPLETED_JOIN_NEEDED',
            `automatic seeding of ${database} to ${replica} completed after ${ctx.attempts} attempt(s): the database is RESTORING; join it there with ALTER DATABASE [${database}] SET HADR AVAILABILITY GROUP = [${c.config.name}]`,
          ),
          ...restored.observations,
        ],
      };
    }
    const joined = joinAndStartDataMovement(placed, replica, database, {
      type: 'seeding.complete',
    });
    return {
      cluster: joined.cluster,
      observations: [
        note(
          'SEEDING_COMPLETED',
          `automatic seeding of ${database} to ${replica} completed after ${ctx.attempts} attempt(s): the database is created and joined`,
        ),
        ...joined.observations,
      ],
    };
  }
  if (phase === 'FAILED') {
    const failed = sendCopyTraced(c, replica, database, [
      () => ({ type: 'seeding.fail', keepRestoredCopy: ctx.catchUp }),
    ]);
    const code = ctx.failureState ?? SEEDING_FAILURE.SEEDING;
    const kept: Observation[] = ctx.catchUp
      ? [
          {
            type: 'note',
            reason: lifecycleReason(
              'SEEDING_FAILURE_KEEPS_RESTORED_COPY',
              `${database} on ${replica} stays RESTORING as it was restored: more log backups can be restored, or the seeding started again`,
            ),
          },
        ]
      : [];
    return {
      cluster: failed.cluster,
      observations: [
        ...failedNotes(c, replica, database, code),
        ...kept,
        ...partlySeeded(ctx, replica, database, c.config.name),
        ...failed.observations,
      ],
    };
  }
  return { cluster: c, observations: [] };
};

/** A copy being seeded (it may have ended and need settling) or a request waiting for the thread. */
const hasSeedingWork = (c: Cluster): boolean =>
  c.replicas.some((r) => (seedingFlags(r) & SEEDING_WORK) !== 0);

/** Settle every ended seeding, then give free places on the seeding thread to the oldest requests. */
export const advanceSeedingQueue = (c: Cluster): Traced => {
  // Most steps touch no seeding: answer them without walking the copies twice.
  if (!hasSeedingWork(c)) return { cluster: c, observations: [] };
  let acc: Traced = { cluster: c, observations: [] };
  const add = (t: Traced) => {
    acc = { cluster: t.cluster, observations: [...acc.observations, ...t.observations] };
  };
  for (const [replica, db] of everyCopy(c)) add(settleCopy(acc.cluster, replica, db));
  for (;;) {
    // The oldest request the thread can take: its database is already being seeded, or fewer
    // than five databases are.
    const queued = everyCopy(acc.cluster)
      .filter(
        ([, db, copy]) =>
          seedingPhase(copy.seeding) === 'QUEUED' &&
          runningSeedings(acc.cluster, db) < MAX_DATABASES_PER_SEEDING_THREAD,
      )
      .sort(
        ([, , a], [, , b]) => (a.seeding.context.ticket ?? 0) - (b.seeding.context.ticket ?? 0),
      );
    const first = queued[0];
    if (first === undefined) break;
    const [replica, db] = first;
    const moved = sendSeeding(acc.cluster, replica, db, {
      type: 'slot.freed',
      start: seedingStart(acc.cluster, replica, db),
    });
    add(afterMove(moved, replica, db, true));
  }
  return acc;
};
