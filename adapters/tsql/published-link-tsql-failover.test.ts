import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * 'Fail over link - Azure SQL Managed Instance' (S104): "You can fail over the link by using
 * Transact-SQL starting with SQL Server 2022 CU13 (KB5036432)"; "To perform a planned failover for
 * a link, use the following T-SQL command on the primary replica: ALTER AVAILABILITY GROUP
 * [<DAGname>] FAILOVER"; "Failing over a database in SQL Server 2019 and earlier versions breaks
 * and removes the link". The input is "Configure link with scripts" (S83, fixture
 * docs-mi-link-scripts.sql: DAG1_db1 from sqlserver1 to the managed instance sqlmi1) followed by
 * that planned failover on sqlserver1, the link's primary, as Michael John Peña's post ends its
 * link ("Failover to Azure SQL MI": ALTER AVAILABILITY GROUP [DAG_Link] FAILOVER, on "SQL Server
 * 2019 and SQL Server 2022"). validate called it valid on every version; explain already says
 * which build fails a link over by T-SQL (LINK_PLANNED_FAILOVER, …_BEFORE_CU13, …_BUILD_UNKNOWN).
 */
const name = 'docs-mi-link-scripts.sql';
const failover = '\nGO\n:Connect sqlserver1\nALTER AVAILABILITY GROUP [DAG1_db1] FAILOVER;\nGO\n';
const text = `${readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')}${failover}`;
const line =
  text.split('\n').findIndex((l) => l.startsWith('ALTER AVAILABILITY GROUP [DAG1_db1] FAILOVER')) +
  1;

const read = (version: 2019 | 2022, cumulativeUpdate?: number) => {
  const report = readScriptReport(text, {
    version,
    fileName: name,
    ...(cumulativeUpdate === undefined ? {} : { cumulativeUpdate }),
  });
  expect(report.errors).toEqual([]);
  return report.script;
};
const findings = (version: 2019 | 2022, cumulativeUpdate?: number) =>
  read(version, cumulativeUpdate)
    .statements.flatMap((s) => s.findings ?? [])
    .filter((f) => f.line === line)
    .map((f) => `${f.line} ${f.reason.code}${f.reason.settledBy === undefined ? '' : ' unknown'}`);

describe('a Managed Instance link failed over with ALTER AVAILABILITY GROUP … FAILOVER (S104)', () => {
  it('SQL Server 2019 has no T-SQL failover of a link: the statement is refused at its line', () => {
    expect(findings(2019)).toEqual([`${line} FEATURE_NOT_IN_VERSION`]);
  });

  it('SQL Server 2022 without its build: unknown, settled by SERVERPROPERTY(ProductVersion)', () => {
    expect(findings(2022)).toEqual([`${line} FEATURE_BUILD_UNKNOWN unknown`]);
  });

  it('SQL Server 2022 CU13 takes it, CU12 does not', () => {
    expect(findings(2022, 13)).toEqual([]);
    expect(findings(2022, 12)).toEqual([`${line} FEATURE_NOT_IN_VERSION`]);
  });

  it('is not judged as a failover between SQL Server groups (no FAILOVER_FORM_NOT_SUPPORTED)', () => {
    const dag = configsAfterScript(read(2022, 13)).find((a) => a.config.name === 'DAG1_db1')!;
    expect(dag.notApplied).toEqual([]);
  });
});
