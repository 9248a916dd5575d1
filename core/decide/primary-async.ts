import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
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

/** S44's general follow-up, for a forced failover that leaves no synchronous-commit secondary in reach. */
export const FOLLOW_UP_MODES_RULE = source(
  'S44',
  'Follow Up: Essential Tasks After a Forced Failover, step 1: failed over outside of the synchronous-commit failover set, adjust the availability mode and failover mode',
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

/**
 * What a snapshot shows of a forced failover behind the primary: quorum forced (after which "an
 * additional failover command", FORCE_FAILOVER_ALLOW_DATA_LOSS, brought the group online, S131),
 * or a copy suspended "after a forced failover" (SUSPEND_FROM_PARTNER, S6).
 */
const forcedFailoverShown = (facts: ClusterFacts, primary: string): boolean =>
  afterForcedFailover(facts, primary) ||
  facts.quorum === 'FORCED' ||
  facts.databaseReplicas.some((d) => d.suspendReason === 'SUSPEND_FROM_PARTNER');

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
  if (primary === undefined || facts.config.clusterType !== 'WSFC') return [];
  if (waiting.length === 0) return synchronousSetAfterForcedFailover(facts);
  const forced = afterForcedFailover(facts, primary.name);
  const rule = forced ? PRIMARY_ASYNC_RULE : PRIMARY_ASYNC_PLANNED_RULE;
  const blocked = `the primary ${primary.name} runs ASYNCHRONOUS_COMMIT, so the synchronous-commit ${waiting.length === 1 ? 'secondary' : 'secondaries'} ${waiting.join(', ')} cannot become SYNCHRONIZED: no planned failover ${forced ? '(a fail back)' : `to ${waiting.length === 1 ? 'it' : 'them'}`} and no automatic failover is possible, and ${commitsMeanwhile(facts.config.requiredSynchronizedSecondariesToCommit)}`;
  if (valid(withMode(facts.config, primary.name, 'SYNCHRONOUS_COMMIT')))
    return primaryToSynchronous(
      primary.name,
      reason(
        'PRIMARY_TO_SYNCHRONOUS_COMMIT',
        `${blocked}; change ${primary.name} to SYNCHRONOUS_COMMIT (and adjust the failover modes to the configuration you want)`,
        rule,
      ),
    );
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

/**
 * "Perform a forced manual failover" (S44), Follow Up step 1: "If you failed over outside of the
 * synchronous-commit failover set: We recommend that you consider adjusting the availability mode
 * and failover mode on the new primary replica and on remaining secondary replicas to reflect your
 * desired synchronous-commit and automatic failover configuration" ("A synchronous-commit failover
 * set exists only if the current primary replica is configured for synchronous-commit mode").
 * Given where a forced failover is shown behind an asynchronous-commit primary, every
 * synchronous-commit replica is out of reach (the lost site: none connected, so none to resume and
 * fail back to first, as PRIMARY_TO_SYNCHRONOUS_COMMIT does), and the remaining secondaries that
 * move data with it all commit asynchronously: each commit is on the primary alone, and no planned
 * or automatic failover is possible. Which secondaries should commit synchronously is the DBA's
 * "desired configuration": the action is the primary's change, the message names the candidates and
 * how many the version's limit of synchronous-commit replicas leaves room for.
 */
const synchronousSetAfterForcedFailover = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = primaryConfig(facts);
  if (primary === undefined || primary.availabilityMode !== 'ASYNCHRONOUS_COMMIT') return [];
  if (!forcedFailoverShown(facts, primary.name)) return [];
  const others = facts.config.replicas.filter(
    (r) => !sameName(r.name, primary.name) && r.availabilityMode !== 'CONFIGURATION_ONLY',
  );
  const connected = (name: string) => replicaFacts(facts, name)?.connectedState === 'CONNECTED';
  if (others.some((r) => r.availabilityMode === 'SYNCHRONOUS_COMMIT' && connected(r.name)))
    return [];
  const remaining = others
    .filter(
      (r) =>
        connected(r.name) &&
        facts.databaseReplicas.some(
          (d) => sameName(d.replica, r.name) && d.isJoined === true && d.isSuspended === false,
        ),
    )
    .map((r) => r.name);
  if (remaining.length === 0) return [];
  const unreachable = others
    .filter((r) => r.availabilityMode === 'SYNCHRONOUS_COMMIT')
    .map((r) => r.name);
  const primaryChanged = withMode(facts.config, primary.name, 'SYNCHRONOUS_COMMIT');
  if (!valid(primaryChanged)) return [];
  // How many of the remaining secondaries the version's limit leaves room for, beside the primary.
  const room = remaining.reduce<{
    readonly config: ClusterFacts['config'];
    readonly count: number;
  }>(
    (acc, name) => {
      const next = withMode(acc.config, name, 'SYNCHRONOUS_COMMIT');
      return valid(next) ? { config: next, count: acc.count + 1 } : acc;
    },
    { config: primaryChanged, count: 0 },
  ).count;
  const one = remaining.length === 1;
  const lost =
    unreachable.length === 0
      ? ''
      : ` (the synchronous-commit ${unreachable.length === 1 ? 'replica' : 'replicas'} ${unreachable.join(', ')} ${unreachable.length === 1 ? 'is' : 'are'} not connected)`;
  const which = one
    ? `for ${remaining[0]}`
    : `for those of ${remaining.join(', ')} it should commit synchronously with`;
  const limit =
    room >= remaining.length
      ? ''
      : room === 0
        ? `; SQL Server ${facts.config.version} allows no further synchronous-commit replica beside ${primary.name}: change a replica that will not return soon to ASYNCHRONOUS_COMMIT first`
        : `; SQL Server ${facts.config.version} allows ${room} more beside ${primary.name}`;
  return primaryToSynchronous(
    primary.name,
    reason(
      'ADJUST_MODES_AFTER_FORCED_FAILOVER',
      `after a forced failover the primary ${primary.name} runs ASYNCHRONOUS_COMMIT, as ${one ? 'does' : 'do'} ${remaining.join(', ')}, the ${one ? 'secondary' : 'secondaries'} moving data with it${lost}: the group has no synchronous-commit failover set, so every commit is acknowledged on ${primary.name} alone and no planned or automatic failover is possible; consider SYNCHRONOUS_COMMIT for ${primary.name}, then ${which} (MODIFY REPLICA ON each, run on ${primary.name}), and the failover modes of the configuration you want${limit}`,
      FOLLOW_UP_MODES_RULE,
    ),
  );
};

/** The one action both rules give: MODIFY REPLICA ON the primary WITH SYNCHRONOUS_COMMIT. */
const primaryToSynchronous = (primary: string, why: Reason): readonly RecommendedAction[] => [
  {
    event: { type: 'replica.setAvailabilityMode', replica: primary, mode: 'SYNCHRONOUS_COMMIT' },
    why: [why],
  },
];
