import { sendAg, sendAllCopies, sendReplica, updateReplica } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import { findReplica, isReplicaUp, primaryReplica, replicaRole } from '../cluster/select.js';
import type { Cluster, ReplicaRuntime } from '../cluster/types.js';
import { connectSecondary, disconnectSecondary } from '../log/connect.js';
import { abandonPending } from '../log/log-step.js';
import { type Reason, reason, source } from '../model/source.js';

/**
 * OFFLINE under CLUSTER_TYPE NONE. The read-scale failover include, revised (S108), "Manual
 * failover without data loss": "4. Set the primary replica and the secondary replica(s) not
 * participating in the failover offline to prepare for the role change: ALTER AVAILABILITY GROUP
 * [AGRScale] OFFLINE", "5. Promote the target secondary replica to primary … FORCE_FAILOVER_ALLOW_DATA_LOSS",
 * "6. Update the role of the old primary and other secondaries to SECONDARY … SET (ROLE =
 * SECONDARY)". With no cluster manager, OFFLINE acts on the replica it runs on: step 5 runs on a
 * replica of the same group, which S3's group-wide OFFLINE ("you can't bring the availability
 * group back online") would refuse.
 */
export const READ_SCALE_OFFLINE = source(
  'S108',
  'Manual failover without data loss: OFFLINE on the primary and the secondaries not participating, FORCE_FAILOVER_ALLOW_DATA_LOSS on the target, SET (ROLE = SECONDARY)',
);

const withoutOffline = (r: ReplicaRuntime): ReplicaRuntime => {
  if (r.offlineLocally !== true) return r;
  const { offlineLocally: _, ...rest } = r;
  return rest;
};

/** The replica holds a role again (a failover made it primary, a restart, SET (ROLE = SECONDARY)). */
export const clearOffline = (c: Cluster, name: string): Cluster =>
  findReplica(c, name)?.offlineLocally === true ? updateReplica(c, name, withoutOffline) : c;

/**
 * ALTER AVAILABILITY GROUP … OFFLINE run on `name` of a CLUSTER_TYPE NONE group: that replica
 * leaves its role (RESOLVING, its copies NOT SYNCHRONIZING); on the group's primary the group has
 * no primary and the secondaries lose their session with it. `unsynchronized`: the reasons S73
 * gives for refusing OFFLINE on the primary.
 */
export const offlineOnReplica = (
  c: Cluster,
  name: string | null,
  unsynchronized: readonly Reason[],
): StepResult => {
  const r = name === null ? undefined : findReplica(c, name);
  if (name === null || r === undefined)
    return refused(c, [
      reason(
        'NO_PRIMARY',
        `${name ?? 'no replica'} ${name === null ? 'holds the primary role' : `is not a replica of ${c.config.name}`}: name the replica OFFLINE runs on`,
        READ_SCALE_OFFLINE,
      ),
    ]);
  if (!isReplicaUp(r))
    return refused(c, [
      reason('REPLICA_DOWN', `the instance of ${r.name} is not running`, READ_SCALE_OFFLINE),
    ]);
  if (r.offlineLocally === true)
    return refused(c, [
      reason(
        'ALREADY_OFFLINE',
        `${c.config.name} is already offline on ${r.name}`,
        READ_SCALE_OFFLINE,
      ),
    ]);
  const isPrimary = primaryReplica(c)?.name === r.name;
  if (isPrimary && unsynchronized.length > 0) return refused(c, unsynchronized);
  const abandoned = isPrimary
    ? abandonPending(c, r.name)
    : { cluster: c, observations: [] as StepResult['observations'] };
  let next = isPrimary ? sendAg(abandoned.cluster, { type: 'primary.demoted' }) : abandoned.cluster;
  next = disconnectSecondary(next, r.name, false);
  next = sendReplica(next, r.name, { type: 'role.resolving' });
  next = updateReplica(next, r.name, (x) => ({ ...x, offlineLocally: true }));
  if (isPrimary)
    for (const other of next.replicas)
      if (other.name !== r.name) next = disconnectSecondary(next, other.name, false);
  return accepted(next, [
    ...abandoned.observations,
    {
      type: 'note',
      reason: reason(
        'OFFLINE_ON_REPLICA',
        `CLUSTER_TYPE = NONE: OFFLINE takes ${c.config.name} offline on ${r.name} only; it holds no role until SET (ROLE = SECONDARY) runs there${isPrimary ? ', and the group has no primary until FORCE_FAILOVER_ALLOW_DATA_LOSS runs on a secondary' : ''}`,
        READ_SCALE_OFFLINE,
      ),
    },
  ]);
};

/**
 * SET (ROLE = SECONDARY) on a replica taken offline (S108 step 6): it is a secondary again and
 * connects to the primary, if there is one; a forced failover since has already suspended its
 * databases, which resume on the new primary's history.
 */
