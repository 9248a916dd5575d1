import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * 'Use automatic seeding to initialize an Always On availability group' (S19, ms.date 04/11/2022),
 * "Enable automatic seeding on an existing availability group", run on a group whose secondary
 * joined with SEEDING_MODE = MANUAL and was prepared by backup and restore, never granted CREATE
 * ANY DATABASE; then a database added. 'Use automatic seeding to initialize a secondary replica'
 * (SEED001), Add a database to an availability group with automatic seeding: "If the secondary
 * replica used backup, copy, and restore, first change the seeding mode ... and then when adding
 * the database use the GRANT statement". Without the GRANT db2 is never seeded to SQLNODE2;
 * validate said "valid" without a word. The fixture header says what is the page's and what is
 * invented.
 */
const name = 'docs-s19-enable-seeding-existing-group-no-grant.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const switchedOf = (script: string) =>
  readScriptReport(script, { version: 2019, fileName: name })
    .script.warnings.filter((w) => w.text.includes('created in AG1 with SEEDING_MODE = MANUAL'))
    .map((w) => [w.line, w.text] as const);
const lineOf = (script: string, start: string) =>
  script.split('\n').findIndex((l) => l.startsWith(start)) + 1;

describe('a secondary switched from MANUAL to AUTOMATIC seeding, never granted (SEED001, S19)', () => {
  it('the page’s MODIFY REPLICA on the existing group: a warning there naming db2 and the GRANT', () => {
    const warnings = switchedOf(text);
    // The MODIFY REPLICA starts on the line before its MODIFY.
    expect(warnings.map(([line]) => line)).toEqual([lineOf(text, '    MODIFY REPLICA') - 1]);
    const [, warning] = warnings[0]!;
    expect(warning).toContain(
      'SQLNODE2, created in AG1 with SEEDING_MODE = MANUAL, is from here a joined secondary with SEEDING_MODE = AUTOMATIC, and the script never runs ALTER AVAILABILITY GROUP [AG1] GRANT CREATE ANY DATABASE there',
    );
    expect(warning).toContain('first change the seeding mode');
    expect(warning).toContain(
      'and db2, which the script does not restore or join there, is not seeded',
    );
    expect(warning).not.toContain('db1,');
  });

  it('no warning once SQLNODE2 runs the GRANT, as SEED001 asks', () => {
    const granted = `${text}:Connect SQLNODE2\nALTER AVAILABILITY GROUP [AG1] GRANT CREATE ANY DATABASE\nGO\n`;
    expect(switchedOf(granted)).toEqual([]);
  });

  it('no warning when every database is prepared on SQLNODE2 by hand', () => {
    const byHand = text.replace('ALTER AVAILABILITY GROUP [AG1] ADD DATABASE db2;\n', '');
    expect(byHand).not.toBe(text);
    expect(switchedOf(byHand)).toEqual([]);
  });

  it('switched before its JOIN: the warning moves to the JOIN', () => {
    const early = text
      .replace(
        "-- Enable automatic seeding on an existing availability group, run on the primary replica.\n:Connect SQLNODE1\nALTER AVAILABILITY GROUP [AG1]\n    MODIFY REPLICA ON 'SQLNODE2'\n    WITH (SEEDING_MODE = AUTOMATIC)\nGO\n",
        ':Connect SQLNODE1\n',
      )
      .replace(
        'GO\n\n:Connect SQLNODE2\n',
        "GO\nALTER AVAILABILITY GROUP [AG1] MODIFY REPLICA ON 'SQLNODE2' WITH (SEEDING_MODE = AUTOMATIC)\nGO\n\n:Connect SQLNODE2\n",
      );
    expect(early).not.toContain('-- Enable automatic');
    expect(switchedOf(early).map(([line]) => line)).toEqual([
      lineOf(early, 'ALTER AVAILABILITY GROUP [AG1] JOIN'),
    ]);
  });
  it('no warning when the replica is set back to MANUAL later (the databases then wait for a restore)', () => {
    const back = text.replace(
      'ALTER AVAILABILITY GROUP [AG1] ADD DATABASE db2;\n',
      "ALTER AVAILABILITY GROUP [AG1] MODIFY REPLICA ON 'SQLNODE2' WITH (SEEDING_MODE = MANUAL);\nALTER AVAILABILITY GROUP [AG1] ADD DATABASE db2;\n",
    );
    expect(back).not.toBe(text);
    expect(switchedOf(back)).toEqual([]);
  });
});
