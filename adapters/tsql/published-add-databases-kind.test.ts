import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SqlServerVersion } from '../../core/model/enums.js';
import { DOCUMENTS } from '../../core/model/source.js';
import { result, run } from '../cli/test-support.js';
import { groupKindUnknowns } from './group-kind.js';
import { readScriptReport } from './script.js';

/*
 * dbatools' Add-DbaAgDatabase, Example 1: "Adds db1 and db2 to ag1 on sql2017a"
 * (fixtures/dbatools-add-two-databases.sql). The script does not create ag1, so it does not say
 * whether ag1 is basic; 'Basic availability groups' (S41), Limitations: "Support for one
 * availability database", which "apply in the same manner" as to CREATE … WITH BASIC. On a basic
 * ag1 SQL Server refuses the second ADD DATABASE. validate said 'every option checked' and nothing
 * else: unknown, not silence.
 */
const name = 'dbatools-add-two-databases.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const unknowns = (script: string, version: SqlServerVersion = 2017) =>
  groupKindUnknowns(readScriptReport(script, { version }).script.statements, version);
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('a second ADD DATABASE on a group the script does not create', () => {
  it('is unknown, naming the database already added and what settles it', () => {
    const found = unknowns(text);
    expect(found.map((f) => [f.line, f.reason.code])).toEqual([
      [lineOf('ADD DATABASE [db2]'), 'BASIC_GROUP_DATABASES_UNKNOWN'],
    ]);
    expect(found[0]?.reason.rule.document).toBe(DOCUMENTS.S41);
    expect(found[0]?.reason.message).toContain(
      "ADD DATABASE 'db2' adds a database to 'ag1', which the script does not create and has already given 'db1'",
    );
    expect(found[0]?.reason.settledBy).toEqual([
      'sys.availability_groups.basic_features for ag1',
      'the CREATE AVAILABILITY GROUP of ag1',
    ]);
  });

  it('says nothing of one database, of a database removed before, or before SQL Server 2016', () => {
    const one = text.slice(0, text.indexOf('ALTER AVAILABILITY GROUP [ag1] ADD DATABASE [db2]'));
    expect(unknowns(one)).toEqual([]);
    const removed = text.replace(
      'ALTER AVAILABILITY GROUP [ag1] ADD DATABASE [db2];',
      'ALTER AVAILABILITY GROUP [ag1] REMOVE DATABASE [db1];\nGO\nALTER AVAILABILITY GROUP [ag1] ADD DATABASE [db2];',
    );
    expect(unknowns(removed)).toEqual([]);
    expect(unknowns(text, 2014)).toEqual([]);
  });

  it('is among validate’s findings on groups the script does not create', async () => {
    const r = await run(['validate', name, '--sql-version', '2017', '--json'], {
      files: { [name]: text },
    });
    const out = result(r) as { ungrouped: { unknown: { code: string }[] } };
    expect(out.ungrouped.unknown.map((u) => u.code)).toEqual(['BASIC_GROUP_DATABASES_UNKNOWN']);
  });
});
