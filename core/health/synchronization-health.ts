import type {
  AvailabilityMode,
  SynchronizationHealth,
  SynchronizationState,
} from '../model/enums.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import { type Reason, type RuleSource, reason, source, unknownReason } from '../model/source.js';
import {
  databaseReplicaFacts,
  NODE_WITH_QUORUM,
  nodeWithoutQuorum,
  replicaFacts,
} from '../rules/facts-access.js';
import { seedingSeenReasons } from '../seeding/seen.js';
import { settledOn } from './health-vantage.js';

/**
 * synchronization_health at its three levels: a database copy (sys.dm_hadr_database_replica_states,
 * S6), a replica (sys.dm_hadr_availability_replica_states, S7) and the group
 * (sys.dm_hadr_availability_group_states, S49), with the availability-modes page's examples (S1).
 */

export const HEALTH_SOURCES = {
  database: source('S6', 'synchronization_health'),
  replica: source('S7', 'synchronization_health'),
  group: source('S49', 'synchronization_health'),
  disrupt: source('S1', 'Factors That Disrupt Data Synchronization'),
  localOnly: source('S32', 'without quorum only rows for local availability replicas are returned'),
  reverting: source('MODEL', 'synchronization_health of a REVERTING or INITIALIZING database'),
};

const RANK: Readonly<Record<SynchronizationHealth, number>> = {
  NOT_HEALTHY: 0,
  PARTIALLY_HEALTHY: 1,
  HEALTHY: 2,
};

/**
 * Database level (S6): NOT SYNCHRONIZING is NOT_HEALTHY; SYNCHRONIZING is PARTIALLY_HEALTHY on a
 * synchronous-commit replica and HEALTHY on an asynchronous-commit one; SYNCHRONIZED is HEALTHY.
 * The replica's own availability mode decides, not the pair's: a synchronous secondary under an
 * asynchronous primary is PARTIALLY_HEALTHY (S1). REVERTING and INITIALIZING are undocumented;
 * data moves but the copy is not in its target state, so the model says PARTIALLY_HEALTHY.
 */
export const databaseSynchronizationHealth = (
  state: SynchronizationState,
  replicaMode: AvailabilityMode,
): SynchronizationHealth => {
  switch (state) {
    case 'NOT SYNCHRONIZING':
      return 'NOT_HEALTHY';
    case 'SYNCHRONIZED':
      return 'HEALTHY';
    case 'SYNCHRONIZING':
      return replicaMode === 'SYNCHRONOUS_COMMIT' ? 'PARTIALLY_HEALTHY' : 'HEALTHY';
    case 'REVERTING':
    case 'INITIALIZING':
      return 'PARTIALLY_HEALTHY';
  }
};

/** Replica level (S7): the least healthy of its databases; a replica with none to judge is HEALTHY. */
export const leastHealthy = (healths: readonly SynchronizationHealth[]): SynchronizationHealth =>
  healths.reduce<SynchronizationHealth>((a, b) => (RANK[b] < RANK[a] ? b : a), 'HEALTHY');

/** Group level (S49): HEALTHY when every replica is, NOT_HEALTHY when none is, else PARTIALLY_HEALTHY. */
export const groupSynchronizationHealth = (
  replicas: readonly SynchronizationHealth[],
): SynchronizationHealth => {
  const healthy = replicas.filter((h) => h === 'HEALTHY').length;
  if (healthy === replicas.length) return 'HEALTHY';
  return healthy === 0 ? 'NOT_HEALTHY' : 'PARTIALLY_HEALTHY';
};

/** A health answer with every reason; `health` null means unknown, and a reason names what would settle it. */
export interface HealthAnswer {
  readonly health: SynchronizationHealth | null;
  readonly reasons: readonly Reason[];
}

export interface SynchronizationHealthReport {
  readonly group: HealthAnswer;
  readonly replicas: readonly (HealthAnswer & { readonly replica: string })[];
  readonly databases: readonly (HealthAnswer & {
    readonly replica: string;
    readonly database: string;
  })[];
}

