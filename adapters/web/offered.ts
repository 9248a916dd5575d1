import { step } from '../../core/cluster/step.js';
import type { Cluster } from '../../core/cluster/types.js';
import type { ClusterEvent } from '../../core/model/events.js';
import type { Reason } from '../../core/model/source.js';
import { eventLabel } from './describe.js';
import { noProgress, type Progress, throttled } from './progress.js';

/** The page's buttons, grouped as the page lays them out. */
export type EventGroup =
  | 'workload'
  | 'replicas'
  | 'log'
  | 'failover'
  | 'databases'
  | 'seeding'
  | 'health'
  | 'cluster';

export interface OfferedEvent {
  readonly group: EventGroup;
  readonly label: string;
  readonly event: ClusterEvent;
  /** The step would accept it now; when not, `reasons` says every reason why. */
  readonly possible: boolean;
  readonly reasons: readonly Reason[];
}

/**
 * Preparing secondaries: backups on the primary, restoring the latest full and log backups WITH
 * NORECOVERY, joining and leaving, and automatic seeding (permission, mode, progress, failure).
 */
const seedingCandidates = (c: Cluster): readonly (readonly [EventGroup, ClusterEvent])[] => {
  const primary = c.ag.context.primary ?? c.config.replicas[0]?.name ?? '';
  const secondaries = c.replicas.filter(
    (r) => r.name !== primary && Object.keys(r.databases).length > 0,
  );
  const latest = (database: string, types: readonly string[]) =>
    [...c.backups].reverse().find((b) => b.database === database && types.includes(b.backupType));
  return [
    ...c.config.databases.flatMap((database) =>
      (['FULL', 'LOG'] as const).map(
        (backupType) =>
          ['seeding', { type: 'db.backup', replica: primary, database, backupType }] as const,
      ),
    ),
    ...secondaries.flatMap((r) => [
      ['seeding', { type: 'replica.grantCreateDatabase', replica: r.name }] as const,
      ['seeding', { type: 'replica.denyCreateDatabase', replica: r.name }] as const,
      ...(['AUTOMATIC', 'MANUAL'] as const).map(
        (mode) => ['seeding', { type: 'replica.setSeedingMode', replica: r.name, mode }] as const,
      ),
      ...Object.keys(r.databases).flatMap((database) => {
        const restores = [latest(database, ['FULL', 'FULL_COPY_ONLY']), latest(database, ['LOG'])]
          .filter((b) => b !== undefined)
          .map(
            (b) =>
              [
                'seeding',
                {
                  type: 'db.restore',
                  replica: r.name,
                  database,
                  file: b.file,
                  // A file may hold several backup sets (NOINIT appends): name the latest.
                  ...(b.position === 1 ? {} : { position: b.position }),
                },
              ] as const,
          );
        return [
          ...restores,
          ['seeding', { type: 'db.join', replica: r.name, database }] as const,
          ['seeding', { type: 'db.leave', replica: r.name, database }] as const,
          ['seeding', { type: 'seeding.progress', replica: r.name, database }] as const,
          ['seeding', { type: 'seeding.fail', replica: r.name, database }] as const,
        ];
      }),
    ]),
  ];
};

/** The replica the health signals concern: the primary, or the last one that was. */
const primaryOf = (c: Cluster): string => c.ag.context.primary ?? c.config.replicas[0]?.name ?? '';

