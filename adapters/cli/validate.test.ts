import { describe, expect, it } from 'vitest';
import { json, linesOf, readExample, result, run } from './test-support.js';

const CONFIG = 'examples/resync-three-replicas.json';
const TSQL = 'examples/tsql/three-replica-wsfc.sql';

/** The bundled configuration with two replicas given the same name and a priority out of range. */
const brokenConfig = async (): Promise<string> => {
  const doc = JSON.parse(await readExample(CONFIG)) as { replicas: Record<string, unknown>[] };
  doc.replicas[1] = { ...doc.replicas[1], name: 'SQLNODE1', backupPriority: 101 };
  return JSON.stringify(doc);
};

describe('agstate validate', () => {
  it('says a valid JSON configuration is valid, exit 0', async () => {
    const r = await run(['validate', CONFIG]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(linesOf(r.stdout)).toEqual([
      `${CONFIG}: valid: AGResync (SQL Server 2019, CLUSTER_TYPE WSFC, replicas SQLNODE1, SQLNODE2, SQLDR1; databases SalesDB)`,
    ]);
  });

  it('gives programs the verdict as JSON', async () => {
    const r = await run(['validate', CONFIG, '--json']);
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({
      command: 'validate',
      agstateVersion: '0.0.0-test',
      schemaVersion: 1,
      input: { file: CONFIG },
      result: { group: 'AGResync', valid: true, violations: [] },
      error: null,
    });
  });

  it('lists every violation with its code and source, exit 1', async () => {
    const files = { 'broken.json': await brokenConfig() };
    const text = await run(['validate', 'broken.json'], { files });
    expect(text.code).toBe(1);
    expect(text.stderr).toBe('');
    const asJson = await run(['validate', 'broken.json', '--json'], { files });
    expect(asJson.code).toBe(1);
    const violations = result(asJson).violations as { code: string; rule: { document: string } }[];
    const codes = violations.map((v) => v.code);
    expect(codes).toEqual(
      expect.arrayContaining(['DUPLICATE_REPLICA_NAME', 'BACKUP_PRIORITY_OUT_OF_RANGE']),
    );
    expect(text.stdout).toContain(`broken.json: ${violations.length} violations`);
    for (const v of violations) {
      expect(text.stdout).toContain(`[${v.code}]`);
      expect(text.stdout).toContain(v.rule.document);
    }
  });

  it('reads T-SQL with --sql-version', async () => {
    const r = await run(['validate', TSQL, '--sql-version', '2019', '--json']);
    expect(r.code).toBe(0);
    expect(result(r)).toMatchObject({ group: 'SalesAG', valid: true });
  });

  it('refuses T-SQL without --sql-version, and --sql-version with JSON, on one line', async () => {
    const sql = await run(['validate', TSQL]);
    expect(sql.code).toBe(2);
    expect(linesOf(sql.stderr)).toEqual([
      `agstate validate: ${TSQL}: T-SQL does not say which SQL Server runs it: pass --sql-version <year> (2012, 2014, 2016, 2017, 2019, 2022 or 2025)`,
    ]);
    const jsonWithVersion = await run(['validate', CONFIG, '--sql-version', '2019']);
    expect(jsonWithVersion.code).toBe(2);
    expect(linesOf(jsonWithVersion.stderr)).toHaveLength(1);
  });

  it('names the line and column of a T-SQL mistake', async () => {
    const files = {
      'bad.sql': 'CREATE AVAILABILITY GROUP [AG]\nWITH (CLUSTER_TYPE = WSFC\nFOR DATABASE [Db]',
    };
    const r = await run(['validate', 'bad.sql', '--version', '2022'], { files });
    expect(r.code).toBe(2);
    expect(linesOf(r.stdout)).toEqual([expect.stringMatching(/^bad\.sql:\d+:\d+: expected /)]);
    expect(linesOf(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^agstate validate: bad\.sql:\d+:\d+: expected /);
  });

  it('names the line and column of a JSON syntax error, and the JSON pointer of a wrong value', async () => {
    const syntax = await run(['validate', 'a.json'], {
      files: { 'a.json': '{\n  "name": "AG",\n  "version": ,\n}' },
    });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toBe('agstate validate: a.json:3:14: invalid JSON: expected a value\n');
    const shape = await run(['validate', 'b.json', '--json'], {
      files: { 'b.json': '{"name": 3}' },
    });
    expect(shape.code).toBe(2);
    expect(linesOf(shape.stderr)).toEqual([
      'agstate validate: b.json: at /name: expected string, got 3',
      'agstate validate: b.json: at /version: expected SqlServerVersion (2012, 2014, 2016, 2017, 2019, 2022 or 2025), got nothing (the key is missing)',
    ]);
    expect(json(shape)).toMatchObject({
      input: { file: 'b.json' },
      result: null,
      error: {
        source: 'b.json',
        problems: [
          'at /name: expected string, got 3',
          'at /version: expected SqlServerVersion (2012, 2014, 2016, 2017, 2019, 2022 or 2025), got nothing (the key is missing)',
        ],
      },
    });
  });

  it('says why a file cannot be read', async () => {
    const missing = await run(['validate', 'no/such/file.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('agstate validate: no/such/file.json: no such file\n');
    const folder = await run(['validate', 'examples']);
    expect(folder.stderr).toBe('agstate validate: examples: is a directory; expected a file\n');
    const empty = await run(['validate', 'e.json'], { files: { 'e.json': '  \n' } });
    expect(empty.stderr).toBe(
      'agstate validate: e.json: the file is empty; expected a JSON document\n',
    );
  });

  it('reads a configuration saved as UTF-16 with a byte-order mark', async () => {
    const text = await readExample(CONFIG);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    const r = await run(['validate', 'utf16.json'], { files: { 'utf16.json': utf16 } });
    expect(r.code).toBe(0);
  });
});

describe('agstate explain', () => {
  it('explains failover forms per pair, automatic failover, data loss and commits', async () => {
    const r = await run(['explain', CONFIG]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SQLNODE1 -> SQLNODE2: automatic, planned, forced');
    expect(r.stdout).toContain('SQLNODE1 -> SQLDR1: forced');
    for (const heading of [
      'Violations of documented rules',
      'Automatic failover',
      'Data loss',
      'Commits',
    ])
      expect(r.stdout).toContain(heading);
    expect(r.stdout).toContain('[COMMITS_NEVER_BLOCK]');
  });

  it('gives programs the explanation as JSON, for JSON and T-SQL alike', async () => {
    const fromJson = result(await run(['explain', CONFIG, '--json']));
    expect(fromJson).toMatchObject({ group: 'AGResync' });
    const explanation = fromJson.explanation as {
      pairs: { primary: string; target: string; forms: string[] }[];
    };
    expect(explanation.pairs).toContainEqual(
      expect.objectContaining({ primary: 'SQLNODE1', target: 'SQLDR1', forms: ['forced'] }),
    );
    const fromTsql = result(await run(['explain', TSQL, '--version', '2019', '--json']));
    expect((fromTsql.explanation as { commits: { code: string }[] }).commits[0]?.code).toBe(
      'COMMITS_BLOCK',
    );
  });

  it('refuses unreadable input on one line', async () => {
    const r = await run(['explain', 'x.json'], { files: { 'x.json': '[1, 2' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("agstate explain: x.json:1:6: invalid JSON: expected ']'\n");
  });
});

describe('agstate validate and explain on whole T-SQL scripts', () => {
  // SQL Server documentation, Linux "Create and configure an availability group", Example A: run
  // server by server, without :Connect (adapters/tsql/fixtures names the source).
  const LINUX = 'adapters/tsql/fixtures/docs-linux-configuration-only.sql';

  it('never refuses a script without :Connect: warnings, and an unknown instead of a guess', async () => {
    const r = await run(['validate', LINUX, '--version', '2022']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = linesOf(r.stdout);
    expect(lines).toContain(
      `${LINUX}:29:1: warning: JOIN runs on an unnamed replica: the script has no :Connect before it and no server was given (--server NAME)`,
    );
    expect(lines).toContain(
      `${LINUX}: valid (1 unknown): <AGName> (SQL Server 2022, CLUSTER_TYPE EXTERNAL, replicas LinAGN1, LinAGN2, LinAGN3; databases <DBName>)`,
    );
    expect(r.stdout).toContain('[PRIMARY_UNKNOWN]');
  });

  /*
   * "Configuration only replica" (SQL Server on Linux): "You cannot modify the availability mode of
   * a configuration only replica". SQL Server refuses the statement, so the script does not deploy
   * what it says: a violation at the statement's place, exit 1, not a warning beside "valid".
   */
  it('a statement SQL Server refuses after CREATE is a violation at its place, exit 1', async () => {
    const script = `${await readExample(LINUX)}\nALTER AVAILABILITY GROUP [<AGName>] MODIFY REPLICA ON N'LinAGN3' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);\n`;
    const line = script.split('\n').length - 1;
    const files = { 'refused.sql': script };
    const text = await run(
      ['validate', 'refused.sql', '--version', '2022', '--server', 'LinAGN1'],
      {
        files,
      },
    );
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('refused.sql: 1 violation:');
    expect(text.stdout).not.toContain('warning: ALTER');
    const asJson = result(
      await run(['validate', 'refused.sql', '--version', '2022', '--server', 'LinAGN1', '--json'], {
        files,
      }),
    );
    expect(asJson).toMatchObject({ group: '<AGName>', valid: false });
    expect(asJson.violations).toEqual([
      expect.objectContaining({
        code: 'CONFIGURATION_ONLY_NOT_MODIFIABLE',
        message: expect.stringMatching(
          new RegExp(
            `^refused\\.sql:${line}:1: ALTER AVAILABILITY GROUP .* is not applied to <AGName>: `,
          ),
        ),
      }),
    ]);
  });

  it('--server says where the script runs: the configuration-only replica cannot be it', async () => {
    const primary = await run(['validate', LINUX, '--version', '2022', '--server', 'LinAGN1']);
    expect(primary.code).toBe(0);
    expect(primary.stdout).not.toContain('unknown');
    const configOnly = result(
      await run(['validate', LINUX, '--sql-version', '2022', '--server', 'LinAGN3', '--json']),
    );
    expect(configOnly).toMatchObject({ group: '<AGName>', valid: false });
    expect((configOnly.violations as { code: string }[]).map((v) => v.code)).toEqual([
      'CONFIGURATION_ONLY_REPLICA_AS_PRIMARY',
    ]);
  });

  it('reports each group of a script with several CREATE statements', async () => {
    // "Configure a distributed Always On availability group": ag1, ag2 and the distributed group.
    const r = result(
      await run([
        'validate',
        'adapters/tsql/fixtures/docs-distributed.sql',
        '--version',
        '2022',
        '--json',
      ]),
    );
    expect(
      (r.groups as { group: string; valid: boolean }[]).map((g) => [g.group, g.valid]),
    ).toEqual([
      ['ag1', true],
      ['ag2', true],
      ['distributedag', true],
    ]);
    expect(r.errors).toEqual([]);
  });

  it('reports syntax errors and rule violations together, each error on its own line', async () => {
    const files = {
      'two.sql': [
        "CREATE AVAILABILITY GROUP a FOR REPLICA ON 'A' WITH (ENDPOINT_URL = 'TCP://a:5022' AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);",
        "CREATE AVAILABILITY GROUP b FOR REPLICA ON 'B' WITH (ENDPOINT_URL = 'TCP://b:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);",
        "ALTER AVAILABILITY GROUP b MODIFY REPLICA ON 'B' WITH (BACKUP_PRIORITY = 101);",
      ].join('\n'),
    };
    const r = await run(['validate', 'two.sql', '--version', '2022', '--server', 'B'], { files });
    expect(r.code).toBe(2);
    const lines = linesOf(r.stdout);
    expect(lines[0]).toBe("two.sql:1:84: expected ',' or ')', found 'AVAILABILITY_MODE'");
    expect(lines[1]).toBe(
      "two.sql:3:74: expected BACKUP_PRIORITY = an integer from 0 (never back up here) to 100, found '101'",
    );
    expect(r.stdout).toContain('two.sql: 1 violation: b (SQL Server 2022');
    expect(r.stdout).toContain('[AUTOMATIC_FAILOVER_NEEDS_SYNCHRONOUS_COMMIT]');
    expect(linesOf(r.stderr)).toEqual([
      "agstate validate: two.sql:1:84: expected ',' or ')', found 'AVAILABILITY_MODE'",
      "agstate validate: two.sql:3:74: expected BACKUP_PRIORITY = an integer from 0 (never back up here) to 100, found '101'",
    ]);
  });

  it('reads an ALTER-only script: what it read, every option checked', async () => {
    // SQL Server documentation, "Configure read-only routing for an Always On availability
    // group", the Transact-SQL example: ALTER statements only.
    const r = await run([
      'validate',
      'adapters/tsql/fixtures/docs-read-only-routing.sql',
      '--version',
      '2022',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /docs-read-only-routing\.sql: no CREATE AVAILABILITY GROUP: \d+ statements read, every option checked/,
    );
  });

  it('checks each option of an ALTER-only script against the version, at its place, exit 1', async () => {
    // SQL Table Talk, "Automatic vs manual seeding in SQL Server 2022 availability groups"
    // (sqltabletalk.com/?p=1199): GRANT CREATE ANY DATABASE and SEEDING_MODE = AUTOMATIC, which
    // came with SQL Server 2016 ("Use automatic seeding to initialize a secondary replica").
    const file = 'adapters/tsql/fixtures/blog-sqltabletalk-enable-autoseed.sql';
    const r = await run(['validate', file, '--sql-version', '2014']);
    expect(r.code).toBe(1);
    expect(linesOf(r.stdout).filter((l) => l.includes('FEATURE_NOT_IN_VERSION'))).toEqual([
      `  - ${file}:9:35: GRANT CREATE ANY DATABASE, which SQL Server 2014 does not have: automatic seeding (SEEDING_MODE = AUTOMATIC) first appeared in SQL Server 2016. [FEATURE_NOT_IN_VERSION]`,
      `  - ${file}:12:7: 'SEEDING_MODE = AUTOMATIC', which SQL Server 2014 does not have: the option SEEDING_MODE first appeared in SQL Server 2016. [FEATURE_NOT_IN_VERSION]`,
    ]);
    const j = result(await run(['validate', file, '--sql-version', '2014', '--json'])) as {
      ungrouped: { violations: { code: string }[] };
    };
    expect(j.ungrouped.violations.map((v) => v.code)).toEqual([
      'FEATURE_NOT_IN_VERSION',
      'FEATURE_NOT_IN_VERSION',
    ]);
    expect((await run(['validate', file, '--sql-version', '2016'])).code).toBe(0);
  });

  it('a readable secondary on a group an ALTER-only script does not create is unknown, exit 0', async () => {
    // dbi services blog, "SQL Server 2016 : availability groups and the new potential support for
    // standard edition": this ALTER on the basic group BAG gives Msg 41199 ("the AlwaysOn
    // Availability Groups allow_connections feature is not supported by this edition of SQL
    // Server"); on an advanced group it runs. The script alone does not say which BAG is.
    const file = 'adapters/tsql/fixtures/blog-dbi-basic-readable-secondary.sql';
    const r = await run(['validate', file, '--sql-version', '2016']);
    expect(r.code).toBe(0);
    expect(linesOf(r.stdout).filter((l) => l.includes('BASIC_GROUP_UNKNOWN'))).toEqual([
      `  - ${file}:9:1: 'SQL162' gets SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY) in 'BAG', which the script does not create before this statement: a basic availability group refuses a readable secondary (Msg 41199, "the AlwaysOn Availability Groups allow_connections feature is not supported by this edition"), an advanced one takes it, so whether SQL Server runs the statement is unknown; sys.availability_groups.basic_features (1: basic) says, as would the group's CREATE in the script [BASIC_GROUP_UNKNOWN]`,
    ]);
    const j = result(await run(['validate', file, '--sql-version', '2016', '--json'])) as {
      ungrouped: { violations: unknown[]; unknown: { code: string; settledBy: string[] }[] };
    };
    expect(j.ungrouped.violations).toEqual([]);
    expect(j.ungrouped.unknown.map((u) => [u.code, u.settledBy[0]])).toEqual([
      ['BASIC_GROUP_UNKNOWN', 'sys.availability_groups.basic_features for BAG'],
    ]);
    // With the basic group's CREATE in the script, the statement is refused, not unknown.
    const files = {
      'bag.sql': [
        ':Connect SQL161',
        "CREATE AVAILABILITY GROUP BAG WITH (BASIC) FOR DATABASE killerdb REPLICA ON 'SQL161' WITH (ENDPOINT_URL = 'TCP://SQL161:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC), 'SQL162' WITH (ENDPOINT_URL = 'TCP://SQL162:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);",
        'GO',
        await readExample(file),
      ].join('\n'),
    };
    const b = await run(['validate', 'bag.sql', '--sql-version', '2016'], { files });
    expect(b.code).toBe(1);
    expect(b.stdout).toContain('[BASIC_GROUP_READABLE_SECONDARY]');
    expect(b.stdout).not.toContain('BASIC_GROUP_UNKNOWN');
  });

  it('an ALTER-only script that adds a database on an instance and joins it there: refused', async () => {
    // DavidSchanzer/Sql-Server-DBA-Toolbox (earlier version): ADD DATABASE on SQLNODE1 (primary
    // only, S3), then SET HADR AVAILABILITY GROUP on SQLNODE1 (secondary only, S50).
    const file = 'adapters/tsql/fixtures/lab-toolbox-add-db-join-on-primary.sql';
    const r = await run(['validate', file, '--sql-version', '2019', '--json']);
    expect(r.code).toBe(1);
    const j = result(r) as { ungrouped: { violations: { code: string; message: string }[] } };
    expect(j.ungrouped.violations.map((v) => v.code)).toEqual(['IS_PRIMARY_REPLICA']);
    expect(j.ungrouped.violations[0]?.message).toMatch(
      /:30:1: ALTER DATABASE \[SalesDB\] SET HADR/,
    );
  });

  it('one reason per written option: the configuration check does not repeat it', async () => {
    // "Configure distributed transactions for an Always On availability group": DTC_SUPPORT =
    // PER_DB in CREATE, on SQL Server 2014, which lacks the option.
    const files = {
      'dtc.sql': [
        ':Connect A',
        "CREATE AVAILABILITY GROUP ag WITH (DTC_SUPPORT = PER_DB) FOR DATABASE d REPLICA ON N'A' WITH (ENDPOINT_URL = N'TCP://A:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL), N'B' WITH (ENDPOINT_URL = N'TCP://B:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);",
      ].join('\n'),
    };
    const r = await run(['validate', 'dtc.sql', '--sql-version', '2014', '--json'], { files });
    expect(r.code).toBe(1);
    const v = (result(r) as { violations: { code: string; message: string }[] }).violations;
    expect(v.map((x) => x.code)).toEqual(['FEATURE_NOT_IN_VERSION']);
    expect(v[0]?.message).toMatch(/^dtc\.sql:2:36: 'DTC_SUPPORT = PER_DB'/);
  });

  it('ALTER … SET (DTC_SUPPORT) on 2016: unknown, SP2 needed, not valid silently', async () => {
    // The same page: "Starting with SQL Server 2016 Service Pack 2 you can alter an availability
    // group for distributed transactions"; --sql-version gives no service pack.
    const file = 'adapters/tsql/fixtures/docs-dtc-per-db-create-alter.sql';
    const r = await run(['validate', file, '--sql-version', '2016']);
    expect(r.code).toBe(0);
    const unknown = linesOf(r.stdout).filter((l) => l.includes('FEATURE_BUILD_UNKNOWN'));
    expect(unknown.map((l) => l.match(/sql:(\d+:\d+):/)?.[1])).toEqual(['30:7', '35:7']);
    expect(unknown[0]).toContain('SQL Server 2016 SP2 (13.0.5026.0)');
  });

  it('explains every group of a script', async () => {
    const r = await run([
      'explain',
      'adapters/tsql/fixtures/docs-distributed.sql',
      '--version',
      '2022',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('server1 -> server2: automatic, planned, forced');
    expect(r.stdout).toContain('server3 -> server4');
  });
});
