import type { Observation } from '../cluster/observation.js';
import { position, sendReplica, updateReplica } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import {
  agService,
  copyPhase,
  findReplica,
  isReplicaUp,
  primaryReplica,
} from '../cluster/select.js';
import type { Cluster, DatabaseCopy, ReplicaRuntime } from '../cluster/types.js';
import { removeDownOldPrimary } from '../failover/offline-local.js';
import { INITIAL } from '../kernel/machines.js';
import { connectSecondary } from '../log/connect.js';
import { commonLsn, isPrefixOf } from '../log/lineage.js';
import { resolveReplica, withReplicasOf } from '../model/config.js';
import type { EventOf } from '../model/events.js';
import type { Reason } from '../model/source.js';
import { sameName } from '../rules/facts-access.js';
import {
  denySeedings,
  grantSeedings,
  notPermittedObservations,
  requestAllSeedings,
} from '../seeding/ops.js';
import { automaticSeedingRefusal } from '../seeding/seeding.js';
import { validateConfig } from '../validation/validate.js';
import { databaseEnd, forksOf, replicaConfigOf, sendCopyTraced, type Traced } from './access.js';
import { grantOnConfigurationOnly } from './configuration-only.js';
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
  if (c.stoppedInstances?.some((n) => sameName(n, cfg.name)))
    return refused(c, [
      lifecycleReason(
        'REPLICA_DOWN',
        `the instance of ${cfg.name} is not running: it was down when it was removed, and JOIN runs there once it has started`,
      ),
    ]);
  // Msg 41136 (S135): "Failed to join the availability replica to availability group '%.*ls'
  // because the group is not online. Either bring the availability group online, or drop and
  // recreate it. Then retry the join operation."
  const service = agService(c);
  if (service !== 'ONLINE')
    return refused(c, [
      lifecycleReason(
        'JOIN_GROUP_NOT_ONLINE',
        `${c.config.name} is not online (${service}): SQL Server refuses the JOIN on ${cfg.name} with Msg 41136 and rolls it back (Msg 41158); it joins once a primary serves the group${service === 'OFFLINE' ? ', which a group taken OFFLINE never has again: drop and recreate it' : ''}`,
      ),
    ]);
  const holdsData = cfg.availabilityMode !== 'CONFIGURATION_ONLY';
  // The copies its instance kept RESTORING when it was removed, or restored WITH NORECOVERY
  // before this JOIN (restoreOnInstance), are its secondary databases.
  const kept = holdsData ? (c.instances?.[cfg.name] ?? {}) : {};
  // MODEL: JOIN on an instance removed while cut off, its network still broken, leaves it so: it
  // joins and stays DISCONNECTED until replica.reconnect.
  const cutOff = c.cutOffInstances?.some((n) => sameName(n, cfg.name)) === true;
  const runtime: ReplicaRuntime = {
    name: cfg.name,
    machine: INITIAL.replica,
    linkDownSinceMs: cutOff ? c.nowMs : null,
    canCreateDatabase: false,
    recoversAsPrimary: false,
    databases: holdsData
      ? {
          ...kept,
          ...Object.fromEntries(
            c.config.databases.map((db) => [
              db,
              kept[db] ?? blankCopy(databaseEnd(c, db) ?? position(0, 0n)),
            ]),
          ),
        }
      : {},
  };
  // Runtimes keep the configuration's order, which the explorer's keys rely on.
  const order = c.config.replicas.map((r) => r.name);
  const replicas = [...c.replicas, runtime].sort(
    (a, b) => order.indexOf(a.name) - order.indexOf(b.name),
  );
  let next: Cluster = {
    ...withoutCutOff(withInstance(c, cfg.name, holdsData ? {} : kept), cfg.name),
    replicas,
  };
  if (primaryReplica(next) !== undefined) {
    next = sendReplica(next, cfg.name, { type: 'role.secondary' });
    if (!cutOff) next = connectSecondary(next, cfg.name);
  }
  const observations: Observation[] =
    holdsData && cfg.seedingMode === 'AUTOMATIC' && automaticSeedingRefusal(c.config) === null
      ? notPermittedObservations(c, cfg.name)
      : [];
  const seeded = holdsData
    ? requestAllSeedings(next, cfg.name, true)
    : { cluster: next, observations: [] };
  return accepted(seeded.cluster, [
    ...keptNotes(c, cfg.name, holdsData ? kept : {}),
    ...observations,
    ...seeded.observations,
  ]);
};

/** The cluster without `name` among the instances removed while cut off. */
export const withoutCutOff = (c: Cluster, name: string): Cluster => {
  const others = (c.cutOffInstances ?? []).filter((n) => !sameName(n, name));
  const { cutOffInstances: _, ...rest } = c;
  return others.length > 0 ? { ...rest, cutOffInstances: others } : rest;
};

/** The cluster with `copies` as what the instance of `replica` keeps outside the group (none: no entry). */
const withInstance = (
  c: Cluster,
  replica: string,
  copies: Readonly<Record<string, DatabaseCopy>>,
): Cluster => {
  const { [replica]: _gone, ...others } = c.instances ?? {};
  const instances = Object.keys(copies).length > 0 ? { ...others, [replica]: copies } : others;
  if (Object.keys(instances).length > 0) return { ...c, instances };
  const { instances: _none, ...rest } = c;
  return rest;
};

