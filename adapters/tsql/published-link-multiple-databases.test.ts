import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * "Extend an Always On availability group to Azure SQL Managed Instance (preview)" (S206,
 * managed-instance-link-extend-availability-group.md, ms.date 09/28/2026): a link replicates several
 * databases of one group only in multiple-database link mode, "SQL Server 2022 (16.x) | CU27 or later",
 * "SQL Server 2025 (17.x) | CU9 or later", "SQL Server 2019 and earlier versions aren't supported for
 * multiple-database link mode", "Support for multiple-database link mode is disabled by default during
 * preview. Use the built-in sys.sp_multidb_milink stored procedure to enable it on every SQL Server
 * replica"; "Single-database link mode replicates one database per link". The link feature overview
 * (S83), Configuration limitations: "Only one database can be placed into a single availability group
 * for one Managed Instance link." The fixture follows the page's scripted steps and its "Add databases"
 * ("When SQL Server is primary: Use T-SQL to add each database to the availability group").
 */
const read = (text: string, version: 2019 | 2022, name: string) => {
  const report = readScriptReport(text, { version, fileName: name });
  expect(report.errors).toEqual([]);
  return configsAfterScript(report.script);
};
const linkFindings = (text: string, version: 2019 | 2022, name: string, group: string) =>
  read(text, version, name)
    .find((a) => a.config.name === group)!
    .links.map((l) => ({ line: l.line, code: l.reason.code, settledBy: l.reason.settledBy }));

const fixture = 'docs-mi-link-multidb-add-database.sql';
const text = readFileSync(new URL(`./fixtures/${fixture}`, import.meta.url), 'utf8');

describe("a Managed Instance link whose SQL Server group holds several databases (S206's scripted steps)", () => {
  it('holds the four databases of the CREATE and the one added later', () => {
    const ag = read(text, 2022, fixture).find((a) => a.config.name === 'AG01')!;
    expect(ag.config.databases).toEqual(['DB01', 'DB03', 'DB05', 'DB07', 'DB09']);
  });

  it('on SQL Server 2022 is unknown: the build, sys.sp_multidb_milink and the link mode settle it', () => {
    const found = linkFindings(text, 2022, fixture, 'dag-ag01');
    expect(found.map((f) => [f.line, f.code])).toEqual([[29, 'LINK_MULTIPLE_DATABASES_UNKNOWN']]);
    expect(found[0]!.settledBy).toEqual([
      "SERVERPROPERTY('ProductVersion') on every replica of AG01",
      'EXEC sys.sp_multidb_milink; on every replica of AG01 (1: enabled)',
      "the link's mode on the managed instance (MultiDatabase, as New-AzSqlInstanceLink -LinkMode or az sql mi link create --link-mode sets it)",
    ]);
  });

  it('on SQL Server 2019 breaks the one-database limitation: no multiple-database mode there', () => {
    const found = linkFindings(text, 2019, fixture, 'dag-ag01');
    expect(found).toEqual([
      { line: 29, code: 'LINK_GROUP_MULTIPLE_DATABASES', settledBy: undefined },
    ]);
  });

  it('a distributed group of two SQL Server groups with several databases gets neither', () => {
    const plain = text.replace(
      "'tcp://sqlmi1.73d19f36a420a.database.windows.net:5022;Server=[sqlmi1]'",
      "'TCP://10.0.0.2:5022'",
    );
    expect(linkFindings(plain, 2019, fixture, 'dag-ag01')).toEqual([]);
  });
});

/*
 * "Configure link with scripts" (S83), tab "SQL Server initial primary": a link of one database
 * (db1 in AG_db1), in single-database mode. A second database added to AG_db1 later is what the
 * overview's limitation forbids there.
 */
describe("the documentation's one-database link, and a database added to its group later", () => {
  const docs = 'docs-mi-link-scripts.sql';
  const script = readFileSync(new URL(`./fixtures/${docs}`, import.meta.url), 'utf8');
  const added = `${script}\n:Connect sqlserver1\nALTER AVAILABILITY GROUP [AG_db1] ADD DATABASE [db2];\nGO\n`;

  it('as the page writes it, gets no finding', () => {
    expect(linkFindings(script, 2022, docs, 'DAG1_db1')).toEqual([]);
    expect(linkFindings(script, 2019, docs, 'DAG1_db1')).toEqual([]);
  });

  it('with db2 added later, is unknown on 2022 and a violation on 2019', () => {
    expect(linkFindings(added, 2022, docs, 'DAG1_db1').map((f) => f.code)).toEqual([
      'LINK_MULTIPLE_DATABASES_UNKNOWN',
    ]);
    expect(linkFindings(added, 2019, docs, 'DAG1_db1').map((f) => f.code)).toEqual([
      'LINK_GROUP_MULTIPLE_DATABASES',
    ]);
  });
});
