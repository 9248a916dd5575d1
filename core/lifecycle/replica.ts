import type { Observation } from '../cluster/observation.js';
import { position, sendReplica, updateReplica } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import { findReplica, primaryReplica } from '../cluster/select.js';
import type { Cluster, ReplicaRuntime } from '../cluster/types.js';
import { INITIAL } from '../kernel/machines.js';
import { connectSecondary } from '../log/connect.js';
import { resolveReplica, withReplicasOf } from '../model/config.js';
import type { EventOf } from '../model/events.js';
import type { Reason } from '../model/source.js';
import {
  denySeedings,
  grantSeedings,
  notPermittedObservations,
  requestAllSeedings,
} from '../seeding/ops.js';
import { automaticSeedingRefusal } from '../seeding/seeding.js';
import { validateConfig } from '../validation/validate.js';
import { databaseEnd, replicaConfigOf } from './access.js';
import { blankCopy } from './copy.js';
import { lifecycleReason } from './lifecycle.js';

/**
 * Replicas joining and leaving the group, and the permission automatic seeding needs (ALTER
 * AVAILABILITY GROUP … ADD REPLICA, JOIN, REMOVE REPLICA, GRANT | DENY CREATE ANY DATABASE; S3,
 * SEED001). A replica added on the primary holds nothing until its instance joins.
 */

const noPrimary = (c: Cluster): Reason[] =>
  primaryReplica(c) === undefined
    ? [lifecycleReason('NO_PRIMARY', `${c.config.name} has no primary replica online`)]
    : [];

export const addReplica = (c: Cluster, e: EventOf<'replica.add'>): StepResult => {
  const spec = resolveReplica(e.spec);
  const exists = replicaConfigOf(c, spec.name) !== undefined;
  const config = withReplicasOf(c.config, [...c.config.replicas, spec]);
  const reasons = [
    ...noPrimary(c),
    ...(exists
      ? [lifecycleReason('REPLICA_EXISTS', `${spec.name} is already a replica of ${c.config.name}`)]
      : validateConfig(config)),
  ];
  if (reasons.length > 0) return refused(c, reasons);
  return accepted({ ...c, config });
};

/** ALTER AVAILABILITY GROUP … JOIN on the new secondary's instance: it becomes a secondary and connects. */
export const joinReplica = (c: Cluster, e: EventOf<'replica.join'>): StepResult => {
  const cfg = replicaConfigOf(c, e.replica);
  if (cfg === undefined)
    return refused(c, [
      lifecycleReason(
        'UNKNOWN_REPLICA',
        `${e.replica} is not a replica of ${c.config.name}: add it on the primary first`,
      ),
    ]);
  if (findReplica(c, cfg.name) !== undefined)
    return refused(c, [
      lifecycleReason('REPLICA_ALREADY_JOINED', `${cfg.name} has already joined`),
    ]);
  const holdsData = cfg.availabilityMode !== 'CONFIGURATION_ONLY';
  const runtime: ReplicaRuntime = {
    name: cfg.name,
    machine: INITIAL.replica,
    linkDownSinceMs: null,
    canCreateDatabase: false,
    databases: holdsData
      ? Object.fromEntries(
          c.config.databases.map((db) => [db, blankCopy(databaseEnd(c, db) ?? position(0, 0n))]),
        )
      : {},
  };
  // Runtimes keep the configuration's order, which the explorer's keys rely on.
  const order = c.config.replicas.map((r) => r.name);
  const replicas = [...c.replicas, runtime].sort(
    (a, b) => order.indexOf(a.name) - order.indexOf(b.name),
  );
  let next: Cluster = { ...c, replicas };
  if (primaryReplica(next) !== undefined) {
    next = sendReplica(next, cfg.name, { type: 'role.secondary' });
    next = connectSecondary(next, cfg.name);
  }
  const observations: Observation[] =
    holdsData && cfg.seedingMode === 'AUTOMATIC' && automaticSeedingRefusal(c.config) === null
      ? notPermittedObservations(c, cfg.name)
      : [];
  const seeded = holdsData
    ? requestAllSeedings(next, cfg.name, true)
    : { cluster: next, observations: [] };
  return accepted(seeded.cluster, [...observations, ...seeded.observations]);
};

export const removeReplica = (c: Cluster, e: EventOf<'replica.remove'>): StepResult => {
  const cfg = replicaConfigOf(c, e.replica);
  const primary = primaryReplica(c);
  if (cfg === undefined)
    return refused(c, [
      lifecycleReason('UNKNOWN_REPLICA', `${e.replica} is not a replica of ${c.config.name}`),
    ]);
  const config = withReplicasOf(
    c.config,
    c.config.replicas.filter((r) => r.name !== cfg.name),
  );
  const reasons = [
    ...noPrimary(c),
    ...(primary?.name === cfg.name
      ? [lifecycleReason('REMOVE_PRIMARY_REPLICA', `${cfg.name} is the primary replica`)]
      : []),
  ];
  const all = reasons.length > 0 ? reasons : validateConfig(config);
  if (all.length > 0) return refused(c, all);
  const had = findReplica(c, cfg.name);
  const next: Cluster = {
    ...c,
    config,
    replicas: c.replicas.filter((r) => r.name !== cfg.name),
  };
  return accepted(
    next,
    had === undefined
      ? []
      : [
          {
            type: 'note',
            reason: lifecycleReason(
              'DATABASE_LEFT_GROUP',
              `${cfg.name} left ${c.config.name}: its secondary databases stay on its instance, RESTORING`,
            ),
          },
        ],
  );
};

/** GRANT / DENY CREATE ANY DATABASE, run on a secondary (SEED001). */
export const setCreateDatabase = (
  c: Cluster,
  e: EventOf<'replica.grantCreateDatabase'> | EventOf<'replica.denyCreateDatabase'>,
): StepResult => {
  const cfg = replicaConfigOf(c, e.replica);
  if (cfg === undefined)
    return refused(c, [
      lifecycleReason('UNKNOWN_REPLICA', `${e.replica} is not a replica of ${c.config.name}`),
    ]);
  const r = findReplica(c, cfg.name);
  const version = automaticSeedingRefusal(c.config);
  const reasons = [
    ...(version === null ? [] : [version]),
    ...(r === undefined
      ? [lifecycleReason('REPLICA_NOT_JOINED', `${cfg.name} has not joined: grant after joining`)]
      : []),
  ];
  if (reasons.length > 0 || r === undefined) return refused(c, reasons);
  const grant = e.type === 'replica.grantCreateDatabase';
  const flagged = updateReplica(c, r.name, (x) => ({ ...x, canCreateDatabase: grant }));
  const moved = grant ? grantSeedings(flagged, r.name) : denySeedings(flagged, r.name);
  return accepted(moved.cluster, moved.observations);
};
