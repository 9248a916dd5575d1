import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * Michael John Peña, "Link Feature for Azure SQL Managed Instance" (2022-07-18): a distributed
 * group DAG_Link of OnPremAG and MI_AG created "On SQL Server", then "Failover to Azure SQL MI" as
 * ALTER AVAILABILITY GROUP [DAG_Link] FAILOVER, run on no server the post names. Its MI_AG
 * LISTENER_URL is not the link form ('tcp://<ManagedInstanceFQDN>:5022;Server=[<ManagedInstanceName>]',
 * S83), so the script is a distributed group between SQL Server groups: 'Distributed availability
 * groups' (S43), failover between the groups only with FORCE_FAILOVER_ALLOW_DATA_LOSS; "Failovers
 * only support the FORCE_FAILOVER_ALLOW_DATA_LOSS options" (S262). SQL Server refuses FAILOVER
 * wherever it runs, so the unplaced statement is refused too; validate called the script valid.
 * A link in the link form, whose planned FAILOVER runs on its primary from SQL Server 2022 CU13
 * ('Fail over link', S104), is not judged so.
 */
const name = 'blog-pena-mi-link-dag-failover.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const refused = (script: string, version: 2019 | 2022) =>
  configsAfterScript(readScriptReport(script, { version, fileName: name }).script)
    .find((a) => a.config.kind === 'DISTRIBUTED')!
    .notApplied.map((n) => `${n.line}:${n.column} ${n.reason.code}`);

const failoverLine =
  text.split('\n').findIndex((l) => l.startsWith('ALTER AVAILABILITY GROUP')) + 1;

describe('an unplaced FAILOVER of a distributed group (a blog post’s link written as a distributed group)', () => {
  it('is refused at its line on SQL Server 2019 and 2022 alike', () => {
    for (const version of [2019, 2022] as const)
      expect(refused(text, version)).toEqual([`${failoverLine}:1 FAILOVER_FORM_NOT_SUPPORTED`]);
  });

  it('FORCE_FAILOVER_ALLOW_DATA_LOSS in its place, unplaced, is not refused', () => {
    const forced = text.replace('    FAILOVER;', '    FORCE_FAILOVER_ALLOW_DATA_LOSS;');
    expect(refused(forced, 2022)).toEqual([]);
  });

  it('with the link form of S83 the group is a Managed Instance link, left to its own rules (S104)', () => {
    const link = text.replace(
      "'TCP://mysqlmi.12345.database.windows.net:5022'",
      "'tcp://mysqlmi.12345.database.windows.net:5022;Server=[mysqlmi]'",
    );
    expect(refused(link, 2022)).toEqual([]);
  });
});
