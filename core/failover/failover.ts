import { failureThresholdReason } from '../health/health.js';
import type { Replica } from '../model/config.js';
import type { FailoverForm } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason, reason, source, unknownReason } from '../model/source.js';
import {
  isPrimaryUnseen,
  isReplicaUp,
  memoByFactsAnd,
  primaryConfig,
  primaryUnseen,
  replicaConfig,
  replicaFacts,
  replicaRowsByDatabase,
  sameName,
  snapshotReplicasWithoutQuorum,
} from '../rules/facts-access.js';
import { quorumUnknown } from '../rules/quorum.js';
import { dedupe } from './dedupe.js';
import {
  checkExternalQuorum,
  checkExternalRequiredSecondaries,
  checkExternalSequenceNumber,
} from './external-checks.js';
import { FAILOVER_RULES } from './failover-rules.js';
import { forcedNotes } from './forced-notes.js';
import { settledByPrimaryRow } from './primary-shows-not-synchronizing.js';
import { primaryDatabaseSuspended } from './primary-suspended.js';

/**
 * Which replica may take which failover form now, and why not (ag-rules §4.2–4.3). Every check
 * runs and every failed check is a reason: a refusal lists all of them.
 */

export { FAILOVER_RULES };

/**
 * allowed: nothing stands in the way; refused: at least one reason says no; unknown: nothing says
 * no, but at least one reason says the input does not tell (its `settledBy` names what would).
 */
export type VerdictStatus = 'allowed' | 'refused' | 'unknown';

/** The status that a list of reasons against a form amounts to. */
export const verdictStatus = (against: readonly Reason[]): VerdictStatus =>
  against.length === 0 ? 'allowed' : against.every(isUnknownReason) ? 'unknown' : 'refused';

export interface FailoverVerdict {
  readonly form: FailoverForm;
  readonly target: string;
  readonly status: VerdictStatus;
  /** status === 'allowed'. */
  readonly allowed: boolean;
  /**
   * Why it is refused (every reason); when allowed, the notes that qualify it; when unknown, what
   * the input does not say (reasons with `settledBy`), then any notes that qualify it were it allowed.
   */
  readonly reasons: readonly Reason[];
}

/** One condition of a failover form: the reasons it fails, none when it holds. */
export type Check = (facts: ClusterFacts, target: Replica) => readonly Reason[];

const r = reason;

const checkGroupNotOffline: Check = (facts) =>
  facts.groupState === 'OFFLINE'
    ? [
        r(
          'GROUP_OFFLINE',
          `${facts.config.name} was taken OFFLINE: it cannot be brought back online or failed over`,
          source('S3', 'OFFLINE'),
        ),
      ]
    : [];

// A replica whose own row says PRIMARY is primary where it runs, though merged snapshots that
// name two primaries leave the group's primary unknown: FAILOVER and FORCE_FAILOVER_ALLOW_DATA_LOSS
// are "supported only on secondary replicas" (S3).
const checkTargetIsNotPrimary: Check = (facts, target) =>
  (facts.primary !== null && sameName(facts.primary, target.name)) ||
  (facts.primary === null && replicaFacts(facts, target.name)?.role === 'PRIMARY')
    ? [
        r(
          'TARGET_IS_PRIMARY',
          facts.primary === null
            ? `${target.name} holds the PRIMARY role in its own snapshot: a failover runs on a secondary replica`
            : `${target.name} is already the primary replica`,
          FAILOVER_RULES.forms,
        ),
      ]
    : [];

const checkTargetCanHostData: Check = (_facts, target) =>
  target.availabilityMode === 'CONFIGURATION_ONLY'
    ? [
        r(
          'TARGET_CONFIGURATION_ONLY',
          `${target.name} is a configuration-only replica: it holds no databases and can never be primary`,
          FAILOVER_RULES.configOnly,
        ),
      ]
    : [];

