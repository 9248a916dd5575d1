import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionsLines } from '../adapters/cli/render/decisions.js';
import { styleFor } from '../adapters/cli/render/style.js';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { step } from '../core/cluster/step.js';
import { type DecideOptions, decide, decideTarget } from '../core/decide/decide.js';
import type { ClusterFacts } from '../core/model/facts.js';
import { toJSON } from '../core/model/json.js';
import { groupFactsArb } from './arbitraries-group-facts.js';
import { backupTypeArb } from './arbitraries-model.js';
import { scenarioArb } from './cluster-arbitraries.js';
import { clusterSnapshot } from './cluster-snapshot.js';
import { decideByRule } from './decide-by-rule.js';
import { propertyRuns } from './runs.js';

/**
 * The indexed decision engine answers exactly as asking every public rule separately does: the
 * same decisions, reasons and messages, as JSON and as text, for every option. (It was first
 * proved against a frozen copy of the engine it replaced, rules included, before that was removed.)
 */

const sameAnswers = (facts: ClusterFacts, options: DecideOptions) => {
  const fast = decide(facts, options);
  const reference = decideByRule(facts, options);
  expect(toJSON(fast, 1)).toBe(toJSON(reference, 1));
  const backupType = options.backupType ?? 'LOG';
  const style = styleFor(false);
  expect(decisionsLines(style, fast, backupType)).toEqual(
    decisionsLines(style, reference, backupType),
  );
};

/** Every option a caller can give for these facts: none, a target, a database, a backup type. */
const optionsFor = (facts: ClusterFacts): fc.Arbitrary<DecideOptions> => {
  const { replicas, databases } = facts.config;
  return fc.record(
    {
      target:
        replicas.length === 0
          ? fc.constant('nobody')
          : fc
              .constantFrom(...replicas.map((r) => r.name), 'NOT-A-REPLICA')
              .chain((n) => fc.constantFrom(n, n.toLowerCase())),
      database: fc.constantFrom(...databases, 'NOT_A_DATABASE'),
      backupType: backupTypeArb,
    },
    { requiredKeys: [] },
  );
};

describe('decide answers as each rule asked separately does', () => {
  it('on facts about valid groups, rows missing, repeated, reordered or renamed in case', () => {
    fc.assert(
      fc.property(
        groupFactsArb.chain((facts) =>
          fc.tuple(fc.constant(facts), fc.array(optionsFor(facts), { maxLength: 3 })),
        ),
        ([facts, asked]) => {
          sameAnswers(facts, {});
          for (const options of asked) sameAnswers(facts, options);
        },
      ),
      { numRuns: propertyRuns(150) },
    );
  });

  it('on every state of simulated runs, exact and as a snapshot would show it', () => {
    fc.assert(
      fc.property(scenarioArb(25), ({ config, events }) => {
        let cluster = createCluster(config);
        for (const e of events) {
          cluster = step(cluster, e).cluster;
          sameAnswers(clusterFacts(cluster), {});
          sameAnswers(clusterSnapshot(cluster), {});
        }
      }),
      { numRuns: propertyRuns(15) },
    );
  });
});

describe('one target decided alone', () => {
  it('answers as decide does for that target, and names no other replica', () => {
    fc.assert(
      fc.property(
        groupFactsArb.chain((facts) => fc.tuple(fc.constant(facts), optionsFor(facts))),
        ([facts, options]) => {
          const target = options.target ?? 'NOT-A-REPLICA';
          const database = options.database === undefined ? {} : { database: options.database };
          const alone = decideTarget(facts, target, database);
          const all = decide(facts, { ...database, target }).failover.targets;
          expect(alone === null ? [] : [alone]).toEqual(all);
        },
      ),
      { numRuns: propertyRuns(150) },
    );
  });
});
