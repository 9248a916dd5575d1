import type { Observation } from '../cluster/observation.js';
import {
  becomePrimary,
  mapCopies,
  rebuild,
  rebuildReplica,
  sendAg,
  sendAllCopies,
  sendReplica,
  updateReplica,
  withCopy,
} from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import {
  agService,
  connectedState,
  findReplica,
  isReplicaUp,
  joinedState,
  primaryReplica,
  quorumState,
  sessionTimeoutMs,
} from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { oldPrimaryStillWritable } from '../failover/cluster-none.js';
import { pacemakerPromotesOnStart } from '../failover/external-promote.js';
import { primaryFailure } from '../failover/failure.js';
import { clearOffline, strayPrimaryStarts } from '../failover/offline-local.js';
import { withoutCutOff } from '../lifecycle/replica.js';
import { connectAllSecondaries, connectSecondary, disconnectSecondary } from '../log/connect.js';
import type { EventOf } from '../model/events.js';
import { reason, source } from '../model/source.js';
import { sameName } from '../rules/facts-access.js';

/** Replica instances and the network between them (ag-rules §3.6, §3.8 R-COMMIT-2; SEED003, SEED004). */

const SESSION = source('SEED003', 'Session-Timeout Period');
const HARD_ERRORS = source('S48', 'Hard errors: an instance failure is detected at once');

/**
 * The primary stops waiting for the replica it lost; under REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT
 * commits still wait for that many synchronized secondaries: "the primary replica doesn't proceed
 * until the minimum number of replicas have committed each transaction" (S3). Said where it holds.
 */
const stopsWaiting = (c: Cluster, name: string): string => {
  const required = c.config.requiredSynchronizedSecondariesToCommit;
  return required === 0
    ? `the primary stops waiting for ${name}`
    : `the primary stops waiting for ${name}, but each commit still waits for ${required} synchronized secondar${required === 1 ? 'y' : 'ies'} (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${required})`;
};
const MODEL = source('MODEL', 'replica events');

const unknown = (c: Cluster, name: string) =>
  refused(c, [reason('UNKNOWN_REPLICA', `${name} is not a replica of ${c.config.name}`, MODEL)]);

export const crash = (c: Cluster, e: EventOf<'replica.crash'>): StepResult => {
  const r = findReplica(c, e.replica);
  if (r === undefined) return unknown(c, e.replica);
  if (!isReplicaUp(r))
    return refused(c, [reason('REPLICA_DOWN', `${r.name} is already down`, MODEL)]);
  if (primaryReplica(c)?.name === r.name) {
    return primaryFailure(
      c,
      true,
      reason(
        'PRIMARY_INSTANCE_DOWN',
        `the primary ${r.name} stopped: the SQL Server service is down (failure-condition level 1)`,
        source('S23', 'Failure-condition level 1: OnServerDown'),
      ),
    );
  }
  let next = disconnectSecondary(c, r.name, true);
  next = sendReplica(next, r.name, { type: 'replica.crash' });
  return accepted(next, [
    {
      type: 'replica.disconnected',
      replica: r.name,
      reason: reason(
        'INSTANCE_DOWN',
        primaryReplica(c) === undefined
          ? `${r.name} stopped; ${c.config.name} has no primary now, so no commit waits for it`
          : `${r.name} stopped; the primary notices at once: ${stopsWaiting(c, r.name)}`,
        HARD_ERRORS,
      ),
    },
  ]);
};

/**
 * The instance of a replica removed while it was down starts: "when the replica comes online, it
 * will discover that it has been removed" (S74); its databases stay RESTORING on it.
 */
const restartRemoved = (c: Cluster, name: string): StepResult => {
  const { stoppedInstances: stopped = [], ...rest } = c;
  const others = stopped.filter((n) => n !== name);
  const next: Cluster = others.length > 0 ? { ...rest, stoppedInstances: others } : rest;
  return accepted(next, [
    {
      type: 'note',
      reason: reason(
        'REMOVED_REPLICA_DISCOVERED',
        `${name} starts and discovers that it was removed from ${c.config.name}: its databases stay on its instance, RESTORING; add it back on the primary, then JOIN it`,
        source('S74', 'Follow Up: After Removing a Secondary Replica'),
      ),
    },
  ]);
};