/** The events the page offers, before they are tried. */
export const candidates = (c: Cluster): readonly (readonly [EventGroup, ClusterEvent])[] => {
  const names = c.config.replicas.map((r) => r.name);
  const dataReplicas = c.replicas.filter((r) => Object.keys(r.databases).length > 0);
  const timeouts = [...new Set(c.config.replicas.map((r) => r.sessionTimeout))].sort(
    (a, b) => a - b,
  );
  return [
    ...c.config.databases.map((database) => ['workload', { type: 'db.commit', database }] as const),
    ...timeouts.map((s) => ['workload', { type: 'time.advance', ms: s * 1000 }] as const),
    ...names.flatMap((replica) =>
      (
        ['replica.crash', 'replica.restart', 'replica.disconnect', 'replica.reconnect'] as const
      ).map((type) => ['replicas', { type, replica }] as const),
    ),
    ...dataReplicas.flatMap((r) =>
      (['log.ship', 'log.harden', 'log.redo'] as const).map(
        (type) => ['log', { type, replica: r.name }] as const,
      ),
    ),
    ...names.flatMap((target) =>
      (['ag.failover', 'ag.forceFailover'] as const).map(
        (type) => ['failover', { type, target }] as const,
      ),
    ),
    ...dataReplicas.flatMap((r) =>
      Object.keys(r.databases).flatMap((database) =>
        (['db.suspend', 'db.resume'] as const).map(
          (type) => ['databases', { type, replica: r.name, database }] as const,
        ),
      ),
    ),
    ...seedingCandidates(c),
    // Health conditions on the primary, one per failure-condition level, as the policy sees them.
    ...(
      ['REPLICA_FAILED', 'SYSTEM_ERROR', 'RESOURCE_ERROR', 'QUERY_PROCESSING_ERROR'] as const
    ).map(
      (condition) =>
        ['health', { type: 'health.signal', replica: primaryOf(c), condition }] as const,
    ),
    [
      'health',
      {
        type: 'health.signal',
        replica: primaryOf(c),
        condition: 'UNRESPONSIVE',
        durationMs: c.config.healthCheckTimeout,
      },
    ],
    ...c.config.databases.map(
      (database) =>
        [
          'health',
          {
            type: 'health.signal',
            replica: primaryOf(c),
            condition: 'DATABASE_NOT_ONLINE',
            database,
          },
        ] as const,
    ),
    ['cluster', { type: 'quorum.lost' }],
    ['cluster', { type: 'quorum.regained' }],
    ...names.map((replica) => ['cluster', { type: 'quorum.force', replica }] as const),
  ];
};

/** The one database an event concerns, for the events that concern one. */
export const eventDatabase = (e: ClusterEvent): string | undefined =>
  e.type === 'time.advance' ||
  e.type.startsWith('log.') ||
  !('database' in e) ||
  typeof e.database !== 'string'
    ? undefined
    : e.database;

const pick = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const value = record[key];
  return value === undefined ? {} : { [key]: value };
};

/**
 * The cluster as it is for one database: every replica, the group and the backup history as
 * they are, that database's copies, log and catalog entry, no other database. An event about one
 * database is refused or accepted on it exactly as on the whole group (a property checks this),
 * and trying it there costs the replicas, not the replicas times every database.
 */
export const forOneDatabase = (c: Cluster, database: string): Cluster => ({
  ...c,
  config: { ...c.config, databases: c.config.databases.filter((d) => d === database) },
  replicas: c.replicas.map((r) => ({ ...r, databases: pick(r.databases, database) })),
  logs: pick(c.logs, database),
  catalog: pick(c.catalog, database),
});

/**
 * Every event the page offers, each tried by a dry run of the real step: the step is pure, so
 * the page shows exactly what the model would do. An event about one database is tried on that
 * database alone, so a group of thousands of databases costs linear time, not quadratic.
 */
export const offeredEvents = (
  c: Cluster,
  progress: Progress = noProgress,
): readonly OfferedEvent[] => {
  const report = throttled(progress, 100);
  const perDatabase = new Map<string, Cluster>();
  const scope = (database: string): Cluster => {
    let one = perDatabase.get(database);
    if (one === undefined) {
      one = forOneDatabase(c, database);
      perDatabase.set(database, one);
    }
    return one;
  };
  const all = candidates(c);
  return all.map(([group, event], n) => {
    report('trying the events the page offers', n + 1, all.length);
    const database = eventDatabase(event);
    const { refused } = step(database === undefined ? c : scope(database), event);
    const label =
      event.type === 'time.advance'
        ? `advance time by SESSION_TIMEOUT (${event.ms / 1000} s)`
        : eventLabel(event);
    return { group, label, event, possible: refused.length === 0, reasons: refused };
  });
};
