import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, transition as xstateTransition } from 'xstate';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import type { CompiledMachine } from '../core/kernel/compile.js';
import { COMPILED, INITIAL } from '../core/kernel/machines.js';
import {
  activeStateIds,
  can,
  hasTag,
  type MachineSnapshot,
  transition,
} from '../core/kernel/run.js';
import type { AvailabilityGroupEvent } from '../core/machines/availabilityGroup/events.js';
import type { DatabaseReplicaEvent } from '../core/machines/databaseReplica/events.js';
import { MACHINES, type MachineName } from '../core/machines/registry.js';
import type { ReplicaEvent } from '../core/machines/replica/events.js';
import type { SeedingEvent } from '../core/machines/seeding/events.js';
import type { ClusterFacts } from '../core/model/facts.js';
import { clusterConfigArb, scenarioArb } from './cluster-arbitraries.js';
import { propertyRuns } from './runs.js';

/**
 * XState is the oracle of the compiled kernel (core/kernel): every machine transition the kernel
 * takes equals what XState's own public `transition()` gives on the same snapshot and event: the
 * same state value, context, active states and tags, and a new snapshot exactly when XState
 * makes one. Checked on random event sequences from each machine's start, and on the snapshots
 * real clusters of 2 to 9 replicas reach, under random events with the facts of those clusters.
 */

const syncFacts = fc.record({
  primaryMode: fc.constantFrom('SYNCHRONOUS_COMMIT' as const, 'ASYNCHRONOUS_COMMIT' as const),
  replicaMode: fc.constantFrom('SYNCHRONOUS_COMMIT' as const, 'ASYNCHRONOUS_COMMIT' as const),
  connected: fc.boolean(),
  suspended: fc.boolean(),
  caughtUp: fc.boolean(),
});

const databaseReplicaEvent: fc.Arbitrary<DatabaseReplicaEvent> = fc.oneof(
  fc.constantFrom<DatabaseReplicaEvent>(
    { type: 'db.add' },
    { type: 'db.restore' },
    { type: 'db.join' },
    { type: 'db.leave' },
    { type: 'db.drop' },
    { type: 'seeding.start' },
    { type: 'seeding.complete' },
    { type: 'role.primary' },
    { type: 'role.secondary' },
    { type: 'link.lost' },
    { type: 'revert.pagesFetched' },
    { type: 'revert.logHardened' },
  ),
  fc.record({ type: fc.constant('link.connected' as const), diverged: fc.boolean() }),
  fc.record({ type: fc.constant('seeding.fail' as const), keepRestoredCopy: fc.boolean() }),
  fc.record({
    type: fc.constantFrom('log.hardened' as const, 'mode.changed' as const),
    facts: syncFacts,
  }),
  fc.record({
    type: fc.constant('db.suspend' as const),
    reason: fc.constantFrom('SUSPEND_FROM_USER' as const, 'SUSPEND_FROM_PARTNER' as const),
  }),
  fc.record({
    type: fc.constant('db.resume' as const),
    isPrimary: fc.boolean(),
    connected: fc.boolean(),
    diverged: fc.boolean(),
  }),
);

const seedingStart = fc.record({
  atMs: fc.nat(400_000),
  fromLsn: fc.bigInt({ min: 0n, max: 2n ** 70n }),
  bytesToStream: fc.nat(2000),
  catchUp: fc.boolean(),
  source: fc.constantFrom('P1', 'P2'),
});

const seedingEvent: fc.Arbitrary<SeedingEvent> = fc.oneof(
  fc.record({
    type: fc.constant('seeding.request' as const),
    granted: fc.boolean(),
    running: fc.nat(7),
    ticket: fc.nat(10),
    start: seedingStart,
  }),
  fc.record({
    type: fc.constant('permission.granted' as const),
    running: fc.nat(7),
    start: seedingStart,
  }),
  fc.constant({ type: 'permission.denied' as const }),
  fc.record({ type: fc.constant('slot.freed' as const), start: seedingStart }),
  fc.record({
    type: fc.constant('seeding.progress' as const),
    atMs: fc.nat(400_000),
    bytes: fc.option(fc.nat(1500), { nil: null }),
  }),
  fc.record({
    type: fc.constant('seeding.fail' as const),
    atMs: fc.nat(400_000),
    failureState: fc.nat(25),
  }),
  fc.record({ type: fc.constant('seeding.cancel' as const), atMs: fc.nat(400_000) }),
  fc.record({
    type: fc.constant('clock.tick' as const),
    nowMs: fc.nat(400_000),
    reachable: fc.boolean(),
  }),
);

const replicaEvent: fc.Arbitrary<ReplicaEvent> = fc.constantFrom<ReplicaEvent>(
  { type: 'replica.crash' },
  { type: 'replica.restart' },
  { type: 'role.primary' },
  { type: 'role.secondary' },
  { type: 'role.resolving' },
  { type: 'link.connected' },
  { type: 'link.lost' },
);

const agEvent = (
  names: readonly string[],
  facts: ClusterFacts,
): fc.Arbitrary<AvailabilityGroupEvent> => {
  const name = fc.constantFrom(...names);
  return fc.oneof(
    fc.constantFrom<AvailabilityGroupEvent>(
      { type: 'quorum.lost' },
      { type: 'quorum.force' },
      { type: 'quorum.regained' },
      { type: 'primary.demoted' },
      { type: 'ag.offline' },
    ),
    fc.record({
      type: fc.constantFrom('ag.failover' as const, 'ag.forceFailover' as const),
      target: name,
      facts: fc.constant(facts),
    }),
    fc.record({
      type: fc.constant('primary.failed' as const),
      target: fc.option(name, { nil: null }),
      facts: fc.constant(facts),
      instanceRunning: fc.boolean(),
      thresholdExceeded: fc.boolean(),
    }),
    fc.record({
      type: fc.constantFrom('failover.completed' as const, 'primary.recovered' as const),
      primary: name,
    }),
  );
};

