import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Remove a Secondary Database from an Availability Group" (S141): "This task is supported only on
 * secondary replicas", by "ALTER DATABASE MyDb2 SET HADR OFF;" on the secondary. KB2857849 (S102),
 * More information: "You try to run the following SQL script to remove the database from the
 * availability group: ALTER DATABASE <DatabaseName> SET hadr OFF ... you receive the following
 * error message because the availability database belongs to the primary replica: Msg 35240 ...
 * This operation is not supported on the primary replica of the availability group." The group is
 * CREATE AVAILABILITY GROUP's Example A run on NODE01; the KB's statement follows on NODE01.
 * validate said "valid", and check searched a group whose database the statement had not touched
 * without a word.
 */
const exampleA = readFileSync(
  new URL('./fixtures/docs-create-example-a.sql', import.meta.url),
  'utf8',
);
const script = (after: string) => `:Connect NODE01\n${exampleA}\nGO\n${after}`;
const kb = ':Connect NODE01\nALTER DATABASE ThisDatabase SET hadr OFF;\nGO\n';
const groupsAfter = (text: string) =>
  configsAfterScript(readScriptReport(text, { version: 2019, fileName: 'ag.sql' }).script);

describe('SET HADR OFF run on the primary (KB2857849, Msg 35240)', () => {
  it('is a statement SQL Server refuses, at its line, naming REMOVE DATABASE', () => {
    const text = script(kb);
    const line = text.split('\n').indexOf('ALTER DATABASE ThisDatabase SET hadr OFF;') + 1;
    const [ag] = groupsAfter(text);
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [line, 'IS_PRIMARY_REPLICA'],
    ]);
    const [refusal] = ag?.notApplied ?? [];
    expect(refusal?.reason.message).toContain('Msg 35240');
    expect(refusal?.reason.message).toContain('REMOVE DATABASE [ThisDatabase]');
    expect(refusal?.reason.rule.section).toContain('supported only on secondary replicas');
    expect(ag?.config.databases).toEqual(['ThisDatabase', 'ThatDatabase']);
  });

  it('is applied on a secondary, as "Remove a Secondary Database" runs it', () => {
    expect(groupsAfter(script(kb.replace('NODE01', 'NODE02')))[0]?.notApplied).toEqual([]);
  });

  it('follows the primary through a FAILOVER in the script', () => {
    const failedOver = `:Connect NODE02\nALTER AVAILABILITY GROUP MyAg FAILOVER;\nGO\n${kb}`;
    expect(groupsAfter(script(failedOver))[0]?.notApplied).toEqual([]);
  });

  it('leaves a database of another group alone', () => {
    const other = kb.replace('ThisDatabase', 'OtherDatabase');
    expect(groupsAfter(script(other))[0]?.notApplied).toEqual([]);
  });
});
