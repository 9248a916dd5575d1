import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import { isUnknownReason } from '../../core/model/source.js';
import { judgeConfig, validateConfig } from '../../core/validation/validate.js';
import { configsAfterScript } from './configs-after.js';
import { type ReadOptions, readScriptReport } from './script.js';

/**
 * Lab and repository scripts as published (each fixture's header names its source), read as a
 * user hands them over. The assertions are what SQL Server does with each.
 */

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const read = (text: string, name: string, options: Partial<ReadOptions> = {}) =>
  readScriptReport(text, { version: 2019, fileName: name, ...options });

/*
 * "Batches" (SQL Server documentation, ms175502): "A compile error, such as a syntax error,
 * prevents the compilation of the execution plan. Therefore, no statements in the batch are
 * executed." GO ends a batch (GO (Transact-SQL): "The current batch of statements is composed of
 * all statements entered since the last GO"), so a BEGIN … END block split by GO leaves a batch
 * without its END and another with an END alone: neither compiles.
 */
describe('a GO inside BEGIN … END (Azure4Arjun/dba_db19, dba19_lis_SetCreateAGListener4.sql)', () => {
  const name = 'lab-listener-begin-go-end.sql';
  const text = fixture(name);

  it('is refused at the GO that splits the block and at the lone END', () => {
    expect(read(text, name).errors.map((e) => e.message)).toEqual([
      `${name}:21:2: expected END for the BEGIN at 9:1 in the same batch (a block cannot span batches; SQL Server runs no statement of a batch that does not compile), found 'GO'`,
      `${name}:24:1: expected a BEGIN before this END in the same batch (SQL Server runs no statement of a batch that does not compile), found 'END'`,
    ]);
  });

  it('runs none of the broken batch: the listener is not added', () => {
    const statements = read(text, name).script.statements;
    expect(statements.filter((s) => s.group !== null)).toEqual([]);
    // The first two batches compile and run.
    expect(statements.map((s) => s.line)).toEqual([5, 7]);
  });

  it('with the block whole in one batch, the listener is read', () => {
    const whole = read(text.replace(/\n\tGO\n/, '\n'), name);
    expect(whole.errors).toEqual([]);
    const added = whole.script.statements.find((s) => s.group === 'MyAG');
    expect(added?.nested).toBe(true);
    expect(added?.outcome.kind === 'events' ? added.outcome.events.map((e) => e.type) : []).toEqual(
      ['ag.addListener'],
    );
  });

  it('a CASE … END and an IF … BEGIN … END within one batch are whole', () => {
    const blocks = [
      "SELECT CASE WHEN 1 = 1 THEN 'a' ELSE 'b' END;",
      'IF 1 = 1',
      'BEGIN',
      '  ALTER AVAILABILITY GROUP [MyAG] GRANT CREATE ANY DATABASE;',
      'END',
      'GO',
    ].join('\n');
    expect(read(blocks, 'blocks.sql', { server: 'N1' }).errors).toEqual([]);
  });
});

/*
 * ALTER AVAILABILITY GROUP (Transact-SQL), ADD DATABASE: "Specifies a list of one or more user
 * databases that you want to add to the availability group." The group the script leaves holds
 * them; "Basic availability groups" (Limitations): "Support for one availability database."
 */