const agEvents = clusterConfigArb.chain((config) =>
  fc.array(
    agEvent(
      config.replicas.map((r) => r.name),
      clusterFacts(createCluster(config)),
    ),
    { maxLength: 30 },
  ),
);

type XStateSnapshot = {
  readonly value: unknown;
  readonly context: unknown;
  readonly status: string;
  readonly _nodes: readonly { readonly id: string; readonly type: string }[];
  hasTag(tag: string): boolean;
  can(event: unknown): boolean;
};

const xstateStep = (name: MachineName, s: XStateSnapshot, e: unknown): XStateSnapshot =>
  (xstateTransition as unknown as (m: AnyStateMachine, s: unknown, e: unknown) => [XStateSnapshot])(
    MACHINES[name],
    s,
    e,
  )[0];

/** XState's own snapshot of the kernel's configuration and context. */
const toXState = (name: MachineName, s: MachineSnapshot<unknown>): XStateSnapshot =>
  (MACHINES[name] as AnyStateMachine).resolveState({
    value: s.value as never,
    context: s.context as never,
  }) as unknown as XStateSnapshot;

const TAGS = [
  'primary',
  'secondary',
  'seeding',
  'streaming',
  'dataMovement',
  'synchronized',
  'suspended',
  'writable',
];

const machineOf = (name: MachineName) =>
  COMPILED[name] as unknown as CompiledMachine<unknown, { readonly type: string }>;

/** One event on equal snapshots: the kernel's result equals XState's, field by field. */
const sameStep = (
  name: MachineName,
  kernel: MachineSnapshot<unknown>,
  reference: XStateSnapshot,
  event: { readonly type: string },
): [MachineSnapshot<unknown>, XStateSnapshot] => {
  const m = machineOf(name);
  expect(can(m, kernel, event), `can(${event.type})`).toBe(reference.can(event));
  const next = transition(m, kernel, event);
  const expected = xstateStep(name, reference, event);
  expect(expected.status).toBe('active');
  expect(next.value, `value after ${event.type}`).toEqual(expected.value);
  expect(next.context, `context after ${event.type}`).toEqual(expected.context);
  expect([...activeStateIds(m, next)].sort()).toEqual(
    expected._nodes
      .filter((n) => n.type === 'atomic' || n.type === 'final')
      .map((n) => n.id)
      .sort(),
  );
  for (const tag of TAGS) expect(hasTag(m, next, tag), tag).toBe(expected.hasTag(tag));
  expect(next === kernel, `unchanged after ${event.type}`).toBe(expected === reference);
  return [next, expected];
};

const lockstep = (name: MachineName, events: readonly { readonly type: string }[]) => {
  let kernel = INITIAL[name] as MachineSnapshot<unknown>;
  let reference = toXState(name, kernel);
  for (const e of events) [kernel, reference] = sameStep(name, kernel, reference, e);
};

describe('the compiled kernel takes the transitions XState takes', () => {
  it('for the database-replica machine', () => {
    fc.assert(
      fc.property(fc.array(databaseReplicaEvent, { maxLength: 40 }), (events) =>
        lockstep('databaseReplica', events),
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it('for the replica machine (parallel regions)', () => {
    fc.assert(
      fc.property(fc.array(replicaEvent, { maxLength: 40 }), (events) =>
        lockstep('replica', events),
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it('for the seeding machine, with its eventless completion', () => {
    fc.assert(
      fc.property(fc.array(seedingEvent, { maxLength: 40 }), (events) =>
        lockstep('seeding', events),
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it('for the availability-group machine, with guards judging real cluster facts', () => {
    fc.assert(
      fc.property(agEvents, (events) => lockstep('availabilityGroup', events)),
      { numRuns: propertyRuns(100) },
    );
  });

  it('from every snapshot clusters of 2 to 9 replicas reach, under events with their facts', () => {
    const probe = (c: Cluster, seed: number) => {
      const facts = clusterFacts(c);
      const names = c.config.replicas.map((r) => r.name);
      const sample = <T>(arb: fc.Arbitrary<T>) => fc.sample(arb, { numRuns: 6, seed });
      const check = (
        name: MachineName,
        s: MachineSnapshot<unknown>,
        events: readonly { readonly type: string }[],
      ) => {
        for (const e of events) sameStep(name, s, toXState(name, s), e);
      };
      check('availabilityGroup', c.ag, sample(agEvent(names, facts)));
      for (const r of c.replicas) {
        check('replica', r.machine, sample(replicaEvent));
        for (const copy of Object.values(r.databases)) {
          check('databaseReplica', copy.machine, sample(databaseReplicaEvent));
          check('seeding', copy.seeding, sample(seedingEvent));
        }
      }
    };
    fc.assert(
      fc.property(scenarioArb(40), fc.nat(1000), ({ config, events }, seed) => {
        let c = createCluster(config);
        for (const [i, e] of events.entries()) {
          c = step(c, e).cluster;
          if (i % 8 === 7) probe(c, seed + i);
        }
        probe(c, seed);
      }),
      { numRuns: propertyRuns(25) },
    );
  });
});
