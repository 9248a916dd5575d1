import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * ALTER DATABASE (Transact-SQL) SET HADR (S50), AVAILABILITY GROUP = group_name: "The database
 * must already have been added to the availability group on the primary replica." An SSMS wizard
 * script a DBA kept (code index file 39012496674, fixtures/lab-ssms-join-only-database-left-out.sql)
 * adds [TEST2] on SQL01, then joins it on SQL02\DR. Run in the other order, the join comes before
 * the database is in the group: SQL Server refuses it and TEST2 stays RESTORING on SQL02\DR, while
 * validate said "valid" without a word.
 */
const name = 'lab-ssms-join-only-database-left-out.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const add = ':Connect SQL01\n\nALTER AVAILABILITY GROUP [SQLAG01] ADD DATABASE [TEST2]\nGO\n';
const join =
  ':Connect SQL02\\DR\n\nALTER DATABASE [TEST2] SET HADR AVAILABILITY GROUP = [SQLAG01];\nGO\n';
const lineOf = (script: string, line: string) => script.split('\n').indexOf(line) + 1;
const refusals = (script: string) =>
  configsAfterScript(
    readScriptReport(script, { version: 2016, fileName: name }).script,
  )[0]!.notApplied.map((n) => [n.line, n.reason.code]);

describe('a secondary database joined before it is added on the primary', () => {
  it('is not refused in the published order', () => {
    expect(text).toContain(`${add}\n${join}`);
    expect(refusals(text)).toEqual([]);
  });

  it('refuses the join run before ADD DATABASE at its line', () => {
    const swapped = text.replace(`${add}\n${join}`, `${join}\n${add}`);
    expect(swapped).not.toBe(text);
    const line = lineOf(swapped, 'ALTER DATABASE [TEST2] SET HADR AVAILABILITY GROUP = [SQLAG01];');
    expect(refusals(swapped)).toEqual([[line, 'DATABASE_NOT_IN_GROUP']]);
    const [n] = configsAfterScript(
      readScriptReport(swapped, { version: 2016, fileName: name }).script,
    )[0]!.notApplied;
    expect(n!.reason.message).toContain(
      'run ALTER AVAILABILITY GROUP [SQLAG01] ADD DATABASE [TEST2] on the primary first',
    );
  });

  it('leaves alone a member of a distributed group, whose databases come from the other member', () => {
    // "Configure a distributed availability group" (S58): on the secondary group's primary,
    // ALTER DATABASE [db1] SET HADR AVAILABILITY GROUP = [ag2], ag2 created with no database.
    const dag = `:Connect server3
CREATE AVAILABILITY GROUP [ag2] FOR REPLICA ON
N'server3' WITH (ENDPOINT_URL = N'TCP://server3:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = MANUAL),
N'server4' WITH (ENDPOINT_URL = N'TCP://server4:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = MANUAL);
GO
ALTER AVAILABILITY GROUP [distributedag] JOIN AVAILABILITY GROUP ON
'ag1' WITH (LISTENER_URL = 'tcp://ag1-listener:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = MANUAL),
'ag2' WITH (LISTENER_URL = 'tcp://ag2-listener:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = MANUAL);
GO
:Connect server4
ALTER DATABASE [db1] SET HADR AVAILABILITY GROUP = [ag2];
GO
`;
    const report = readScriptReport(dag, { version: 2016, fileName: 'dag.sql' });
    const ag2 = configsAfterScript(report.script).find((c) => c.config.name === 'ag2');
    expect(ag2?.notApplied.map((n) => n.reason.code)).toEqual([]);
  });
});
