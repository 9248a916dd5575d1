import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SqlServerVersion } from '../../core/model/enums.js';
import type { Script } from './result.js';
import { readScriptReport } from './script.js';

/** Options checked against the SQL Server version as each statement writes them (./versions.ts). */

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const read = (text: string, version: SqlServerVersion, cumulativeUpdate?: number): Script => {
  const r = readScriptReport(text, {
    version,
    ...(cumulativeUpdate === undefined ? {} : { cumulativeUpdate }),
  });
  expect(r.errors).toEqual([]);
  return r.script;
};

/** Each finding as `line:column CODE`. */
const findings = (script: Script): string[] =>
  script.statements.flatMap((s) =>
    (s.findings ?? []).map((f) => `${f.line}:${f.column} ${f.reason.code}`),
  );

describe('an option a version lacks, whatever its value', () => {
  // SQL Server documentation, "Basic Always On availability groups for a single database",
  // Configuration: the T-SQL example writes REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0, which
  // CREATE AVAILABILITY GROUP says was "Introduced in SQL Server 2017": a 2016 instance (where
  // basic groups begin) does not know the option.
  it('the Basic AG example is refused on 2016 at its RSSTC = 0, and accepted on 2017', () => {
    const text = fixture('docs-basic-ag-example.sql');
    const old = read(text, 2016);
    expect(findings(old)).toEqual(['11:1 FEATURE_NOT_IN_VERSION']);
    const [finding] = old.statements[0]?.findings ?? [];
    expect(finding?.reason.message).toBe(
      "'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0', which SQL Server 2016 does not have: the option REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT first appeared in SQL Server 2017.",
    );
    expect(finding?.reason.rule.section).toBe(
      'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT (introduced in SQL Server 2017)',
    );
    expect(findings(read(text, 2017))).toEqual([]);
  });

  it('CLUSTER_TYPE = WSFC on 2016; DTC_SUPPORT = NONE, DB_FAILOVER = OFF, SEEDING_MODE = MANUAL on 2014', () => {
    const replica = (seeding: string) =>
      `N'A' WITH (ENDPOINT_URL = N'TCP://A:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL${seeding})`;
    expect(
      findings(
        read(
          `CREATE AVAILABILITY GROUP ag WITH (CLUSTER_TYPE = WSFC) FOR REPLICA ON ${replica('')};`,
          2016,
        ),
      ),
    ).toEqual(['1:36 FEATURE_NOT_IN_VERSION']);
    expect(
      findings(
        read(
          `CREATE AVAILABILITY GROUP ag WITH (DTC_SUPPORT = NONE, DB_FAILOVER = OFF) FOR REPLICA ON ${replica(', SEEDING_MODE = MANUAL')};`,
          2014,
        ),
      ),
    ).toEqual([
      '1:36 FEATURE_NOT_IN_VERSION',
      '1:56 FEATURE_NOT_IN_VERSION',
      '1:197 FEATURE_NOT_IN_VERSION',
    ]);
  });
});

