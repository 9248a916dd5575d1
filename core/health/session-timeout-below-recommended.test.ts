import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { simulate } from '../cluster/simulate.js';
import { explainConfig } from '../decide/explain.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';
import { DOCUMENTS } from '../model/source.js';

/**
 * 'Change the session-timeout period for an availability replica' (S109,
 * learn.microsoft.com/sql/database-engine/availability-groups/windows/change-the-session-timeout-period-for-an-availability-replica-sql-server),
 * Recommendations: "We recommend that you keep the time-out period at 10 seconds or greater.
 * Setting the value to less than 10 seconds creates the possibility of a heavily loaded system
 * missing PINGs and declaring a false failure." Its Transact-SQL procedure, on the primary:
 * "ALTER AVAILABILITY GROUP group_name MODIFY REPLICA ON 'instance_name' WITH ( SESSION_TIMEOUT =
 * seconds )". The fixture runs it with 5 s (the minimum, S3) on both replicas of a two-replica
 * group, then drops the link to N2 for 6 s; the names, endpoints and the 6 s are invented. The
 * step ran without a word and explain said nothing of the value.
 */
const fixture = () => {
  const raw: unknown = JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-session-timeout-below-ten.json', import.meta.url),
      'utf8',
    ),
  );
  const decoded = ScenarioInput.decode(raw);
  if (E.isLeft(decoded)) throw new Error('the fixture does not decode');
  return decoded.right;
};

describe('SESSION_TIMEOUT set below the recommended 10 s (S109)', () => {
  const scenario = fixture();
  const config = resolveConfig(scenario.config as ConfigInput);
  const sim = simulate(config, scenario.steps, { baseLsn: scenario.baseLsn ?? 0n });
  const notes = (i: number) =>
    sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));

  it('runs MODIFY REPLICA with the documented advice, naming the replica and its value', () => {
    for (const [i, name] of [
      [0, 'N2'],
      [1, 'N1'],
    ] as const) {
      expect(sim.trace[i]!.refused).toEqual([]);
      const advice = notes(i).filter((r) => r.code === 'SESSION_TIMEOUT_BELOW_RECOMMENDED');
      expect(advice).toHaveLength(1);
      expect(advice[0]!.message).toContain(`${name} has SESSION_TIMEOUT = 5 s, below the 10 s`);
      expect(advice[0]!.message).toContain('declare a false failure');
      expect(advice[0]!.rule.document).toBe(DOCUMENTS.S109);
    }
  });

  it('declares N2 failed once the 5 s pass without a ping, and stops waiting for it', () => {
    expect(sim.trace[3]!.facts.replicas.find((r) => r.name === 'N2')?.connectedState).toBe(
      'CONNECTED',
    );
    const back = sim.trace[4]!.observations;
    expect(back.map((o) => o.type)).toEqual([
      'replica.disconnected',
      'commit.acknowledged',
      'replica.connected',
    ]);
    expect(back[0]).toMatchObject({ replica: 'N2', reason: { code: 'SESSION_TIMEOUT' } });
  });

  it('explain names each replica below 10 s, and none at 10 s or more', () => {
    const shortened = resolveConfig({
      ...(scenario.config as ConfigInput),
      replicas: config.replicas.map((r) => ({ ...r, sessionTimeout: r.name === 'N1' ? 5 : 12 })),
    } as ConfigInput);
    const advice = explainConfig(shortened).commits.filter(
      (r) => r.code === 'SESSION_TIMEOUT_BELOW_RECOMMENDED',
    );
    expect(advice.map((r) => r.message.slice(0, 30))).toEqual(['N1 has SESSION_TIMEOUT = 5 s, ']);
    expect(
      explainConfig(config).commits.some((r) => r.code === 'SESSION_TIMEOUT_BELOW_RECOMMENDED'),
    ).toBe(false);
  });

  it('adds nothing to a MODIFY REPLICA that sets 10 s or more', () => {
    const kept = simulate(
      config,
      [{ event: { type: 'replica.modify', replica: 'N2', options: { sessionTimeout: 10 } } }],
      { baseLsn: 0n },
    );
    expect(kept.trace[0]!.observations.filter((o) => o.type === 'note')).toEqual([]);
  });
});
