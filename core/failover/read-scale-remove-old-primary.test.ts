import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { simulate } from '../cluster/simulate.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';

/**
 * The read-scale failover include, revised (S108; MicrosoftDocs/sql-docs
 * docs/includes/ss-force-failover-read-scale-out.md @371b6fa8), "Forced manual failover with data
 * loss": "if the original primary replica recovers after failover, it will assume the primary
 * role. To avoid having each replica be in a different state, remove the original primary from the
 * availability group after a forced failover with data loss. Once the original primary comes back
 * online, remove the availability group from it entirely"; "2. On the new primary replica (N2),
 * remove the original primary (N1): ALTER AVAILABILITY GROUP [AGRScale] REMOVE REPLICA ON N'N1';",
 * "4. If the original primary (N1) comes online, immediately take availability group AGRScale
 * offline on the original primary (N1)", "5. If there is data or unsynchronized changes, preserve
 * this data", then DROP AVAILABILITY GROUP and DROP DATABASE on N1. With no cluster, N1 is not told
 * of its removal: it does not come back with its copy RESTORING, waiting to be joined again (S74's
 * WSFC behaviour).
 */
const fixture = () => {
  const raw: unknown = JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-read-scale-remove-old-primary.json', import.meta.url),
      'utf8',
    ),
  );
  const decoded = ScenarioInput.decode(raw);
  if (E.isLeft(decoded)) throw new Error('the fixture does not decode');
  return decoded.right;
};

describe('CLUSTER_TYPE NONE: the original primary removed while down after a forced failover (S108)', () => {
  const scenario = fixture();
  const sim = simulate(resolveConfig(scenario.config as ConfigInput), scenario.steps, {
    baseLsn: scenario.baseLsn ?? 0n,
  });
  const notes = (i: number) =>
    sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []));

  it('takes every step of the documented procedure', () => {
    expect(sim.trace.filter((e) => e.refused.length > 0).map((e) => e.index)).toEqual([]);
  });

  it('REMOVE REPLICA does not leave N1 RESTORING for a JOIN: N1 is not told', () => {
    expect(notes(6)).toEqual(['REMOVED_OLD_PRIMARY_NOT_TOLD']);
    expect(sim.trace[6]!.observations.some((o) => o.type === 'state.changed')).toBe(false);
  });

  it('N1 comes back in the primary role on its own copy, and OFFLINE runs there', () => {
    expect(notes(8)).toEqual(['REMOVED_OLD_PRIMARY_TAKES_ROLE']);
    expect(notes(9)).toEqual(['OFFLINE_ON_REMOVED_OLD_PRIMARY']);
    // The group itself is N2's alone throughout.
    expect(sim.trace[9]!.facts.primary).toBe('N2');
    expect(sim.trace[9]!.facts.replicas.map((r) => r.name)).toEqual(['N2']);
  });
});