describe('ALTER statements, on groups the script does not create', () => {
  const alters = [
    'ALTER AVAILABILITY GROUP ag SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1);',
    'ALTER AVAILABILITY GROUP ag SET (DB_FAILOVER = ON);',
    "ALTER AVAILABILITY GROUP ag MODIFY REPLICA ON N'a' WITH (SEEDING_MODE = AUTOMATIC);",
    "ALTER AVAILABILITY GROUP ag ADD REPLICA ON N'c' WITH (ENDPOINT_URL = 'TCP://c:5022', AVAILABILITY_MODE = CONFIGURATION_ONLY);",
    "ALTER AVAILABILITY GROUP ag MODIFY REPLICA ON N'a' WITH (PRIMARY_ROLE (READ_WRITE_ROUTING_URL = 'TCP://a:1433'));",
    'ALTER AVAILABILITY GROUP ag SET (WRITE_LEASE_VALIDITY = 20);',
    "ALTER AVAILABILITY GROUP ag MODIFY REPLICA ON N'a' WITH (SECONDARY_ROLE (READ_ONLY_ROUTING_URL = NONE));",
    "ALTER AVAILABILITY GROUP ag MODIFY REPLICA ON N'a' WITH (PRIMARY_ROLE (READ_WRITE_ROUTING_URL = NONE));",
    'ALTER AVAILABILITY GROUP ag JOIN WITH (CLUSTER_TYPE = EXTERNAL);',
  ].join('\n');

  it.each([
    [2014, ['1:34', '2:34', '3:58', '4:86', '5:72', '6:34', '7:74', '8:72', '9:40']],
    [2016, ['1:34', '4:86', '5:72', '6:34', '7:74', '8:72', '9:40']],
    [2019, ['7:74', '8:72']],
    [2025, []],
  ] as const)('on %i: each option the version lacks, at its place', (version, places) => {
    const found = findings(read(alters, version));
    expect(found.map((f) => f.split(' ')[0])).toEqual(places);
    expect(found.every((f) => f.endsWith('FEATURE_NOT_IN_VERSION'))).toBe(true);
  });

  it('a configuration-only replica on 2017 is unknown without the build (CU 1), and settled by it', () => {
    const add =
      "ALTER AVAILABILITY GROUP ag ADD REPLICA ON N'c' WITH (ENDPOINT_URL = 'TCP://c:5022', AVAILABILITY_MODE = CONFIGURATION_ONLY);";
    expect(findings(read(add, 2017))).toEqual(['1:86 FEATURE_BUILD_UNKNOWN']);
    expect(findings(read(add, 2017, 1))).toEqual([]);
    expect(findings(read(add, 2017, 0))).toEqual(['1:86 FEATURE_NOT_IN_VERSION']);
  });

  // SQL Table Talk, "Automatic vs manual seeding in SQL Server 2022 availability groups"
  // (sqltabletalk.com/?p=1199), verbatim; automatic seeding and its GRANT came with SQL Server
  // 2016 ("Use automatic seeding to initialize a secondary replica").
  it('the blog post enabling automatic seeding is refused on 2014: the GRANT and the SEEDING_MODE', () => {
    const text = fixture('blog-sqltabletalk-enable-autoseed.sql');
    expect(findings(read(text, 2014))).toEqual([
      '9:35 FEATURE_NOT_IN_VERSION',
      '12:7 FEATURE_NOT_IN_VERSION',
    ]);
    expect(findings(read(text, 2016))).toEqual([]);
  });
});

describe('DTC_SUPPORT changed by ALTER', () => {
  // SQL Server documentation, "Configure distributed transactions for an Always On availability
  // group": "Starting with SQL Server 2016 Service Pack 2 you can alter an availability group for
  // distributed transactions. For SQL Server 2016 versions before Service Pack 2, you need to
  // drop, and recreate the availability group with the DTC_SUPPORT = PER_DB setting."
  const text = fixture('docs-dtc-per-db-create-alter.sql');

  it('is refused before 2016, unknown on 2016 without the build (SP2), accepted on 2017', () => {
    expect(findings(read(text, 2014))).toEqual([
      '13:7 FEATURE_NOT_IN_VERSION',
      '30:7 FEATURE_NOT_IN_VERSION',
      '35:7 FEATURE_NOT_IN_VERSION',
    ]);
    const on2016 = read(text, 2016);
    expect(findings(on2016)).toEqual(['30:7 FEATURE_BUILD_UNKNOWN', '35:7 FEATURE_BUILD_UNKNOWN']);
    const [unknown] = on2016.statements[1]?.findings ?? [];
    expect(unknown?.reason.message).toContain('SQL Server 2016 SP2 (13.0.5026.0)');
    expect(unknown?.reason.settledBy).toEqual(["SERVERPROPERTY('ProductVersion')"]);
    expect(findings(read(text, 2017))).toEqual([]);
  });
});

describe('MODIFY LISTENER … REMOVE IP', () => {
  // "ALTER AVAILABILITY GROUP (Transact-SQL)" (S3, ms.date 01/02/2026): <modify_listener_option> is
  // ADD IP, PORT or REMOVE IP, and REMOVE IP "Applies to: SQL Server 2025 and later versions";
  // before it, MODIFY LISTENER takes ADD IP or PORT only.
  const text = fixture('docs-alter-listener-remove-ip.sql');
  const lineOf = (address: string) =>
    text.split('\n').findIndex((l) => l.includes(`REMOVE IP ('${address}')`)) + 1;

  it('is refused before 2025 at each REMOVE IP, and accepted on 2025; ADD IP is not judged', () => {
    const at = (address: string) => `${lineOf(address)}:45 FEATURE_NOT_IN_VERSION`;
    expect(findings(read(text, 2022))).toEqual([at('10.120.19.155'), at('10.120.21.155')]);
    expect(findings(read(text, 2025))).toEqual([]);
  });
});

