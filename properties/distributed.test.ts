import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DistributedEvent } from '../core/distributed/events.js';
import { distributedFailoverReadiness } from '../core/distributed/readiness.js';
import type { DistributedObservation } from '../core/distributed/result.js';
import {
  globalPrimary,
  linkSynchronizationState,
  memberEnd,
  memberNamed,
  primaryMembers,
  writableMembers,
} from '../core/distributed/select.js';
import { stepDistributed } from '../core/distributed/step.js';
import { DistributedDriver } from '../core/distributed/test-support.js';
import type { DistributedCluster } from '../core/distributed/types.js';
import { propertyRuns } from './runs.js';

/**
 * Invariants across the link of a distributed availability group (S43, S58), over random event
 * sequences on the documented example (ag1: server1, server2; ag2: server3, server4):
 * one global primary; the forwarder never takes a write; the documented failover loses nothing;
 * a failover between the groups loses exactly what the readiness predicted.
 */

const MEMBERS = ['ag1', 'ag2'] as const;
const SECONDARY_OF = { ag1: 'server2', ag2: 'server4' } as const;
const REPLICAS = { ag1: ['server1', 'server2'], ag2: ['server3', 'server4'] } as const;

const member = fc.constantFrom(...MEMBERS);
const mode = fc.constantFrom('SYNCHRONOUS_COMMIT' as const, 'ASYNCHRONOUS_COMMIT' as const);

/** Events that keep both groups running: the prefix of the documented procedure. */
const quietEvent: fc.Arbitrary<DistributedEvent> = fc.oneof(
  fc.record({ count: fc.integer({ min: 1, max: 3 }) }).map(
    ({ count }) =>
      ({
        type: 'distributed.member',
        member: 'ag1',
        event: { type: 'db.commit', database: 'db1', count },
      }) as const,
  ),
  fc.tuple(member, fc.constantFrom('log.ship' as const, 'log.harden' as const)).map(
    ([m, type]) =>
      ({
        type: 'distributed.member',
        member: m,
        event: { type, replica: SECONDARY_OF[m] },
      }) as const,
  ),
  fc
    .tuple(member, mode)
    .map(([m, md]) => ({ type: 'distributed.setAvailabilityMode', member: m, mode: md }) as const),
  fc.constant({ type: 'distributed.ship' } as const),
  fc.constant({ type: 'distributed.harden' } as const),
  fc.constant({ type: 'distributed.disconnect' } as const),
  fc.constant({ type: 'distributed.reconnect' } as const),
);

/** Any event: crashes, failovers inside and between the groups, demotions, in any order. */
const anyEvent: fc.Arbitrary<DistributedEvent> = fc.oneof(
  { weight: 6, arbitrary: quietEvent },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        member,
        fc.constantFrom('replica.crash' as const, 'replica.restart' as const),
        fc.nat(1),
      )
      .map(
        ([m, type, i]) =>
          ({
            type: 'distributed.member',
            member: m,
            event: { type, replica: REPLICAS[m][i]! },
          }) as const,
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        member,
        fc.constantFrom('ag.failover' as const, 'ag.forceFailover' as const),
        fc.nat(1),
      )
      .map(
        ([m, type, i]) =>
          ({
            type: 'distributed.member',
            member: m,
            event: { type, target: REPLICAS[m][i]! },
          }) as const,
      ),
  },
  {
    weight: 1,
    arbitrary: member.map((m) => ({ type: 'distributed.setRoleSecondary', member: m }) as const),
  },
  {
    weight: 1,
    arbitrary: member.map((m) => ({ type: 'distributed.failover', member: m }) as const),
  },
  {
    weight: 1,
    arbitrary: member.map(
      (m) =>
        ({
          type: 'distributed.member',
          member: m,
          event: { type: 'db.commit', database: 'db1' },
        }) as const,
    ),
  },
);

const text = (x: unknown) =>
  JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

/** Apply events, skipping the refused ones, checking `check` after each. */
const walk = (
  d: DistributedCluster,
  events: readonly DistributedEvent[],
  check: (
    before: DistributedCluster,
    e: DistributedEvent,
    after: DistributedCluster,
    refused: boolean,
    observations: readonly DistributedObservation[],
  ) => void,
): DistributedCluster => {
  let current = d;
  for (const e of events) {
    const r = stepDistributed(current, e);
    check(current, e, r.distributed, r.refused.length > 0, r.observations);
    current = r.distributed;
  }
  return current;
};

