import { journalEntries, journalTouches } from '../cluster/journal.js';
import { NOTHING_OBSERVED, type Observation } from '../cluster/observation.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import { findReplica, primaryName } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { isReachable, replicaConfigOf, type Traced } from '../lifecycle/access.js';
import { isSeedingPending, isSeedingRunning, seedingPhase } from '../machines/seeding/selectors.js';
import type { ClusterEvent, EventOf } from '../model/events.js';
import type { Reason } from '../model/source.js';
import { seedingObservations } from './observe.js';
import {
  cancelSeeding,
  clusterSeedingFlags,
  failSeeding,
  requestAllSeedings,
  SEEDING_RUNNING,
  SEEDING_WORK,
  sendSeeding,
  tickSeedings,
} from './ops.js';
import { advanceSeedingQueue } from './queue.js';
import { SEEDING_FAILURE, seedingFailureDescription, seedingReason } from './seeding.js';

/**
 * The seeding events (progress and failure reports), and what every step does to seedings: a
 * change of primary fails them, time outs them, SEEDING_MODE starts or cancels them, and the
 * seeding thread takes the next request (ag-rules §6.2–6.4, SEED001).
 */

const PHASE_WORDS: Record<string, string> = {
  IDLE: 'no automatic seeding was asked for',
  WAITING_FOR_GRANT: 'the seeding waits for GRANT CREATE ANY DATABASE',
  QUEUED: 'the seeding waits for a place on the seeding thread',
  COMPLETED: 'the seeding already completed',
  FAILED: 'the seeding failed',
};

const runningSeeding = (
  c: Cluster,
  replica: string,
  database: string,
): { readonly name: string } | Reason[] => {
  const cfg = replicaConfigOf(c, replica);
  if (cfg === undefined)
    return [
      seedingReason('NO_SEEDING_IN_PROGRESS', `${replica} is not a replica of ${c.config.name}`),
    ];
  const seeding = findReplica(c, cfg.name)?.databases[database]?.seeding;
  if (seeding === undefined || !isSeedingRunning(seeding))
    return [
      seedingReason(
        'NO_SEEDING_IN_PROGRESS',
        `no automatic seeding of ${database} to ${cfg.name} is running: ${PHASE_WORDS[seeding === undefined ? 'IDLE' : seedingPhase(seeding)]}`,
      ),
    ];
  return { name: cfg.name };
};

/** seeding.progress: bytes of the stream reached the secondary (all the rest when none are given). */
export const seedingProgress = (c: Cluster, e: EventOf<'seeding.progress'>): StepResult => {
  const found = runningSeeding(c, e.replica, e.database);
  if (Array.isArray(found)) return refused(c, found);
  const r = findReplica(c, found.name)!;
  const reasons = [
    ...(isReachable(r)
      ? []
      : [
          seedingReason(
            'NO_SEEDING_TRANSPORT',
            `${found.name} is not in session with the primary: no seeding stream reaches it`,
          ),
        ]),
    ...(e.bytes !== undefined && e.bytes < 0
      ? [seedingReason('BAD_SEEDING_BYTES', 'a progress report carries 0 bytes or more')]
      : []),
  ];
  if (reasons.length > 0) return refused(c, reasons);
  return accepted(
    sendSeeding(c, found.name, e.database, {
      type: 'seeding.progress',
      atMs: c.nowMs,
      bytes: e.bytes ?? null,
    }),
  );
};

/** seeding.fail: the running seeding fails with a failure_state (15 Seeding when none is given). */
export const seedingFailure = (c: Cluster, e: EventOf<'seeding.fail'>): StepResult => {
  const found = runningSeeding(c, e.replica, e.database);
  const code = e.failureState ?? SEEDING_FAILURE.SEEDING;
  const reasons = [
    ...(Array.isArray(found) ? found : []),
    ...(seedingFailureDescription(code) === null
      ? [
          seedingReason(
            'UNKNOWN_FAILURE_STATE',
            `failure_state ${code} is not documented: 0 to 25, or 1xx / 2xx for the source / target side`,
          ),
        ]
      : []),
  ];
  if (reasons.length > 0 || Array.isArray(found)) return refused(c, reasons);
  return accepted(failSeeding(c, found.name, e.database, code));
};

const join = (a: Traced, b: Traced): Traced => ({
  cluster: b.cluster,
  observations: [...a.observations, ...b.observations],
});