describe('ADD DATABASE after CREATE (rladda/MSSQL-AG-on-Linux-in-AWS, README.md)', () => {
  const name = 'lab-aws-linux-configuration-only.sql';

  it('leaves the group holding the database it adds, valid on 2019', () => {
    const r = read(fixture(name), name);
    expect(r.errors).toEqual([]);
    const [after] = configsAfterScript(r.script);
    expect(after?.config.databases).toEqual(['db1']);
    // Its GRANT on the configuration-only sqlhaconfig is refused (Msg 47111,
    // published-configuration-only-grant.test.ts); the ADD DATABASE is taken.
    expect(after?.notApplied.map((n) => n.reason.code)).toEqual([
      'CONFIGURATION_ONLY_NO_CREATE_DATABASE',
    ]);
    expect(validateConfig(after!.config)).toEqual([]);
  });

  it('a basic group takes no second database; a database is added once; REMOVE needs it there', () => {
    const basic = [
      ':Connect N1',
      "CREATE AVAILABILITY GROUP [b] WITH (BASIC) FOR DATABASE [db1] REPLICA ON N'N1' WITH (ENDPOINT_URL = N'TCP://N1:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC), N'N2' WITH (ENDPOINT_URL = N'TCP://N2:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC);",
      'GO',
      'ALTER AVAILABILITY GROUP [b] ADD DATABASE [db2];',
      'ALTER AVAILABILITY GROUP [b] ADD DATABASE [db2];',
      'ALTER AVAILABILITY GROUP [b] REMOVE DATABASE [db3];',
    ].join('\n');
    const [after] = configsAfterScript(read(basic, 'basic.sql').script);
    expect(after?.config.databases).toEqual(['db1', 'db2']);
    expect(validateConfig(after!.config).map((v) => v.code)).toEqual([
      'BASIC_GROUP_DATABASE_COUNT',
    ]);
    expect(after?.notApplied.map((n) => [n.line, n.text.replace(/.*: /, '')])).toEqual([
      [5, 'db2 is already in b [DATABASE_ALREADY_IN_GROUP]'],
      [6, 'db3 is not in b [DATABASE_NOT_IN_GROUP]'],
    ]);
  });
});

/*
 * CREATE AVAILABILITY GROUP (Transact-SQL), group_name: "must be unique across all availability
 * groups in the WSFC cluster". A second CREATE of the name on the instance that holds the first,
 * with no DROP AVAILABILITY GROUP there since, is refused; the statements after it act on the
 * first group.
 */
describe('the same group created twice on one instance (Neaj-Morshad-101/SQL-Server-Kubernetes-Operator, poc2/primary.sql)', () => {
  const name = 'lab-k8s-create-twice.sql';
  const create = '\nCREATE AVAILABILITY GROUP [AG1]\n';
  /** The fixture with `before` written ahead of its second CREATE. */
  const beforeSecond = (before: string) => {
    const text = fixture(name);
    const at = text.lastIndexOf(create);
    return `${text.slice(0, at)}\n${before}${text.slice(at)}`;
  };

  it('refuses the second CREATE and applies the later ALTERs to the first group', () => {
    const after = configsAfterScript(read(fixture(name), name, { server: 'repl-0' }).script);
    expect(after.map((a) => a.config.replicas.map((r) => [r.name, r.availabilityMode]))).toEqual([
      [
        ['repl-0', 'SYNCHRONOUS_COMMIT'],
        ['repl-1', 'SYNCHRONOUS_COMMIT'],
        ['repl-2', 'ASYNCHRONOUS_COMMIT'],
      ],
    ]);
    expect(after[0]?.config.requiredSynchronizedSecondariesToCommit).toBe(1);
    expect(
      after[0]?.notApplied.map((n) => [n.line, n.text.replace(/.*is not applied: /, '')]),
    ).toEqual([
      [
        45,
        'repl-0 already has an availability group named AG1 (CREATE at line 11, not dropped since); an availability group name must be unique [GROUP_NAME_EXISTS]',
      ],
    ]);
  });

  it('after DROP AVAILABILITY GROUP on that instance, the name is free again', () => {
    const text = beforeSecond('DROP AVAILABILITY GROUP [AG1];\nGO');
    const after = configsAfterScript(read(text, name, { server: 'repl-0' }).script);
    expect(after.map((a) => a.config.replicas.map((r) => r.name))).toEqual([
      ['repl-0', 'repl-1', 'repl-2'],
      ['node_a', 'node_b', 'node_c'],
    ]);
  });

  it('on another instance the same name may be another cluster’s group: each is its own', () => {
    const text = beforeSecond(':Connect node_a');
    const after = configsAfterScript(read(text, name, { server: 'repl-0' }).script);
    expect(after.map((a) => a.notApplied.length)).toEqual([0, 2]);
    expect(after.map((a) => a.config.replicas[0]?.name)).toEqual(['repl-0', 'node_a']);
  });
});

/*
 * ALTER AVAILABILITY GROUP (Transact-SQL), MODIFY AVAILABILITY GROUP ON: run it on both the
 * primary and the secondary availability group ("Configure a distributed availability group",
 * failover step 1: SYNCHRONOUS_COMMIT on both the global primary and the forwarder). The side it
 * runs on takes the change; where the script does not say which side that is, the modes are unknown.
 */
