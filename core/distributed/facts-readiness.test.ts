import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownSeed, propertyRuns } from '../../properties/runs.js';
import { isUnknownReason } from '../model/source.js';
import { distributedFactsOf } from './facts.js';
import { distributedFactsReadiness } from './facts-readiness.js';
import { distributedFactsSequence } from './facts-sequence.js';
import { distributedFailoverReadiness } from './readiness.js';
import { distributedFailoverSequence } from './sequence.js';
import {
  DistributedDriver,
  distributedEvents as events,
  runDistributed as run,
} from './test-support.js';

/**
 * The readiness judged from DMV facts agrees with the readiness of the simulated group: with the
 * rows of both sides (the documentation's check runs on the global primary and on the forwarder,
 * S58 "Fail over to a secondary availability group", steps 2 and 4) it gives the same answer,
 * step by step; with one side's rows it never answers other than the model, only "unknown".
 */

const summary = (r: ReturnType<typeof distributedFailoverReadiness>) => ({
  status: r.status,
  target: r.target,
  steps: r.steps.map((s) => [s.step, s.met, s.reasons.map((x) => x.code).sort()]),
});

describe('distributedFactsReadiness, the twin of distributedFailoverReadiness', () => {
  it('agrees step by step with the model when the facts hold both sides', () => {
    fc.assert(
      fc.property(fc.array(events, { maxLength: 25 }), (steps) => {
        const d = run(steps);
        const model = distributedFailoverReadiness(d);
        const rows = distributedFactsOf(d);
        const facts = distributedFactsReadiness(rows);
        // A member whose primary is down has no row to query (its last_hardened_lsn is unknown
        // from the DMVs): there the facts may answer unknown where the model knows.
        if (rows.databases.every((r) => r.lastHardenedLsn !== null))
          expect(summary(facts)).toEqual(summary(model));
        else {
          if (facts.status !== 'unknown') expect(facts.status).toBe(model.status);
          for (const [i, step] of facts.steps.entries())
            if (step.met !== model.steps[i]?.met)
              expect(step.reasons.some(isUnknownReason)).toBe(true);
        }
        // The DMVs bound the loss by the log the forwarder lacks; every acknowledged commit the
        // model would lose lies inside it.
        for (const loss of model.predictedLoss)
          for (const range of loss.ranges) {
            const bound = facts.predictedLoss.find((l) => l.database === loss.database)?.ranges[0];
            expect(bound).toBeDefined();
            expect(bound!.fromLsn <= range.fromLsn && range.toLsn <= bound!.toLsn).toBe(true);
          }
      }),
      { numRuns: propertyRuns(150), ...ownSeed(1404) },
    );
  });

  it('with one side only, answers as the model or unknown, each unknown naming what settles it', () => {
    fc.assert(
      fc.property(
        fc.array(events, { maxLength: 25 }),
        fc.constantFrom('ag1', 'ag2'),
        (steps, side) => {
          const d = run(steps);
          const model = distributedFailoverReadiness(d);
          const facts = distributedFactsReadiness(distributedFactsOf(d, [side]), {
            target: d.link.to,
          });
          if (facts.status !== 'unknown') expect(facts.status).toBe(model.status);
          if (model.status === 'refused' && facts.status === 'unknown')
            expect(facts.reasons.some(isUnknownReason)).toBe(true);
          for (const r of facts.reasons.filter(isUnknownReason))
            expect(r.settledBy?.length).toBeGreaterThan(0);
          // A loss the model predicts is bounded by the facts or said unknown, never "none".
          for (const loss of model.predictedLoss) {
            const bound = facts.predictedLoss.find((l) => l.database === loss.database);
            const unknown = facts.lossUnknown.find((l) => l.database === loss.database);
            expect(bound !== undefined || unknown !== undefined).toBe(true);
          }
          for (const l of facts.lossUnknown)
            expect(l.reasons.every((r) => (r.settledBy?.length ?? 0) > 0)).toBe(true);
        },
      ),
      { numRuns: propertyRuns(150), ...ownSeed(1405) },
    );
  });

  it("recommends the same statements on the same servers as the model, from both sides' facts", () => {
    fc.assert(
      fc.property(
        fc.array(events, { maxLength: 25 }),
        fc.constantFrom(2019 as const, 2022 as const),
        (steps, version) => {
          const d = run(steps, version);
          expect(distributedFactsSequence(distributedFactsOf(d))).toEqual(
            distributedFailoverSequence(d),
          );
        },
      ),
      { numRuns: propertyRuns(100), ...ownSeed(1406) },
    );
  });

  it('from the forwarder alone, the global primary role and its last_hardened_lsn are unknown', () => {
    const d = new DistributedDriver(2019);
    d.commit(2);
    const facts = distributedFactsReadiness(distributedFactsOf(d.distributed, ['ag2']), {
      target: 'ag2',
    });
    expect(facts.status).toBe('refused'); // ag2's own side is ASYNCHRONOUS_COMMIT: known, and not met
    expect(facts.steps.map((s) => [s.step, s.reasons.map((r) => r.code)])).toEqual([
      ['SYNCHRONOUS_COMMIT', ['AVAILABILITY_MODE_UNKNOWN', 'NOT_SYNCHRONOUS_COMMIT']],
      ['SYNCHRONIZED', ['NOT_SYNCHRONIZED', 'LAST_HARDENED_LSN_UNKNOWN']],
      ['GLOBAL_PRIMARY_DEMOTED', ['ROLE_UNKNOWN']],
      ['LAST_HARDENED_LSN_EQUAL', ['LAST_HARDENED_LSN_UNKNOWN']],
      ['FORWARDER_RUNNING', []],
    ]);
    expect(facts.steps[3]?.reasons[0]?.settledBy).toEqual([
      "sys.dm_hadr_database_replica_states.last_hardened_lsn on ag1's primary",
    ]);
  });

  it('from the forwarder alone, a loss it cannot see is unknown, not none', () => {
    const d = new DistributedDriver(2019);
    // Acknowledged in ag1 (its synchronous secondary hardened them), not yet across the link.
    d.commit(2);
    d.member('ag1', { type: 'log.ship', replica: 'server2' });
    d.member('ag1', { type: 'log.harden', replica: 'server2' });
    expect(distributedFailoverReadiness(d.distributed).predictedLoss).not.toEqual([]);
    const facts = distributedFactsReadiness(distributedFactsOf(d.distributed, ['ag2']), {
      target: 'ag2',
    });
    expect(facts.predictedLoss).toEqual([]);
    expect(facts.lossUnknown.map((l) => [l.database, l.reasons.map((r) => r.code)])).toEqual([
      ['db1', ['LAST_HARDENED_LSN_UNKNOWN']],
    ]);
  });
});

describe('distributedFactsReadiness with both groups PRIMARY', () => {
  it('says the target runs a global primary, not that its primary is down', () => {
    const d = new DistributedDriver();
    d.do({ type: 'distributed.failover', member: 'ag2' }); // without SET (ROLE = SECONDARY) first
    const facts = distributedFactsReadiness(distributedFactsOf(d.distributed), { target: 'ag2' });
    expect(facts.steps.find((s) => s.step === 'FORWARDER_RUNNING')?.reasons).toEqual([
      expect.objectContaining({
        code: 'NO_FORWARDER',
        message:
          'ag2 holds the PRIMARY role of distributedag itself: its primary server3 is a global primary, not a forwarder',
      }),
    ]);
  });
});