export const offlineToSecondary = (c: Cluster, name: string): StepResult => {
  let next = clearOffline(c, name);
  next = sendReplica(next, name, { type: 'role.secondary' });
  next = sendAllCopies(next, name, () => ({ type: 'role.secondary' }));
  next = connectSecondary(next, name);
  const primary = primaryReplica(next)?.name;
  return accepted(next, [
    {
      type: 'note',
      reason: reason(
        'OFFLINE_REPLICA_SECONDARY',
        `${name} is a secondary of ${c.config.name} again, ${primary === undefined ? 'with no primary to connect to' : `connected to the primary ${primary}`}`,
        READ_SCALE_OFFLINE,
      ),
    },
  ]);
};

/** A replica taken offline under CLUSTER_TYPE NONE that SET (ROLE = SECONDARY) applies to. */
export const isOfflineHere = (c: Cluster, name: string): boolean => {
  const r = findReplica(c, name);
  return r?.offlineLocally === true && isReplicaUp(r) && replicaRole(r) !== 'PRIMARY';
};

/**
 * The revised include (S108), "Forced manual failover with data loss": "if the original primary
 * replica recovers after failover, it will assume the primary role. To avoid having each replica be
 * in a different state, remove the original primary from the availability group after a forced
 * failover with data loss. Once the original primary comes back online, remove the availability
 * group from it entirely", with the steps "2. On the new primary replica (N2), remove the original
 * primary (N1)", "4. If the original primary (N1) comes online, immediately take availability group
 * AGRScale offline on the original primary (N1)", "5. If there is data or unsynchronized changes,
 * preserve this data", then DROP AVAILABILITY GROUP and DROP DATABASE on N1.
 */
const STRAY = source(
  'S108',
  'Forced manual failover with data loss: remove the original primary, take the group offline on it when it comes online, then drop it there',
);

const isStray = (c: Cluster, name: string): boolean =>
  c.strayPrimaries?.some((n) => n.toLowerCase() === name.toLowerCase()) === true;

/**
 * REMOVE REPLICA of an old primary that is down under CLUSTER_TYPE NONE (marked `recoversAsPrimary`
 * by the forced failover): its instance is not told, so its copies are not left RESTORING for a
 * later JOIN; it will start in the primary role on its own copy. `left`: the group without it.
 */
export const removeDownOldPrimary = (
  c: Cluster,
  left: Cluster,
  name: string,
  held: readonly string[],
): StepResult =>
  accepted(
    {
      ...left,
      stoppedInstances: [...(c.stoppedInstances ?? []), name],
      strayPrimaries: [...(c.strayPrimaries ?? []), name],
    },
    [
      {
        type: 'note',
        reason: reason(
          'REMOVED_OLD_PRIMARY_NOT_TOLD',
          `CLUSTER_TYPE = NONE: ${name} is down and nothing tells it of its removal from ${c.config.name}; when it comes online it takes the primary role on its own copy${held.length > 0 ? ` (${held.join(', ')})` : ''}: take the group offline there at once (OFFLINE on ${name}), preserve what the primary lacks, then DROP AVAILABILITY GROUP and the database on ${name} before adding it back as a new secondary`,
          STRAY,
        ),
      },
    ],
  );

/** The instance of such an old primary starts: it holds the group as primary, apart from it. */
export const strayPrimaryStarts = (c: Cluster, name: string): StepResult | null => {
  if (!isStray(c, name)) return null;
  const others = (c.stoppedInstances ?? []).filter((n) => n !== name);
  const { stoppedInstances: _, ...rest } = c;
  return accepted(others.length > 0 ? { ...rest, stoppedInstances: others } : rest, [
    {
      type: 'note',
      reason: reason(
        'REMOVED_OLD_PRIMARY_TAKES_ROLE',
        `${name} starts and, removed while it was down, "will assume the primary role" of ${c.config.name} on its own copy, writable apart from the group: take the group offline there immediately (OFFLINE on ${name})`,
        STRAY,
      ),
    },
  ]);
};

/** OFFLINE on such an old primary once it runs (S108 step 4). null: `name` is not one. */
export const offlineStray = (c: Cluster, name: string): StepResult | null => {
  if (!isStray(c, name)) return null;
  if (c.stoppedInstances?.some((n) => n.toLowerCase() === name.toLowerCase()) === true)
    return refused(c, [reason('REPLICA_DOWN', `the instance of ${name} is not running`, STRAY)]);
  const others = (c.strayPrimaries ?? []).filter((n) => n.toLowerCase() !== name.toLowerCase());
  const { strayPrimaries: _, ...rest } = c;
  return accepted(others.length > 0 ? { ...rest, strayPrimaries: others } : rest, [
    {
      type: 'note',
      reason: reason(
        'OFFLINE_ON_REMOVED_OLD_PRIMARY',
        `${c.config.name} is offline on ${name}, which is no longer a replica of it: preserve what the primary lacks, then DROP AVAILABILITY GROUP [${c.config.name}] and the database on ${name}; it can then be added back as a new secondary`,
        STRAY,
      ),
    },
  ]);
};
