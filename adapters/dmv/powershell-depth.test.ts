import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemsOf } from './test-support.js';

/*
 * Windows PowerShell 5.1: Invoke-Sqlcmd's rows of each view nested under "sys" as FOR JSON PATH
 * nests them (examples/snapshots/outage-resolving-secondary.json), | ConvertTo-Json without
 * -Depth. "-Depth: Specifies how many levels of contained objects are included in the JSON
 * representation. The default value is 2" (ConvertTo-Json, PowerShell 5.1 reference, S101): the
 * rows, one level deeper, are written as their type name, "System.Data.DataRow". agstate said
 * only 'expected an object (one row), got a JSON string'.
 */

const capture = readFileSync(
  new URL('./fixtures/capture-ps51-convertto-json-depth2.json', import.meta.url),
  'utf8',
);

describe('rows ConvertTo-Json wrote as text, past its -Depth', () => {
  it('are refused, each naming the text and the -Depth that keeps them', () => {
    const problems = problemsOf(capture);
    expect(problems.length).toBeGreaterThan(5);
    for (const p of problems)
      expect(p.message).toBe(
        'expected an object (one row), got the text "System.Data.DataRow": ConvertTo-Json writes an object deeper than its -Depth (2 unless given) as text; run it with a larger -Depth, such as -Depth 5',
      );
    expect(problems[0]).toMatchObject({ view: 'sys.availability_groups', row: 1, line: 9 });
  });

  it('a PSObject row written as @{…} is named too', () => {
    const text = '{"sys.availability_groups": ["@{group_id=24E6FE58; name=Contoso-ag}"]}';
    expect(problemsOf(text, { version: 2016 })[0]?.message).toContain('larger -Depth');
  });
});
