import type { ClusterFacts } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import { isReplicaUp, primaryConfig, replicaFacts, sameName } from '../rules/facts-access.js';
import { validateConfig } from '../validation/validate.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * "Failover and failover modes" (S2), Conditions Required for an Automatic Failover, TIP: "If the
 * secondary replica fails, automatic failover is not possible because the automatic failover
 * target is unavailable. If the primary replica fails, the availability group will fail over to
 * the secondary replica. Until the former primary replica comes online, no automatic failover
 * target exists. In either case, to ensure availability in the unlikely case of a sequential
 * failure, we recommend that you configure a different secondary replica as the automatic
 * failover target."
 */
export const ANOTHER_AUTOMATIC_TARGET_RULE = source(
  'S2',
  'Conditions Required for an Automatic Failover (TIP): configure a different secondary replica as the automatic failover target',
);

/** Known not running, or known cut off from the primary. */
const failed = (facts: ClusterFacts, name: string): boolean => {
  const f = replicaFacts(facts, name);
  return isReplicaUp(f) === false || f?.connectedState === 'DISCONNECTED';
};

const synchronized = (facts: ClusterFacts, name: string): boolean => {
  const rows = facts.databaseReplicas.filter((d) => sameName(d.replica, name));
  return rows.length > 0 && rows.every((d) => d.synchronizationState === 'SYNCHRONIZED');
};

/**
 * With every automatic failover partner of the primary failed, MODIFY REPLICA ON … WITH
 * (FAILOVER_MODE = AUTOMATIC) for a running, connected synchronous-commit secondary with manual
 * failover, one the version's limits allow (validateConfig), a SYNCHRONIZED one first. Not where
 * the primary itself is not synchronous with automatic failover (no automatic failover is meant),
 * nor outside a WSFC.
 */
export const anotherAutomaticTarget = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = primaryConfig(facts);
  if (
    primary === undefined ||
    facts.config.clusterType !== 'WSFC' ||
    primary.availabilityMode !== 'SYNCHRONOUS_COMMIT' ||
    primary.failoverMode !== 'AUTOMATIC'
  )
    return [];
  const others = facts.config.replicas.filter(
    (r) => !sameName(r.name, primary.name) && r.availabilityMode === 'SYNCHRONOUS_COMMIT',
  );
  const partners = others.filter((r) => r.failoverMode === 'AUTOMATIC');
  if (partners.length === 0 || !partners.every((p) => failed(facts, p.name))) return [];
  const candidates = others.filter(
    (r) =>
      r.failoverMode === 'MANUAL' &&
      isReplicaUp(replicaFacts(facts, r.name)) === true &&
      replicaFacts(facts, r.name)?.connectedState === 'CONNECTED' &&
      validateConfig({
        ...facts.config,
        replicas: facts.config.replicas.map((x) =>
          sameName(x.name, r.name) ? { ...x, failoverMode: 'AUTOMATIC' as const } : x,
        ),
      }).length === 0,
  );
  const chosen = candidates.find((r) => synchronized(facts, r.name)) ?? candidates[0];
  if (chosen === undefined) return [];
  const names = partners.map((p) => p.name).join(', ');
  const state = synchronized(facts, chosen.name)
    ? 'is SYNCHRONIZED'
    : 'is not yet SYNCHRONIZED (automatic failover to it waits for that)';
  return [
    {
      event: { type: 'replica.setFailoverMode', replica: chosen.name, mode: 'AUTOMATIC' },
      why: [
        reason(
          'ANOTHER_AUTOMATIC_TARGET',
          `the primary ${primary.name}'s automatic failover ${partners.length === 1 ? 'partner' : 'partners'} ${names} ${partners.length === 1 ? 'is' : 'are'} down or disconnected: no automatic failover target exists, so a failure of ${primary.name} now would not fail over; a different secondary replica as the automatic failover target guards against that sequential failure: ${chosen.name} is SYNCHRONOUS_COMMIT with FAILOVER_MODE MANUAL and ${state}`,
          ANOTHER_AUTOMATIC_TARGET_RULE,
        ),
      ],
    },
  ];
};