const checkTargetUp: Check = (facts, target) => {
  const row = replicaFacts(facts, target.name);
  // A node out of the cluster's membership owns no cluster resource: the group's role cannot
  // come online there (S65, S26), whether or not its instance runs.
  if (row?.nodeDown === true)
    return [
      r(
        'TARGET_NODE_DOWN',
        `${target.name}'s node is DOWN in the cluster (removed from its active membership): the group cannot come online there; whether its instance runs is not shown`,
        FAILOVER_RULES.nodeDown,
      ),
    ];
  const up = isReplicaUp(row);
  if (up === null)
    return [
      unknownReason(
        'TARGET_STATE_UNKNOWN',
        `whether ${target.name} is running is unknown in this snapshot${
          row?.nodeUp === true
            ? ': its node is UP in the cluster, which does not say that its SQL Server instance runs (the service may be stopped on a running node)'
            : row?.nodeUnlisted === true
              ? `: sys.dm_hadr_cluster_members lists every node of the cluster, and not ${target.name}'s (a node evicted from the cluster, or a failover cluster instance's network name, which is no node's)`
              : ''
        }`,
        FAILOVER_RULES.forms,
        // isReplicaUp reads the operational state of a local row, or a connection to the primary.
        // A DISCONNECTED row is shown and settles nothing: the instance may be stopped or cut off.
        [
          // S7: NULL for a replica that is not local: only the target's own snapshot shows it.
          facts.localReplica != null && !sameName(facts.localReplica, target.name)
            ? `sys.dm_hadr_availability_replica_states.operational_state_desc (a snapshot taken on ${target.name})`
            : 'sys.dm_hadr_availability_replica_states.operational_state_desc',
          ...(row?.connectedState === 'DISCONNECTED'
            ? []
            : ['sys.dm_hadr_availability_replica_states.connected_state_desc']),
          // A node shown UP settles nothing of its instance; only one not shown may be DOWN.
          ...(row?.nodeUp === true || row?.nodeUnlisted === true
            ? []
            : ['sys.dm_hadr_cluster_members.member_state_desc']),
        ],
      ),
    ];
  return up ? [] : [r('TARGET_DOWN', `${target.name} is not running`, FAILOVER_RULES.forms)];
};

/**
 * A replica whose own operational_state_desc is FAILED "can't read to or write from the WSFC
 * cluster" (S7); any operation on it is refused until its WSFC service or its instance restarts:
 * Msg 41143, "Cannot process the operation. The local replica of availability Group '%.*ls' is in
 * a failed state. ... To recover from this failure, either restart the local Windows Server
 * Failover Clustering (WSFC) service or restart the local instance of SQL Server" (S135). So it
 * takes no failover of any form, and the FAILOVER run on it fails.
 */
const checkTargetNotFailed: Check = (facts, target) =>
  replicaFacts(facts, target.name)?.operationalState === 'FAILED'
    ? [
        r(
          'TARGET_REPLICA_FAILED',
          `${target.name} is in a failed state (operational_state FAILED: it cannot read or update the group's configuration in the WSFC): it cannot process a failover (Msg 41143) until its WSFC service or its instance of SQL Server is restarted`,
          FAILOVER_RULES.failedState,
        ),
      ]
    : [];

/**
 * A replica in PENDING_FAILOVER is processing a failover command for the group (S7); "If there is
 * a failover in progress, wait for the failover to complete" (S127). Which replica that failover
 * leaves primary, and in what state, the snapshot cannot show until it ends: another manual
 * failover is unknown until then, never "yes".
 */
const checkNoFailoverInProgress: Check = (facts) => {
  const pending = facts.replicas.find((x) => x.operationalState === 'PENDING_FAILOVER');
  if (pending === undefined) return [];
  return [
    unknownReason(
      'FAILOVER_IN_PROGRESS',
      `a failover command is being processed for ${facts.config.name} on ${pending.name} (operational_state PENDING_FAILOVER): wait for it to complete, then ask again`,
      FAILOVER_RULES.inProgress,
      [
        'sys.dm_hadr_availability_replica_states.operational_state_desc',
        'sys.dm_hadr_availability_group_states.primary_replica',
      ],
    ),
  ];
};

/** Quorum is read from the cluster view, or, without it, from a primary that is ONLINE. */
/**
 * CLUSTER_TYPE = NONE has no cluster manager, so no cluster quorum the DMVs could report: "Fail
 * over the primary replica on a read-scale availability group" (S45) forces the failover with no
 * quorum condition. Only quorum a simulated cluster states is judged there.
 */
const noQuorumToAsk = (facts: ClusterFacts): boolean =>
  facts.quorum === null && facts.config.clusterType === 'NONE';

const checkHealthyQuorum: Check = (facts) => {
  if (facts.quorum === 'HEALTHY' || noQuorumToAsk(facts)) return [];
  if (facts.quorum === 'FORCED')
    return [
      r(
        'QUORUM_FORCED',
        'quorum was forced: only a forced failover is allowed until quorum returns normally, because the cluster-stored synchronization state may be stale',
        FAILOVER_RULES.quorum,
      ),
    ];
  if (facts.quorum === 'LOST')
    return [
      r(
        'QUORUM_LOST',
        'the cluster has no quorum: no failover of any form is possible',
        FAILOVER_RULES.quorum,
      ),
    ];
  return [quorumUnknown(facts, FAILOVER_RULES.quorum)];
};

const checkAnyQuorum: Check = (facts, target) => {
  if (facts.quorum === 'HEALTHY' || facts.quorum === 'FORCED' || noQuorumToAsk(facts)) return [];
  const on = snapshotReplicasWithoutQuorum(facts);
  // One node's snapshot shows its own quorum (sys.dm_hadr_cluster: "If the WSFC node has no
  // quorum, no row is returned"): a target on another node may sit in a partition that kept it.
  if (facts.quorum === 'LOST' && on.length > 0 && !on.some((l) => sameName(l, target.name)))
    return [
      unknownReason(
        'QUORUM_LOST_ON_SNAPSHOT_NODE',
        `${on.join(' and ')}, where ${on.length === 1 ? 'the snapshot was' : 'the snapshots were'} taken, ${on.length === 1 ? 'has' : 'have'} no quorum; whether ${target.name}'s node does (the other side of a partition may have kept it) is not in the snapshot`,
        FAILOVER_RULES.quorum,
        [`sys.dm_hadr_cluster.quorum_state_desc on ${target.name}`],
      ),
    ];
  if (facts.quorum === 'LOST')
    return [
      r(
        'QUORUM_LOST',
        'the cluster has no quorum: even a forced failover is impossible until quorum is regained or forced',
        FAILOVER_RULES.quorum,
      ),
    ];
  return [quorumUnknown(facts, FAILOVER_RULES.quorum)];
};

/**
 * sys.dm_hadr_availability_group_states.primary_replica names the primary even in a secondary's
 * snapshot, which shows no row of the primary's own (S49, S7: NULL for a replica not local). A
 * target it names holds the PRIMARY role, refused by TARGET_IS_PRIMARY: its role is not unknown,
 * and it has no session with a primary whose state could be unknown.
 */
const isNamedPrimary = (facts: ClusterFacts, target: string): boolean =>
  facts.primary !== null && sameName(facts.primary, target);

const checkSecondaryRole: Check = (facts, target) => {
  const role = replicaFacts(facts, target.name)?.role ?? null;
  if (role === 'SECONDARY' || isNamedPrimary(facts, target.name)) return [];
  if (role === null)
    return [
      unknownReason(
        'TARGET_ROLE_UNKNOWN',
        `the role of ${target.name} is unknown in this snapshot`,
        FAILOVER_RULES.forms,
        ['sys.dm_hadr_availability_replica_states.role_desc'],
      ),
    ];
  if (role === 'RESOLVING')
    return [
      r(
        'TARGET_RESOLVING',
        `${target.name} is RESOLVING: only a forced failover can make it primary`,
        FAILOVER_RULES.planned,
      ),
    ];
  return [];
};

const checkTargetConnected: Check = (facts, target) => {
  const state = replicaFacts(facts, target.name)?.connectedState ?? null;
  if (state === 'CONNECTED' || isNamedPrimary(facts, target.name)) return [];
  if (state === null)
    return [
      unknownReason(
        'TARGET_CONNECTION_UNKNOWN',
        `whether ${target.name} is connected to the primary is unknown in this snapshot`,
        FAILOVER_RULES.planned,
        ['sys.dm_hadr_availability_replica_states.connected_state_desc'],
      ),
    ];
  return [
    r(
      'TARGET_DISCONNECTED',
      `${target.name} is DISCONNECTED from the primary`,
      FAILOVER_RULES.planned,
    ),
  ];
};

const checkPrimaryAvailable: Check = (facts) => {
  const primary = primaryConfig(facts);
  if (primary === undefined && isPrimaryUnseen(facts))
    return [primaryUnseen(FAILOVER_RULES.planned, facts)];
  if (primary === undefined)
    return [
      r(
        'NO_PRIMARY',
        'no replica holds the primary role: a planned failover needs a primary to hand over',
        FAILOVER_RULES.planned,
      ),
    ];
  return isReplicaUp(replicaFacts(facts, primary.name)) === false
    ? [r('PRIMARY_DOWN', `the primary ${primary.name} is not running`, FAILOVER_RULES.planned)]
    : [];
};

const checkSynchronousPair =
  (rule: typeof FAILOVER_RULES.planned): Check =>
  (facts, target) => {
    const reasons: Reason[] = [];
    const primary = primaryConfig(facts);
    if (primary !== undefined && primary.availabilityMode !== 'SYNCHRONOUS_COMMIT')
      reasons.push(
        r(
          'PRIMARY_NOT_SYNCHRONOUS_COMMIT',
          `the primary ${primary.name} runs ${primary.availabilityMode}: it commits asynchronously for every secondary, so no secondary is synchronized`,
          rule,
        ),
      );
    if (target.availabilityMode === 'ASYNCHRONOUS_COMMIT')
      reasons.push(
        r(
          'TARGET_NOT_SYNCHRONOUS_COMMIT',
          `${target.name} runs ASYNCHRONOUS_COMMIT: only a forced failover (with possible data loss) can make it primary`,
          rule,
        ),
      );
    return reasons;
  };

const checkEveryDatabaseSynchronized: Check = (facts, target) => {
  const rows = replicaRowsByDatabase(facts, target.name);
  const { databases } = facts.config;
  const reasons: Reason[] = [];
  for (let i = 0; i < databases.length; i++) {
    const db = databases[i]!;
    const row = rows[i];
    if (row === undefined || row.isJoined === false)
      reasons.push(
        r('DATABASE_NOT_JOINED', `${db} is not joined on ${target.name}`, FAILOVER_RULES.planned),
      );
    else if (row.synchronizationState === null)
      reasons.push(
        primaryDatabaseSuspended(facts, db, target.name) ??
          unknownReason(
            'DATABASE_STATE_UNKNOWN',
            `the synchronization state of ${db} on ${target.name} is unknown in this snapshot`,
            FAILOVER_RULES.planned,
            ['sys.dm_hadr_database_replica_states.synchronization_state_desc'],
          ),
      );
    else if (row.synchronizationState !== 'SYNCHRONIZED')
      reasons.push(
        r(
          'DATABASE_NOT_SYNCHRONIZED',
          `${db} is ${row.synchronizationState} on ${target.name}, not SYNCHRONIZED`,
          FAILOVER_RULES.planned,
        ),
      );
    // S45 reads failover readiness from is_failover_ready: a SYNCHRONIZED copy the cluster has
    // not marked synchronized (a snapshot between the two) is not ready yet.
    else if (row.isFailoverReady === false)
      reasons.push(
        r(
          'DATABASE_NOT_FAILOVER_READY',
          `${db} on ${target.name} is SYNCHRONIZED but not marked synchronized in the cluster (is_failover_ready = 0)`,
          FAILOVER_RULES.plannedReadiness,
        ),
      );
    else if (row.isFailoverReady === null)
      reasons.push(
        unknownReason(
          'FAILOVER_READINESS_UNKNOWN',
          `is_failover_ready of ${db} on ${target.name} is unknown in this snapshot`,
          FAILOVER_RULES.plannedReadiness,
          ['sys.dm_hadr_database_replica_cluster_states.is_failover_ready'],
        ),
      );
  }
  return reasons;
};

/** The cluster-stored is_failover_ready flag: what the cluster knows even after the primary failed (S8). */
const checkEveryDatabaseFailoverReadyFor =
  (rule: typeof FAILOVER_RULES.automatic): Check =>
  (facts, target) => {
    const rows = replicaRowsByDatabase(facts, target.name);
    const { databases } = facts.config;
    const reasons: Reason[] = [];
    for (let i = 0; i < databases.length; i++) {
      const db = databases[i]!;
      const row = rows[i];
      if (row === undefined || row.isJoined === false)
        reasons.push(r('DATABASE_NOT_JOINED', `${db} is not joined on ${target.name}`, rule));
      // S50: "When a database on a secondary replica is suspended, both the database and replica
      // become unsynchronized and are marked as NOT SYNCHRONIZED": the cluster's flag (S8) is not
      // needed to read a copy shown suspended as not failover ready.
      else if (row.isFailoverReady === null && row.isSuspended === true)
        reasons.push(
          r(
            'TARGET_DATABASE_SUSPENDED',
            `${db} is suspended on ${target.name}${row.suspendReason ? ` (${row.suspendReason})` : ''}: a suspended secondary database and its replica are marked NOT SYNCHRONIZED, so it is not failover ready until it is resumed and synchronized again`,
            source('S50', 'SET HADR SUSPEND: the database and replica are marked NOT SYNCHRONIZED'),
          ),
        );
      else if (row.isFailoverReady === null)
        reasons.push(
          settledByPrimaryRow(facts, db, target.name) ??
            unknownReason(
              'FAILOVER_READINESS_UNKNOWN',
              `is_failover_ready of ${db} on ${target.name} is unknown in this snapshot`,
              rule,
              ['sys.dm_hadr_database_replica_cluster_states.is_failover_ready'],
            ),
        );
      else if (!row.isFailoverReady)
        reasons.push(
          r(
            'DATABASE_NOT_FAILOVER_READY',
            `${db} on ${target.name} is not marked synchronized in the cluster (is_failover_ready = 0)`,
            source('S8', 'is_failover_ready'),
          ),
        );
    }
    return reasons;
  };

const checkEveryDatabaseFailoverReady = checkEveryDatabaseFailoverReadyFor(
  FAILOVER_RULES.automatic,
);

const checkAutomaticModes: Check = (facts, target) => {
  const reasons: Reason[] = [];
  const { clusterType } = facts.config;
  if (clusterType === 'NONE') {
    return [
      r(
        'CLUSTER_TYPE_NONE',
        'CLUSTER_TYPE = NONE has no cluster manager: automatic failover never happens',
        FAILOVER_RULES.clusterNone,
      ),
    ];
  }
  const automaticMode = clusterType === 'EXTERNAL' ? 'EXTERNAL' : 'AUTOMATIC';
  const primary = primaryConfig(facts);
  if (primary === undefined && isPrimaryUnseen(facts)) {
    reasons.push(primaryUnseen(FAILOVER_RULES.automatic, facts));
  } else if (primary === undefined) {
    // Under EXTERNAL, Pacemaker keeps trying to promote while there is no master (S341): the
    // verdict is that promotion's, judged by the checks below (noMasterNote says so).
    if (clusterType !== 'EXTERNAL')
      reasons.push(
        r(
          'NO_PRIMARY',
          'no replica holds the primary role: automatic failover reacts to a failure of the primary',
          FAILOVER_RULES.automatic,
        ),
      );
  } else {
    if (clusterType === 'WSFC' && primary.failoverMode !== 'AUTOMATIC')
      reasons.push(
        r(
          'PRIMARY_FAILOVER_MODE_MANUAL',
          `the primary ${primary.name} has FAILOVER_MODE ${primary.failoverMode}: automatic failover cannot occur`,
          FAILOVER_RULES.matrix,
        ),
      );
    if (primary.availabilityMode !== 'SYNCHRONOUS_COMMIT')
      reasons.push(
        r(
          'PRIMARY_NOT_SYNCHRONOUS_COMMIT',
          `the primary ${primary.name} runs ${primary.availabilityMode}`,
          FAILOVER_RULES.automatic,
        ),
      );
  }
  if (target.failoverMode !== automaticMode)
    reasons.push(
      r(
        'TARGET_FAILOVER_MODE_MANUAL',
        `${target.name} has FAILOVER_MODE ${target.failoverMode}, not ${automaticMode}`,
        FAILOVER_RULES.matrix,
      ),
    );
  if (target.availabilityMode !== 'SYNCHRONOUS_COMMIT')
    reasons.push(
      r(
        'TARGET_NOT_SYNCHRONOUS_COMMIT',
        `${target.name} runs ${target.availabilityMode}: automatic failover needs synchronous commit`,
        FAILOVER_RULES.automatic,
      ),
    );
  if (target.hostedByFci)
    reasons.push(
      r(
        'TARGET_HOSTED_BY_FCI',
        `${target.name} is hosted by a failover cluster instance: it supports only manual failover`,
        FAILOVER_RULES.fci,
      ),
    );
  return reasons;
};

const checkFailureThreshold: Check = (facts) => {
  const reason = failureThresholdReason(
    facts.config,
    facts.failureTimesMs ?? [],
    facts.nowMs ?? 0,
    facts.clusterNodes,
  );
  return reason === null ? [] : [reason];
};

/**
 * A replica added to the group whose instance has not run ALTER AVAILABILITY GROUP … JOIN
 * (join_state NOT_JOINED) is no secondary replica, so no failover can target it (S98: "After a
 * secondary replica is added to an Always On availability group, the secondary replica must be
 * joined to the availability group"; FAILOVER and FORCE_FAILOVER_ALLOW_DATA_LOSS run on a
 * secondary replica, S3). Its state, role and connection are then beside the point: the
 * "unknown" reasons about them give way to this one, the definite ones stay.
 */
const notJoinedReasons = (
  facts: ClusterFacts,
  target: string,
  found: readonly Reason[],
): readonly Reason[] | null => {
  const row = facts.replicas.find((x) => x.name === target);
  if (row?.isJoined !== false) return null;
  return [
    r(
      'TARGET_NOT_JOINED',
      `${target} was added to ${facts.config.name} but has not joined it: run ALTER AVAILABILITY GROUP [${facts.config.name}] JOIN on ${target} first`,
      source('S98', 'Join a secondary replica: the secondary replica must be joined'),
    ),
    ...found.filter((x) => !NOT_JOINED_MOOT.has(x.code)),
  ];
};

const NOT_JOINED_MOOT: ReadonlySet<string> = new Set([
  'TARGET_STATE_UNKNOWN',
  'TARGET_ROLE_UNKNOWN',
  'TARGET_CONNECTION_UNKNOWN',
]);

const verdict = (
  form: FailoverForm,
  facts: ClusterFacts,
  targetName: string,
  checks: readonly Check[],
): FailoverVerdict => {
  const target = replicaConfig(facts, targetName);
  if (target === undefined) {
    return {
      form,
      target: targetName,
      status: 'refused',
      allowed: false,
      reasons: [
        r(
          'UNKNOWN_REPLICA',
          `${targetName} is not a replica of ${facts.config.name}`,
          FAILOVER_RULES.forms,
        ),
      ],
    };
  }
  const found: Reason[] = [];
  for (const check of checks) for (const x of check(facts, target)) found.push(x);
  const notJoined = notJoinedReasons(facts, target.name, found);
  const reasons = dedupe(notJoined ?? found, facts.config);
  const status = verdictStatus(reasons);
  return { form, target: target.name, status, allowed: status === 'allowed', reasons };
};

const checkClusterNoneForPlanned: Check = (f) =>
  f.config.clusterType === 'NONE'
    ? [
        r(
          'CLUSTER_TYPE_NONE_PLANNED',
          'CLUSTER_TYPE = NONE: fail over by SET (ROLE = SECONDARY) on the primary and FORCE_FAILOVER_ALLOW_DATA_LOSS on the target',
          FAILOVER_RULES.clusterNonePlanned,
        ),
      ]
    : [];

/**
 * Whether a running primary serves the group: 'no' when no replica holds the role or its instance
 * is down, 'unknown' when the snapshot shows neither (taken on a secondary that cannot tell).
 */
const primaryServes = (facts: ClusterFacts): 'yes' | 'no' | 'unknown' => {
  const primary = primaryConfig(facts);
  if (primary === undefined) return isPrimaryUnseen(facts) ? 'unknown' : 'no';
  return isReplicaUp(replicaFacts(facts, primary.name)) === false ? 'no' : 'yes';
};

/**
 * With the primary gone on a WSFC, "manual failover (without data loss) is possible even if the
 * primary replica has crashed because the secondary databases are ready for failover" (S2, Terms
 * and definitions), and after quorum returns by natural means "you can perform a planned manual
 * failover to a synchronized secondary replica" (S44): the target, SECONDARY or RESOLVING, needs
 * its databases marked synchronized in the cluster (is_failover_ready, S8), healthy quorum (not
 * forced: the stored state may be stale, S2) and synchronous commit. No session with a primary
 * is asked for: there is none. CLUSTER_TYPE EXTERNAL and NONE keep their own rules.
 */
const plannedWithoutPrimaryChecks: readonly Check[] = [
  checkGroupNotOffline,
  checkNoFailoverInProgress,
  checkTargetIsNotPrimary,
  checkTargetCanHostData,
  checkHealthyQuorum,
  checkTargetUp,
  checkTargetNotFailed,
  checkSynchronousPair(FAILOVER_RULES.plannedPrimaryDown),
  checkEveryDatabaseFailoverReadyFor(FAILOVER_RULES.plannedPrimaryDown),
  checkExternalSequenceNumber(false),
];

const plannedWithPrimaryChecks: readonly Check[] = [
  checkGroupNotOffline,
  checkNoFailoverInProgress,
  checkTargetIsNotPrimary,
  checkTargetCanHostData,
  checkClusterNoneForPlanned,
  checkHealthyQuorum,
  checkPrimaryAvailable,
  checkTargetUp,
  checkTargetNotFailed,
  checkSecondaryRole,
  checkTargetConnected,
  checkSynchronousPair(FAILOVER_RULES.planned),
  checkEveryDatabaseSynchronized,
  // Under EXTERNAL a planned failover is a pcs move: the agent's promote checks the numbers too.
  checkExternalSequenceNumber(true),
];

const planned = (facts: ClusterFacts, target: string): FailoverVerdict => {
  const serves = facts.config.clusterType === 'WSFC' ? primaryServes(facts) : 'yes';
  if (serves === 'no') return verdict('planned', facts, target, plannedWithoutPrimaryChecks);
  const withPrimary = verdict('planned', facts, target, plannedWithPrimaryChecks);
  if (serves === 'yes' || withPrimary.status !== 'refused') return withPrimary;
  // The snapshot does not say whether a primary serves: refused only when both readings refuse.
  const without = verdict('planned', facts, target, plannedWithoutPrimaryChecks);
  if (without.status === 'refused') return withPrimary;
  const reasons = [primaryUnseen(FAILOVER_RULES.planned, facts), ...without.reasons];
  return { ...without, status: 'unknown', allowed: false, reasons };
};

/**
 * CLUSTER_TYPE = EXTERNAL and no replica primary: the resource agent's start leaves a RESOLVING
 * replica "available for pre-promote" while "There is no master right now", and Pacemaker promotes
 * a synchronous-commit replica its checks allow (S341, ag-helper `start` and `monitor`), without
 * waiting for a failure: the automatic verdict is for that promotion. Said in every verdict it
 * does not refuse, so a "yes" is not read as a failover after a primary's failure.
 */
const noMasterNote = (facts: ClusterFacts, target: string): Reason =>
  r(
    'EXTERNAL_PROMOTES_WITHOUT_PRIMARY',
    `${facts.config.name} has no primary: Pacemaker keeps no promoted instance of the ag resource and promotes a synchronous-commit replica as soon as its checks pass (a majority of sequence numbers, the highest one, synchronized databases); this verdict is for promoting ${target} now, not for a failure of a primary`,
    source(
      'S341',
      'ag-helper start: with no master, a RESOLVING replica is left "available for pre-promote"; monitor: a synchronous-commit replica "can be promoted if necessary"',
    ),
  );

const isExternalWithoutPrimary = (facts: ClusterFacts): boolean =>
  facts.config.clusterType === 'EXTERNAL' &&
  primaryConfig(facts) === undefined &&
  !isPrimaryUnseen(facts);

const automatic = (facts: ClusterFacts, target: string): FailoverVerdict => {
  const v = automaticChecked(facts, target);
  if (v.status === 'refused' || !isExternalWithoutPrimary(facts)) return v;
  return { ...v, reasons: [...v.reasons, noMasterNote(facts, target)] };
};

const automaticChecked = (facts: ClusterFacts, target: string): FailoverVerdict =>
  verdict('automatic', facts, target, [
    checkGroupNotOffline,
    checkTargetIsNotPrimary,
    checkTargetCanHostData,
    checkAutomaticModes,
    checkExternalQuorum,
    checkExternalRequiredSecondaries,
    checkExternalSequenceNumber(false),
    checkHealthyQuorum,
    checkTargetUp,
    checkTargetNotFailed,
    checkEveryDatabaseFailoverReady,
    checkFailureThreshold,
  ]);

const forced = (facts: ClusterFacts, target: string): FailoverVerdict => {
  const base = verdict('forced', facts, target, [
    checkGroupNotOffline,
    checkNoFailoverInProgress,
    checkTargetIsNotPrimary,
    checkTargetCanHostData,
    checkAnyQuorum,
    checkTargetUp,
    checkTargetNotFailed,
  ]);
  // A refusal needs no notes; an unknown verdict keeps them after its unknowns, for the failover
  // the input may yet allow.
  if (base.status === 'refused') return base;
  const notes = forcedNotes(facts, base.target, plannedFailover(facts, target).allowed);
  return { ...base, reasons: [...base.reasons, ...notes] };
};

// The decision engine, its recommended actions and a forced verdict all ask for the same verdicts:
// each is worked out once per facts and target.

/** Planned manual failover to `target` (ALTER AVAILABILITY GROUP … FAILOVER, run on the target). */
export const plannedFailover = memoByFactsAnd(planned);

/**
 * Automatic failover to `target`: whether the cluster would choose this replica if the primary
 * failed now under the flexible failover policy. The failure itself is judged by health.ts.
 */
export const automaticFailover = memoByFactsAnd(automatic);

/** Forced failover to `target` (FORCE_FAILOVER_ALLOW_DATA_LOSS, run on the target). */
export const forcedFailover = memoByFactsAnd(forced);

/** Every form for one target. */
export const failoverOptions = (
  facts: ClusterFacts,
  target: string,
): readonly FailoverVerdict[] => [
  automaticFailover(facts, target),
  plannedFailover(facts, target),
  forcedFailover(facts, target),
];

/**
 * The replica an automatic failover would choose now (first eligible in configuration order), and
 * every other's verdict. `undecided`: the replicas before the chosen one (or all, when none is
 * chosen) whose verdict is unknown: any of them may be the choice, so a null target is "no
 * replica" only when `undecided` is empty.
 */
export const automaticFailoverChoice = (
  facts: ClusterFacts,
): {
  readonly target: string | null;
  readonly verdicts: readonly FailoverVerdict[];
  readonly undecided: readonly string[];
  /** Every replica whose automatic verdict allows it, in configuration order. */
  readonly qualifying: readonly string[];
} => {
  const verdicts = facts.config.replicas
    .filter((rep) => facts.primary === null || !sameName(rep.name, facts.primary))
    .map((rep) => automaticFailover(facts, rep.name));
  const at = verdicts.findIndex((v) => v.allowed);
  const before = at === -1 ? verdicts : verdicts.slice(0, at);
  return {
    target: verdicts[at]?.target ?? null,
    verdicts,
    undecided: before.filter((v) => v.status === 'unknown').map((v) => v.target),
    qualifying: verdicts.filter((v) => v.allowed).map((v) => v.target),
  };
};

/**
 * Where an automatic failover would go, as the real group can say it: one replica only when it
 * alone qualifies and no other's verdict is unknown. Among several that qualify the cluster
 * chooses by the role's preferred owners (Get-ClusterOwnerNode), which no view shows, so the
 * model's configuration order is no answer: `among` names them, and `target` is null. `undecided`:
 * every replica whose verdict is unknown, any of which may be the one chosen.
 */
export const automaticFailoverAnswer = (
  facts: ClusterFacts,
): {
  readonly target: string | null;
  readonly undecided: readonly string[];
  readonly among: readonly string[];
} => {
  const { verdicts, qualifying } = automaticFailoverChoice(facts);
  return {
    target: qualifying.length === 1 ? qualifying[0]! : null,
    undecided: verdicts.filter((v) => v.status === 'unknown').map((v) => v.target),
    among: qualifying.length > 1 ? qualifying : [],
  };
};

export { forcedFailoverLoss, type LossExtent, type PredictedLoss } from './forced-loss.js';
