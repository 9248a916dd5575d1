import fc from 'fast-check';
import type * as t from 'io-ts';
import { createCluster } from '../core/cluster/build.js';
import { copyPhase } from '../core/cluster/select.js';
import type { Cluster, DatabaseCopy } from '../core/cluster/types.js';
import { isSeedingRunning } from '../core/machines/seeding/selectors.js';
import { type Config, resolveConfig } from '../core/model/config.js';
import type { ClusterEvent } from '../core/model/events.js';
import { validateConfig } from '../core/validation/validate.js';

/**
 * Random availability groups for the cluster properties: 2–9 replicas, random availability and
 * failover modes within the version's limits, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT, one or
 * two databases; and random events over their replicas and databases.
 */

const LIMITS: Record<number, { sync: number; automatic: number }> = {
  2016: { sync: 3, automatic: 3 },
  2017: { sync: 3, automatic: 3 },
  2019: { sync: 5, automatic: 5 },
  2022: { sync: 5, automatic: 5 },
};

export const clusterConfigArb: fc.Arbitrary<Config> = fc
  .record({
    version: fc.constantFrom(2016, 2017, 2019, 2022),
    replicaCount: fc.integer({ min: 2, max: 9 }),
    // The initial primary is usually in the automatic failover set, so automatic failover gets exercised.
    firstMode: fc.constantFrom('sync-auto', 'sync-auto', 'sync-auto', 'sync-manual', 'async'),
    modes: fc.array(fc.constantFrom('sync-auto', 'sync-manual', 'async'), {
      minLength: 9,
      maxLength: 9,
    }),
    rsstc: fc.integer({ min: 0, max: 2 }),
    databases: fc.integer({ min: 1, max: 2 }),
    clusterNone: fc.boolean(),
    sessionTimeout: fc.constantFrom(5, 10, 15),
  })
  .map(
    ({
      version,
      replicaCount,
      firstMode,
      modes,
      rsstc,
      databases,
      clusterNone,
      sessionTimeout,
    }) => {
      const limit = LIMITS[version]!;
      let sync = 0;
      let automatic = 0;
      const none = clusterNone && version >= 2017;
      const replicas = Array.from({ length: replicaCount }, (_, i) => {
        let mode = i === 0 ? firstMode : modes[i]!;
        if (mode !== 'async' && sync >= limit.sync) mode = 'async';
        if (mode === 'sync-auto' && (automatic >= limit.automatic || none)) mode = 'sync-manual';
        if (mode !== 'async') sync++;
        if (mode === 'sync-auto') automatic++;
        return {
          name: `R${i + 1}`,
          endpointUrl: `TCP://r${i + 1}.contoso.com:5022`,
          availabilityMode:
            mode === 'async' ? ('ASYNCHRONOUS_COMMIT' as const) : ('SYNCHRONOUS_COMMIT' as const),
          failoverMode: mode === 'sync-auto' ? ('AUTOMATIC' as const) : ('MANUAL' as const),
          sessionTimeout: sessionTimeout as t.Int,
        };
      });
      return resolveConfig({
        name: 'AG1',
        version: version as Config['version'],
        clusterType: none ? 'NONE' : 'WSFC',
        requiredSynchronizedSecondariesToCommit: (version >= 2017
          ? Math.min(rsstc, replicaCount - 1)
          : 0) as t.Int,
        databases: Array.from({ length: databases }, (_, i) => `DB${i + 1}`),
        replicas,
      });
    },
  )
  .filter((c) => validateConfig(c).length === 0);

/** A random event over the configuration's replicas and databases, weighted towards the interesting ones. */
export const clusterEventArb = (config: Config): fc.Arbitrary<ClusterEvent> => {
  const replica = fc.constantFrom(...config.replicas.map((r) => r.name));
  // Crashes of the initial primary matter most: they drive automatic and forced failover.
  const crashTarget = fc.oneof(
    { weight: 2, arbitrary: fc.constant(config.replicas[0]!.name) },
    { weight: 3, arbitrary: replica },
  );
  const database = fc.constantFrom(...config.databases);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        type: fc.constant('db.commit' as const),
        database,
        count: fc.integer({ min: 1, max: 3 }) as fc.Arbitrary<t.Int>,
      }),
    },
    { weight: 5, arbitrary: fc.record({ type: fc.constant('log.ship' as const), replica }) },
    { weight: 5, arbitrary: fc.record({ type: fc.constant('log.harden' as const), replica }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('log.redo' as const), replica }) },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('replica.crash' as const), replica: crashTarget }),
    },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('replica.restart' as const), replica }) },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('replica.disconnect' as const), replica }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('replica.reconnect' as const), replica }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('time.advance' as const),
        ms: fc.integer({ min: 0, max: 20_000 }) as fc.Arbitrary<t.Int>,
      }),
    },
    { weight: 1, arbitrary: fc.constant({ type: 'quorum.lost' as const }) },
    { weight: 1, arbitrary: fc.constant({ type: 'quorum.regained' as const }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('quorum.force' as const), replica }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('health.signal' as const),
        replica: crashTarget,
        condition: fc.constantFrom(
          'SYSTEM_ERROR' as const,
          'UNRESPONSIVE' as const,
          'QUERY_PROCESSING_ERROR' as const,
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('ag.failover' as const), target: replica }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('ag.forceFailover' as const), target: replica }),
    },
    { weight: 1, arbitrary: fc.constant({ type: 'ag.offline' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constant('ag.setRoleSecondary' as const), replica }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constant('db.suspend' as const), replica, database }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constant('db.resume' as const), replica, database }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('replica.setAvailabilityMode' as const),
        replica,
        mode: fc.constantFrom('SYNCHRONOUS_COMMIT' as const, 'ASYNCHRONOUS_COMMIT' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('replica.setFailoverMode' as const),
        replica,
        mode: fc.constantFrom('AUTOMATIC' as const, 'MANUAL' as const),
      }),
    },
  );
};

