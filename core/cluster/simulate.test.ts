import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';
import { simulate } from './simulate.js';

const load = () => {
  const raw: unknown = JSON.parse(
    readFileSync(
      new URL('../../examples/scenarios/resync-walkthrough.json', import.meta.url),
      'utf8',
    ),
  );
  const decoded = ScenarioInput.decode(raw);
  if (E.isLeft(decoded)) throw new Error('the bundled scenario does not decode');
  return decoded.right;
};

describe('simulate the bundled SEED004 scenario', () => {
  const scenario = load();
  const sim = simulate(resolveConfig(scenario.config as ConfigInput), scenario.steps, {
    baseLsn: scenario.baseLsn ?? 0n,
  });

  it('accepts every step of the walk-through', () => {
    expect(sim.trace.filter((e) => e.refused.length > 0).map((e) => e.index)).toEqual([]);
  });

  it('ends with SQLDR1 primary after losing the commits SQLNODE1 alone had acknowledged', () => {
    const last = sim.trace[sim.trace.length - 1]!;
    expect(last.facts.primary).toBe('SQLDR1');
    const forced = sim.trace.find((e) => e.event.type === 'ag.forceFailover')!;
    expect(forced.observations).toContainEqual(
      expect.objectContaining({ type: 'failover.completed', form: 'forced', to: 'SQLDR1' }),
    );
    const lost = forced.observations.flatMap((o) =>
      o.type === 'failover.completed' ? o.lost : [],
    );
    expect(lost).toHaveLength(1);
    expect(lost[0]!.ranges[0]!.toLsn - lost[0]!.ranges[0]!.fromLsn).toBe(10n);
  });

  it('applies the time of each step', () => {
    expect(sim.trace[0]!.atMs).toBe(1000);
    expect(sim.trace[sim.trace.length - 1]!.atMs).toBe(sim.trace.length * 1000);
  });
});
