import fc from 'fast-check';
import type * as t from 'io-ts';
import { type Config, resolveConfig } from '../core/model/config.js';
import type { ClusterEvent } from '../core/model/events.js';
import { validateConfig } from '../core/rules/validate.js';

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
        replica,
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
