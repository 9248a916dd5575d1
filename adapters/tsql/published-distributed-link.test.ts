import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Microsoft's cmdlet New-MiLink (microsoft/Azure-Managed-Instance-Link, cmdlets/sqlserver/
 * New-MiLink.ps1) creates the Managed Instance link's distributed group on SQL Server with the
 * managed instance's member at "tcp://${miFQDN}:5022;Server=[$ManagedInstanceName]", after checking
 * that the build is at least 15.0.4198.2 ("introduced in CU15 of SQL Server 2019"). "Configure link
 * with scripts" writes the same form. SQL Server runs it: it is no invalid URL.
 */
const name = 'ms-milink-cmdlet.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const dag = (version: 2019 | 2022) => {
  const report = readScriptReport(text, { version, fileName: name });
  expect(report.errors).toEqual([]);
  const found = configsAfterScript(report.script).find((a) => a.config.name === 'DAG_test2');
  return judgeConfig(found!.config);
};

describe('the Managed Instance link created by New-MiLink', () => {
  it('is a valid distributed group on SQL Server 2022', () => {
    expect(dag(2022)).toEqual({ violations: [], unknown: [] });
  });

  it('on SQL Server 2019 the link URL is unknown (CU15 or later takes it), not invalid', () => {
    const judged = dag(2019);
    expect(judged.violations).toEqual([]);
    expect(judged.unknown.map((r) => r.code)).toEqual(['LINK_LISTENER_URL_BUILD_UNKNOWN']);
  });
});

/*
 * "Configure link with scripts" (S83), tab "SQL Server initial primary": the distributed group's
 * SQL Server member is written with SESSION_TIMEOUT = 20. CREATE AVAILABILITY GROUP's syntax block
 * lists LISTENER_URL, AVAILABILITY_MODE, FAILOVER_MODE and SEEDING_MODE only, but the page's
 * script is what SQL Server runs for the link.
 */
describe("the documentation's Managed Instance link script (SESSION_TIMEOUT on a member)", () => {
  const docs = 'docs-mi-link-scripts.sql';
  const script = readFileSync(new URL(`./fixtures/${docs}`, import.meta.url), 'utf8');

  it('is read without error, the member keeping its SESSION_TIMEOUT', () => {
    const report = readScriptReport(script, { version: 2022, fileName: docs });
    expect(report.errors).toEqual([]);
    const after = configsAfterScript(report.script);
    const link = after.find((a) => a.config.name === 'DAG1_db1')!.config;
    expect(link.members.map((m) => [m.name, m.sessionTimeout])).toEqual([
      ['AG_db1', 20],
      ['sqlmi1', undefined],
    ]);
    expect(after.map((a) => judgeConfig(a.config))).toEqual([
      { violations: [], unknown: [] },
      { violations: [], unknown: [] },
    ]);
  });

  it('MODIFY AVAILABILITY GROUP ON still does not take it (no source shows it there)', () => {
    const modify =
      "ALTER AVAILABILITY GROUP [DAG1_db1] MODIFY AVAILABILITY GROUP ON 'AG_db1' WITH (SESSION_TIMEOUT = 20);";
    const report = readScriptReport(modify, { version: 2022, fileName: 'modify.sql' });
    expect(report.errors.map((e) => e.message)).toEqual([
      expect.stringContaining("found 'SESSION_TIMEOUT'"),
    ]);
  });
});

/*
 * "Fail over link - Azure SQL Managed Instance" (S104, ms.date 10/09/2024), Switch replication mode
 * (Failover to SQL MI): "switch the link to synchronous mode on SQL Server by using Transact-SQL",
 * the MODIFY naming '<AGName>' and '<ManagedInstanceName>' WITH (AVAILABILITY_MODE =
 * SYNCHRONOUS_COMMIT), "-- Run on SQL Server"; "Now that you've switched SQL Server to synchronous
 * commit mode, replication between the two instances is synchronous." The deployment is "Configure
 * link with scripts" (S83), then that statement on sqlserver1.
 */
describe("a Managed Instance link's replication mode, switched on SQL Server (S104)", () => {
  const docs = 'docs-mi-link-scripts.sql';
  const script = readFileSync(new URL(`./fixtures/${docs}`, import.meta.url), 'utf8');
  const modify = (mode: string) =>
    `${script}\n:Connect sqlserver1\nALTER AVAILABILITY GROUP [DAG1_db1]\nMODIFY\nAVAILABILITY GROUP ON\n    'AG_db1' WITH\n    (AVAILABILITY_MODE = ${mode}),\n    'sqlmi1' WITH\n    (AVAILABILITY_MODE = ${mode});\nGO\n`;
  const modes = (text: string) => {
    const report = readScriptReport(text, { version: 2022, fileName: docs });
    expect(report.errors).toEqual([]);
    const link = configsAfterScript(report.script).find((a) => a.config.name === 'DAG1_db1')!;
    return link.config.members.map((m) => `${m.name} ${m.availabilityMode}`);
  };

  it('makes both members synchronous', () => {
    expect(modes(script)).toEqual(['AG_db1 ASYNCHRONOUS_COMMIT', 'sqlmi1 ASYNCHRONOUS_COMMIT']);
    expect(modes(modify('SYNCHRONOUS_COMMIT'))).toEqual([
      'AG_db1 SYNCHRONOUS_COMMIT',
      'sqlmi1 SYNCHRONOUS_COMMIT',
    ]);
  });

  it('and back: "follow the same steps and set the AVAILABILITY_MODE to ASYNCHRONOUS_COMMIT"', () => {
    const back = `${modify('SYNCHRONOUS_COMMIT')}${modify('ASYNCHRONOUS_COMMIT').slice(script.length)}`;
    expect(modes(back)).toEqual(['AG_db1 ASYNCHRONOUS_COMMIT', 'sqlmi1 ASYNCHRONOUS_COMMIT']);
  });
});