/** A configuration with a sequence of events over it. */
export const scenarioArb = (maxEvents = 60) =>
  clusterConfigArb.chain((config) =>
    fc.record({
      config: fc.constant(config),
      events: fc.array(clusterEventArb(config), {
        minLength: Math.min(20, maxEvents),
        maxLength: maxEvents,
      }),
    }),
  );

/** Databases on the primary's instance outside the group, which lifecycle scenarios may add. */
export const OUTSIDE_DATABASES = ['NEW1', 'NEW2'] as const;

/**
 * A random lifecycle event: commits and backups (named by the model), adding and removing databases, leaving,
 * SEEDING_MODE and the CREATE ANY DATABASE grant, suspension, and long waits that let seeding
 * time-outs fire. Restores, joins and seeding reports are chosen by lifecycleActionArb.
 */
export const lifecycleEventArb = (config: Config): fc.Arbitrary<ClusterEvent> => {
  const replica = fc.constantFrom(...config.replicas.map((r) => r.name));
  const database = fc.constantFrom(...config.databases, ...OUTSIDE_DATABASES);
  const onCopy = { replica, database };
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        type: fc.constant('db.backup' as const),
        replica: fc.oneof({ weight: 3, arbitrary: fc.constant(config.replicas[0]!.name) }, replica),
        database,
        backupType: fc.constantFrom(
          'FULL' as const,
          'LOG' as const,
          'LOG' as const,
          'FULL_COPY_ONLY' as const,
          'DIFFERENTIAL' as const,
          'LOG_COPY_ONLY' as const,
        ),
      }),
    },
    {
      weight: 5,
      arbitrary: fc.record({
        type: fc.constant('db.commit' as const),
        database: fc.constantFrom(...config.databases),
        count: fc.integer({ min: 1, max: 3 }) as fc.Arbitrary<t.Int>,
      }),
    },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('db.add' as const), database }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('db.remove' as const), database }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('db.leave' as const), ...onCopy }) },
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('replica.setSeedingMode' as const),
        replica,
        mode: fc.constantFrom('AUTOMATIC' as const, 'AUTOMATIC' as const, 'MANUAL' as const),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({ type: fc.constant('replica.grantCreateDatabase' as const), replica }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constant('replica.denyCreateDatabase' as const), replica }),
    },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('db.suspend' as const), ...onCopy }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('db.resume' as const), ...onCopy }) },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constant('replica.disconnect' as const), replica }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('time.advance' as const),
        ms: fc.integer({ min: 60_000, max: 200_000 }) as fc.Arbitrary<t.Int>,
      }),
    },
  );
};

/**
 * One step of a lifecycle scenario: an event, or a choice that resolveLifecycleAction makes against
 * the cluster at that moment, so that restores name backups that exist (the next one of the
 * copy's chain, or any), joins and leaves name restored and joined copies, and progress reports
 * name running seedings.
 * Two steps stand for several events: every secondary seeding automatically with the grant, and
 * every outside database backed up and added.
 */
export type LifecycleAction =
  | { readonly kind: 'event'; readonly event: ClusterEvent }
  | { readonly kind: 'seedEverywhere' }
  | { readonly kind: 'addAll' }
  | {
      readonly kind: 'restore';
      readonly replica: string;
      readonly pick: number;
      readonly chain: boolean;
    }
  | { readonly kind: 'join'; readonly pick: number }
  | { readonly kind: 'leave'; readonly pick: number }
  | { readonly kind: 'progress'; readonly pick: number; readonly bytes: number | null }
  | { readonly kind: 'fail'; readonly pick: number; readonly failureState: number };

