import type { SqlServerVersion } from '../../core/model/enums.js';
import type { ClusterEvent } from '../../core/model/events.js';
import { type Reason, unknownReason } from '../../core/model/source.js';
import { limitsFor } from '../../core/validation/limits.js';
import { groupReplicaKey } from './loose-mode-change.js';
import type { StatementResult } from './result.js';
import type { PlacedReason } from './versions.js';

/** The replica an event makes automatic-failover, with the availability mode it gives it, if any. */
const madeAutomatic = (
  e: ClusterEvent,
): { readonly replica: string; readonly availabilityMode: string | undefined } | null => {
  if (e.type === 'replica.add' && e.spec.failoverMode === 'AUTOMATIC')
    return { replica: e.spec.name, availabilityMode: e.spec.availabilityMode };
  if (e.type === 'replica.modify' && e.options.failoverMode === 'AUTOMATIC')
    return { replica: e.replica, availabilityMode: e.options.availabilityMode };
  return null;
};

const automaticUnknown = (
  text: string,
  group: string,
  replica: string,
  synchronous: boolean,
  version: SqlServerVersion,
): Reason => {
  const limits = limitsFor(version);
  const automatic = limits.maxAutomaticFailoverIncludingPrimary;
  const sync = limits.maxSynchronousCommitIncludingPrimary;
  const clusterType =
    version >= 2017
      ? `, where its CLUSTER_TYPE is NONE (Msg 47101, "The cluster type of availability group '${group}' only supports MANUAL failover mode") or EXTERNAL (Msg 47102, "… only supports EXTERNAL failover mode")`
      : '';
  const syncPart = synchronous
    ? `, and, as it makes '${replica}' synchronous-commit, where ${group} already has ${sync.value} synchronous-commit replicas (SQL Server ${version}'s maximum, primary included)`
    : '';
  return unknownReason(
    'AUTOMATIC_FAILOVER_REPLICA_UNKNOWN',
    `${text} makes '${replica}' an automatic-failover replica of '${group}', which the script does not create: SQL Server refuses it where ${group} already has ${automatic.value} replicas with FAILOVER_MODE = AUTOMATIC (SQL Server ${version}'s maximum, primary included)${clusterType}${syncPart}; the script does not show ${group}'s replicas${version >= 2017 ? ' or its CLUSTER_TYPE' : ''}, so whether SQL Server runs the statement is unknown`,
    automatic.rule,
    [
      `sys.availability_replicas.failover_mode_desc of ${group}'s replicas`,
      ...(synchronous
        ? [`sys.availability_replicas.availability_mode_desc of ${group}'s replicas`]
        : []),
      ...(version >= 2017 ? [`sys.availability_groups.cluster_type_desc for ${group}`] : []),
    ],
  );
};

/**
 * An ADD REPLICA with FAILOVER_MODE = AUTOMATIC, or a MODIFY REPLICA that sets it on a replica the
 * script has not made automatic before, on a group the script does not create: how many of the
 * group's replicas already fail over automatically, and (from SQL Server 2017) its CLUSTER_TYPE,
 * decide whether SQL Server takes it, and the script says neither. The version's maximum counts the
 * primary (ag-rules §2.1, D2); Msg 47101 and 47102 ("Database engine events and errors (41400 to
 * 49999)", S111) refuse AUTOMATIC on CLUSTER_TYPE = NONE and EXTERNAL. S119's example makes
 * INSTANCE09 synchronous and then automatic, one statement each. A statement that leaves the
 * replica asynchronous is refused whatever the group (R-CFG-1, loose-mode-change.ts), so it is not
 * unknown here.
 */
export const automaticFailoverUnknowns = (
  statements: readonly StatementResult[],
  version: SqlServerVersion,
): PlacedReason[] => {
  const automatic = new Set<string>();
  const availability = new Map<string, string>();
  const out: PlacedReason[] = [];
  for (const s of statements) {
    if (s.group === undefined || s.group === null || s.outcome.kind !== 'events') continue;
    const group = s.group;
    for (const e of s.outcome.events) {
      if (e.type === 'replica.remove') {
        automatic.delete(groupReplicaKey(group, e.replica));
        availability.delete(groupReplicaKey(group, e.replica));
      }
      const made = madeAutomatic(e);
      const given =
        e.type === 'replica.add'
          ? { replica: e.spec.name, mode: e.spec.availabilityMode }
          : e.type === 'replica.modify'
            ? { replica: e.replica, mode: e.options.availabilityMode }
            : null;
      const before =
        given === null ? undefined : availability.get(groupReplicaKey(group, given.replica));
      if (given?.mode !== undefined)
        availability.set(groupReplicaKey(group, given.replica), given.mode);
      if (made === null) continue;
      const k = groupReplicaKey(group, made.replica);
      if ((made.availabilityMode ?? before) === 'ASYNCHRONOUS_COMMIT' || automatic.has(k)) continue;
      automatic.add(k);
      out.push({
        line: s.line,
        column: s.column,
        reason: automaticUnknown(
          s.text,
          group,
          made.replica,
          made.availabilityMode === 'SYNCHRONOUS_COMMIT' && before !== 'SYNCHRONOUS_COMMIT',
          version,
        ),
      });
    }
  }
  return out;
};
