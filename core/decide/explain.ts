import { externalVoters } from '../failover/external-checks.js';
import {
  RSSTC_AGENT_OVERRIDE_UNKNOWN,
  RSSTC_LEFT_OUT_UNKNOWN,
} from '../lifecycle/pacemaker-rsstc.js';
import { EXTERNAL_MAJORITY_RULE, externalWriteMajority } from '../log/external-majority.js';
import type { Config, Replica } from '../model/config.js';
import { pacemakerRequiredSecondaries } from '../model/config.js';
import type { FailoverForm } from '../model/enums.js';
import { type Reason, reason, source } from '../model/source.js';
import { sessionTimeoutsBelowRecommended } from '../validation/session-timeout-advice.js';
import { judgeConfig } from '../validation/validate.js';
import { explainDistributed } from './explain-distributed.js';
import { externalAutomaticNeedsOthers, externalDatabaseHealth } from './explain-external.js';
import { externalAtZero } from './explain-external-rsstc.js';
import { sessionTimeoutPerPrimary } from './explain-session-timeout.js';

/**
 * What a configuration guarantees, before anything happens to it (ag-rules §4.1–4.2, §3.8):
 * between which replicas each failover form is possible, whether automatic failover exists and
 * to whom, when a failover loses no data, who can lose data and how, and when commits block.
 */

export interface PairForms {
  readonly primary: string;
  readonly target: string;
  /** The forms possible from this primary to this target when the target is synchronized. */
  readonly forms: readonly FailoverForm[];
  readonly reasons: readonly Reason[];
}

export interface Explanation {
  readonly violations: readonly Reason[];
  /**
   * What the input does not settle about the group, each naming what would (the configuration
   * rules' unknowns and a script's, as validate gives them); none said again in another section.
   */
  readonly unknown: readonly Reason[];
  readonly pairs: readonly PairForms[];
  readonly automaticFailover: readonly Reason[];
  readonly dataLoss: readonly Reason[];
  readonly commits: readonly Reason[];
}

