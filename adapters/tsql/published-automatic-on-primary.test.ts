import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';

/**
 * 'Automatically initialize Always On availability group' (S19) as published in 2016, "Enable
 * automatic seeding on an existing availability group": "ALTER AVAILABILITY GROUP
 * [<availability_group_name>] MODIFY REPLICA ON '<primary_node>' WITH (SEEDING_MODE = AUTOMATIC)";
 * the later revision: "Run the following command on the primary replica ... MODIFY REPLICA ON
 * '<secondary_node>'". 'Use automatic seeding to initialize a secondary replica' (SEED001):
 * "Setting SEEDING_MODE on a primary replica during a CREATE AVAILABILITY GROUP statement has no
 * effect since the primary replica already contains the main read/write copy of the database";
 * "Seeding is enabled on a secondary replica by setting the SEEDING_MODE option to AUTOMATIC".
 * The fixture follows the 2016 text on an existing group whose secondary SQLNODE2 was prepared by
 * backup and restore (SEEDING_MODE MANUAL), then adds db2: db2 is never seeded to SQLNODE2, and
 * validate said "valid" without a word (fixture header: what is the page's, what is invented).
 */
const name = 'docs-s19-2016-enable-seeding-primary-node.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const warningsOf = (script: string, version: 2014 | 2016 = 2016) =>
  readScriptReport(script, { version, fileName: name })
    .script.warnings.filter((w) => w.text.includes('WITH (SEEDING_MODE = AUTOMATIC) runs on'))
    .map((w) => [w.line, w.text] as const);
const lineOf = (line: string) => text.split('\n').findIndex((l) => l.startsWith(line)) + 1;
const modifyLine = lineOf('-- Enable automatic seeding') + 2;
const addLine = lineOf('ALTER AVAILABILITY GROUP [AG1] ADD DATABASE db2');

describe("SEEDING_MODE = AUTOMATIC set on the primary, as S19's 2016 text writes it (SEED001)", () => {
  it('the script as published: a warning at the MODIFY REPLICA, naming db2 and SQLNODE2', () => {
    const warnings = warningsOf(text);
    expect(warnings.map(([line]) => line)).toEqual([modifyLine]);
    const message = warnings[0]![1];
    expect(message).toContain(
      "MODIFY REPLICA ON N'SQLNODE1' WITH (SEEDING_MODE = AUTOMATIC) runs on SQLNODE1, the primary of AG1, where it has no effect",
    );
    expect(message).toContain("MODIFY REPLICA ON '<primary_node>'");
    expect(message).toContain(
      `db2, added at line ${addLine}, is not seeded to SQLNODE2 (SEEDING_MODE MANUAL)`,
    );
    expect(message).toContain("MODIFY REPLICA ON N'SQLNODE2' WITH (SEEDING_MODE = AUTOMATIC)");
  });

  it("no warning with the later text's '<secondary_node>'", () => {
    const later = text.replace("MODIFY REPLICA ON 'SQLNODE1'", "MODIFY REPLICA ON 'SQLNODE2'");
    expect(later).not.toBe(text);
    expect(warningsOf(later)).toEqual([]);
  });

  it('no warning where the script prepares db2 on SQLNODE2 by hand', () => {
    const restored = `${text}:Connect SQLNODE2\nRESTORE DATABASE db2 FROM DISK = N'\\\\fileshare\\backups\\db2.bak' WITH NORECOVERY;\nGO\n`;
    expect(warningsOf(restored)).toEqual([]);
  });

  it('no warning where a failover moves the primary before the MODIFY REPLICA', () => {
    const failedOver = text.replace(
      '-- Enable automatic seeding',
      ':Connect SQLNODE2\nALTER AVAILABILITY GROUP [AG1] FAILOVER;\nGO\n-- Enable automatic seeding',
    );
    expect(failedOver).not.toBe(text);
    expect(warningsOf(failedOver)).toEqual([]);
  });

  it('no warning on SQL Server 2014, which has no SEEDING_MODE', () => {
    expect(warningsOf(text, 2014)).toEqual([]);
  });

  // A group the script does not create: the secondaries' modes are not in the script.
  it('on an ALTER-only script, says whether db2 is seeded depends on the secondaries', () => {
    const alterOnly = text.slice(text.indexOf('-- Enable automatic seeding'));
    const warnings = warningsOf(alterOnly);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![1]).toContain(
      'Whether db2, added at line 7, is seeded to the other replicas of AG1 depends on their own SEEDING_MODE, which the script does not set',
    );
    expect(warnings[0]![1]).toContain('sys.availability_replicas.seeding_mode_desc');
  });
});
