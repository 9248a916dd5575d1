import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInput, decideInput, type InputKind } from '../core/api/inputs.js';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { step } from '../core/cluster/step.js';
import { checkFacts } from '../core/consistency/facts.js';
import { isImpossible } from '../core/consistency/finding.js';
import { ClusterFacts } from '../core/model/facts.js';
import { toJSON } from '../core/model/json.js';
import { scenarioArb } from './cluster-arbitraries.js';
import { ownSeed, propertyRuns } from './runs.js';

/**
 * Fuzzing the door for undecoded input: whatever comes in, it answers with a placed problem list
 * or a decision, never a throw; and it decides only on facts that decode and hold no impossible
 * contradiction, with every decision reading a suspicious fact unknown.
 */

const KINDS: readonly InputKind[] = ['config', 'facts', 'event', 'scenario'];

/** The JSON of the facts of a state a random run reaches. */
const factsDocArb = scenarioArb(15).chain(({ config, events }) =>
  fc.nat({ max: events.length }).map((n) => {
    let c = createCluster(config);
    for (const e of events.slice(0, n)) c = step(c, e).cluster;
    const { logs: _exact, ...facts } = clusterFacts(c);
    return JSON.parse(toJSON(facts)) as Record<string, unknown>;
  }),
);

const FIELDS = [
  'replica',
  'database',
  'isJoined',
  'synchronizationState',
  'isSuspended',
  'lastHardenedLsn',
  'lastRedoneLsn',
  'endOfLogLsn',
  'recoveryLsn',
] as const;

describe('the door for undecoded input', () => {
  it('answers anything with a list, never a throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.anything(), (kind, input) => {
        expect(Array.isArray(checkInput(kind, input))).toBe(true);
        expect(decideInput(input).ok).toBe(false);
      }),
      { numRuns: propertyRuns(300), ...ownSeed(1705) },
    );
  });

  it('decides only on mutated facts that decode and hold no impossible contradiction', () => {
    fc.assert(
      fc.property(
        factsDocArb,
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.oneof(
          fc.jsonValue(),
          fc.constantFrom('SYNCHRONIZED', 'SYNCHRONIZING', 'NOT SYNCHRONIZING'),
          fc.bigInt(0n, 10n ** 26n).map(String),
        ),
        (doc, pick, field, value) => {
          const rows = doc.databaseReplicas as Record<string, unknown>[];
          if (rows.length > 0)
            rows[pick % rows.length] = { ...rows[pick % rows.length], [field]: value };
          const r = decideInput(doc);
          const decoded = ClusterFacts.decode(doc);
          if (!r.ok) {
            expect(r.problems.length).toBeGreaterThan(0);
            return;
          }
          expect(decoded._tag).toBe('Right');
          if (decoded._tag === 'Right')
            expect(checkFacts(decoded.right).filter(isImpossible)).toEqual([]);
          const suspicious = r.value.findings.filter((f) => f.severity === 'suspicious');
          for (const f of suspicious)
            for (const t of r.value.failover.targets.filter((x) => x.replica === f.replica))
              for (const v of [t.automatic, t.planned, t.forced])
                expect(v.status).not.toBe('allowed');
        },
      ),
      { numRuns: propertyRuns(200), ...ownSeed(1706) },
    );
  });
});
