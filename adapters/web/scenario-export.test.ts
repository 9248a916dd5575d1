import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeWith } from '../../core/model/decode.js';
import { ScenarioInput } from '../../core/model/scenario.js';
import { packageRoot } from '../chart/generate.js';
import { readCreateEither } from '../tsql/index.js';
import { toJson } from './json.js';
import { DEFAULT_TSQL_VERSION, loadSession } from './load.js';
import { sessionScenario } from './scenario-export.js';
import { type Session, scenarioSession } from './session.js';
import { sessionView } from './view.js';

/**
 * A trace exported as a scenario loads back as the same trace. The scenarios are the bundled
 * walk-throughs: resync-walkthrough follows SEED004's resynchronisation example step by step,
 * automatic-seeding the seeding steps of "Use automatic seeding to initialize a secondary replica".
 */

const examples = join(packageRoot(), 'examples');

const loaded = (request: Parameters<typeof loadSession>[0]): Session => {
  const session = loadSession(request, examples);
  if (E.isLeft(session))
    throw new Error(`${session.left.message} ${session.left.problems.join('; ')}`);
  return session.right;
};

/** What a reader sees of a trace: each step's label, model time, observations and refusals. */
const seen = (s: Session) =>
  sessionView({ ...s, cursor: s.trace.length - 1 }).trace.map(
    ({ label, atMs, observations, refused }) => ({
      label,
      atMs,
      observations,
      refused: refused.map((r) => r.code),
    }),
  );

describe('a trace as a scenario file', () => {
  const seeding = (): Session => {
    // Its configuration is a T-SQL script, which the page takes pasted; read it as the CLI does.
    const scenario = JSON.parse(
      readFileSync(join(examples, 'scenarios', 'automatic-seeding.json'), 'utf8'),
    ) as { name: string; steps: ScenarioInput['steps'] };
    const script = readFileSync(join(examples, 'tsql', 'automatic-seeding.sql'), 'utf8');
    const config = readCreateEither(script, {
      version: DEFAULT_TSQL_VERSION,
      fileName: 'automatic-seeding.sql',
    });
    const steps = decodeWith(ScenarioInput)({ config: { tsql: '' }, steps: scenario.steps });
    if (E.isLeft(config) || E.isLeft(steps))
      throw new Error('the bundled seeding scenario does not read');
    return scenarioSession(scenario.name, config.right, steps.right.steps, { start: 'unprepared' });
  };
  const cases: readonly (readonly [string, () => Session])[] = [
    ['resync-walkthrough', () => loaded({ example: 'scenarios/resync-walkthrough' })],
    ['automatic-seeding (start unprepared)', seeding],
  ];
  for (const [name, make] of cases) {
    it(`${name}: exports to a valid scenario that reloads as the same trace`, () => {
      const original = make();
      const text = toJson(sessionScenario(original));
      const decoded = decodeWith(ScenarioInput)(JSON.parse(text));
      expect(E.isRight(decoded)).toBe(true);
      const again = loaded({ json: text });
      expect(seen(again).slice(1)).toEqual(seen(original).slice(1));
      expect(again.trace.at(-1)!.cluster).toEqual(original.trace.at(-1)!.cluster);
    });
  }

  it('keeps the time an event waited for, and the clock an advance moved', () => {
    const walk = JSON.parse(
      readFileSync(join(examples, 'scenarios', 'resync-walkthrough.json'), 'utf8'),
    ) as { steps: { at?: number }[] };
    const exported = sessionScenario(loaded({ example: 'scenarios/resync-walkthrough' }));
    expect(exported.steps.map((s) => s.at)).toEqual(walk.steps.map((s) => s.at));
    const config = loaded({ example: 'resync-three-replicas' }).trace[0]!.cluster.config;
    const stepped = scenarioSession('timed', config, [
      { event: { type: 'time.advance', ms: 4000 } },
      { event: { type: 'replica.crash', replica: 'SQLDR1' } },
      { at: 9000, event: { type: 'time.advance', ms: 1000 } },
    ]);
    expect(sessionScenario(stepped).steps.map((s) => [s.at, s.event.type])).toEqual([
      [0, 'time.advance'],
      [4000, 'replica.crash'],
      [9000, 'time.advance'],
    ]);
  });
});
