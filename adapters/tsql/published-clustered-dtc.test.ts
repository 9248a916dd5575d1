import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * 'Create clustered DTC resource for an Always On availability group' (SQL Server documentation,
 * MicrosoftDocs/sql-docs create-clustered-dtc-for-an-always-on-availability-group.md @7471a87d,
 * monikerRange ">=sql-server-2016"; fixtures/docs-clustered-dtc-walkthrough.sql): steps 3 to 7 run
 * one after another, each from SQLNODE1 as the page says (the :Connect SQLNODE1 opening each step
 * is added; the note's <availability_group> is read as DTCAG1). Step 7: "SQL Server must be
 * created with the CREATE AVAILABILITY GROUP command and the WITH DTC_SUPPORT = PER_DB clause. You
 * cannot currently alter an existing Availability Group"; its IMPORTANT note: SQL Server "will
 * accept the following syntax for an existing Availability Group: ... SET (DTC_Support = Per_DB)
 * However, no configuration change will actually be made". 'Configure distributed transactions
 * for an Always On availability group' (S218): "Starting with SQL Server 2016 Service Pack 2 you
 * can alter an availability group for distributed transactions."
 */
const NAME = 'docs-clustered-dtc-walkthrough.sql';
const TEXT = readFileSync(new URL(`./fixtures/${NAME}`, import.meta.url), 'utf8');
const lineOf = (start: string) => TEXT.split('\n').findIndex((l) => l.startsWith(start)) + 1;
const CREATE_OPTION = lineOf('WITH (DTC_SUPPORT = PER_DB)');
const ALTER_OPTION = lineOf('SET (DTC_Support = Per_DB)');

const read = (version: 2014 | 2016 | 2017) => {
  const report = readScriptReport(TEXT, { version, fileName: NAME });
  expect(report.errors).toEqual([]);
  return report.script;
};
const findings = (version: 2014 | 2016 | 2017) =>
  read(version)
    .statements.flatMap((s) => s.findings ?? [])
    .map((f) => `${f.line}:${f.column} ${f.reason.code}${f.reason.settledBy ? ' unknown' : ''}`);

describe("the documentation's clustered DTC walkthrough, steps 3 to 7", () => {
  it('SQL Server 2017: the whole deployment is taken without a word, DTC_SUPPORT = PER_DB kept', () => {
    const script = read(2017);
    expect(script.warnings).toEqual([]);
    expect(findings(2017)).toEqual([]);
    const [after] = configsAfterScript(script);
    expect(after?.notApplied).toEqual([]);
    expect(after?.config).toMatchObject({
      name: 'DTCAG1',
      createdOn: 'SQLNODE1',
      dtcSupport: 'PER_DB',
      databases: ['AG1'],
    });
  });

  it("SQL Server 2016: the note's ALTER … SET (DTC_SUPPORT) is unknown (2016 SP2), the CREATE taken", () => {
    expect(findings(2016)).toEqual([`${ALTER_OPTION}:6 FEATURE_BUILD_UNKNOWN unknown`]);
    const [after] = configsAfterScript(read(2016));
    expect(after?.config.dtcSupport).toBe('PER_DB');
  });

  it('SQL Server 2014 has no DTC_SUPPORT: both statements are refused at the option', () => {
    expect(findings(2014)).toEqual([
      `${CREATE_OPTION}:7 FEATURE_NOT_IN_VERSION`,
      `${ALTER_OPTION}:6 FEATURE_NOT_IN_VERSION`,
    ]);
  });
});