describe('distributed groups', () => {
  it('RSSTC set on a group the script created DISTRIBUTED needs 2022 (S3)', () => {
    const text = [
      "CREATE AVAILABILITY GROUP dag WITH (DISTRIBUTED) AVAILABILITY GROUP ON 'ag1' WITH (LISTENER_URL = 'tcp://ag1:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL), 'ag2' WITH (LISTENER_URL = 'tcp://ag2:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);",
      'ALTER AVAILABILITY GROUP dag SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1);',
      'ALTER AVAILABILITY GROUP ag1 SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1);',
    ].join('\n');
    expect(findings(read(text, 2019))).toEqual(['2:35 FEATURE_NOT_IN_VERSION']);
    expect(findings(read(text, 2022))).toEqual([]);
  });

  // "Configure a distributed availability group", SQL Server 2022 and later: the failover runs
  // MODIFY AVAILABILITY GROUP ON, then SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1), in a
  // script that does not create the group. Only a distributed group has MODIFY … GROUP ON (S3).
  it('MODIFY AVAILABILITY GROUP ON shows the group distributed, so its RSSTC needs 2022', () => {
    const text = [
      "ALTER AVAILABILITY GROUP [distributedag] MODIFY AVAILABILITY GROUP ON 'ag1' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT), 'ag2' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);",
      'ALTER AVAILABILITY GROUP [distributedag] SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1);',
    ].join('\n');
    expect(findings(read(text, 2019))).toEqual(['2:47 FEATURE_NOT_IN_VERSION']);
    expect(findings(read(text, 2022))).toEqual([]);
  });

  // ag-rules §2.2 (S3): RSSTC is "settable on a distributed AG via ALTER only".
  it('RSSTC written in CREATE … DISTRIBUTED is refused on every version', () => {
    const text =
      "CREATE AVAILABILITY GROUP dag WITH (DISTRIBUTED, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1) AVAILABILITY GROUP ON 'ag1' WITH (LISTENER_URL = 'tcp://ag1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL), 'ag2' WITH (LISTENER_URL = 'tcp://ag2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);";
    for (const v of [2019, 2022, 2025] as const)
      expect(findings(read(text, v))).toEqual(['1:50 DISTRIBUTED_RSSTC_NOT_IN_CREATE']);
  });
});

describe('contained groups', () => {
  // "Contained availability groups overview", Initial data synchronization: "In SQL Server 2022
  // and earlier versions, contained availability groups must use automatic seeding during
  // creation."
  const create = (seeding: string) =>
    `CREATE AVAILABILITY GROUP cag WITH (CONTAINED) FOR DATABASE db1 REPLICA ON 'N1' WITH (ENDPOINT_URL = 'tcp://n1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL${seeding}), 'N2' WITH (ENDPOINT_URL = 'tcp://n2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC, SEEDING_MODE = AUTOMATIC);`;

  it('are created with automatic seeding on 2022: MANUAL, written or by default, is refused', () => {
    expect(findings(read(create(', SEEDING_MODE = MANUAL'), 2022))).toEqual([
      '1:183 CONTAINED_NEEDS_AUTOMATIC_SEEDING',
    ]);
    expect(findings(read(create(''), 2022))).toEqual(['1:76 CONTAINED_NEEDS_AUTOMATIC_SEEDING']);
    expect(findings(read(create(', SEEDING_MODE = AUTOMATIC'), 2022))).toEqual([]);
  });

  it('may be created with manual seeding from 2025', () => {
    expect(findings(read(create(', SEEDING_MODE = MANUAL'), 2025))).toEqual([]);
  });
});

describe('ALTER AVAILABILITY GROUP … OFFLINE', () => {
  // "Take an Availability Group Offline (SQL Server)" (S73), Prerequisites: "The server instance on
  // which you enter the OFFLINE command must be running SQL Server 2012 SP1 (11.0.3x) or above".
  const text = fixture('docs-take-offline-example.sql');

  it('is unknown on 2012 without the build (SP1), and accepted from 2014', () => {
    const on2012 = findings(read(text, 2012));
    expect(on2012).toEqual(['10:37 FEATURE_BUILD_UNKNOWN']);
    expect(findings(read(text, 2014))).toEqual([]);
    expect(findings(read(text, 2022))).toEqual([]);
  });
});
