import * as E from 'fp-ts/lib/Either.js';
import type { Config } from '../model/config.js';
import type { ClusterEvent } from '../model/events.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import type { ScenarioStep } from '../model/scenario.js';
import { type Reason, reason, source, unknownReason } from '../model/source.js';
import { type CreateClusterOptions, createCluster } from './build.js';
import { step } from './step.js';
import type { Cluster } from './types.js';

/**
 * A simulated group that starts where a real one is: the facts of a DMV snapshot (or any facts)
 * become a configuration whose first replica is the snapshot's primary, a base LSN, and the events
 * that bring the group from its synchronized start to the snapshot's state: copies suspended, a
 * secondary disconnected (and the session timeout passed) or down, quorum lost. Each event says
 * which row asked for it. What the
 * model cannot start from (a secondary's lag, a copy not joined, a row the snapshot lacks) is said,
 * reason by reason, never silently dropped.
 */
export interface ClusterFromFacts {
  readonly config: Config;
  readonly options: CreateClusterOptions;
  /** The events, at model time 0, from the synchronized start to the snapshot's state. */
  readonly steps: readonly ScenarioStep[];
  /** The group after the steps. */
  readonly cluster: Cluster;
  /** What the start does not reproduce; an unknown one names the column that would settle it. */
  readonly notReproduced: readonly Reason[];
}

const S6 = source('S6', 'sys.dm_hadr_database_replica_states (columns)');
const S7 = source('S7', 'sys.dm_hadr_availability_replica_states (columns)');
const DRS = 'sys.dm_hadr_database_replica_states';
const ARS = 'sys.dm_hadr_availability_replica_states';

const where = (origin: string | undefined): string => (origin === undefined ? '' : ` (${origin})`);

const copyName = (row: DatabaseReplicaFacts): string => `${row.database} on ${row.replica}`;

/** The primary's LSN for a database: its hardened log, or its end of log. */
const primaryLsn = (facts: ClusterFacts, database: string): bigint | null => {
  const row = facts.databaseReplicas.find(
    (d) => d.replica === facts.primary && d.database === database,
  );
  return row?.lastHardenedLsn ?? row?.endOfLogLsn ?? null;
};

export const clusterFromFacts = (
  facts: ClusterFacts,
): E.Either<readonly Reason[], ClusterFromFacts> => {
  const primary = facts.primary;
  const primarySpec = facts.config.replicas.find((r) => r.name === primary);
  if (primary === null || primarySpec === undefined)
    return E.left([
      unknownReason(
        'START_PRIMARY_UNKNOWN',
        'the facts do not say which replica is the primary, and a simulated group starts from one',
        S7,
        [`${ARS}.role_desc`],
      ),
    ]);
  // The simulated group is created on today's primary, whatever instance the CREATE once ran on.
  const config: Config = {
    ...facts.config,
    createdOn: primary,
    replicas: [primarySpec, ...facts.config.replicas.filter((r) => r.name !== primary)],
  };
  const lsns = config.databases
    .map((db) => primaryLsn(facts, db))
    .filter((l): l is bigint => l !== null);
  const baseLsn = lsns.reduce<bigint | null>((low, l) => (low === null || l < low ? l : low), null);
  const options: CreateClusterOptions = baseLsn === null ? {} : { baseLsn };

  const steps: ScenarioStep[] = [];
  const notReproduced: Reason[] = [];
  const add = (event: ClusterEvent, note: string) => steps.push({ at: 0, event, note });

  for (const row of facts.databaseReplicas) {
    if (row.isSuspended === true)
      add(
        { type: 'db.suspend', replica: row.replica, database: row.database },
        `${copyName(row)}: is_suspended = 1${where(row.origin)}`,
      );
    if (row.isJoined === false)
      notReproduced.push(
        reason(
          'START_NOT_JOINED',
          `${copyName(row)} is not joined${where(row.origin)}; the simulation starts it joined`,
          S6,
        ),
      );
    const lead = primaryLsn(facts, row.database);
    if (
      row.replica !== primary &&
      lead !== null &&
      row.lastHardenedLsn !== null &&
      row.lastHardenedLsn < lead
    )
      notReproduced.push(
        reason(
          'START_LAG',
          `${copyName(row)} has hardened up to LSN ${row.lastHardenedLsn}, the primary up to ${lead}${where(row.origin)}; the simulation starts it caught up`,
          S6,
        ),
      );
  }
  if (baseLsn !== null && lsns.some((l) => l !== baseLsn))
    notReproduced.push(
      reason(
        'START_ONE_BASE_LSN',
        `the databases are at different LSNs on the primary; the simulation starts them all at ${baseLsn}`,
        S6,
      ),
    );
  if (baseLsn === null)
    notReproduced.push(
      unknownReason(
        'START_LSN_UNKNOWN',
        "the facts hold no LSN of the primary's databases; the simulation starts them at its own",
        S6,
        [`${DRS}.last_hardened_lsn`, `${DRS}.end_of_log_lsn`],
      ),
    );

  let noticedAfterMs = 0;
  for (const spec of config.replicas.slice(1)) {
    const row = facts.replicas.find((r) => r.name === spec.name);
    if (row?.isUp === false)
      add(
        { type: 'replica.crash', replica: spec.name },
        `${spec.name} is down${where(row.origin)}`,
      );
    else if (row?.connectedState === 'DISCONNECTED') {
      add(
        { type: 'replica.disconnect', replica: spec.name },
        `${spec.name}: connected_state_desc = DISCONNECTED${where(row.origin)}`,
      );
      // The primary closes the session after its own SESSION_TIMEOUT (S1, S109).
      noticedAfterMs = primarySpec.sessionTimeout * 1000;
    } else if (row === undefined || row.connectedState === null)
      notReproduced.push(
        unknownReason(
          'START_CONNECTION_UNKNOWN',
          `the facts do not say whether ${spec.name} is connected; the simulation starts it connected`,
          S7,
          [`${ARS}.connected_state_desc`],
        ),
      );
    if (row !== undefined && row.isUp !== false && row.role === null)
      notReproduced.push(
        unknownReason(
          'START_ROLE_UNKNOWN',
          `the facts do not say ${spec.name}'s role; the simulation starts it as a running SECONDARY`,
          S7,
          [`${ARS}.role_desc`],
        ),
      );
  }
  // A lost connection shows as DISCONNECTED once the session timeout has passed (S7).
  if (noticedAfterMs > 0)
    add(
      { type: 'time.advance', ms: noticedAfterMs },
      'the primary reports a lost connection after SESSION_TIMEOUT',
    );
  if (facts.quorum === 'LOST' || facts.quorum === 'FORCED')
    add({ type: 'quorum.lost' }, `quorum ${facts.quorum}`);
  if (facts.quorum === 'FORCED') add({ type: 'quorum.force', replica: primary }, 'quorum FORCED');

  let cluster = createCluster(config, options);
  for (const s of steps) {
    const result = step(cluster, s.event);
    cluster = result.cluster;
    notReproduced.push(...result.refused);
  }
  return E.right({ config, options, steps, cluster, notReproduced });
};
