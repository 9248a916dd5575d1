import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import type { AvailabilityGroupEvent } from '../core/machines/availabilityGroup/events.js';
import { availabilityGroupMachine } from '../core/machines/availabilityGroup/machine.js';
import type { DatabaseReplicaEvent } from '../core/machines/databaseReplica/events.js';
import { databaseReplicaMachine } from '../core/machines/databaseReplica/machine.js';
import type { ReplicaEvent } from '../core/machines/replica/events.js';
import { replicaMachine } from '../core/machines/replica/machine.js';
import type { SeedingEvent } from '../core/machines/seeding/events.js';
import { seedingMachine } from '../core/machines/seeding/machine.js';
import {
  initialSnapshot,
  transitionMachine,
  transitionMachinePublic,
} from '../core/machines/xstate.js';
import { clusterConfigArb } from './cluster-arbitraries.js';

/**
 * The reused inert scope of core/machines/xstate.ts gives exactly what XState's public
 * `transition()` gives: the same state value, context and status after every event.
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

const agEvents = clusterConfigArb.chain((config) => {
  const facts = clusterFacts(createCluster(config));
  const name = fc.constantFrom(...config.replicas.map((r) => r.name));
  const event: fc.Arbitrary<AvailabilityGroupEvent> = fc.oneof(
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
  return fc.array(event, { maxLength: 30 });
});

const same = (a: { value: unknown; context: unknown; status: unknown }, b: typeof a) => {
  expect(a.value).toEqual(b.value);
  expect(a.context).toEqual(b.context);
  expect(a.status).toEqual(b.status);
};

describe('the reused-scope transition equals XState transition()', () => {
  it('for the database-replica machine', () => {
    fc.assert(
      fc.property(fc.array(databaseReplicaEvent, { maxLength: 40 }), (events) => {
        let fast = initialSnapshot(databaseReplicaMachine);
        let reference = fast;
        for (const e of events) {
          fast = transitionMachine(databaseReplicaMachine, fast, e);
          reference = transitionMachinePublic(databaseReplicaMachine, reference, e);
          same(fast, reference);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('for the replica machine', () => {
    fc.assert(
      fc.property(fc.array(replicaEvent, { maxLength: 40 }), (events) => {
        let fast = initialSnapshot(replicaMachine);
        let reference = fast;
        for (const e of events) {
          fast = transitionMachine(replicaMachine, fast, e);
          reference = transitionMachinePublic(replicaMachine, reference, e);
          same(fast, reference);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('for the seeding machine, with its eventless completion', () => {
    fc.assert(
      fc.property(fc.array(seedingEvent, { maxLength: 40 }), (events) => {
        let fast = initialSnapshot(seedingMachine);
        let reference = fast;
        for (const e of events) {
          fast = transitionMachine(seedingMachine, fast, e);
          reference = transitionMachinePublic(seedingMachine, reference, e);
          same(fast, reference);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('for the availability-group machine, with guards judging real cluster facts', () => {
    fc.assert(
      fc.property(agEvents, (events) => {
        let fast = initialSnapshot(availabilityGroupMachine);
        let reference = fast;
        for (const e of events) {
          fast = transitionMachine(availabilityGroupMachine, fast, e);
          reference = transitionMachinePublic(availabilityGroupMachine, reference, e);
          same(fast, reference);
        }
      }),
      { numRuns: 200 },
    );
  });
});
