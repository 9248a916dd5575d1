import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * An SSMS wizard script for [SQLAG01] as a DBA kept it (code index file 39012496674,
 * fixtures/lab-ssms-join-only-database-left-out.sql): CREATE … FOR DATABASE [TEST] on SQL01 with
 * SQL02\DR (SEEDING_MODE left to MANUAL), JOIN on SQL02\DR, ADD DATABASE [TEST2], then TEST2
 * joined on SQL02\DR; TEST is never restored nor joined there. "Join a secondary database to an
 * availability group" (S115): "After you prepare a secondary database, you must join it to the
 * availability group as soon as possible. This will start data movement". validate said "valid"
 * without a word, and check searched the group with TEST joined on SQL02\DR.
 */
const name = 'lab-ssms-join-only-database-left-out.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const createLine = text.split('\n').findIndex((l) => l.startsWith('CREATE AVAILABILITY GROUP')) + 1;
const warnings = (script: string) =>
  readScriptReport(script, { version: 2016, fileName: name })
    .script.warnings.filter(besidesPrerequisites)
    .map((w) => [w.line, w.text.split(' (RESTORE')[0]]);

describe('a wizard script that joins one database on the secondary and leaves the other out', () => {
  it('warns at the CREATE, naming the database, the replica and the join it needs', () => {
    expect(warnings(text)).toEqual([
      [
        createLine,
        'TEST is in SQLAG01, and on SQL02\\DR (SEEDING_MODE MANUAL), where the script joins another database of the group, it neither restores nor joins TEST',
      ],
    ]);
    const [w] = readScriptReport(text, { version: 2016, fileName: name }).script.warnings.filter(
      besidesPrerequisites,
    );
    expect(w?.text).toContain(
      'ALTER DATABASE [TEST] SET HADR AVAILABILITY GROUP = [SQLAG01] on SQL02\\DR',
    );
  });

  it('says nothing once TEST is joined there too', () => {
    const joined = `${text}\n:Connect SQL02\\DR\nALTER DATABASE [TEST] SET HADR AVAILABILITY GROUP = [SQLAG01];\nGO\n`;
    expect(warnings(joined)).toEqual([]);
  });

  it('says nothing where the script joins no database on the secondary, or it seeds automatically', () => {
    const noJoins = text.replace(/ALTER DATABASE \[TEST2\] SET HADR[^\n]*\n/, '');
    expect(noJoins).not.toBe(text);
    expect(warnings(noJoins)).toEqual([]);
    const automatic = text.replace(
      "N'SQL02\\DR' WITH (ENDPOINT_URL = N'TCP://SQL02.domain.com:5022', FAILOVER_MODE = MANUAL,",
      "N'SQL02\\DR' WITH (ENDPOINT_URL = N'TCP://SQL02.domain.com:5022', SEEDING_MODE = AUTOMATIC, FAILOVER_MODE = MANUAL,",
    );
    expect(automatic).not.toBe(text);
    expect(
      warnings(automatic).filter(([, t]) => String(t).includes('neither restores nor joins')),
    ).toEqual([]);
  });
});