describe('distributed availability group invariants (S43, S58)', () => {
  it('one global primary: two PRIMARY roles only after a failover onto a group while the other held the role, recorded where they split; the forwarder never runs ahead', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { minLength: 10, maxLength: 40 }), (events) => {
        walk(new DistributedDriver().distributed, events, (_b, e, after) => {
          const split = primaryMembers(after).length === 2;
          const recorded = Object.values(after.logs).every((l) => l.divergedAt !== null);
          expect(split, text(e)).toBe(recorded);
          if (!split) expect(writableMembers(after).length).toBeLessThanOrEqual(1);
          if (writableMembers(after).length === 1) expect(globalPrimary(after)).not.toBeNull();
          // The forwarder holds a prefix of what the sending group holds: never more.
          const from = memberNamed(after, after.link.from)!;
          if (!split)
            for (const copy of Object.values(after.link.databases)) {
              const end = memberEnd(from, 'db1');
              expect(copy.hardened <= copy.received, text(e)).toBe(true);
              if (end !== undefined) expect(copy.received <= end, text(e)).toBe(true);
            }
        });
      }),
      { numRuns: propertyRuns(60) },
    );
  });

  it('the forwarder never takes a write: a commit on a group in the SECONDARY role is refused and moves no log', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { minLength: 10, maxLength: 40 }), (events) => {
        walk(
          new DistributedDriver().distributed,
          events,
          (before, e, after, refused, observations) => {
            // Only a group in the PRIMARY role acknowledges commits to clients.
            for (const o of observations) {
              if (o.type === 'distributed.acknowledged')
                expect(memberNamed(after, o.member)?.role).toBe('PRIMARY');
              if (o.type === 'member' && o.observation.type === 'commit.acknowledged')
                expect(memberNamed(before, o.member)?.role, text(e)).toBe('PRIMARY');
            }
            if (e.type !== 'distributed.member' || e.event.type !== 'db.commit') return;
            const m = memberNamed(before, e.member)!;
            if (m.role === 'SECONDARY') {
              expect(refused, text(e)).toBe(true);
              expect(after).toBe(before);
            }
          },
        );
      }),
      { numRuns: propertyRuns(60) },
    );
  });

  it('the documented procedure loses no acknowledged commit, whatever came before it', () => {
    fc.assert(
      fc.property(fc.array(quietEvent, { minLength: 5, maxLength: 30 }), (events) => {
        const d = new DistributedDriver();
        d.distributed = walk(d.distributed, events, () => {});
        if (!d.distributed.link.connected) d.do({ type: 'distributed.reconnect' });
        // Step 1: transactions stopped; SYNCHRONOUS_COMMIT on both sides.
        for (const m of d.distributed.members)
          if (m.availabilityMode !== 'SYNCHRONOUS_COMMIT')
            d.do({
              type: 'distributed.setAvailabilityMode',
              member: m.name,
              mode: 'SYNCHRONOUS_COMMIT',
            });
        // Step 2: wait until SYNCHRONIZED with the same last_hardened_lsn.
        for (const e of [{ type: 'distributed.ship' }, { type: 'distributed.harden' }] as const)
          if (stepDistributed(d.distributed, e).refused.length === 0) d.do(e);
        expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZED');
        // Steps 3 to 5.
        d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
        expect(distributedFailoverReadiness(d.distributed).status).toBe('allowed');
        const acknowledged = d.log().acknowledged;
        d.do({ type: 'distributed.failover', member: 'ag2' });
        expect(d.log().lost).toEqual([]);
        expect(d.log().acknowledged).toEqual(acknowledged);
        const end = memberEnd(memberNamed(d.distributed, 'ag2')!, 'db1')!;
        for (const r of acknowledged) expect(r.toLsn <= end).toBe(true);
        expect(globalPrimary(d.distributed)).toBe('server3');
      }),
      { numRuns: propertyRuns(60) },
    );
  });

  it("a failover onto the demoted group's partner loses exactly the predicted acknowledged commits", () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { minLength: 10, maxLength: 40 }), (events) => {
        walk(new DistributedDriver().distributed, events, (_b, _e, after) => {
          const ready = distributedFailoverReadiness(after);
          const from = memberNamed(after, after.link.from);
          if (ready.target === null || from?.role !== 'SECONDARY') return;
          const r = stepDistributed(after, { type: 'distributed.failover', member: ready.target });
          expect(r.refused).toEqual([]);
          const lost = r.observations.flatMap((o) => (o.type === 'distributed.lost' ? [o] : []));
          expect(text(lost.map((o) => ({ database: o.database, ranges: o.ranges })))).toBe(
            text(ready.predictedLoss),
          );
        });
      }),
      { numRuns: propertyRuns(40) },
    );
  });
});
