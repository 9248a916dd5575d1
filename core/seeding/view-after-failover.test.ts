import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { simulate } from '../cluster/simulate.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';
import { automaticSeedingRows, physicalSeedingStats } from './view.js';

/**
 * sys.dm_hadr_automatic_seeding (S20): is_source "Indicates whether this replica is the source
 * (primary) of the seeding operation"; ag_remote_replica_id "Unique ID for the other replica this
 * seeding operation involves". Each instance shows the operations it took part in. The fixture:
 * N1 seeds db2 to N2 and N3, both streams fail when N1 stops (failure_state 5), and a forced
 * failover makes N3 primary. N3 was the target of one operation and took no part in the other.
 */
const decoded = ScenarioInput.decode(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-forced-failover-during-seeding.json', import.meta.url),
      'utf8',
    ),
  ),
);
if (E.isLeft(decoded) || 'tsql' in decoded.right.config) throw new Error('fixture does not decode');
const scenario = decoded.right;
const sim = simulate(resolveConfig(scenario.config as ConfigInput), scenario.steps, {
  baseLsn: 0n,
  ...(scenario.catalog === undefined ? {} : { catalog: scenario.catalog }),
});

describe('the seeding DMVs after a failover during automatic seeding (S20)', () => {
  it('the new primary shows only the operation it was the target of, not as its source', () => {
    expect(sim.trace[9]!.refused).toEqual([]);
    expect(
      automaticSeedingRows(sim.final).map((r) => [r.server, r.isSource, r.replica, r.database]),
    ).toEqual([['N3', false, 'N3', 'db2']]);
    expect(physicalSeedingStats(sim.final)).toEqual([
      expect.objectContaining({
        server: 'N3',
        replica: 'N3',
        roleDesc: 'Destination',
        remoteMachineName: 'N1',
        failureCode: 5,
      }),
    ]);
  });

  it('the old primary keeps both operations as their source', () => {
    expect(
      automaticSeedingRows(sim.final, { on: 'N1' }).map((r) => [r.isSource, r.replica]),
    ).toEqual([
      [true, 'N2'],
      [true, 'N3'],
    ]);
    expect(
      physicalSeedingStats(sim.final, { on: 'N1' }).map((r) => [r.roleDesc, r.remoteMachineName]),
    ).toEqual([
      ['Source', 'N2'],
      ['Source', 'N3'],
    ]);
  });
});
