import type { ClusterFacts } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import { primaryConfig, replicaFacts, sameName } from '../rules/facts-access.js';
import { validateConfig } from '../validation/validate.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * "Perform a forced manual failover" (S44), Follow Up step 1: "If you failed over outside of the
 * synchronous-commit failover set: We recommend that you consider adjusting the availability mode
 * and failover mode on the new primary replica and on remaining secondary replicas"; its example,
 * Returning the Availability Group to its Original Topology, step 2: "Change the new primary
 * replica to synchronous-commit mode. Note: This step enables resumed synchronous-commit secondary
 * databases to become SYNCHRONIZED", before the planned failover back (step 3). Under an
 * asynchronous-commit primary no secondary is SYNCHRONIZED (S1), so no planned failover back.
 */
export const PRIMARY_ASYNC_RULE = source(
  'S44',
  'Returning the Availability Group to its Original Topology, step 2: change the new primary replica to synchronous-commit mode',
);

/**
 * Without a forced failover behind the primary there is nothing to fail back to: the rule is S1's,
 * "If the current primary is configured for asynchronous commit availability mode, it commits
 * transactions asynchronously for all secondary replicas regardless of their individual
 * availability mode settings", as in a planned migration that makes a secondary synchronous first.
 */
export const PRIMARY_ASYNC_PLANNED_RULE = source(
  'S1',
  'Supported availability modes: an asynchronous-commit primary commits asynchronously for every secondary',
);

/** The primary's log is on a fork a forced failover started (known for simulated clusters only). */
const afterForcedFailover = (facts: ClusterFacts, primary: string): boolean =>
  (facts.logs ?? []).some((l) => {
    const at = Object.entries(l.hardened).find(([name]) => sameName(name, primary))?.[1];
    return at !== undefined && l.forks.some((f) => f.id === at.fork && f.forced === true);
  });

/** The synchronous-commit secondaries, connected, that would synchronize under a synchronous-commit primary. */
export const waitingForSynchronousPrimary = (facts: ClusterFacts): readonly string[] => {
  const primary = primaryConfig(facts);
  if (primary === undefined || primary.availabilityMode !== 'ASYNCHRONOUS_COMMIT') return [];
  return facts.config.replicas
    .filter(
      (r) =>
        !sameName(r.name, primary.name) &&
        r.availabilityMode === 'SYNCHRONOUS_COMMIT' &&
        replicaFacts(facts, r.name)?.connectedState === 'CONNECTED' &&
        facts.databaseReplicas.some(
          (d) => sameName(d.replica, r.name) && d.isJoined === true && d.isSuspended === false,
        ),
    )
    .map((r) => r.name);
};

const withMode = (
  config: ClusterFacts['config'],
  replica: string,
  mode: 'SYNCHRONOUS_COMMIT' | 'ASYNCHRONOUS_COMMIT',
): ClusterFacts['config'] => ({
  ...config,
  replicas: config.replicas.map((r) =>
    sameName(r.name, replica) ? { ...r, availabilityMode: mode } : r,
  ),
});

// The step refuses a change that breaks a documented rule (the synchronous-commit replica limit).
const valid = (config: ClusterFacts['config']): boolean => validateConfig(config).length === 0;

/**
 * What commits do while no secondary can be SYNCHRONIZED: acknowledged on the primary alone, or,
 * with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT above 0, refused: "If the minimum number of
 * replicas isn't available, then commits on the primary fail" (S3), error 988 (MSSQLSERVER_988).
 */
const commitsMeanwhile = (required: number): string =>
  required > 0
    ? `every commit fails (error 988) until ${required} synchronous-commit ${required === 1 ? 'secondary is' : 'secondaries are'} SYNCHRONIZED, as REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${required} requires`
    : 'every commit is acknowledged before any secondary has it';

/**
 * MODIFY REPLICA ON the primary WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT); where that would
 * pass the version's limit of synchronous-commit replicas, first "Change one offline availability
 * replica to asynchronous-commit mode" (the example's step 2, part 1): a synchronous-commit
 * secondary with FAILOVER_MODE MANUAL, one not connected first, that leaves another to synchronize.
 */
export const primaryToSynchronousCommit = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = primaryConfig(facts);
  const waiting = waitingForSynchronousPrimary(facts);
  if (primary === undefined || facts.config.clusterType !== 'WSFC' || waiting.length === 0)
    return [];
  const forced = afterForcedFailover(facts, primary.name);
  const rule = forced ? PRIMARY_ASYNC_RULE : PRIMARY_ASYNC_PLANNED_RULE;
  const blocked = `the primary ${primary.name} runs ASYNCHRONOUS_COMMIT, so the synchronous-commit ${waiting.length === 1 ? 'secondary' : 'secondaries'} ${waiting.join(', ')} cannot become SYNCHRONIZED: no planned failover ${forced ? '(a fail back)' : `to ${waiting.length === 1 ? 'it' : 'them'}`} and no automatic failover is possible, and ${commitsMeanwhile(facts.config.requiredSynchronizedSecondariesToCommit)}`;
  if (valid(withMode(facts.config, primary.name, 'SYNCHRONOUS_COMMIT')))
    return [
      {
        event: {
          type: 'replica.setAvailabilityMode',
          replica: primary.name,
          mode: 'SYNCHRONOUS_COMMIT',
        },
        why: [
          reason(
            'PRIMARY_TO_SYNCHRONOUS_COMMIT',
            `${blocked}; change ${primary.name} to SYNCHRONOUS_COMMIT (and adjust the failover modes to the configuration you want)`,
            rule,
          ),
        ],
      },
    ];
  const connected = (name: string) =>
    replicaFacts(facts, name)?.connectedState === 'CONNECTED' ? 1 : 0;
  const room = facts.config.replicas
    .filter(
      (r) =>
        !sameName(r.name, primary.name) &&
        r.availabilityMode === 'SYNCHRONOUS_COMMIT' &&
        r.failoverMode === 'MANUAL' &&
        waiting.some((w) => !sameName(w, r.name)),
    )
    .reverse()
    .sort((a, b) => connected(a.name) - connected(b.name))
    .find((r) => {
      const demoted = withMode(facts.config, r.name, 'ASYNCHRONOUS_COMMIT');
      return valid(demoted) && valid(withMode(demoted, primary.name, 'SYNCHRONOUS_COMMIT'));
    });
  if (room === undefined) return [];
  return [
    {
      event: {
        type: 'replica.setAvailabilityMode',
        replica: room.name,
        mode: 'ASYNCHRONOUS_COMMIT',
      },
      why: [
        reason(
          'PRIMARY_TO_SYNCHRONOUS_COMMIT',
          `${blocked}; SQL Server ${facts.config.version} allows no further synchronous-commit replica, so change ${room.name} to ASYNCHRONOUS_COMMIT first, then ${primary.name} to SYNCHRONOUS_COMMIT`,
          rule,
        ),
      ],
    },
  ];
};
