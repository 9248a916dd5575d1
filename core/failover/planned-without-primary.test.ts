import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { primaryName } from '../cluster/select.js';
import { simulate } from '../cluster/simulate.js';
import { Driver } from '../cluster/test-support.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';
import { forcedFailover, plannedFailover } from './failover.js';

/**
 * "Failover and failover modes (Always On availability groups)" (S2), Terms and definitions:
 * "When the target secondary replica is synchronized, manual failover (without data loss) is
 * possible even if the primary replica has crashed because the secondary databases are ready for
 * failover." "Perform a forced manual failover of an availability group" (S44): "If quorum is
 * regained by natural means instead of being forced, the availability replicas will go through
 * normal recovery. If the primary replica is still unavailable after quorum is regained, you can
 * perform a planned manual failover to a synchronized secondary replica." What the cluster knows
 * of "synchronized" once the primary is gone is is_failover_ready (S8). The fixture is those two
 * sentences written as the scenario a user runs.
 */
const fixture = () => {
  const raw: unknown = JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-planned-failover-primary-crashed.json', import.meta.url),
      'utf8',
    ),
  );
  const decoded = ScenarioInput.decode(raw);
  if (E.isLeft(decoded)) throw new Error('the fixture does not decode');
  return decoded.right;
};

describe('planned manual failover with the primary crashed (S2 terms, S44)', () => {
  const scenario = fixture();
  const sim = simulate(resolveConfig(scenario.config as ConfigInput), scenario.steps, {
    baseLsn: scenario.baseLsn ?? 0n,
  });
  const at = (i: number) => sim.trace[i]!;

  it('refuses it to the asynchronous replica, which is never synchronized', () => {
    expect(at(4).refused.map((x) => x.code)).toEqual([
      'TARGET_NOT_SYNCHRONOUS_COMMIT',
      'DATABASE_NOT_FAILOVER_READY',
    ]);
  });

  it('takes it to the synchronous replica still marked synchronized, without data loss', () => {
    expect(at(5).refused).toEqual([]);
    expect(at(5).observations).toContainEqual(
      expect.objectContaining({ type: 'failover.completed', form: 'planned', lost: [] }),
    );
    expect(at(5).facts.primary).toBe('NODE02');
  });

  it('suspends no other copy, as a planned failover does not', () => {
    const node03 = at(5).facts.databaseReplicas.find((d) => d.replica === 'NODE03');
    expect(node03?.isSuspended).toBe(false);
  });

  it('brings the former primary back as a secondary that resynchronizes, not suspended', () => {
    const node01 = at(6).facts.databaseReplicas.find((d) => d.replica === 'NODE01');
    expect(node01).toMatchObject({ isSuspended: false, synchronizationState: 'SYNCHRONIZED' });
  });
});

const replica = (name: string) => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}:5022`,
  availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
  failoverMode: 'MANUAL' as const,
});

const group = () => {
  const scenario = fixture();
  const config = resolveConfig({
    ...(scenario.config as ConfigInput),
    replicas: ['A', 'B'].map(replica),
  } as ConfigInput);
  const d = new Driver(config);
  d.do({ type: 'db.commit', database: 'Accounts' });
  d.sync('B');
  return d;
};

const codes = (v: { reasons: readonly { code: string }[] }) => v.reasons.map((x) => x.code);

describe('the quorum around it (S2, Why forced failover is required after forcing quorum; S44)', () => {
  it('after quorum is regained by natural means: planned, and forced behaves as planned', () => {
    const d = group();
    d.do({ type: 'replica.crash', replica: 'A' });
    d.do({ type: 'quorum.lost' });
    d.do({ type: 'quorum.regained' });
    expect(plannedFailover(d.facts(), 'B').status).toBe('allowed');
    expect(codes(forcedFailover(d.facts(), 'B'))).toEqual(['FORCED_BEHAVES_AS_PLANNED']);
    d.do({ type: 'ag.failover', target: 'B' });
    expect(primaryName(d.cluster)).toBe('B');
  });

  it('after quorum is forced: refused, only a forced failover ("planned manual failovers ... are disallowed")', () => {
    const d = group();
    d.do({ type: 'replica.crash', replica: 'A' });
    d.do({ type: 'quorum.lost' });
    d.do({ type: 'quorum.force', replica: 'B' });
    expect(d.refuse({ type: 'ag.failover', target: 'B' })).toEqual(['QUORUM_FORCED']);
    expect(codes(forcedFailover(d.facts(), 'B'))).toEqual(['POSSIBLE_DATA_LOSS']);
  });

  it('a target that lost its session before the primary crashed is not failover ready: refused', () => {
    const d = group();
    d.do({ type: 'replica.disconnect', replica: 'B' });
    d.do({ type: 'time.advance', ms: 11_000 });
    d.do({ type: 'db.commit', database: 'Accounts' });
    d.do({ type: 'replica.crash', replica: 'A' });
    expect(d.refuse({ type: 'ag.failover', target: 'B' })).toEqual(['DATABASE_NOT_FAILOVER_READY']);
  });
});