export const restart = (c: Cluster, e: EventOf<'replica.restart'>): StepResult => {
  const r = findReplica(c, e.replica);
  const removed = c.stoppedInstances?.find((n) => sameName(n, e.replica));
  if (r === undefined && removed !== undefined)
    return strayPrimaryStarts(c, removed) ?? restartRemoved(c, removed);
  if (r === undefined) return unknown(c, e.replica);
  if (isReplicaUp(r))
    return refused(c, [reason('REPLICA_UP', `${r.name} is already running`, MODEL)]);
  // Its databases start again: one that had left ONLINE is back (MODEL: the fault has passed),
  // but not one that failed to start as a primary, which needs a restore (S44; SUSPECT).
  let next = updateReplica(c, r.name, (x) =>
    mapCopies(x, (d) =>
      d.notOnline === undefined || d.notOnline === 'SUSPECT' ? d : withCopy(d, { notOnline: null }),
    ),
  );
  // MODEL: a restarted instance comes back as every other replica does; no source says an OFFLINE run on
  // it under CLUSTER_TYPE NONE outlasts the restart.
  next = clearOffline(next, r.name);
  next = sendReplica(next, r.name, { type: 'replica.restart' });
  const service = agService(next);
  if (service === 'ONLINE' && r.recoversAsPrimary) return recoverAsPrimary(next, r.name);
  if (service === 'ONLINE') {
    // Another replica owns the primary role: this one comes back as a secondary and resynchronizes.
    next = sendReplica(next, r.name, { type: 'role.secondary' });
    return accepted(connectSecondary(next, r.name));
  }
  if (
    service === 'RESOLVING' &&
    next.ag.context.primary === r.name &&
    quorumState(next) === 'HEALTHY'
  ) {
    // The group had no primary: its last primary is back and the cluster brings the group online on it.
    next = sendAg(next, { type: 'primary.recovered', primary: r.name });
    next = sendReplica(next, r.name, { type: 'link.connected' });
    next = becomePrimary(next, r.name);
    // The returning primary's databases come back as they were: a suspended one stays suspended.
    next = sendAllCopies(next, r.name, (_db, copy) =>
      joinedState(copy) === 'SUSPENDED' ? null : { type: 'role.primary' },
    );
    // CLUSTER_TYPE NONE: an old primary that came back while the group had no primary still
    // assumes the primary role (S45), as it does when it comes back after this one.
    const notes: Observation[] = [];
    for (const other of next.replicas) {
      if (other.name === r.name || !isReplicaUp(other)) continue;
      if (other.recoversAsPrimary) {
        next = recoveredAsPrimary(next, other.name);
        notes.push({ type: 'note', reason: oldPrimaryStillWritable(other.name, r.name) });
      } else next = sendReplica(next, other.name, { type: 'role.secondary' });
    }
    return accepted(connectAllSecondaries(next), notes);
  }
  // A group left without a primary (RESOLVING) on Pacemaker may promote one now (S341).
  return pacemakerPromotesOnStart(next, r.name) ?? accepted(next);
};

/**
 * CLUSTER_TYPE NONE: an old primary that was down when a forced failover moved the role comes
 * back in the primary role, its databases writable on its own history, beside the group's primary
 * ("When the previous primary replica recovers, it will also assume the primary role", S45), until
 * SET (ROLE = SECONDARY) runs on it.
 */
const recoverAsPrimary = (c: Cluster, name: string): StepResult =>
  accepted(recoveredAsPrimary(c, name), [
    { type: 'note', reason: oldPrimaryStillWritable(name, primaryReplica(c)!.name) },
  ]);

const recoveredAsPrimary = (c: Cluster, name: string): Cluster => {
  let next = updateReplica(c, name, (x) => ({ ...x, recoversAsPrimary: false }));
  next = sendReplica(next, name, { type: 'link.connected' });
  next = becomePrimary(next, name);
  return sendAllCopies(next, name, (_db, copy) =>
    joinedState(copy) === null ? null : { type: 'role.primary' },
  );
};

