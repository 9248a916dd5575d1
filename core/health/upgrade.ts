import { updateReplica } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import { findReplica, isReplicaUp, primaryReplica, replicaVersion } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import type { EventOf } from '../model/events.js';
import { reason, source } from '../model/source.js';
import { crash, restart } from './replicas.js';

/**
 * A rolling upgrade, one instance at a time ("Upgrading Always On Availability Group Replica
 * Instances", S64). Setup stops the instance, upgrades it and starts it again, so a running
 * replica goes through the same stop and start as `replica.crash` and `replica.restart`: a
 * primary upgraded in place fails over as a stopped primary does, which is why the page says to
 * fail over first. A stopped replica is only upgraded; `replica.restart` starts it.
 */
const ROLLING_UPGRADE = source('S64', 'Rolling Upgrade Process');

/**
 * Once every replica runs a later major version than the group's, that is the group's version:
 * features are judged by it. Only the major version is known then (productVersion null): rules
 * that changed in a cumulative update say unknown.
 */
const groupVersionFollows = (c: Cluster): Cluster => {
  let lowest = replicaVersion(c, c.replicas[0]!);
  for (const r of c.replicas) if (replicaVersion(c, r) < lowest) lowest = replicaVersion(c, r);
  if (lowest <= c.config.version) return c;
  return {
    ...c,
    config: { ...c.config, version: lowest, cumulativeUpdate: null, productVersion: null },
  };
};

export const upgradeReplica = (c: Cluster, e: EventOf<'replica.upgrade'>): StepResult => {
  const r = findReplica(c, e.replica);
  if (r === undefined)
    return refused(c, [
      reason(
        'UNKNOWN_REPLICA',
        `${e.replica} is not a replica of ${c.config.name}`,
        ROLLING_UPGRADE,
      ),
    ]);
  const from = replicaVersion(c, r);
  if (e.version <= from)
    return refused(c, [
      reason(
        'UPGRADE_NOT_LATER',
        `${r.name} runs SQL Server ${from}: an upgrade moves an instance to a later major version, not to ${e.version} (a cumulative update or service pack keeps the version)`,
        ROLLING_UPGRADE,
      ),
    ]);
  const wasPrimary = primaryReplica(c)?.name === r.name;
  const running = isReplicaUp(r);
  const stopped = running ? crash(c, { type: 'replica.crash', replica: r.name }) : null;
  if (stopped !== null && stopped.refused.length > 0) return refused(c, stopped.refused);
  const upgraded = groupVersionFollows(
    updateReplica(stopped?.cluster ?? c, r.name, (x) => ({ ...x, version: e.version })),
  );
  const started = running ? restart(upgraded, { type: 'replica.restart', replica: r.name }) : null;
  if (started !== null && started.refused.length > 0) return refused(c, started.refused);
  const note = {
    type: 'note' as const,
    reason: reason(
      wasPrimary ? 'UPGRADE_PRIMARY_IN_PLACE' : 'REPLICA_UPGRADED',
      wasPrimary
        ? `${r.name} was the primary and is upgraded from SQL Server ${from} to ${e.version} in place: "Do not upgrade the primary replica instance before failing over the availability group to an upgraded instance with a secondary replica first. Otherwise, client applications may suffer extended downtime"`
        : `${r.name} is upgraded from SQL Server ${from} to ${e.version}${running ? ' (its instance stopped and started again)' : ''}`,
      ROLLING_UPGRADE,
    ),
  };
  return accepted(started?.cluster ?? upgraded, [
    ...(stopped?.observations ?? []),
    note,
    ...(started?.observations ?? []),
  ]);
};
