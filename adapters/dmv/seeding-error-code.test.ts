import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { snapshotTextToFactsWithNotes } from './read.js';
import { factsOf } from './test-support.js';

/*
 * Matticusau/SQLDemos, SQLAlwaysOnAGAutoSeeding (the lab of "Troubleshooting SQL Server AlwaysOn
 * AG Automatic Seeding", blog.matticus.net, October 2017), on SQL Server 2016: 02.CreateAG.sql
 * creates DbAutoseedDemoAg FOR DATABASE AutoseedDb01 on SQLSERVER-0 and SQLSERVER-1, both
 * SEEDING_MODE = AUTOMATIC, joined and granted on SQLSERVER-1 ("At this point Automatic Seeding
 * should have replicated the database to the replica as the drive paths match"); the blog adds a
 * G: drive to SQLSERVER-0 alone ("I have added an additional disk to the SQLSERVER-0 node ... I
 * also created the path G:\Log"), and 04.AddDbToAG.sql adds AutoseedDb02: "At this point Automatic
 * Seeding should have attempted to replicate the database but failed due to the drive paths
 * mismatch". The snapshot is the primary's, with the lab's 05.DMVs.sql columns and error_code, as
 * 'Automatically initialize Always On availability group' (S19) selects them to "Troubleshoot why
 * a database fails to appear in an availability group configured for automatic seeding";
 * sys.dm_hadr_automatic_seeding (S20): error_code is "Any SQL error code encountered during
 * seeding". The lab publishes no rows: failure_state 202 (SQL Error, on the target) is the one
 * agstate's simulation gives a file it cannot place (docs/seeding.md), and error_code 5133 the
 * error a published SQL Server 2016 seeding logged for a folder the target lacks (S267:
 * "Error: 5133 ... Directory lookup for the file ... failed with the operating system error 2");
 * ids, LSNs and times are invented.
 */
const json = readFileSync(
  new URL('./fixtures/lab-matticus-seeding-drive-missing-error-code.json', import.meta.url),
  'utf8',
);
const facts = factsOf(json);

describe('a FAILED seeding whose row gives error_code (S19, S20)', () => {
  it('reads the column instead of passing it over', () => {
    const read = snapshotTextToFactsWithNotes(json);
    if (E.isLeft(read)) throw new Error('the fixture reads');
    expect(read.right.notes.map((n) => n.message).join('\n')).not.toContain('error_code');
    const copy = read.right.facts.databaseReplicas.find(
      (d) => d.replica === 'SQLSERVER-1' && d.database === 'AutoseedDb02',
    );
    expect(copy?.seeding?.attempt?.errorCode).toBe(5133);
  });

  it("names error_code 5133 in the copy's health, after failure_state", () => {
    const failed = decide(facts)
      .synchronizationHealth.databases.filter((d) => d.replica === 'SQLSERVER-1')
      .flatMap((d) => d.reasons)
      .find((r) => r.code === 'AUTOMATIC_SEEDING_FAILED');
    expect(failed?.message).toContain(
      'failure_state 202 (SQL Error), an error on the seeding target (hundreds digit 2), error_code 5133 (the SQL error encountered during seeding',
    );
  });

  it('names it in the restart too', () => {
    const restart = decide(facts).actions.find((a) => a.event.type === 'replica.setSeedingMode');
    expect(restart?.why[0]?.code).toBe('SEEDING_FAILED_RESTART');
    expect(restart?.why[0]?.message).toContain('error_code 5133');
  });

  // error_code 0 names no SQL error; a row without the column is read as before.
  it.each([
    ['0', 0],
    ['NULL', null],
  ])('says nothing of an error_code of %s', (_, code) => {
    const rows = JSON.parse(json) as Record<string, Record<string, unknown>[]>;
    rows['sys.dm_hadr_automatic_seeding'] = rows['sys.dm_hadr_automatic_seeding']!.map((r) => ({
      ...r,
      error_code: code,
    }));
    const restart = decide(factsOf(JSON.stringify(rows))).actions.find(
      (a) => a.event.type === 'replica.setSeedingMode',
    );
    expect(restart?.why[0]?.message).not.toContain('error_code');
  });
});
