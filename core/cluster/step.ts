import {
  forcedFailoverStep,
  healthSignal,
  offline,
  plannedFailoverStep,
  quorumForce,
  quorumLost,
  quorumRegained,
  setRoleSecondary,
} from '../failover/failover-step.js';
import { advanceTime, crash, disconnect, reconnect, restart } from '../health/replicas.js';
import { configure } from '../lifecycle/configure.js';
import { lifecycleStep } from '../lifecycle/lifecycle-step.js';
import { synchronizeCaughtUp } from '../log/catch-up.js';
import { resume, suspend } from '../log/database.js';
import { commit, moveLog, settleCommits } from '../log/log-step.js';
import { beginTransaction, rollBackOpenTransactions } from '../log/transactions.js';
import type { LocalReplicaState } from '../model/enums.js';
import type { ClusterEvent, ClusterEventType, EventOf } from '../model/events.js';
import { afterSeedingStep } from '../seeding/seeding-step.js';
import { markFailoverReadiness } from './build.js';
import { EMPTY_JOURNAL, journalEntries } from './journal.js';
import type { Observation } from './observation.js';
import { rebuild } from './ops.js';
import type { StepResult } from './result.js';
import { primaryName } from './select.js';
import type { Cluster, MachineTransition } from './types.js';

/**
 * The cluster step: pure `step(cluster, event)`. It routes the event to the machines it
 * concerns, applies the consequences across replicas, then acknowledges every commit the rules
 * now let through. A refused event leaves the cluster unchanged and says every reason. Expects a
 * decoded event (ClusterEvent); for one that was not decoded, `stepInput` decodes and checks it.
 */
export const step = (cluster: Cluster, event: ClusterEvent): StepResult => {
  const fresh =
    cluster.journal === EMPTY_JOURNAL ? cluster : rebuild(cluster, cluster.replicas, EMPTY_JOURNAL);
  const result = dispatch(fresh, event);
  if (result.refused.length > 0) return { ...result, cluster };
  // Seedings follow the primary, the clock and SEEDING_MODE; ended ones settle their copies.
  const seeded = afterSeedingStep(cluster, result.cluster, event);
  // Whatever path brought a copy here, a caught-up one is not left out of SYNCHRONIZED.
  const caughtUp = synchronizeCaughtUp(seeded.cluster);
  const ready = primaryName(caughtUp) === null ? caughtUp : markFailoverReadiness(caughtUp);
  const settled = settleCommits(ready);
  // Transactions still open when their primary stops serving them are rolled back (SEED004).
  const rolledBack = rollBackOpenTransactions(cluster, settled.cluster);
  const last = rolledBack.cluster;
  const transitions = journalEntries(last.journal);
  const observations: Observation[] = [...result.observations];
  localStateChanges(last, transitions, observations);
  for (const o of seeded.observations) observations.push(o);
  for (const o of settled.observations) observations.push(o);
  for (const o of rolledBack.observations) observations.push(o);
  return {
    cluster: last.journal === EMPTY_JOURNAL ? last : rebuild(last, last.replicas, EMPTY_JOURNAL),
    observations,
    refused: [],
    transitions,
  };
};

const LOCAL_STATE = 'replica.localState.';

// A configuration's active ids are one array shared by every snapshot in it: read each once.
const localStates = new WeakMap<readonly string[], string | undefined>();

const localStateOf = (ids: readonly string[]): string | undefined => {
  if (localStates.has(ids)) return localStates.get(ids);
  const id = ids.find((x) => x.startsWith(LOCAL_STATE));
  const state = id?.slice(LOCAL_STATE.length);
  localStates.set(ids, state);
  return state;
};

/** Every change of a replica's local state during the step, in the order it happened, added to `out`. */
const localStateChanges = (
  c: Cluster,
  transitions: readonly MachineTransition[],
  out: Observation[],
): void => {
  for (const t of transitions) {
    if (t.machine !== 'replica') continue;
    const from = localStateOf(t.from);
    const to = localStateOf(t.to);
    // A stopped instance writes nothing: the line after its restart shows it was NOT_AVAILABLE.
    if (from === undefined || to === undefined || from === to || to === 'NOT_AVAILABLE') continue;
    out.push({
      type: 'replica.stateChanged',
      server: t.instance,
      group: c.config.name,
      from: from as LocalReplicaState,
      to: to as LocalReplicaState,
      atMs: c.nowMs,
    });
  }
};

/** Step through a sequence of events, keeping every result. */
export const run = (cluster: Cluster, events: readonly ClusterEvent[]): readonly StepResult[] => {
  const results: StepResult[] = [];
  let current = cluster;
  for (const e of events) {
    const r = step(current, e);
    results.push(r);
    current = r.cluster;
  }
  return results;
};

/**
 * The handler of each event type: one lookup, where a switch over forty-odd type names compared
 * them one after another on every step.
 */
const HANDLERS: { readonly [K in ClusterEventType]: (c: Cluster, e: EventOf<K>) => StepResult } = {
  'db.commit': commit,
  'db.begin': beginTransaction,
  'log.ship': moveLog,
  'log.harden': moveLog,
  'log.redo': moveLog,
  'db.suspend': suspend,
  'db.resume': resume,
  'replica.crash': crash,
  'replica.restart': restart,
  'replica.disconnect': disconnect,
  'replica.reconnect': reconnect,
  'time.advance': advanceTime,
  'quorum.lost': (c) => quorumLost(c),
  'quorum.regained': (c) => quorumRegained(c),
  'quorum.force': quorumForce,
  'health.signal': healthSignal,
  'ag.failover': plannedFailoverStep,
  'ag.forceFailover': forcedFailoverStep,
  'ag.setRoleSecondary': setRoleSecondary,
  'ag.offline': (c) => offline(c),
  'replica.setAvailabilityMode': configure,
  'replica.setFailoverMode': configure,
  'replica.setSeedingMode': configure,
  'replica.modify': configure,
  'ag.set': configure,
  'ag.addListener': configure,
  'ag.modifyListener': configure,
  'ag.removeListener': configure,
  'replica.grantCreateDatabase': lifecycleStep,
  'replica.denyCreateDatabase': lifecycleStep,
  'db.add': lifecycleStep,
  'db.remove': lifecycleStep,
  'db.backup': lifecycleStep,
  'db.restore': lifecycleStep,
  'db.join': lifecycleStep,
  'db.leave': lifecycleStep,
  'db.pageError': lifecycleStep,
  'replica.join': lifecycleStep,
  'replica.add': lifecycleStep,
  'replica.remove': lifecycleStep,
  'seeding.progress': lifecycleStep,
  'seeding.fail': lifecycleStep,
};

const dispatch = (c: Cluster, e: ClusterEvent): StepResult =>
  (HANDLERS[e.type] as (c: Cluster, e: ClusterEvent) => StepResult)(c, e);