const S = {
  matrix: source('SEED003', 'Types of Failover'),
  modes: source('S1', 'Availability modes: the effective mode of a pair'),
  forced: source('S2', 'Forced failover: data loss table'),
  rsstc: source('S3', 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT'),
  timeout: source('SEED003', 'Session-Timeout Period'),
  none: source('S46', 'CLUSTER_TYPE = NONE'),
  fci: source('S56', 'Failover cluster instances support only manual failover'),
  external: source('S30', 'CLUSTER_TYPE = EXTERNAL: the cluster manager fails over'),
  pacemaker: source(
    'S29',
    'High availability and data protection: promotion needs (n / 2) + 1 sequence numbers',
  ),
};

const isSync = (r: Replica) => r.availabilityMode === 'SYNCHRONOUS_COMMIT';

/** What keeps a pair to the forced form, naming only what holds for that pair. */
const forcedOnlyBecause = (p: Replica, t: Replica, noClusterManager: boolean): string => {
  const asynchronous = [p, t].filter((r) => !isSync(r)).map((r) => r.name);
  const modes =
    asynchronous.length === 0
      ? `${p.name} and ${t.name} both commit synchronously`
      : `${asynchronous.join(' and ')} ${asynchronous.length === 1 ? 'commits' : 'commit'} asynchronously`;
  if (!noClusterManager) return modes;
  return asynchronous.length === 0
    ? `${modes}, but the group has no cluster manager (CLUSTER_TYPE = NONE)`
    : `${modes}, and the group has no cluster manager (CLUSTER_TYPE = NONE)`;
};
/** How many replicas the Pacemaker agent counts (S29, S53). */
const voterCount = (config: Config): number => externalVoters(config).length;
const holdsData = (r: Replica) => r.availabilityMode !== 'CONFIGURATION_ONLY';
/** S29: at REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT 0 the agent fails over only with a configuration-only replica (D20). */
const externalFailsOverAtZero = (config: Config): boolean =>
  config.requiredSynchronizedSecondariesToCommit > 0 || config.replicas.some((r) => !holdsData(r));

const pairForms = (config: Config, p: Replica, t: Replica): PairForms => {
  const forms: FailoverForm[] = [];
  const reasons: Reason[] = [];
  const autoMode = config.clusterType === 'EXTERNAL' ? 'EXTERNAL' : 'AUTOMATIC';
  const automatic =
    config.clusterType !== 'NONE' &&
    (config.clusterType !== 'EXTERNAL' ||
      (voterCount(config) >= 3 && externalFailsOverAtZero(config))) &&
    isSync(p) &&
    isSync(t) &&
    (config.clusterType === 'EXTERNAL' || p.failoverMode === autoMode) &&
    t.failoverMode === autoMode &&
    !t.hostedByFci;
  if (automatic) {
    forms.push('automatic');
    reasons.push(
      reason(
        'AUTOMATIC_PAIR',
        `${p.name} and ${t.name} both commit synchronously with FAILOVER_MODE ${autoMode}: automatic failover to ${t.name} while it is SYNCHRONIZED`,
        config.clusterType === 'EXTERNAL' ? S.external : S.matrix,
      ),
    );
  }
  if (isSync(p) && isSync(t) && config.clusterType !== 'NONE') {
    forms.push('planned');
    if (!automatic)
      reasons.push(
        reason(
          'PLANNED_PAIR',
          `${p.name} and ${t.name} both commit synchronously: planned manual failover without data loss while ${t.name} is SYNCHRONIZED`,
          S.matrix,
        ),
      );
  } else {
    reasons.push(
      reason(
        'FORCED_ONLY_PAIR',
        `${forcedOnlyBecause(p, t, config.clusterType === 'NONE')}: from ${p.name}, ${t.name} can only take a forced failover, with possible data loss`,
        S.matrix,
      ),
    );
  }
  forms.push('forced');
  return { primary: p.name, target: t.name, forms, reasons };
};

/**
 * `unsettled`: what the input leaves unknown about the group (a T-SQL script's MODIFY AVAILABILITY
 * GROUP ON run on no known side); the explanation then says unknown where it depends on it.
 */
/**
 * What each FAILURE_CONDITION_LEVEL adds to the conditions that fail the group over (S23); level 1
 * also fails it over when no AG data comes "within 5 intervals, or 5/3 * HealthCheckTimeout" (S26).
 */
const levelConditions = (healthCheckTimeout: number): readonly string[] => [
  `the SQL Server service is down, or the group's lease with the cluster expires, or sp_server_diagnostics returns no data of the group for 5 intervals (5/3 of HEALTH_CHECK_TIMEOUT: ${Math.ceil((healthCheckTimeout * 5) / 3)} ms)`,
  `the instance does not answer within HEALTH_CHECK_TIMEOUT, or the replica is in a failed state`,
  'critical server errors (sp_server_diagnostics system component: orphaned spinlocks, serious access violations, too many dumps)',
  'moderate server errors (sp_server_diagnostics resource component: persistent out-of-memory)',
  'any qualified failure condition (sp_server_diagnostics query_processing component: worker thread exhaustion, an unsolvable deadlock)',
];

/**
 * The flexible failover policy on a WSFC (S23, S26, S28): which failures of the primary make the
 * cluster fail the group over, beyond the instance stopping.
 */
const failoverPolicy = (config: Config): Reason[] => {
  const level = config.failureConditionLevel;
  const conditions = levelConditions(config.healthCheckTimeout)
    .slice(0, level)
    .map((c, i) => `level ${i + 1}: ${c}`);
  return [
    reason(
      'FAILOVER_POLICY',
      `FAILURE_CONDITION_LEVEL = ${level}, HEALTH_CHECK_TIMEOUT = ${config.healthCheckTimeout} ms: an automatic failover follows ${conditions.join('; ')}`,
      source('S23', 'Flexible failover policy: failure-condition levels'),
    ),
    config.version < 2016
      ? reason(
          'DATABASE_HEALTH_NOT_DETECTED',
          `SQL Server ${config.version} has no DB_FAILOVER (from SQL Server 2016): a database that leaves ONLINE on the primary (suspect, recovery pending, offline) fails nothing over`,
          source('S23', 'Failure-condition level: damaged and suspect databases are not detected'),
        )
      : config.dbFailover === 'ON'
        ? reason(
            'DB_FAILOVER_ON',
            'DB_FAILOVER = ON: a database of the group that is no longer ONLINE on the primary (suspect, recovery pending, offline) fails the whole group over',
            source('S28', 'Database level health detection'),
          )
        : reason(
            'DB_FAILOVER_OFF',
            'DB_FAILOVER = OFF: a database that leaves ONLINE on the primary (suspect, recovery pending, offline) fails nothing over; the group stays where it is with that database unavailable',
            source('S28', 'Database level health detection'),
          ),
  ];
};

export const explainConfig = (
  config: Config,
  unsettled: readonly Reason[] = [],
  unsettledMembers?: readonly string[],
): Explanation => {
  if (config.kind === 'DISTRIBUTED') return explainDistributed(config, unsettled, unsettledMembers);
  const dataReplicas = config.replicas.filter(holdsData);
  const pairs = dataReplicas.flatMap((p) =>
    dataReplicas.filter((t) => t.name !== p.name).map((t) => pairForms(config, p, t)),
  );
  const automaticPairs = pairs.filter((x) => x.forms.includes('automatic'));
  const automaticFailover: Reason[] = [];
  if (config.clusterType === 'NONE') {
    automaticFailover.push(
      reason(
        'NO_AUTOMATIC_FAILOVER',
        'CLUSTER_TYPE = NONE has no cluster manager: no automatic failover, ever',
        S.none,
      ),
    );
  } else if (config.clusterType === 'EXTERNAL' && voterCount(config) < 3) {
    automaticFailover.push(
      reason(
        'EXTERNAL_TOO_FEW_VOTERS',
        `CLUSTER_TYPE = EXTERNAL: the cluster manager promotes only when floor(n / 2) + 1 of the ${voterCount(config)} synchronous-commit and configuration-only replicas answer, and a failed primary cannot: add a synchronous or configuration-only replica for automatic failover`,
        S.pacemaker,
      ),
    );
  } else if (config.clusterType === 'EXTERNAL' && !externalFailsOverAtZero(config)) {
    automaticFailover.push(externalAtZero(config, unsettled));
  } else if (automaticPairs.length === 0) {
    automaticFailover.push(
      reason(
        'NO_AUTOMATIC_FAILOVER',
        'no two replicas both commit synchronously with automatic failover: every failover is manual',
        S.matrix,
      ),
    );
  } else {
    for (const p of dataReplicas) {
      const to = automaticPairs.filter((x) => x.primary === p.name).map((x) => x.target);
      automaticFailover.push(
        to.length === 0
          ? reason(
              'NO_AUTOMATIC_FROM',
              `while ${p.name} is primary, no automatic failover is possible`,
              S.matrix,
            )
          : reason(
              'AUTOMATIC_FROM',
              `while ${p.name} is primary, a failure fails over automatically to ${to.join(' or ')} if synchronized`,
              S.matrix,
            ),
      );
    }
    if (config.clusterType === 'WSFC') automaticFailover.push(...failoverPolicy(config));
    const databaseHealth = externalDatabaseHealth(config);
    if (databaseHealth !== null) automaticFailover.push(databaseHealth);
    const others = externalAutomaticNeedsOthers(config);
    if (others !== null) automaticFailover.push(others);
    for (const r of config.replicas.filter((x) => x.hostedByFci))
      automaticFailover.push(
        reason(
          'FCI_MANUAL_ONLY',
          `${r.name} is hosted by a failover cluster instance: never an automatic failover target`,
          S.fci,
        ),
      );
  }
  const dataLoss: Reason[] = [
    reason(
      'SYNCHRONIZED_FAILOVER_NO_LOSS',
      'an automatic or planned failover, or a forced failover to a SYNCHRONIZED replica, loses no acknowledged commit',
      S.forced,
    ),
  ];
  for (const r of dataReplicas.filter((x) => !isSync(x)))
    dataLoss.push(
      reason(
        'ASYNCHRONOUS_LAG',
        `${r.name} commits asynchronously: it lags, and a forced failover to it loses the log it had not hardened`,
        S.modes,
      ),
    );
  const syncSecondaries = (p: Replica) =>
    dataReplicas.filter((x) => x.name !== p.name && isSync(x)).length;
  const secondariesExist = (n: number) =>
    n === 0
      ? 'no synchronous secondary exists'
      : n === 1
        ? 'only 1 synchronous secondary exists'
        : `only ${n} synchronous secondaries exist`;
  const rsstc = config.requiredSynchronizedSecondariesToCommit;
  // The option arrived in SQL Server 2017 (S38); before it, the behaviour is that of 0.
  const rsstcZero =
    config.version < 2017
      ? `SQL Server ${config.version} has no REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT (from 2017), and behaves as with 0`
      : 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0';
  if (rsstc === 0 && dataReplicas.some((p) => isSync(p) && syncSecondaries(p) > 0))
    dataLoss.push(
      reason(
        'RSSTC_ZERO_EXPOSURE',
        `${rsstcZero}: when a synchronous secondary disconnects (after SESSION_TIMEOUT), the primary commits alone; if the primary is then lost, a forced failover loses those acknowledged commits`,
        S.timeout,
      ),
    );
  // S31: a configuration-only replica under CLUSTER_TYPE NONE is "not recommended", and there
  // REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is to be set by hand to at least 1.
  if (
    config.clusterType === 'NONE' &&
    rsstc === 0 &&
    config.replicas.some((r) => r.availabilityMode === 'CONFIGURATION_ONLY')
  )
    dataLoss.push(
      reason(
        'NONE_CONFIGURATION_ONLY_RSSTC_ZERO',
        `CLUSTER_TYPE = NONE with a configuration-only replica and REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0: no cluster manager sets the value here, and the Linux overview says of this shape "it is not recommended, since it complicates the deployment. For those configurations, manually modify required_synchronized_secondaries_to_commit to have a value of at least 1, so that there is at least one synchronized replica" (ALTER AVAILABILITY GROUP [${config.name}] SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1))`,
        source(
          'S31',
          'Configuration-only replica and quorum: with a cluster type of None, not recommended; set required_synchronized_secondaries_to_commit to at least 1',
        ),
      ),
    );
  const commits: Reason[] = [];
  // EXTERNAL names no cluster manager: "An availability group that is managed by a cluster manager
  // besides Windows Server Failover Cluster (WSFC) is EXTERNAL. Pacemaker with Corosync is an
  // example" (S30, Upgrade steps on Linux). Kubernetes operators manage such groups too, without
  // the Pacemaker agent, so what the agent does is said of the groups it manages.
  if (config.clusterType === 'EXTERNAL' && rsstc === pacemakerRequiredSecondaries(config.replicas))
    commits.push(
      reason(
        'RSSTC_SET_BY_AGENT',
        `CLUSTER_TYPE = EXTERNAL: where Pacemaker's resource agent (ocf:mssql:ag) manages the group, it sets REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT to ${rsstc} on each monitor action (the synchronous-commit replicas / 2, and 0 for two), unless required_synchronized_secondaries_to_commit is set on the resource; CLUSTER_TYPE = EXTERNAL does not say which cluster manager runs the group`,
        source('S29', 'Understand SQL Server resource agent for Pacemaker'),
      ),
    );
  const majority = externalWriteMajority(config.clusterType, config.replicas);
  if (majority !== null)
    commits.push(
      reason(
        'EXTERNAL_COMMITS_NEED_MAJORITY',
        `CLUSTER_TYPE = EXTERNAL, where Pacemaker's resource agent manages the group: the primary takes writes only while it reaches ${majority.needed} of the ${majority.of} synchronous-commit and configuration-only replicas, itself included; with fewer (the others down or disconnected) commits stop and reads go on, whatever REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT says`,
        EXTERNAL_MAJORITY_RULE,
      ),
    );
  if (rsstc === 0 && majority === null) {
    commits.push(
      reason(
        'COMMITS_NEVER_BLOCK',
        `${rsstcZero}: commits wait for synchronized synchronous secondaries at most SESSION_TIMEOUT and never block for good on a secondary${config.clusterType === 'NONE' ? '' : ' (a cluster that loses quorum still takes the group offline)'}`,
        S.rsstc,
      ),
    );
  } else if (rsstc > 0) {
    commits.push(
      reason(
        'COMMITS_BLOCK',
        `REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${rsstc}: commits on the primary fail while fewer than ${rsstc} synchronous secondaries are synchronized; acknowledged commits are on at least ${rsstc + 1} replicas`,
        S.rsstc,
      ),
    );
    for (const p of dataReplicas) {
      // A secondary is SYNCHRONIZED only while the primary commits synchronously too (S1; S3 FAILOVER).
      if (!isSync(p))
        commits.push(
          reason(
            'COMMITS_ALWAYS_BLOCK',
            `while ${p.name} is primary it commits asynchronously, so no secondary becomes SYNCHRONIZED: commits can never meet REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${rsstc}`,
            S.modes,
          ),
        );
      else if (syncSecondaries(p) < rsstc)
        commits.push(
          reason(
            'COMMITS_ALWAYS_BLOCK',
            `while ${p.name} is primary ${secondariesExist(syncSecondaries(p))}: commits can never meet REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${rsstc}`,
            S.rsstc,
          ),
        );
    }
  }
  // A script's value Pacemaker may replace (S29): what is said of commits rests on it.
  const agentValue = unsettled.filter(
    (x) => x.code === RSSTC_AGENT_OVERRIDE_UNKNOWN || x.code === RSSTC_LEFT_OUT_UNKNOWN,
  );
  const judged = judgeConfig(config);
  return {
    violations: judged.violations,
    unknown: [...judged.unknown, ...unsettled.filter((x) => !agentValue.includes(x))],
    pairs,
    automaticFailover,
    dataLoss,
    commits: [
      ...agentValue,
      ...commits,
      ...sessionTimeoutPerPrimary(dataReplicas),
      ...sessionTimeoutsBelowRecommended(dataReplicas),
    ],
  };
};
