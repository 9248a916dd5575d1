import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { simulate } from '../cluster/simulate.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';

/**
 * 'Availability Group - Add a Database' (MicrosoftDocs/sql-docs availability-group-add-a-database.md,
 * ms.date 05/17/2016), Example (PowerShell): "First, the example backs up the database and its
 * transaction log. Then the example restores the database and log backups to the server instances
 * that host a secondary replica", then calls Add-SqlAvailabilityDatabase "first on the primary
 * replica to add the database to the availability group, and then on the secondary replica to
 * join the secondary database on that replica to the availability group". Prerequisites: the
 * database must "comply with the prerequisites and restrictions for availability databases" (S5,
 * at least one full backup); ALTER DATABASE SET HADR (S50): the join needs the database "already
 * added on the primary replica".
 *
 * Invented: the endpoints, SQL Server 2019 and the commit count; the add before any backup and
 * the join before the add are tried once each.
 */
const decoded = ScenarioInput.decode(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-add-database-powershell-example.json', import.meta.url),
      'utf8',
    ),
  ),
);
if (E.isLeft(decoded) || 'tsql' in decoded.right.config) throw new Error('fixture does not decode');
const scenario = decoded.right;
// The scenario's catalog holds MyDatabase, which the configuration does not name yet.
const sim = simulate(resolveConfig(scenario.config as ConfigInput), scenario.steps, {
  baseLsn: 0n,
  ...(scenario.catalog === undefined ? {} : { catalog: scenario.catalog }),
});
const SECONDARY = 'SecondaryServer\\InstanceName';
const codes = (i: number) => sim.trace[i]!.refused.map((r) => r.code);
const copy = (i: number) =>
  sim.trace[i]!.facts.databaseReplicas.find(
    (d) => d.replica === SECONDARY && d.database === 'MyDatabase',
  );

describe("the page's PowerShell example adds MyDatabase and joins its secondary copy", () => {
  it('refuses the add before a full backup and the join before the add', () => {
    expect(codes(0)).toEqual(['NO_FULL_BACKUP']);
    expect(codes(5)).toEqual(['DATABASE_NOT_IN_GROUP']);
  });

  it('takes the backups, the restores WITH NORECOVERY, the add and the join, in that order', () => {
    for (const i of [1, 2, 3, 4, 6, 7]) expect(codes(i)).toEqual([]);
    expect(copy(6)).toMatchObject({ isJoined: false, databaseState: 'RESTORING' });
    expect(copy(7)?.synchronizationState).toBe('SYNCHRONIZED');
  });

  it('then acknowledges commits once the secondary has hardened them', () => {
    expect(sim.trace[8]!.observations).toContainEqual(
      expect.objectContaining({ type: 'commit.pending', waitingFor: [SECONDARY] }),
    );
    expect(sim.trace[10]!.observations).toContainEqual(
      expect.objectContaining({
        type: 'commit.acknowledged',
        hardenedOn: ['PrimaryServer\\InstanceName', SECONDARY],
      }),
    );
  });
});
