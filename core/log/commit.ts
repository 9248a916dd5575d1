import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason, reason, source, unknownReason } from '../model/source.js';
import {
  databaseReplicaFacts,
  isGroupDatabase,
  isPrimaryUnseen,
  isReplicaUp,
  memoByFactsAnd,
  NODE_QUORUM,
  primaryConfig,
  primaryRowGap,
  primaryUnseen,
  replicaFacts,
  sameName,
  snapshotReplicasWithoutQuorum,
} from '../rules/facts-access.js';
import { quorumUnknown } from '../rules/quorum.js';
import { catchUpThrottle } from './commit-catch-up.js';
import { externalMajorityReasons } from './external-majority.js';

/**
 * The commit path (ag-rules §3.8): which secondaries a commit waits for, and whether
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT lets it complete at all.
 */

export const COMMIT_RULES = {
  participants: source(
    'S1',
    'Synchronous-commit mode: the primary waits only for synchronized synchronous-commit secondaries (R-COMMIT-1)',
  ),
  asynchronousPrimary: source(
    'S1',
    'Supported availability modes: a primary configured for asynchronous commit commits transactions asynchronously for all secondary replicas regardless of their individual availability mode settings',
  ),
  sessionTimeout: source('SEED003', 'Session-Timeout Period'),
  required: source('S3', 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT (R-COMMIT-3)'),
  writable: source(
    'SEED003',
    'Availability Replicas: the primary replica hosts read-write databases',
  ),
  online: source(
    'S28',
    'Database level health detection: a database whose status is other than ONLINE is not serving',
  ),
  replicaOnline: source(
    'S7',
    'Roles and operational states: whether the replica is ready to process client requests',
  ),
} as const;

/** Where a snapshot names the primary (S49), which settles whether one takes writes. */
const QUORUM_RULE = source('S26', 'Quorum loss takes the availability group offline');
const PRIMARY_NAMED = source('S49', 'primary_replica: the instance that hosts the primary replica');

/**
 * The secondaries whose hardening a commit on `database` waits for: synchronous-commit replicas
 * (with a synchronous-commit primary) that are connected, not suspended and SYNCHRONIZED.
 */
export const commitParticipants = (facts: ClusterFacts, database: string): readonly string[] => {
  const primary = primaryConfig(facts);
  if (primary === undefined || primary.availabilityMode !== 'SYNCHRONOUS_COMMIT') return [];
  return facts.config.replicas
    .filter(
      (rep) => !sameName(rep.name, primary.name) && rep.availabilityMode === 'SYNCHRONOUS_COMMIT',
    )
    .filter((rep) => {
      const rf = replicaFacts(facts, rep.name);
      const row = databaseReplicaFacts(facts, rep.name, database);
      // An old primary left writable (CLUSTER_TYPE NONE) is no secondary of this one, and one
      // whose role the snapshot does not show may be it (undeterminedParticipants).
      return (
        rf?.role !== 'PRIMARY' &&
        !(rf?.role === null && facts.config.clusterType === 'NONE') &&
        rf?.connectedState === 'CONNECTED' &&
        row?.isSuspended === false &&
        row.synchronizationState === 'SYNCHRONIZED'
      );
    })
    .map((rep) => rep.name);
};

/** 'unknown': the facts do not say whether a writable primary exists (a snapshot from a secondary). */
export type CommitAcknowledgement =
  | 'immediately'
  | 'afterHardening'
  | 'blocked'
  | 'refused'
  | 'unknown';

export interface CommitOutcome {
  readonly database: string;
  readonly acknowledgement: CommitAcknowledgement;
  /** The secondaries that must harden the commit before it is acknowledged. */
  readonly mustHarden: readonly string[];
  readonly reasons: readonly Reason[];
}

/** Why the primary cannot take a write on `database` now (no writable primary, database not there). */
export const writeRefusals = (facts: ClusterFacts, database: string): readonly Reason[] => {
  const reasons: Reason[] = [];
  if (!isGroupDatabase(facts.config, database))
    reasons.push(
      reason(
        'DATABASE_NOT_IN_GROUP',
        `${database} is not a database of ${facts.config.name}`,
        COMMIT_RULES.writable,
      ),
    );
  const primary = primaryConfig(facts);
  if (facts.quorum === 'LOST') reasons.push(quorumLostRefusal(facts, primary?.name));
  // An ONLINE primary shows quorum (S26); without one seen, quorum lost would refuse commits too.
  if (primary === undefined && facts.quorum === null && facts.config.clusterType !== 'NONE')
    reasons.push(quorumUnknown(facts, QUORUM_RULE));
  if (primary === undefined && isPrimaryUnseen(facts))
    reasons.push(primaryUnseen(PRIMARY_NAMED, facts));
  else if (primary === undefined) {
    reasons.push(
      reason(
        'NO_PRIMARY',
        'no replica holds the primary role: there is no writable copy',
        COMMIT_RULES.writable,
      ),
    );
  } else {
    const primaryFacts = replicaFacts(facts, primary.name);
    if (isReplicaUp(primaryFacts) === false)
      reasons.push(
        reason('PRIMARY_DOWN', `the primary ${primary.name} is not running`, COMMIT_RULES.writable),
      );
    // Only an ONLINE primary processes client requests: PENDING (transient, or stuck without
    // workers), FAILED (cut off from the cluster) and the others do not (S7).
    else if (
      primaryFacts?.operationalState !== undefined &&
      primaryFacts.operationalState !== null &&
      primaryFacts.operationalState !== 'ONLINE'
    )
      reasons.push(
        reason(
          'PRIMARY_NOT_ONLINE',
          `the primary ${primary.name} is ${primaryFacts.operationalState}, not ONLINE: it is not ready to process client requests, so it takes no transactions`,
          COMMIT_RULES.replicaOnline,
        ),
      );
    const row = databaseReplicaFacts(facts, primary.name, database);
    if (isGroupDatabase(facts.config, database) && (row === undefined || row.isJoined === false))
      reasons.push(
        reason(
          'DATABASE_NOT_ON_PRIMARY',
          `${database} is not an availability database on ${primary.name}`,
          COMMIT_RULES.writable,
        ),
      );
    else if (row !== undefined && row.databaseState !== null && row.databaseState !== 'ONLINE')
      reasons.push(
        reason(
          'DATABASE_NOT_ONLINE_ON_PRIMARY',
          `${database} is ${row.databaseState} on the primary ${primary.name}, not ONLINE: it takes no transactions`,
          COMMIT_RULES.online,
        ),
      );
    // A snapshot taken on a secondary has no row of the primary's copy, or one without its state:
    // the primary's copy may be RECOVERY_PENDING as well as ONLINE (KB2857849).
    else if (row !== undefined && row.databaseState === null)
      reasons.push(
        unknownReason(
          'DATABASE_STATE_ON_PRIMARY_UNKNOWN',
          `whether ${database} is ONLINE on the primary ${primary.name} is not in this snapshot ${primaryRowGap(facts, primary.name)}`,
          COMMIT_RULES.online,
          [
            "sys.dm_hadr_database_replica_states.database_state_desc (the primary's row, in a snapshot taken on the primary)",
          ],
        ),
      );
  }
  return reasons;
};

/**
 * One node's snapshot shows that node's quorum only ("If the WSFC node has no quorum, no row is
 * returned", sys.dm_hadr_cluster, S107): taken on a replica other than a primary it shows, the
 * primary's node may sit in a partition that kept quorum and take transactions there.
 */
const quorumLostRefusal = (facts: ClusterFacts, primary: string | undefined): Reason => {
  const on = snapshotReplicasWithoutQuorum(facts);
  if (on.length > 0 && (primary === undefined || !on.some((l) => sameName(l, primary))))
    return unknownReason(
      'QUORUM_LOST_ON_SNAPSHOT_NODE',
      `${on.join(' and ')}, where ${on.length === 1 ? 'the snapshot was' : 'the snapshots were'} taken, ${on.length === 1 ? 'has' : 'have'} no quorum; whether the primary's node does (the other side of a partition may have kept it, and its primary takes transactions) is not in the snapshot`,
      NODE_QUORUM,
      [
        "sys.dm_hadr_cluster.quorum_state_desc and sys.dm_hadr_availability_group_states.primary_replica on another replica's node",
      ],
    );
  return reason(
    'QUORUM_LOST',
    'the cluster has no quorum: the group is offline and no replica is a writable primary',
    QUORUM_RULE,
  );
};

/**
 * Synchronous-commit secondaries that may or may not wait: no column read says they do not, but
 * one of them is missing from the input. Each comes with the columns that would settle it.
 */
const undeterminedParticipants = (
  facts: ClusterFacts,
  database: string,
  known: readonly string[],
): readonly { readonly replica: string; readonly settledBy: readonly string[] }[] => {
  const primary = primaryConfig(facts);
  if (primary === undefined || primary.availabilityMode !== 'SYNCHRONOUS_COMMIT') return [];
  return facts.config.replicas.flatMap((rep) => {
    if (
      sameName(rep.name, primary.name) ||
      rep.availabilityMode !== 'SYNCHRONOUS_COMMIT' ||
      known.includes(rep.name)
    )
      return [];
    const rf = replicaFacts(facts, rep.name);
    const row = databaseReplicaFacts(facts, rep.name, database);
    if (rf === undefined || row === undefined) return [];
    // A copy not joined has no data movement yet: joining it "will start data movement" (S115).
    const ruledOut =
      rf.role === 'PRIMARY' ||
      (rf.connectedState !== null && rf.connectedState !== 'CONNECTED') ||
      row.isJoined === false ||
      row.isSuspended === true ||
      (row.synchronizationState !== null && row.synchronizationState !== 'SYNCHRONIZED');
    const settledBy = [
      ...(rf.role === null ? ['sys.dm_hadr_availability_replica_states.role_desc'] : []),
      ...(rf.connectedState === null
        ? ['sys.dm_hadr_availability_replica_states.connected_state_desc']
        : []),
      ...(row.isSuspended === null ? ['sys.dm_hadr_database_replica_states.is_suspended'] : []),
      ...(row.synchronizationState === null
        ? ['sys.dm_hadr_database_replica_states.synchronization_state_desc']
        : []),
    ];
    return ruledOut || settledBy.length === 0 ? [] : [{ replica: rep.name, settledBy }];
  });
};

/** The number of synchronized synchronous-commit secondaries of `database` (what RSSTC counts). */
export const synchronizedSecondaryCount = (facts: ClusterFacts, database: string): number =>
  commitParticipants(facts, database).length;

/**
 * Would a commit on `database` be acknowledged now, which replicas must harden it, and does RSSTC
 * (or, under CLUSTER_TYPE = EXTERNAL, the primary's lost majority) block it.
 */
const outcomeOf = (facts: ClusterFacts, database: string): CommitOutcome => {
  const refusals = writeRefusals(facts, database);
  if (refusals.some((x) => !isUnknownReason(x)))
    return { database, acknowledgement: 'refused', mustHarden: [], reasons: refusals };
  const majority = externalMajorityReasons(facts);
  // What the facts leave unknown does not hide a lost majority they do show.
  if (refusals.length > 0)
    return {
      database,
      acknowledgement: majority.some((x) => !isUnknownReason(x)) ? 'blocked' : 'unknown',
      mustHarden: [],
      reasons: [...refusals, ...majority],
    };
  const participants = commitParticipants(facts, database);
  const required = facts.config.requiredSynchronizedSecondariesToCommit;
  const undetermined = undeterminedParticipants(facts, database, participants);
  const blocks: Reason[] = [];
  // Short even if every secondary the input does not describe took part: RSSTC is not met.
  if (participants.length + undetermined.length < required)
    blocks.push(
      reason(
        'REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET',
        `REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${required} but ${participants.length} synchronous ${participants.length === 1 ? 'secondary is' : 'secondaries are'} synchronized: commits on the primary fail, with error 988 ("Unable to access database '${database}' because it lacks a quorum of nodes for high availability. Try the operation again later.", MSSQLSERVER_988)`,
        COMMIT_RULES.required,
      ),
    );
  for (const x of majority) blocks.push(x);
  // Whether the commit waits, or is blocked, turns on secondaries the input does not describe.
  const undecided =
    undetermined.length > 0 && (participants.length === 0 || participants.length < required);
  if (blocks.length > 0 || undecided)
    return {
      database,
      acknowledgement: blocks.some((x) => !isUnknownReason(x)) ? 'blocked' : 'unknown',
      mustHarden: participants,
      reasons: [...blocks, ...(undecided ? undetermined.map(participantUnknown(database)) : [])],
    };
  if (participants.length === 0) {
    const primary = primaryConfig(facts);
    return {
      database,
      acknowledgement: 'immediately',
      mustHarden: [],
      reasons: [
        // The primary's own mode, not its secondaries' state, is why it waits for none (S1).
        primary?.availabilityMode === 'ASYNCHRONOUS_COMMIT'
          ? reason(
              'PRIMARY_COMMITS_ASYNCHRONOUSLY',
              `the primary ${primary.name} runs ASYNCHRONOUS_COMMIT: it commits asynchronously for every secondary, whatever their own availability modes, so the commit is acknowledged once the primary alone hardens it, and is exposed to loss until a secondary has hardened it too`,
              COMMIT_RULES.asynchronousPrimary,
            )
          : reason(
              'NO_SYNCHRONIZED_SECONDARY',
              'no synchronous-commit secondary is synchronized: the commit is acknowledged once the primary alone hardens it, and is exposed to loss until a secondary catches up',
              COMMIT_RULES.participants,
            ),
        ...catchUpThrottle(facts, database),
      ],
    };
  }
  return {
    database,
    acknowledgement: 'afterHardening',
    mustHarden: participants,
    reasons: [
      reason(
        'WAITS_FOR_SYNCHRONIZED_SECONDARIES',
        `the commit is acknowledged once ${participants.join(', ')} ${participants.length === 1 ? 'has' : 'have'} hardened it`,
        COMMIT_RULES.participants,
      ),
      waitBoundFor(facts, participants.join('\u0000')),
      ...catchUpThrottle(facts, database),
      // It waits in any case; whether for these too, the input does not say.
      ...undetermined.map(participantUnknown(database)),
    ],
  };
};

/**
 * How long a commit waits for a secondary that stops answering: no ping within the session-timeout
 * period closes the connection, the replica is DISCONNECTED, and "transactions will not wait for
 * that replica" (SEED003, Session-Timeout Period); unless RSSTC then counts too few (R-COMMIT-3).
 * A secondary that answers but hardens slowly is waited for however long it takes.
 */
const waitBoundedBySessionTimeout = (
  facts: ClusterFacts,
  participants: readonly string[],
  required: number,
): Reason => {
  const timeouts = participants.map((name) => {
    const seconds = facts.config.replicas.find((x) => sameName(x.name, name))?.sessionTimeout;
    return `${name} ${seconds ?? 'unknown'} s`;
  });
  const primary = primaryConfig(facts);
  const after =
    participants.length - 1 < required
      ? `then fewer than REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${required} would be synchronized, so commits fail (error 988) instead of going on without it`
      : 'commits then go on without it, exposed to loss until it catches up';
  return reason(
    'COMMIT_WAIT_BOUNDED_BY_SESSION_TIMEOUT',
    `if ${participants.length === 1 ? participants[0] : 'one of them'} stops answering (a crash, a cut network), the primary waits for it only until the session-timeout period passes without a ping (SESSION_TIMEOUT: ${timeouts.join(', ')}${primary === undefined ? '' : `; ${primary.name} ${primary.sessionTimeout} s`}): it is then DISCONNECTED and "transactions will not wait for that replica"; ${after}. One that answers but hardens slowly is waited for as long as it takes`,
    COMMIT_RULES.sessionTimeout,
  );
};

// The same participants give every database the same reason: one object, made once per facts.
const waitBoundFor = memoByFactsAnd((facts: ClusterFacts, participants: string) =>
  waitBoundedBySessionTimeout(
    facts,
    participants.split('\u0000'),
    facts.config.requiredSynchronizedSecondariesToCommit,
  ),
);

const participantUnknown =
  (database: string) =>
  ({ replica, settledBy }: { readonly replica: string; readonly settledBy: readonly string[] }) =>
    unknownReason(
      'COMMIT_PARTICIPANT_UNKNOWN',
      `whether the synchronous-commit secondary ${replica} is connected, not suspended and SYNCHRONIZED on ${database}, and so whether the commit waits for it, is not in this snapshot`,
      COMMIT_RULES.participants,
      settledBy,
    );

/**
 * Would a commit on `database` be acknowledged now: worked out once per facts and database, since
 * decide's commit section and the actions that read it (lowering RSSTC) ask the same question.
 */
export const commitOutcome = memoByFactsAnd(outcomeOf);