export interface HealthOptions {
  /**
   * The facts are complete: a group database with no row for a replica has no prepared copy there,
   * which S1 says is NOT SYNCHRONIZING. By default, facts that carry the exact log (a simulated
   * cluster) are complete; in a DMV snapshot a missing row is unknown.
   */
  readonly complete?: boolean;
}

const GROUP_CODES: Readonly<Record<SynchronizationHealth, string>> = {
  HEALTHY: 'GROUP_HEALTHY',
  PARTIALLY_HEALTHY: 'GROUP_PARTIALLY_HEALTHY',
  NOT_HEALTHY: 'GROUP_NOT_HEALTHY',
};

const DATABASE_VIEW = 'sys.dm_hadr_database_replica_states';
const REPLICA_VIEW = 'sys.dm_hadr_availability_replica_states';

/**
 * The DMV's own value wins over the rules; the rules' reasons stay when they agree, and when they
 * do not, the rules' answer is kept beside it as a note.
 */
const withReported = (
  derived: HealthAnswer,
  health: SynchronizationHealth | null | undefined,
  where: string,
  view: string,
  rule: RuleSource,
): HealthAnswer => {
  if (health == null || health === derived.health) return derived;
  return {
    health,
    reasons: [
      reason('HEALTH_REPORTED', `${where}: ${view} reports ${health}`, rule),
      reason(
        'HEALTH_RULES_DIFFER',
        `${where}: the documented rules give ${derived.health ?? 'unknown'} from the other columns`,
        rule,
      ),
      ...derived.reasons,
    ],
  };
};