describe('MODIFY AVAILABILITY GROUP ON after CREATE … DISTRIBUTED (Neaj-Morshad-101/SQL-Server-Kubernetes-Operator, DAG-primary-cluster.sql)', () => {
  const name = 'lab-k8s-distributed-modify.sql';
  const member = (group: string, replica: string) =>
    `:Connect ${replica}\nCREATE AVAILABILITY GROUP [${group}] FOR REPLICA ON N'${replica}' WITH (ENDPOINT_URL = N'TCP://${replica}:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);\nGO\n`;
  const modify = (replica: string) =>
    `:Connect ${replica}\nALTER AVAILABILITY GROUP [distributedag] MODIFY AVAILABILITY GROUP ON 'ag1' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT), 'ag2' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);\nGO\n`;
  /** The script up to its MODIFY: the CREATE … DISTRIBUTED alone. */
  const created = fixture(name).slice(0, fixture(name).indexOf('\n-- sets'));
  const distributedAfter = (text: string) =>
    configsAfterScript(read(text, name).script).find((a) => a.config.kind === 'DISTRIBUTED')!;
  const explained = (a: ReturnType<typeof distributedAfter>) =>
    explainConfig(
      a.config,
      a.unknown.map((u) => u.reason),
    );

  it('run on an unnamed replica: which side changed, and so the data loss, is unknown', () => {
    const a = distributedAfter(fixture(name));
    expect(a.unknown.map((u) => [u.line, u.reason.code, isUnknownReason(u.reason)])).toEqual([
      [27, 'DISTRIBUTED_MODIFY_SIDE_UNKNOWN', true],
    ]);
    expect(a.config.members.map((m) => m.availabilityMode)).toEqual([
      'ASYNCHRONOUS_COMMIT',
      'ASYNCHRONOUS_COMMIT',
    ]);
    const e = explained(a);
    expect(e.dataLoss.map((r) => r.code)).toEqual(['DISTRIBUTED_MODIFY_SIDE_UNKNOWN']);
    expect(e.commits.map((r) => r.code)).toEqual([
      'DISTRIBUTED_ONE_WRITABLE',
      'DISTRIBUTED_MODIFY_SIDE_UNKNOWN',
    ]);
  });

  it('run on the global primary only: its side commits synchronously, the forwarder’s does not', () => {
    const text = `${member('ag1', 'k1')}${member('ag2', 'k2')}${created}\n${modify('k1')}`;
    const a = distributedAfter(text);
    expect(a.unknown).toEqual([]);
    expect(a.config.members.map((m) => [m.name, m.availabilityMode])).toEqual([
      ['ag1', 'SYNCHRONOUS_COMMIT'],
      ['ag2', 'ASYNCHRONOUS_COMMIT'],
    ]);
    expect(explained(a).dataLoss.map((r) => [r.code, r.message.split(':')[0]])).toEqual([
      ['DISTRIBUTED_ASYNCHRONOUS_LOSS', 'ag2 has ASYNCHRONOUS_COMMIT'],
    ]);
  });

  it('run on both sides: both commit synchronously', () => {
    const text = `${member('ag1', 'k1')}${member('ag2', 'k2')}${created}\n${modify('k1')}${modify('k2')}`;
    const a = distributedAfter(text);
    expect(explained(a).dataLoss.map((r) => r.code)).toEqual([
      'DISTRIBUTED_NO_LOSS_WHEN_SYNCHRONIZED',
    ]);
  });
});

/*
 * SQLCMD mode stops at a scripting variable that nothing defines ("A fatal scripting error
 * occurred. Variable grip is not defined.", Stack Overflow question 3747006, "SQL scripting variable
 * default value"), so the value it stands for is not in the input: an ENDPOINT_URL made of such
 * variables is unknown, as a template placeholder is, not invalid.
 */