const keptNotes = (
  c: Cluster,
  replica: string,
  kept: Readonly<Record<string, DatabaseCopy>>,
): Observation[] =>
  Object.entries(kept)
    .filter(([db]) => c.config.databases.includes(db))
    .map(([db, copy]) => {
      const end = databaseEnd(c, db);
      const forks = forksOf(c, db);
      // A copy past the primary's recovery fork (an old primary that held log a forced failover
      // lost) takes neither the join nor the new primary's log backups: only a new restore.
      return end !== undefined && !isPrefixOf(forks, copy.hardened, end)
        ? {
            type: 'note',
            reason: lifecycleReason(
              'COPY_NOT_ON_PRIMARY_LINEAGE',
              `${replica} holds ${db} RESTORING to LSN ${copy.hardened.lsn} on its instance, but it parts from the primary's log at LSN ${commonLsn(forks, copy.hardened, end)}, on another recovery fork: neither SET HADR AVAILABILITY GROUP nor the log backups taken since can continue it; restore ${db} there again from a current full backup WITH NORECOVERY, then join it`,
            ),
          }
        : {
            type: 'note',
            reason: lifecycleReason(
              'RESTORING_COPY_KEPT',
              `${replica} holds ${db} RESTORING to LSN ${copy.hardened.lsn} on its instance (left there when it was removed, or restored there before it joined): SET HADR AVAILABILITY GROUP can join it while the primary still holds the log after that LSN; otherwise restore the log backups taken since first`,
            ),
          };
    });

/**
 * The copies of a removed replica, as its instance keeps them: a joined secondary database goes
 * back to RESTORING, as on SET HADR OFF (ag-rules §3.4: S50, S3); a RESTORING one stays;
 * a copy being seeded or not there is not kept.
 */
const leaveGroup = (
  c: Cluster,
  r: ReplicaRuntime,
): { readonly traced: Traced; readonly kept: Record<string, DatabaseCopy> } => {
  let traced: Traced = { cluster: c, observations: [] };
  for (const [db, copy] of Object.entries(r.databases)) {
    if (copyPhase(copy) !== 'JOINED') continue;
    const left = sendCopyTraced(traced.cluster, r.name, db, [() => ({ type: 'db.leave' })]);
    traced = {
      cluster: left.cluster,
      observations: [...traced.observations, ...left.observations],
    };
  }
  const kept: Record<string, DatabaseCopy> = {};
  for (const [db, copy] of Object.entries(findReplica(traced.cluster, r.name)?.databases ?? {})) {
    if (copyPhase(copy) !== 'RESTORING') continue;
    kept[db] = {
      ...copy,
      received: copy.hardened,
      redone: copy.hardened,
      failoverReady: false,
      suspendedOnPrimary: false,
      // The group's seeding of it ended with the replica.
      seeding: INITIAL.seeding,
    };
  }
  return { traced, kept };
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
  if (had === undefined) return accepted({ ...c, config });
  // CLUSTER_TYPE NONE: an old primary down since a forced failover is not told (S108).
  if (c.config.clusterType === 'NONE' && had.recoversAsPrimary && !isReplicaUp(had))
    return removeDownOldPrimary(
      c,
      { ...c, config, replicas: c.replicas.filter((r) => r.name !== cfg.name) },
      cfg.name,
      Object.entries(had.databases).map(([db, copy]) => `${db} to LSN ${copy.hardened.lsn}`),
    );
  const { traced, kept } = leaveGroup(c, had);
  const left: Cluster = {
    ...withInstance(traced.cluster, cfg.name, kept),
    config,
    replicas: traced.cluster.replicas.filter((r) => r.name !== cfg.name),
  };
  // An unavailable replica "will discover that it has been removed" when it comes online (S74):
  // a stopped instance when it starts, a running one cut off from the primary when the network
  // comes back.
  const cutOff = isReplicaUp(had) && had.linkDownSinceMs !== null;
  const next: Cluster = !isReplicaUp(had)
    ? { ...left, stoppedInstances: [...(c.stoppedInstances ?? []), cfg.name] }
    : cutOff
      ? { ...left, cutOffInstances: [...(c.cutOffInstances ?? []), cfg.name] }
      : left;
  const held = Object.entries(kept).map(([db, copy]) => `${db} to LSN ${copy.hardened.lsn}`);
  const later = !isReplicaUp(had)
    ? `; ${cfg.name} is down and learns of its removal when its instance starts`
    : cutOff
      ? `; ${cfg.name} is cut off from the primary and learns of its removal when the network comes back`
      : '';
  return accepted(next, [
    ...traced.observations,
    {
      type: 'note',
      reason: lifecycleReason(
        'DATABASE_LEFT_GROUP',
        `${cfg.name} left ${c.config.name}: its secondary databases stay on its instance, RESTORING${held.length > 0 ? ` (${held.join(', ')})` : ''}${later}`,
      ),
    },
  ]);
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
  const grant = e.type === 'replica.grantCreateDatabase';
  const configurationOnly = grant ? grantOnConfigurationOnly(c.config, cfg.name) : null;
  const reasons = [
    ...(version === null ? [] : [version]),
    ...(configurationOnly === null ? [] : [configurationOnly]),
    ...(r === undefined
      ? [lifecycleReason('REPLICA_NOT_JOINED', `${cfg.name} has not joined: grant after joining`)]
      : []),
  ];
  if (reasons.length > 0 || r === undefined) return refused(c, reasons);
  const flagged = updateReplica(c, r.name, (x) => ({ ...x, canCreateDatabase: grant }));
  const moved = grant ? grantSeedings(flagged, r.name) : denySeedings(flagged, r.name);
  return accepted(moved.cluster, moved.observations);
};
