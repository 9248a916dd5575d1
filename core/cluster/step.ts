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
import { upgradeReplica } from '../health/upgrade.js';
import { commitOutsideGroup } from '../lifecycle/commit-outside.js';
import { configure } from '../lifecycle/configure.js';
import { lifecycleStep } from '../lifecycle/lifecycle-step.js';
import { synchronizeCaughtUp } from '../log/catch-up.js';
import { resume, suspend } from '../log/database.js';
import { commit, moveLog, settleCommits } from '../log/log-step.js';
import { beginTransaction, rollBackOpenTransactions } from '../log/transactions.js';
import type { LocalReplicaState } from '../model/enums.js';
import type { ClusterEvent } from '../model/events.js';
import { afterSeedingStep } from '../seeding/seeding-step.js';
import { markFailoverReadiness } from './build.js';
import { EMPTY_JOURNAL, journalEntries } from './journal.js';
import { NOTHING_OBSERVED, type Observation } from './observation.js';
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
  const observations = joined(
    result.observations,
    localStateChanges(last, transitions),
    seeded.observations,
    settled.observations,
    rolledBack.observations,
  );
  return {
    cluster: last.journal === EMPTY_JOURNAL ? last : rebuild(last, last.replicas, EMPTY_JOURNAL),
    observations,
    refused: [],
    transitions,
  };
};

/**
 * The lists in order, as one: most steps observe in one place or none, and then that list is the
 * answer as it is (lists are not changed once made).
 */
const joined = (
  a: readonly Observation[],
  b: readonly Observation[],
  c: readonly Observation[],
  d: readonly Observation[],
  e: readonly Observation[],
): readonly Observation[] => {
  const nonEmpty =
    (a.length > 0 ? 1 : 0) +
    (b.length > 0 ? 1 : 0) +
    (c.length > 0 ? 1 : 0) +
    (d.length > 0 ? 1 : 0) +
    (e.length > 0 ? 1 : 0);
  if (nonEmpty === 0) return NOTHING_OBSERVED;
  if (nonEmpty === 1)
    return a.length > 0 ? a : b.length > 0 ? b : c.length > 0 ? c : d.length > 0 ? d : e;
  const out: Observation[] = [];
  append(out, a);
  append(out, b);
  append(out, c);
  append(out, d);
  append(out, e);
  return out;
};

const append = (to: Observation[], more: readonly Observation[]): void => {
  for (let i = 0; i < more.length; i++) to.push(more[i]!);
};

const LOCAL_STATE = 'replica.localState.';

// A configuration's active ids are one array shared by every snapshot in it: read each once.
const localStates = new WeakMap<readonly string[], string | undefined>();

const localStateOf = (ids: readonly string[]): string | undefined => {
  const known = localStates.get(ids);
  if (known !== undefined || localStates.has(ids)) return known;
  const id = ids.find((x) => x.startsWith(LOCAL_STATE));
  const state = id?.slice(LOCAL_STATE.length);
  localStates.set(ids, state);
  return state;
};

/** Every change of a replica's local state during the step, in the order it happened. */
const localStateChanges = (
  c: Cluster,
  transitions: readonly MachineTransition[],
): readonly Observation[] => {
  let out: Observation[] | undefined;
  for (let i = 0; i < transitions.length; i++) {
    const t = transitions[i]!;
    if (t.machine !== 'replica') continue;
    const from = localStateOf(t.from);
    const to = localStateOf(t.to);
    // A stopped instance writes nothing: the line after its restart shows it was NOT_AVAILABLE.
    if (from === undefined || to === undefined || from === to || to === 'NOT_AVAILABLE') continue;
    out ??= [];
    out.push({
      type: 'replica.stateChanged',
      server: t.instance,
      group: c.config.name,
      from: from as LocalReplicaState,
      to: to as LocalReplicaState,
      atMs: c.nowMs,
    });
  }
  return out ?? NOTHING_OBSERVED;
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

const dispatch = (c: Cluster, e: ClusterEvent): StepResult => {
  switch (e.type) {
    case 'db.commit':
      return commitOutsideGroup(c, e.database, BigInt(e.count ?? 1)) ?? commit(c, e);
    case 'db.begin':
      return beginTransaction(c, e);
    case 'log.ship':
    case 'log.harden':
    case 'log.redo':
      return moveLog(c, e);
    case 'db.suspend':
      return suspend(c, e);
    case 'db.resume':
      return resume(c, e);
    case 'replica.crash':
      return crash(c, e);
    case 'replica.restart':
      return restart(c, e);
    case 'replica.disconnect':
      return disconnect(c, e);
    case 'replica.reconnect':
      return reconnect(c, e);
    case 'replica.upgrade':
      return upgradeReplica(c, e);
    case 'time.advance':
      return advanceTime(c, e);
    case 'quorum.lost':
      return quorumLost(c);
    case 'quorum.regained':
      return quorumRegained(c);
    case 'quorum.force':
      return quorumForce(c, e);
    case 'health.signal':
      return healthSignal(c, e);
    case 'ag.failover':
      return plannedFailoverStep(c, e);
    case 'ag.forceFailover':
      return forcedFailoverStep(c, e);
    case 'ag.setRoleSecondary':
      return setRoleSecondary(c, e);
    case 'ag.offline':
      return offline(c, e);
    case 'replica.setAvailabilityMode':
    case 'replica.setFailoverMode':
    case 'replica.setSeedingMode':
    case 'replica.modify':
    case 'ag.set':
    case 'ag.addListener':
    case 'ag.modifyListener':
    case 'ag.removeListener':
      return configure(c, e);
    case 'replica.grantCreateDatabase':
    case 'replica.denyCreateDatabase':
    case 'db.add':
    case 'db.remove':
    case 'db.backup':
    case 'db.restore':
    case 'db.join':
    case 'db.leave':
    case 'db.pageError':
    case 'replica.join':
    case 'replica.add':
    case 'replica.remove':
    case 'seeding.progress':
    case 'seeding.fail':
      return lifecycleStep(c, e);
  }
};