describe('variables from a :r header agstate does not read (SQLCMD-mode read-scale scripts)', () => {
  const name = 'lab-sqlcmd-read-scale-include.sql';
  const header = {
    AGName: 'myAG',
    ServerA: 'PRD-SQL1',
    ServerA_WithDNSSuffix: 'PRD-SQL1.prod.Local',
    ServerB: 'PRD-SQL2',
    ServerB_WithDNSSuffix: 'PRD-SQL2.prod.Local',
    DBName: 'agTestDB',
    SysAdminLoginName: 'dba',
    SysAdminLoginPassword: 'x',
    AGEndPointPort: '5022',
  };

  it('reports the :r and each undefined variable, and the URLs made of them as unknown', () => {
    const r = read(fixture(name), name, { version: 2017 });
    expect(r.errors[0]?.message).toBe(
      `${name}:9:1: expected the included statements in this script (agstate reads one file), found ':r C:\\agTemp\\RSAG-SQLCMD-Header.sql'`,
    );
    const judged = judgeConfig(r.script.configs[0]!);
    expect(judged.violations).toEqual([]);
    expect(judged.unknown.map((u) => u.code)).toEqual(['URL_PLACEHOLDER', 'URL_PLACEHOLDER']);
    expect(judged.unknown[0]?.message).toContain('$(ServerA_WithDNSSuffix), $(AGEndPointPort)');
  });

  it('with the header’s variables given, the group is the read-scale group it describes', () => {
    const r = read(fixture(name), name, { version: 2017, variables: header });
    const c = r.script.configs[0]!;
    expect(c.replicas.map((x) => [x.name, x.endpointUrl])).toEqual([
      ['PRD-SQL1', 'TCP://PRD-SQL1.prod.Local:5022'],
      ['PRD-SQL2', 'TCP://PRD-SQL2.prod.Local:5022'],
    ]);
    expect(judgeConfig(c)).toEqual({ violations: [], unknown: [] });
  });
});

/*
 * "For a secondary replica to be synchronized, the primary replica must also be running in
 * synchronous-commit mode" (ALTER AVAILABILITY GROUP, FAILOVER; Availability modes), and with
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT "if the minimum number of replicas isn't available,
 * then commits on the primary fail" (ALTER AVAILABILITY GROUP). Microsoft CSS's read-scale
 * failover preparation leaves its primary ASYNCHRONOUS_COMMIT and sets the option to 1: every
 * commit there fails.
 */
describe('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 with an asynchronous primary (microsoft/mssql-support, read_scale_no_cluster)', () => {
  const name = 'lab-k8s-async-primary-rsstc.sql';
  const [after] = configsAfterScript(read(fixture(name), name, { server: 'ag-node000' }).script);
  const always = explainConfig(after!.config)
    .commits.filter((r) => r.code === 'COMMITS_ALWAYS_BLOCK')
    .map((r) => r.message.split(' is primary')[0]);

  it('says commits always fail while the asynchronous primary ag-node000 is primary', () => {
    expect(after!.config.requiredSynchronizedSecondariesToCommit).toBe(1);
    expect(after!.config.replicas.map((r) => r.availabilityMode)).toEqual([
      'ASYNCHRONOUS_COMMIT',
      'SYNCHRONOUS_COMMIT',
      'ASYNCHRONOUS_COMMIT',
      'ASYNCHRONOUS_COMMIT',
    ]);
    expect(always).toEqual([
      'while ag-node000',
      'while ag-node001',
      'while ag-node002',
      'while ag-node003',
    ]);
  });
});

/*
 * rajaniesh/SQL-Always-on-AKS's group (one synchronous secondary) with
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 2 (fixtures/lab-aks-rsstc-above-sync.sql):
 * MSSQLSERVER_988 (S171), Scenario 2, "greater than the number of available healthy synchronous
 * secondaries, the primary can't proceed with commits". explain said "only 1 synchronous
 * secondaries exist".
 */
describe('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 2 with one synchronous secondary (rajaniesh/SQL-Always-on-AKS)', () => {
  const name = 'lab-aks-rsstc-above-sync.sql';
  const [after] = configsAfterScript(read(fixture(name), name).script);

  it('says commits always fail, naming the one synchronous secondary in the singular', () => {
    expect(
      explainConfig(after!.config)
        .commits.filter((r) => r.code === 'COMMITS_ALWAYS_BLOCK')
        .map((r) => r.message),
    ).toEqual([
      'while mssql-primary is primary only 1 synchronous secondary exists: commits can never meet REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 2',
      'while mssql-secondary1 is primary only 1 synchronous secondary exists: commits can never meet REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 2',
      'while mssql-secondary2 is primary it commits asynchronously, so no secondary becomes SYNCHRONIZED: commits can never meet REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 2',
    ]);
  });
});
