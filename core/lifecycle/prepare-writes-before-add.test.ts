import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { simulate } from '../cluster/simulate.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { ScenarioInput } from '../model/scenario.js';

/**
 * 'Prepare a secondary database for an Always On availability group' (S68; MicrosoftDocs/sql-docs
 * manually-prepare-a-secondary-database-for-an-availability-group-sql-server.md @00e01244, ms.date
 * 07/25/2017), Transact-SQL Example: BACKUP DATABASE MyDB1 TO DISK = 'C:\MyDB1.bak' WITH FORMAT on
 * INSTANCE01, RESTORE … WITH NORECOVERY on the secondary, "After you restore the full backup, you
 * must create a log backup on the primary database" (E:\MyDB1_log.trn, restored WITH FILE=1), and
 * "If any additional log backups occur before the database joins the secondary replica, you must
 * also restore all of those log backups, in sequence" (FILE=2, FILE=3). Prerequisites: "After
 * restoring the database, you must restore (WITH NORECOVERY) every log backup created since the
 * last restored data backup". The database is in use meanwhile: the application commits between
 * the backups, before ALTER AVAILABILITY GROUP … ADD DATABASE.
 *
 * Invented: the group MyAG, INSTANCE02, the endpoints, SQL Server 2019 and the commit counts.
 */
const decoded = ScenarioInput.decode(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-prepare-secondary-primary-writes-before-add.json', import.meta.url),
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
const at = (i: number) => sim.trace[i]!;
const notes = (i: number) =>
  at(i).observations.flatMap((o) => (o.type === 'note' ? [o.reason.code] : []));
const copy = (i: number) =>
  at(i).facts.databaseReplicas.find((d) => d.replica === 'INSTANCE02' && d.database === 'MyDB1');

describe('S68: MyDB1 takes writes on INSTANCE01 while its secondary is prepared', () => {
  it('commits before ADD DATABASE on the instance alone, nothing waiting for a secondary', () => {
    for (const i of [1, 5, 7, 9]) {
      expect(at(i).refused).toEqual([]);
      expect(notes(i)).toEqual(['COMMIT_BEFORE_ADD']);
      expect(at(i).observations.some((o) => o.type === 'commit.pending')).toBe(false);
    }
  });

  it('puts those commits in the log backups, which bring the restored copy on', () => {
    expect(at(3).observations).toContainEqual(
      expect.objectContaining({
        type: 'note',
        reason: expect.objectContaining({
          code: 'BACKUP_TAKEN',
          message: expect.stringContaining('LSN 1 to 3'),
        }),
      }),
    );
    expect(copy(11)?.lastHardenedLsn).toBe(5n);
  });

  it('refuses the join until every log backup since the full backup is restored', () => {
    expect(at(12).refused.map((r) => r.code)).toEqual(['LOG_TRUNCATED_PAST_COPY']);
    expect(at(12).refused[0]?.message).toContain('restore the log backups holding LSN 6 to 6');
    expect(at(14).refused).toEqual([]);
  });

  it('then catches the copy up with the commits after the last log backup, from the primary', () => {
    expect(copy(14)).toMatchObject({ synchronizationState: 'SYNCHRONIZING', lastHardenedLsn: 6n });
    expect(copy(16)).toMatchObject({ synchronizationState: 'SYNCHRONIZED', lastHardenedLsn: 8n });
    expect(at(17).observations).toContainEqual(
      expect.objectContaining({ type: 'commit.pending', waitingFor: ['INSTANCE02'] }),
    );
  });
});