const databaseAnswer = (
  facts: ClusterFacts,
  replica: string,
  database: string,
  mode: AvailabilityMode,
  row: DatabaseReplicaFacts | undefined,
  complete: boolean,
): HealthAnswer => {
  const where = `${database} on ${replica}`;
  if (row === undefined || row.isJoined === false) {
    if (row === undefined && !complete)
      return {
        health: null,
        reasons: [
          unknownReason(
            'DATABASE_HEALTH_UNKNOWN',
            `${where}: the snapshot has no row for this copy`,
            HEALTH_SOURCES.database,
            settledOn(facts, replica, [`${DATABASE_VIEW}.synchronization_health_desc`]),
          ),
        ],
      };
    return {
      health: 'NOT_HEALTHY',
      reasons: [
        reason(
          'DATABASE_NOT_JOINED',
          `${where}: no copy is prepared and joined yet, so it is NOT SYNCHRONIZING: NOT_HEALTHY until it is joined and synchronized`,
          HEALTH_SOURCES.disrupt,
        ),
        ...(row === undefined ? [] : seedingSeenReasons(row)),
      ],
    };
  }
  const state = row.synchronizationState;
  // S1: "You suspend a secondary database on the secondary replica. The secondary replica ceases to
  // be synchronized, and its synchronization-health state is marked as NOT_HEALTHY", until it "is
  // either resumed and resynchronized or removed". A secondary copy known suspended (is_suspended,
  // or a forced failover's pending suspend, S8) is NOT_HEALTHY even where its state is not shown.
  const onSecondary =
    facts.primary !== null && facts.primary.toLowerCase() !== replica.toLowerCase();
  if (state === null && row.isSuspended === true && onSecondary)
    return {
      health: 'NOT_HEALTHY',
      reasons: [
        reason(
          'DATABASE_SUSPENDED',
          `${where} is suspended${row.suspendReason ? ` (${row.suspendReason})` : ''}: the replica ceases to be synchronized, NOT_HEALTHY until it is resumed and resynchronized or removed`,
          HEALTH_SOURCES.disrupt,
        ),
      ],
    };
  if (state === null)
    return {
      health: null,
      reasons: [
        unknownReason(
          'DATABASE_HEALTH_UNKNOWN',
          `${where}: the snapshot does not give its synchronization state`,
          HEALTH_SOURCES.database,
          settledOn(facts, replica, [
            `${DATABASE_VIEW}.synchronization_state_desc`,
            `${DATABASE_VIEW}.synchronization_health_desc`,
          ]),
        ),
      ],
    };
  const health = databaseSynchronizationHealth(state, mode);
  const modeText = mode === 'SYNCHRONOUS_COMMIT' ? 'synchronous-commit' : 'asynchronous-commit';
  const primary = facts.primary !== null && facts.primary.toLowerCase() === replica.toLowerCase();
  if (state === 'NOT SYNCHRONIZING')
    return {
      health,
      reasons: [
        row.isSuspended === true
          ? reason(
              'DATABASE_SUSPENDED',
              `${where} is suspended (NOT SYNCHRONIZING): NOT_HEALTHY until it is resumed and resynchronized or removed`,
              HEALTH_SOURCES.disrupt,
            )
          : reason(
              'DATABASE_NOT_SYNCHRONIZING',
              `${where} is NOT SYNCHRONIZING: NOT_HEALTHY`,
              HEALTH_SOURCES.database,
            ),
      ],
    };
  // S6 gives synchronization_health for NOT SYNCHRONIZING, SYNCHRONIZING and SYNCHRONIZED only; a
  // snapshot that does not report it for a REVERTING or INITIALIZING copy leaves it unknown. The
  // simulated cluster keeps the model's decision.
  if (
    (state === 'REVERTING' || state === 'INITIALIZING') &&
    !complete &&
    row.synchronizationHealth == null
  )
    return {
      health: null,
      reasons: [
        unknownReason(
          'DATABASE_HEALTH_UNKNOWN',
          `${where} is ${state}: sys.dm_hadr_database_replica_states defines synchronization_health for NOT SYNCHRONIZING, SYNCHRONIZING and SYNCHRONIZED only, and the snapshot does not report it`,
          HEALTH_SOURCES.database,
          settledOn(facts, replica, [`${DATABASE_VIEW}.synchronization_health_desc`]),
        ),
      ],
    };
  if (state === 'REVERTING' || state === 'INITIALIZING')
    return {
      health,
      reasons: [
        reason(
          'DATABASE_CATCHING_UP_AFTER_FORK',
          `${where} is ${state}: data moves but the copy is not yet in its target state, PARTIALLY_HEALTHY`,
          HEALTH_SOURCES.reverting,
        ),
      ],
    };
  if (health === 'PARTIALLY_HEALTHY')
    return {
      health,
      reasons: [
        reason(
          'SYNCHRONOUS_NOT_SYNCHRONIZED',
          `${where} is SYNCHRONIZING on a synchronous-commit replica: PARTIALLY_HEALTHY until it is SYNCHRONIZED`,
          HEALTH_SOURCES.database,
        ),
      ],
    };
  return {
    health,
    reasons: [
      reason(
        'DATABASE_IN_TARGET_STATE',
        primary
          ? `${where} is the primary database (${state}): HEALTHY`
          : `${where} is ${state} on a ${modeText} replica, its target state: HEALTHY`,
        HEALTH_SOURCES.database,
      ),
    ],
  };
};

/**
 * synchronization_health of every copy, every data-bearing replica and the group, from the facts:
 * the DMVs' own value where the snapshot has it, else derived by the documented rules, else unknown.
 * A configuration-only replica holds no databases and is left out (MODEL: the documents do not say).
 */