export const disconnect = (c: Cluster, e: EventOf<'replica.disconnect'>): StepResult => {
  const r = findReplica(c, e.replica);
  if (r === undefined) return unknown(c, e.replica);
  const primary = primaryReplica(c);
  const isolated = primary?.name === r.name ? c.replicas.filter((x) => x.name !== r.name) : [r];
  const affected = isolated.filter((x) => x.linkDownSinceMs === null);
  if (affected.length === 0)
    return refused(c, [
      reason(
        'ALREADY_DISCONNECTED',
        `the network between ${r.name} and the primary is already broken`,
        MODEL,
      ),
    ]);
  let next = c;
  for (const x of affected)
    next = updateReplica(next, x.name, (y) => rebuildReplica(y, y.machine, y.databases, c.nowMs));
  return accepted(next, [
    {
      type: 'note',
      reason: reason(
        'PINGS_STOPPED',
        `no pings flow between ${affected.map((x) => x.name).join(', ')} and the primary; after SESSION_TIMEOUT the session closes`,
        SESSION,
      ),
    },
  ]);
};

/**
 * The network of a replica removed while cut off from the primary comes back: "when the replica
 * comes online, it will discover that it has been removed" (S74); its databases stay RESTORING.
 */
const reconnectRemoved = (c: Cluster, name: string): StepResult =>
  accepted(withoutCutOff(c, name), [
    {
      type: 'note',
      reason: reason(
        'REMOVED_REPLICA_DISCOVERED',
        `the network between ${name} and the primary comes back and ${name} discovers that it was removed from ${c.config.name}: its databases stay on its instance, RESTORING; add it back on the primary, then JOIN it`,
        source('S74', 'Follow Up: After Removing a Secondary Replica'),
      ),
    },
  ]);

export const reconnect = (c: Cluster, e: EventOf<'replica.reconnect'>): StepResult => {
  const r = findReplica(c, e.replica);
  const removed = c.cutOffInstances?.find((n) => sameName(n, e.replica));
  if (r === undefined && removed !== undefined) return reconnectRemoved(c, removed);
  if (r === undefined) return unknown(c, e.replica);
  const primary = primaryReplica(c);
  const healed = (primary?.name === r.name ? c.replicas : [r]).filter(
    (x) => x.linkDownSinceMs !== null,
  );
  if (healed.length === 0)
    return refused(c, [
      reason(
        'NOT_DISCONNECTED',
        `the network between ${r.name} and the primary is not broken`,
        MODEL,
      ),
    ]);
  let next = c;
  const observations: Observation[] = [];
  for (const x of healed) {
    next = updateReplica(next, x.name, (y) => rebuildReplica(y, y.machine, y.databases, null));
    const wasDisconnected = connectedState(x) === 'DISCONNECTED';
    next = connectSecondary(next, x.name);
    const now = findReplica(next, x.name)!;
    if (wasDisconnected && connectedState(now) === 'CONNECTED')
      observations.push({ type: 'replica.connected', replica: x.name });
  }
  return accepted(next, observations);
};

/** time.advance: sessions whose pings stopped for SESSION_TIMEOUT close (the replica becomes DISCONNECTED). */
export const advanceTime = (c: Cluster, e: EventOf<'time.advance'>): StepResult => {
  if (e.ms < 0) return refused(c, [reason('NEGATIVE_TIME', 'time only moves forward', MODEL)]);
  let next = rebuild(c, c.replicas, c.journal, c.ag, c.logs, c.nowMs + e.ms);
  const observations: Observation[] = [];
  for (const r of next.replicas) {
    if (r.linkDownSinceMs === null || connectedState(r) !== 'CONNECTED' || !isReplicaUp(r))
      continue;
    const timeoutMs = sessionTimeoutMs(c, r.name);
    if (next.nowMs - r.linkDownSinceMs >= timeoutMs) {
      next = disconnectSecondary(next, r.name, false);
      observations.push({
        type: 'replica.disconnected',
        replica: r.name,
        reason: reason(
          'SESSION_TIMEOUT',
          `${r.name} sent no ping within the primary's SESSION_TIMEOUT (${timeoutMs / 1000} s): DISCONNECTED; ${stopsWaiting(c, r.name)}`,
          SESSION,
        ),
      });
    }
  }
  return accepted(next, observations);
};
