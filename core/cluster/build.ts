import type * as t from 'io-ts';
import { INITIAL } from '../kernel/machines.js';
import { blankCopy, type CatalogSettings, catalogEntry } from '../lifecycle/copy.js';
import { type Config, initialPrimary } from '../model/config.js';
import { requestAllSeedings } from '../seeding/ops.js';
import { EMPTY_JOURNAL } from './journal.js';
import {
  becomePrimary,
  mapCopies,
  position,
  rebuild,
  sendAg,
  sendAllCopies,
  sendReplica,
  withCopy,
} from './ops.js';
import { joinedState } from './select.js';
import type { Cluster, DatabaseCopy, ReplicaRuntime } from './types.js';

export interface CreateClusterOptions {
  /**
   * The LSN every database starts from. Real LSNs exceed 2^53; the default does too, so every
   * path through the model handles exact bigints.
   */
  readonly baseLsn?: bigint;
  /**
   * 'synchronized' (default): every secondary copy already prepared, joined and caught up, as a
   * running group is. 'unprepared': the databases exist only on the primary (no secondary copy).
   */
  readonly start?: 'synchronized' | 'unprepared';
  /**
   * The primary instance's databases: settings for the group's databases, and databases outside
   * the group that may be added later (defaults in docs/seeding.md).
   */
  readonly catalog?: Readonly<Record<string, CatalogSettings>>;
  /**
   * Replicas whose instance has granted the group CREATE ANY DATABASE (a T-SQL script's GRANT
   * after the JOIN): automatic seeding may create databases there from the start (SEED001).
   */
  readonly granted?: readonly string[];
}

export const DEFAULT_BASE_LSN = 39_000_000_034_400_000n;

/**
 * A running availability group for a configuration: the instance CREATE AVAILABILITY GROUP ran on
 * (`createdOn`) is the primary, or the first replica when the configuration does not say; every
 * other replica is a connected secondary. Configuration-only replicas hold no databases.
 */
export const createCluster = (config: Config, options: CreateClusterOptions = {}): Cluster => {
  const base = options.baseLsn ?? DEFAULT_BASE_LSN;
  const prepared = (options.start ?? 'synchronized') === 'synchronized';
  const primaryReplica = initialPrimary(config);
  const primary = primaryReplica?.name ?? null;
  const at = position(0, base);
  const emptyCopy: DatabaseCopy = blankCopy(at);
  const settings = options.catalog ?? {};
  const catalogNames = [...new Set([...config.databases, ...Object.keys(settings)])];
  const replicas: ReplicaRuntime[] = config.replicas.map((r) => ({
    name: r.name,
    machine: INITIAL.replica,
    linkDownSinceMs: null,
    canCreateDatabase: options.granted?.includes(r.name) ?? false,
    recoversAsPrimary: false,
    databases:
      r.availabilityMode === 'CONFIGURATION_ONLY'
        ? {}
        : Object.fromEntries(config.databases.map((db) => [db, emptyCopy])),
  }));
  let cluster: Cluster = {
    config,
    nowMs: 0,
    ag: INITIAL.availabilityGroup,
    replicas,
    logs: Object.fromEntries(
      config.databases.map((db) => [
        db,
        {
          forks: [{ id: 0 as t.Int, parent: null, startLsn: base }],
          acknowledged: [],
          lost: [],
          settledLsn: base,
        },
      ]),
    ),
    failureTimesMs: [],
    catalog: Object.fromEntries(
      catalogNames.map((db) => [
        db,
        catalogEntry(primary ?? '', base, config.databases.includes(db), settings[db]),
      ]),
    ),
    backups: [],
    journal: EMPTY_JOURNAL,
  };
  if (primary === null) return cluster;
  const primaryMode = primaryReplica?.availabilityMode;
  cluster = sendAg(cluster, { type: 'primary.recovered', primary });
  for (const r of config.replicas) {
    const isPrimary = r.name === primary;
    cluster = isPrimary
      ? becomePrimary(cluster, r.name)
      : sendReplica(cluster, r.name, { type: 'role.secondary' });
    // The primary's own row reports CONNECTED (S7); a secondary connects to it.
    cluster = sendReplica(cluster, r.name, { type: 'link.connected' });
    if (r.availabilityMode === 'CONFIGURATION_ONLY') continue;
    // Every copy of the replica takes each event in turn (sendAllCopies builds them in one pass).
    if (isPrimary) {
      cluster = sendAllCopies(cluster, r.name, () => ({ type: 'db.add' }));
    } else if (prepared) {
      const facts = {
        primaryMode: primaryMode ?? 'SYNCHRONOUS_COMMIT',
        replicaMode: r.availabilityMode,
        connected: true,
        suspended: false,
        caughtUp: true,
      } as const;
      for (const event of [
        { type: 'db.restore' },
        { type: 'db.join' },
        { type: 'link.connected', diverged: false },
        { type: 'log.hardened', facts },
      ] as const)
        cluster = sendAllCopies(cluster, r.name, () => event);
    }
  }
  if (!prepared) {
    // Joined secondaries with SEEDING_MODE = AUTOMATIC ask for their databases at once; without
    // CREATE ANY DATABASE they wait for the grant (SEED001).
    for (const r of config.replicas.slice(1))
      cluster = requestAllSeedings(cluster, r.name, true).cluster;
  }
  // The journal keeps the transitions that built the group (the first step clears it).
  return markFailoverReadiness(cluster);
};

/**
 * A copy that left ONLINE (DB_FAILOVER failed the group over from it, its disk lost) reports NOT
 * SYNCHRONIZING (S6) and receives no log: the primary commits without it, so the cluster no longer
 * marks it synchronized (S8 is_failover_ready) and no automatic failover may go to it (S2).
 */
const readyCopy = (copy: DatabaseCopy, hasPrimary: boolean): boolean =>
  hasPrimary && joinedState(copy) === 'SYNCHRONIZED' && copy.notOnline === undefined;

const readinessChanges = (r: ReplicaRuntime, hasPrimary: boolean): boolean => {
  for (const db in r.databases) {
    const copy = r.databases[db]!;
    if (readyCopy(copy, hasPrimary) !== copy.failoverReady) return true;
  }
  return false;
};

/**
 * is_failover_ready follows SYNCHRONIZED while the primary can record it: for a secondary copy,
 * and for the primary's own database, which reports SYNCHRONIZED and reads 1 in
 * sys.dm_hadr_database_replica_cluster_states as a snapshot of the primary shows (S8).
 */
export const markFailoverReadiness = (c: Cluster): Cluster => {
  const primary = c.ag.context.primary;
  // Most steps change no copy's readiness: then the cluster is returned as it was, and no closure
  // is made to tell (this runs after every step).
  let changes = false;
  for (const r of c.replicas) if (readinessChanges(r, primary !== null)) changes = true;
  if (!changes) return c;
  const ready = (copy: DatabaseCopy): boolean => readyCopy(copy, primary !== null);
  return rebuild(
    c,
    c.replicas.map((r) =>
      mapCopies(r, (copy) => {
        const synchronized = ready(copy);
        return synchronized === copy.failoverReady
          ? copy
          : withCopy(copy, { failoverReady: synchronized });
      }),
    ),
    c.journal,
  );
};