export const synchronizationHealth = (
  facts: ClusterFacts,
  options: HealthOptions = {},
): SynchronizationHealthReport => {
  const complete = options.complete ?? facts.logs !== undefined;
  const dataReplicas = facts.config.replicas.filter(
    (r) => r.availabilityMode !== 'CONFIGURATION_ONLY',
  );
  const databases: SynchronizationHealthReport['databases'][number][] = [];
  const replicas: SynchronizationHealthReport['replicas'][number][] = [];
  // A snapshot of one node without quorum shows what is local (S32, S107): no database row there
  // does not show that the group has no databases, so "every database is in its target state"
  // would rest on nothing.
  const cutOff = complete ? null : nodeWithoutQuorum(facts);
  const databasesUnseen = cutOff !== null && facts.config.databases.length === 0;
  for (const r of dataReplicas) {
    if (databasesUnseen) {
      const unseen: HealthAnswer = {
        health: null,
        reasons: [
          unknownReason(
            'REPLICA_HEALTH_UNKNOWN',
            `${r.name}: the snapshot was taken on ${cutOff}, with no quorum there, and shows no database of the group: whether the group has databases, and their states, are not shown`,
            HEALTH_SOURCES.localOnly,
            [
              `${REPLICA_VIEW}.synchronization_health_desc`,
              `${DATABASE_VIEW}.synchronization_state_desc (the group's databases: their rows, or none)`,
              ...NODE_WITH_QUORUM,
            ],
          ),
        ],
      };
      replicas.push({
        replica: r.name,
        ...withReported(
          unseen,
          replicaFacts(facts, r.name)?.synchronizationHealth,
          r.name,
          REPLICA_VIEW,
          HEALTH_SOURCES.replica,
        ),
      });
      continue;
    }
    const own = facts.config.databases.map((db) => {
      const row = databaseReplicaFacts(facts, r.name, db);
      const answer = withReported(
        databaseAnswer(facts, r.name, db, r.availabilityMode, row, complete),
        row?.synchronizationHealth,
        `${db} on ${r.name}`,
        DATABASE_VIEW,
        HEALTH_SOURCES.database,
      );
      databases.push({ replica: r.name, database: db, ...answer });
      return answer;
    });
    const known = own.flatMap((a) => (a.health === null ? [] : [a.health]));
    // With some databases unknown, only a known NOT_HEALTHY one settles the rollup.
    const health =
      known.length === own.length
        ? leastHealthy(known)
        : known.includes('NOT_HEALTHY')
          ? 'NOT_HEALTHY'
          : null;
    const worst = own.filter((a) => a.health === null || a.health === health);
    const derived: HealthAnswer = {
      health,
      reasons:
        health === null
          ? [
              unknownReason(
                'REPLICA_HEALTH_UNKNOWN',
                `${r.name}: the health of some of its databases is unknown`,
                HEALTH_SOURCES.replica,
                settledOn(facts, r.name, [`${REPLICA_VIEW}.synchronization_health_desc`]),
              ),
              ...worst.flatMap((a) => a.reasons),
            ]
          : health === 'HEALTHY'
            ? [
                reason(
                  'REPLICA_HEALTHY',
                  `${r.name}: every database is in its target state`,
                  HEALTH_SOURCES.replica,
                ),
              ]
            : worst.flatMap((a) => a.reasons),
    };
    replicas.push({
      replica: r.name,
      ...withReported(
        derived,
        replicaFacts(facts, r.name)?.synchronizationHealth,
        r.name,
        REPLICA_VIEW,
        HEALTH_SOURCES.replica,
      ),
    });
  }
  const healthy = replicas.filter((r) => r.health === 'HEALTHY').map((r) => r.replica);
  const unhealthy = replicas
    .filter((r) => r.health !== null && r.health !== 'HEALTHY')
    .map((r) => r.replica);
  const unknown = replicas.filter((r) => r.health === null).map((r) => r.replica);
  // One healthy and one unhealthy replica settle PARTIALLY_HEALTHY whatever the unknown ones are.
  const group: SynchronizationHealth | null =
    unknown.length === 0
      ? groupSynchronizationHealth(replicas.map((r) => r.health!))
      : healthy.length > 0 && unhealthy.length > 0
        ? 'PARTIALLY_HEALTHY'
        : null;
  const names = (xs: readonly string[]) => (xs.length === 0 ? 'none' : xs.join(', '));
  const derivedGroup: HealthAnswer = {
    health: group,
    reasons: [
      group === null
        ? unknownReason(
            'GROUP_HEALTH_UNKNOWN',
            `${facts.config.name}: the health of ${names(unknown)} is unknown`,
            HEALTH_SOURCES.group,
            ['sys.dm_hadr_availability_group_states.synchronization_health_desc'],
          )
        : reason(
            GROUP_CODES[group],
            `${facts.config.name} is ${group}: healthy replicas ${names(healthy)}; not healthy ${names(unhealthy)}`,
            HEALTH_SOURCES.group,
          ),
    ],
  };
  return {
    group: withReported(
      derivedGroup,
      facts.synchronizationHealth,
      facts.config.name,
      'sys.dm_hadr_availability_group_states',
      HEALTH_SOURCES.group,
    ),
    replicas,
    databases,
  };
};
