import {
  agService,
  connectedState,
  copyPhase,
  joinedState,
  primaryName,
  quorumState,
} from '../cluster/select.js';
import type { Cluster, ReplicaRuntime } from '../cluster/types.js';
import { sameName } from '../rules/facts-access.js';

/**
 * With no serving primary, a WSFC group takes a planned failover to a synchronous-commit replica
 * whose every database is still marked failover ready, under healthy quorum (failover.ts,
 * plannedWithoutPrimaryChecks); any other cluster type refuses it (NO_PRIMARY).
 */
const refusedWithoutPrimary = (c: Cluster, target: ReplicaRuntime): boolean => {
  const { config } = c;
  if (config.clusterType !== 'WSFC' || quorumState(c) !== 'HEALTHY') return true;
  const spec = config.replicas.find((r) => sameName(r.name, target.name));
  if (spec === undefined || spec.availabilityMode !== 'SYNCHRONOUS_COMMIT') return true;
  for (const database of config.databases) {
    const copy = target.databases[database];
    if (copy === undefined || copyPhase(copy) !== 'JOINED' || !copy.failoverReady) return true;
  }
  return false;
};

/**
 * Whether a planned failover to `target` is refused whatever else holds, read from the cluster
 * alone: each condition here is one of `plannedFailover`'s checks (failover.ts), as `stepFacts`
 * would present it. It lets the explorer leave out a command the step would refuse, without
 * building the facts and every reason of the refusal (most planned failovers a state could be
 * offered are refused). It may answer false for a refused failover, never true for an allowed
 * one: properties/planned-offer.test.ts holds it to the step.
 */
export const plannedFailoverRefusedAtOnce = (c: Cluster, target: ReplicaRuntime): boolean => {
  // checkGroupNotOffline, checkPrimaryAvailable (a simulated group always says which is primary).
  if (agService(c) === 'OFFLINE') return true;
  const primary = primaryName(c);
  if (primary === null) return refusedWithoutPrimary(c, target);
  // checkTargetIsNotPrimary, checkHealthyQuorum, the cluster-type check.
  if (sameName(primary, target.name) || quorumState(c) !== 'HEALTHY') return true;
  const { config } = c;
  if (config.clusterType === 'NONE') return true;
  // checkTargetCanHostData and checkSynchronousPair: both ends must commit synchronously.
  for (const r of config.replicas)
    if (
      (sameName(r.name, primary) || sameName(r.name, target.name)) &&
      r.availabilityMode !== 'SYNCHRONOUS_COMMIT'
    )
      return true;
  // checkTargetConnected (the target is not the primary, so its own connection state counts).
  if (connectedState(target) !== 'CONNECTED') return true;
  // checkEveryDatabaseSynchronized: joined, online and SYNCHRONIZED on the target.
  for (const database of config.databases) {
    const copy = target.databases[database];
    if (
      copy === undefined ||
      copyPhase(copy) !== 'JOINED' ||
      copy.notOnline !== undefined ||
      joinedState(copy) !== 'SYNCHRONIZED'
    )
      return true;
  }
  return false;
};

/**
 * Whether a forced failover is refused whatever the target, read from the cluster alone: without
 * quorum even a forced failover waits for quorum to be regained or forced (`forcedFailover`'s
 * checkAnyQuorum, QUORUM_LOST). properties/delivery-offer.test.ts holds it to the step.
 */
export const forcedFailoverRefusedAtOnce = (c: Cluster): boolean => quorumState(c) === 'LOST';
