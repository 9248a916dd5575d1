import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { simulate } from '../cluster/simulate.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';

/**
 * Whose SESSION_TIMEOUT ends a commit's wait for a silent synchronous secondary. "Availability
 * modes" (S1): "the primary replica waits for the secondary replica to confirm that it has
 * hardened the log (unless the secondary replica fails to ping the primary replica within the
 * primary's session-timeout period)"; "If primary's session-timeout period is exceeded by a
 * secondary replica, the primary replica temporarily shifts into asynchronous-commit mode for that
 * secondary replica." "Change the session-timeout period for an availability replica" (S109): "a
 * replica property that controls how many seconds … an availability replica waits for a ping
 * response from a connected replica". The fixture: N1 (primary) with SESSION_TIMEOUT = 30, N2 with
 * 10; N2 is cut off and a commit waits for it.
 */
const fixture = () => {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('./fixtures/docs-session-timeout-primary.json', import.meta.url), 'utf8'),
  );
  const decoded = ScenarioInput.decode(raw);
  if (E.isLeft(decoded)) throw new Error('the fixture does not decode');
  return decoded.right;
};

describe("the primary's session-timeout period (S1, S109)", () => {
  const scenario = fixture();
  const sim = simulate(resolveConfig(scenario.config as ConfigInput), scenario.steps, {
    baseLsn: scenario.baseLsn ?? 0n,
  });
  const n2 = (i: number) => sim.trace[i]!.facts.replicas.find((r) => r.name === 'N2');
  const acknowledged = (i: number) =>
    sim.trace[i]!.observations.some((o) => o.type === 'commit.acknowledged');

  it("still waits for N2 after its own 10 s, within the primary's 30 s", () => {
    expect(n2(2)?.connectedState).toBe('CONNECTED');
    expect(acknowledged(2)).toBe(false);
  });

  it("stops waiting once the primary's 30 s have passed", () => {
    expect(n2(3)?.connectedState).toBe('DISCONNECTED');
    expect(acknowledged(3)).toBe(true);
  });
});