export const lifecycleActionArb = (config: Config): fc.Arbitrary<LifecycleAction> => {
  const replica = fc.constantFrom(...config.replicas.map((r) => r.name));
  const pick = fc.nat(20);
  return fc.oneof(
    {
      weight: 10,
      arbitrary: lifecycleEventArb(config).map((event) => ({ kind: 'event' as const, event })),
    },
    {
      weight: 4,
      arbitrary: clusterEventArb(config).map((event) => ({ kind: 'event' as const, event })),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('restore' as const),
        replica,
        pick,
        chain: fc.boolean(),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('join' as const), pick }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), pick }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'seedEverywhere' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'addAll' as const }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('progress' as const),
        pick,
        bytes: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: null }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('fail' as const),
        pick,
        failureState: fc.constantFrom(2, 15, 21, 23, 124),
      }),
    },
  );
};

const copiesWhere = (c: Cluster, keep: (copy: DatabaseCopy) => boolean) =>
  c.replicas.flatMap((r) =>
    Object.entries(r.databases)
      .filter(([, copy]) => keep(copy))
      .map(([database]) => ({ replica: r.name, database })),
  );

/** The events an action stands for in this cluster; none when it has nothing to choose from. */
export const resolveLifecycleAction = (c: Cluster, a: LifecycleAction): readonly ClusterEvent[] => {
  if (a.kind === 'seedEverywhere')
    return c.config.replicas.slice(1).flatMap((r): ClusterEvent[] => [
      { type: 'replica.setSeedingMode', replica: r.name, mode: 'AUTOMATIC' },
      { type: 'replica.grantCreateDatabase', replica: r.name },
    ]);
  if (a.kind === 'addAll')
    return OUTSIDE_DATABASES.flatMap((database): ClusterEvent[] => [
      { type: 'db.backup', replica: c.config.replicas[0]!.name, database, backupType: 'FULL' },
      { type: 'db.add', database },
    ]);
  const one = chooseEvent(c, a);
  return one === null ? [] : [one];
};

const chooseEvent = (
  c: Cluster,
  a: Exclude<LifecycleAction, { kind: 'seedEverywhere' } | { kind: 'addAll' }>,
): ClusterEvent | null => {
  if (a.kind === 'event') return a.event;
  if (a.kind === 'restore') {
    const copy = c.replicas.find((r) => r.name === a.replica)?.databases;
    // The next backup of the copy's chain: a full one for no copy, else one holding the next LSN.
    const next = c.backups.filter((b) => {
      const at = copy?.[b.database];
      if (at === undefined || copyPhase(at) === 'ABSENT') return b.backupType.startsWith('FULL');
      return b.firstLsn <= at.hardened.lsn && at.hardened.lsn < b.lastLsn;
    });
    const from = a.chain && next.length > 0 ? next : c.backups;
    const b = from[a.pick % Math.max(1, from.length)];
    return b === undefined
      ? null
      : { type: 'db.restore', replica: a.replica, database: b.database, file: b.file };
  }
  if (a.kind === 'join' || a.kind === 'leave') {
    const primary = c.ag.context.primary;
    const phase = a.kind === 'join' ? 'RESTORING' : 'JOINED';
    const found = copiesWhere(c, (copy) => copyPhase(copy) === phase).filter(
      (x) => x.replica !== primary,
    );
    const x = found[a.pick % Math.max(1, found.length)];
    return x === undefined ? null : { type: a.kind === 'join' ? 'db.join' : 'db.leave', ...x };
  }
  const running = copiesWhere(c, (copy) => isSeedingRunning(copy.seeding));
  const x = running[a.pick % Math.max(1, running.length)];
  if (x === undefined) return null;
  return a.kind === 'progress'
    ? { type: 'seeding.progress', ...x, ...(a.bytes === null ? {} : { bytes: a.bytes as t.Int }) }
    : { type: 'seeding.fail', ...x, failureState: a.failureState as t.Int };
};

/**
 * A group whose databases exist only on the primary (the 'unprepared' start), two more databases
 * outside it, and lifecycle actions mixed with the cluster's own events (commits, log movement,
 * faults, failovers). Commits need no synchronized secondary here (RSSTC 0), since none exists
 * until one is prepared.
 */
export const lifecycleScenarioArb = (maxActions = 80) =>
  clusterConfigArb.chain((config) =>
    fc.record({
      config: fc.constant({ ...config, requiredSynchronizedSecondariesToCommit: 0 as t.Int }),
      outsideHaveFullBackups: fc.boolean(),
      actions: fc.array(lifecycleActionArb(config), {
        minLength: Math.min(20, maxActions),
        maxLength: maxActions,
      }),
    }),
  );

/** The cluster a lifecycle scenario starts from: databases on the primary only, 1000 bytes each. */
export const lifecycleStart = (config: Config, outsideHaveFullBackups: boolean): Cluster =>
  createCluster(config, {
    start: 'unprepared',
    catalog: {
      ...Object.fromEntries(config.databases.map((db) => [db, { sizeBytes: 1000 }])),
      ...Object.fromEntries(
        OUTSIDE_DATABASES.map((db) => [
          db,
          { sizeBytes: 1000, hasFullBackup: outsideHaveFullBackups },
        ]),
      ),
    },
  });
