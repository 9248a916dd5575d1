import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * 'Automatically initialize Always On availability group' (S19) as published in 2016: its group
 * with SEEDING_MODE = AUTOMATIC, the JOIN and GRANT on the secondary, then "Prevent automatic
 * seeding after an availability group": "To temporarily prevent the primary from seeding more
 * databases to the secondary replica you can deny the availability group permission to create
 * databases ... ALTER AVAILABILITY GROUP [<availability_group_name>] DENY CREATE ANY DATABASE".
 * A database added after it is not seeded to SQLNODE2 until a GRANT there; validate said "valid"
 * without a word, while validate, explain and check judge the group with every copy joined (a
 * secondary never granted draws the same kind of warning, ungranted-seeding.ts). The fixture
 * header says what is the page's and what is invented.
 */
const name = 'docs-s19-2016-deny-then-add-database.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const deniedOf = (script: string) =>
  readScriptReport(script, { version: 2016, fileName: name })
    .script.warnings.filter((w) => w.text.includes('denies the group CREATE ANY DATABASE'))
    .map((w) => [w.line, w.text] as const);
const lineOf = (line: string) => text.split('\n').findIndex((l) => l.startsWith(line)) + 1;

describe('a database added while the secondary denies the group CREATE ANY DATABASE (S19)', () => {
  it('the script as published: a warning at the ADD DATABASE naming SQLNODE2 and the DENY', () => {
    const warnings = deniedOf(text);
    expect(warnings.map(([line]) => line)).toEqual([lineOf('ALTER AVAILABILITY GROUP [AG1] ADD')]);
    expect(warnings[0]![1]).toContain(
      `db2 is added while SQLNODE2, a secondary with SEEDING_MODE = AUTOMATIC, denies the group CREATE ANY DATABASE (DENY at line ${lineOf('-- Prevent automatic seeding') + 1})`,
    );
    expect(warnings[0]![1]).toContain('so db2 is not seeded to SQLNODE2');
  });

  it('no warning once a GRANT on SQLNODE2 follows the ADD DATABASE', () => {
    expect(
      deniedOf(
        `${text}:Connect SQLNODE2\nALTER AVAILABILITY GROUP [AG1] GRANT CREATE ANY DATABASE\nGO\n`,
      ),
    ).toEqual([]);
  });

  it('no warning for a database added before the DENY (its seeding had started)', () => {
    const before = text
      .replace('ALTER AVAILABILITY GROUP [AG1] ADD DATABASE db2;\n', '')
      .replace(
        '-- Prevent automatic seeding',
        ':Connect SQLNODE1\nALTER AVAILABILITY GROUP [AG1] ADD DATABASE db2;\nGO\n:Connect SQLNODE2\n-- Prevent automatic seeding',
      );
    expect(before).not.toBe(text);
    expect(deniedOf(before)).toEqual([]);
  });

  it('no warning where the script restores db2 on SQLNODE2 by hand', () => {
    expect(
      deniedOf(
        `${text}:Connect SQLNODE2\nRESTORE DATABASE db2 FROM DISK = N'\\\\share\\db2.bak' WITH NORECOVERY;\nGO\n`,
      ),
    ).toEqual([]);
  });
});