/** A new primary, or none: running seedings fail (5 Primary Failure), pending ones are dropped. */
const onPrimaryChange = (before: Cluster, after: Cluster): Traced => {
  if (primaryName(before) === primaryName(after))
    return { cluster: after, observations: NOTHING_OBSERVED };
  let c = after;
  const observations: Observation[] = [];
  for (const r of after.replicas)
    for (const db in r.databases) {
      const replica = r.name;
      const copy = r.databases[db]!;
      if (isSeedingRunning(copy.seeding)) {
        c = failSeeding(c, replica, db, SEEDING_FAILURE.PRIMARY_FAILURE);
      } else if (isSeedingPending(copy.seeding)) {
        c = cancelSeeding(c, replica, db);
        observations.push({
          type: 'note',
          reason: seedingReason(
            'SEEDING_CANCELLED',
            `the seeding of ${db} to ${replica} was dropped: the primary changed, and a new primary seeds only databases added on it`,
          ),
        });
      }
    }
  return { cluster: c, observations };
};

/** ALTER … MODIFY REPLICA … SEEDING_MODE: MANUAL cancels seedings, AUTOMATIC starts or restarts them (S19). */
const onSeedingMode = (c: Cluster, e: ClusterEvent): Traced => {
  const mode =
    e.type === 'replica.setSeedingMode'
      ? e.mode
      : e.type === 'replica.modify'
        ? e.options.seedingMode
        : undefined;
  if (mode === undefined || (e.type !== 'replica.setSeedingMode' && e.type !== 'replica.modify'))
    return { cluster: c, observations: [] };
  const cfg = replicaConfigOf(c, e.replica);
  if (cfg === undefined) return { cluster: c, observations: [] };
  if (primaryName(c) === cfg.name)
    return {
      cluster: c,
      observations: [
        {
          type: 'note',
          reason: seedingReason(
            'SEEDING_MODE_ON_PRIMARY',
            `${cfg.name} is the primary: SEEDING_MODE = ${mode} takes effect when another replica is primary and a database is added`,
          ),
        },
      ],
    };
  if (mode === 'MANUAL') {
    const r = findReplica(c, cfg.name);
    const affected = Object.entries(r?.databases ?? {}).filter(
      ([, copy]) => isSeedingRunning(copy.seeding) || isSeedingPending(copy.seeding),
    );
    const next = affected.reduce((acc, [db]) => cancelSeeding(acc, cfg.name, db), c);
    return {
      cluster: next,
      observations: affected.map(([db]) => ({
        type: 'note' as const,
        reason: seedingReason(
          'SEEDING_CANCELLED',
          `SEEDING_MODE = MANUAL on ${cfg.name} cancels the seeding of ${db}`,
        ),
      })),
    };
  }
  const failed = Object.entries(findReplica(c, cfg.name)?.databases ?? {})
    .filter(([, copy]) => seedingPhase(copy.seeding) === 'FAILED')
    .map(([db]) => db);
  const requested = requestAllSeedings(c, cfg.name);
  const restarted = failed.filter((db) => {
    const s = findReplica(requested.cluster, cfg.name)?.databases[db]?.seeding;
    return s !== undefined && seedingPhase(s) !== 'FAILED';
  });
  return {
    cluster: requested.cluster,
    observations: [
      ...restarted.map((db) => ({
        type: 'note' as const,
        reason: seedingReason(
          'SEEDING_RESTARTED',
          `SEEDING_MODE = AUTOMATIC on ${cfg.name} restarts the failed seeding of ${db}`,
        ),
      })),
      ...requested.observations,
    ],
  };
};

/** `t` followed by `next`, allocating nothing when `next` changed nothing. */
const then = (t: Traced, next: Traced): Traced =>
  next.observations.length === 0 && next.cluster === t.cluster ? t : join(t, next);

/**
 * After every accepted step: seedings follow a change of primary, the clock and SEEDING_MODE;
 * ended seedings settle their copies; free places on the seeding thread go to the oldest requests.
 */
export const afterSeedingStep = (before: Cluster, after: Cluster, event: ClusterEvent): Traced => {
  let t = onPrimaryChange(before, after);
  // Most steps meet no seeding: the copies are read once to say so, not once per phase below.
  const read = t.cluster;
  const flags = clusterSeedingFlags(read);
  if (event.type === 'time.advance' && (flags & SEEDING_RUNNING) !== 0)
    t = then(t, tickSeedings(t.cluster));
  if (event.type === 'replica.setSeedingMode' || event.type === 'replica.modify')
    t = then(t, onSeedingMode(t.cluster, event));
  if (t.cluster !== read || (flags & SEEDING_WORK) !== 0)
    t = then(t, advanceSeedingQueue(t.cluster));
  // The journal holds every transition of the step: its seeding events and log lines follow.
  if (!journalTouches(t.cluster.journal, 'seeding')) return t;
  const source = primaryName(before) ?? primaryName(t.cluster);
  return {
    cluster: t.cluster,
    observations: [
      ...t.observations,
      ...seedingObservations(t.cluster, source, journalEntries(t.cluster.journal)),
    ],
  };
};
