import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { looseSecondaryOnlyOnPrimary } from './loose-secondary-only.js';
import { readScriptReport } from './script.js';

/*
 * ALTER AVAILABILITY GROUP (S3): "the JOIN, FAILOVER, and FORCE_FAILOVER_ALLOW_DATA_LOSS arguments
 * are supported only on secondary replicas"; a planned failover is issued on the target. A Chinese
 * deployment guide (fixtures/lab-cn-guide-failover-on-primary.sql) runs everything on SQLNODE1,
 * where it creates the group, and in 5.1 runs the planned failover "在主节点" (on the primary
 * node). validate said nothing of it: SQL Server refuses the FAILOVER there.
 */
const name = 'lab-cn-guide-failover-on-primary.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const read = (script: string) => readScriptReport(script, { version: 2019, fileName: name }).script;
const failoverLine = 43;

/** The guide's CREATE as SQL Server takes it: its group options in the right place. */
const asSqlServerTakesIt = (script: string) =>
  script
    .replace(
      /WITH \(\n {4}AUTOMATED_BACKUP_PREFERENCE[\s\S]*?\nFOR REPLICATION OFF\nAS REPLICA ON/,
      'WITH (AUTOMATED_BACKUP_PREFERENCE = SECONDARY)\nFOR REPLICA ON',
    )
    .replace(
      /MODIFY LISTENER N'AGListener' \([\s\S]*?\);/,
      "MODIFY LISTENER N'AGListener' (PORT = 1433);",
    );

describe('a planned FAILOVER run on the primary (a published deployment guide)', () => {
  it('is refused in the guide as published, whose CREATE does not parse', () => {
    // ADD LISTENER at line 33 runs only on the primary: SQLNODE1 is the primary for what follows.
    const found = looseSecondaryOnlyOnPrimary(read(text).statements);
    expect(found.map((f) => [f.line, f.reason.code])).toEqual([
      [38, 'IS_PRIMARY_REPLICA'],
      [failoverLine, 'TARGET_IS_PRIMARY'],
    ]);
  });

  const parsed = asSqlServerTakesIt(text);

  it('is refused where the script creates the group, at its line', () => {
    expect(parsed).not.toBe(text);
    const [ag] = configsAfterScript(read(parsed));
    const line = parsed.split('\n').findIndex((l) => l.endsWith('] FAILOVER;')) + 1;
    // The guide's join also names a database its group never holds: no CREATE … FOR DATABASE nor
    // ADD DATABASE names YourDatabase, and SET HADR joins only one already added (S50).
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [line - 3, 'IS_PRIMARY_REPLICA'],
      [line - 3, 'DATABASE_NOT_IN_GROUP'],
      [line, 'TARGET_IS_PRIMARY'],
    ]);
    expect(
      ag?.notApplied.find((n) => n.reason.code === 'TARGET_IS_PRIMARY')?.reason.message,
    ).toContain('CREATE AVAILABILITY GROUP ran there');
  });

  it('runs on the secondary, the failover target, and makes it primary', () => {
    const onSecondary = parsed.replace(
      /\nALTER AVAILABILITY GROUP \[AG_DatabaseGroup\] FAILOVER;/,
      '\n:Connect SQLNODE2\nALTER AVAILABILITY GROUP [AG_DatabaseGroup] FAILOVER;',
    );
    expect(onSecondary).not.toBe(parsed);
    const [ag] = configsAfterScript(read(onSecondary));
    expect(ag?.notApplied.map((n) => n.reason.code)).not.toContain('TARGET_IS_PRIMARY');
    const loose = text.replace(
      /\nALTER AVAILABILITY GROUP \[AG_DatabaseGroup\] FAILOVER;/,
      '\n:Connect SQLNODE2\nALTER AVAILABILITY GROUP [AG_DatabaseGroup] FAILOVER;',
    );
    expect(looseSecondaryOnlyOnPrimary(read(loose).statements).map((f) => f.reason.code)).toEqual([
      'IS_PRIMARY_REPLICA',
    ]);
  });
});

/*
 * The same guide with its failover in the forced form that "Perform a forced manual failover of an
 * availability group" writes ("ALTER AVAILABILITY GROUP AccountsAG FORCE_FAILOVER_ALLOW_DATA_LOSS;",
 * run on the secondary to fail over to): S3 names it beside FAILOVER, supported only on secondary
 * replicas. Read-scale groups demote the primary first (S45, step 4: SET (ROLE = SECONDARY)), after
 * which the instance is no longer the primary.
 */
describe('a FORCE_FAILOVER_ALLOW_DATA_LOSS run on the primary', () => {
  const forced = (script: string) =>
    script.replace(
      /\nALTER AVAILABILITY GROUP \[AG_DatabaseGroup\] FAILOVER;/,
      '\nALTER AVAILABILITY GROUP [AG_DatabaseGroup] FORCE_FAILOVER_ALLOW_DATA_LOSS;',
    );

  it('is refused on the instance that created the group, and on the one a primary-only statement ran on', () => {
    const parsedForced = forced(asSqlServerTakesIt(text));
    const [ag] = configsAfterScript(read(parsedForced));
    const refusal = ag?.notApplied.find((n) => n.reason.code === 'TARGET_IS_PRIMARY');
    expect(refusal?.reason.message).toContain(
      'FORCE_FAILOVER_ALLOW_DATA_LOSS runs on SQLNODE1, the primary of AG_DatabaseGroup',
    );
    const loose = looseSecondaryOnlyOnPrimary(read(forced(text)).statements);
    expect(loose.map((f) => [f.line, f.reason.code])).toEqual([
      [38, 'IS_PRIMARY_REPLICA'],
      [failoverLine, 'TARGET_IS_PRIMARY'],
    ]);
  });

  it('is not refused once SET (ROLE = SECONDARY) has demoted that instance', () => {
    const script = [
      "CREATE AVAILABILITY GROUP ag1 WITH (CLUSTER_TYPE = NONE) FOR REPLICA ON N'A' WITH (ENDPOINT_URL = N'TCP://a:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL), N'B' WITH (ENDPOINT_URL = N'TCP://b:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);",
      'GO',
      'ALTER AVAILABILITY GROUP ag1 SET (ROLE = SECONDARY);',
      'GO',
      'ALTER AVAILABILITY GROUP ag1 FORCE_FAILOVER_ALLOW_DATA_LOSS;',
    ].join('\n');
    const report = readScriptReport(script, { version: 2019, fileName: 'x.sql', server: 'A' });
    const [ag] = configsAfterScript(report.script);
    expect(ag?.notApplied.map((n) => n.reason.code)).not.toContain('TARGET_IS_PRIMARY');
    const withoutDemotion = script.replace(
      'ALTER AVAILABILITY GROUP ag1 SET (ROLE = SECONDARY);\nGO\n',
      '',
    );
    const [before] = configsAfterScript(
      readScriptReport(withoutDemotion, { version: 2019, fileName: 'x.sql', server: 'A' }).script,
    );
    expect(before?.notApplied.map((n) => n.reason.code)).toContain('TARGET_IS_PRIMARY');
  });
});
