import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../core/decide/explain.js';
import type { Config } from '../../core/model/config.js';
import { isUnknownReason } from '../../core/model/source.js';
import { judgeConfig, validateConfig } from '../../core/validation/validate.js';
import { renderCreate } from './render.js';
import { renderScript } from './render-script.js';
import type { Script } from './result.js';
import { type ReadOptions, readCreate, readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/**
 * Whole scripts as they are published (each fixture's header names its source), read as a DBA
 * would hand them over: without :Connect, with the documentation's placeholders, several groups
 * to a file. The assertions are what the source says the script does.
 */

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const report = (name: string, options: Partial<ReadOptions> = {}) =>
  readScriptReport(fixture(name), { version: 2022, fileName: name, ...options });

const codes = (config: Config | undefined) =>
  config === undefined ? [] : validateConfig(config).map((r) => r.code);

describe('Linux, Example A: two full replicas and a configuration-only replica (EXTERNAL)', () => {
  // "Create and configure an availability group for SQL Server on Linux", Example A.
  const name = 'docs-linux-configuration-only.sql';

  it('reads the configuration-only replica as the page writes it, without FAILOVER_MODE', () => {
    const r = report(name);
    expect(r.errors).toEqual([]);
    const [c] = r.script.configs;
    expect(c?.clusterType).toBe('EXTERNAL');
    expect(c?.databases).toEqual(['<DBName>']);
    expect(c?.replicas.map((x) => [x.name, x.availabilityMode])).toEqual([
      ['LinAGN1', 'SYNCHRONOUS_COMMIT'],
      ['LinAGN2', 'SYNCHRONOUS_COMMIT'],
      ['LinAGN3', 'CONFIGURATION_ONLY'],
    ]);
    expect(c?.replicas[1]?.seedingMode).toBe('AUTOMATIC');
  });

  it('explains that the primary stops taking writes without the secondary and the configuration-only replica', () => {
    // S29, "Two synchronous replicas and a configuration only replica", at the default 0:
    // "Synchronous secondary + configuration only replica outage: Primary is not available for
    // user transactions". Commits never blocking, as it said before, is not so here.
    const [c] = report(name).script.configs;
    const e = explainConfig(c!);
    expect(e.commits.map((r) => r.code)).toEqual([
      'RSSTC_SET_BY_AGENT',
      'EXTERNAL_COMMITS_NEED_MAJORITY',
    ]);
    expect(e.commits[1]?.message).toContain('2 of the 3');
  });

  it('keeps the JOIN WITH (CLUSTER_TYPE = EXTERNAL) of both joining replicas, each on an unnamed replica', () => {
    const r = report(name);
    const joins = r.script.statements.filter((s) => s.kept?.joinClusterType !== undefined);
    expect(joins.map((s) => [s.line, s.outcome.kind, s.kept?.joinClusterType])).toEqual([
      [29, 'unplaced', 'EXTERNAL'],
      [37, 'unplaced', 'EXTERNAL'],
    ]);
    expect(
      r.script.warnings
        .filter(besidesPrerequisites)
        .filter((w) => w.text.includes('unnamed replica'))
        .map((w) => w.line),
    ).toEqual([29, 33, 37]);
    expect(r.script.warnings.filter(besidesPrerequisites)[0]?.message).toBe(
      `${name}:8:27: warning: template placeholder <AGName> in '[<AGName>]': replace it with the real value before running the script`,
    );
  });

  it('the primary is where CREATE runs: unknown without it, valid on LinAGN1, refused on the configuration-only replica', () => {
    // "Execute the following statement on the primary replica node": CREATE runs on the primary.
    const judged = judgeConfig(report(name).script.configs[0]!);
    expect(judged.violations).toEqual([]);
    const unnamed = judged.unknown;
    expect(unnamed.map((x) => [x.code, isUnknownReason(x)])).toEqual([['PRIMARY_UNKNOWN', true]]);
    expect(unnamed[0]?.settledBy).toEqual([
      ':Connect before CREATE AVAILABILITY GROUP',
      '--server NAME',
    ]);
    expect(codes(report(name, { server: 'LinAGN1' }).script.configs[0])).toEqual([]);
    expect(codes(report(name, { server: 'LinAGN3' }).script.configs[0])).toEqual([
      'CONFIGURATION_ONLY_REPLICA_AS_PRIMARY',
    ]);
    expect(codes(report(name, { server: 'LinAGN9' }).script.configs[0])).toEqual([
      'CREATE_NOT_ON_A_REPLICA',
    ]);
  });

  it('renders the configuration-only replica back without FAILOVER_MODE, and reads it back the same', () => {
    const c = report(name, { server: 'LinAGN1' }).script.configs[0]!;
    const sql = renderCreate(c);
    expect(sql.startsWith(':Connect LinAGN1\nCREATE AVAILABILITY GROUP [<AGName>]')).toBe(true);
    const configOnly = sql.slice(sql.indexOf("N'LinAGN3'"));
    expect(configOnly).toContain('AVAILABILITY_MODE = CONFIGURATION_ONLY');
    expect(configOnly).not.toContain('FAILOVER_MODE');
    expect(configOnly).not.toContain('BACKUP_PRIORITY');
    expect(readCreate(sql, { version: 2022 })).toEqual({ _tag: 'Right', right: c });
  });
});

describe('Linux, Example C: read-scale group with routing (NONE), as the page writes it', () => {
  // "Create and configure an availability group for SQL Server on Linux", Example C.
  const name = 'docs-linux-read-scale-placeholders.sql';

  it('reports where the statement leaves the documented syntax, and keeps reading after it', () => {
    const r = report(name);
    // CREATE AVAILABILITY GROUP (Transact-SQL): replica specs are separated by commas and the
    // LISTENER clause follows the last one, so the comma before LISTENER is not T-SQL.
    expect(r.errors.map((e) => e.message)).toEqual([
      `${name}:34:5: expected a server instance name in quotes ('SERVER\\INSTANCE'), found 'LISTENER'`,
    ]);
    expect(r.script.statements.map((s) => [s.line, s.kept?.joinClusterType])).toEqual([
      [41, 'NONE'],
      [45, undefined],
    ]);
  });

  it('names every placeholder at its place; a placeholder URL is unknown, not invalid', () => {
    const r = report(name);
    expect(
      r.script.warnings
        .filter(besidesPrerequisites)
        .filter((w) => w.text.includes('<Port'))
        .map((w) => `${w.line}:${w.column}`),
    ).toEqual(['11:24', '20:37', '24:24', '32:73', '37:20']);
    // Without the listener clause (not in the documented syntax) the group reads, and its URLs
    // with <PortOfEndpoint> and <PortOfInstance> are unknowns naming what settles them.
    const text = fixture(name);
    const withoutListener = `${text.slice(0, text.indexOf('    ),\n    LISTENER'))}    );\nGO\n`;
    const read = readScriptReport(withoutListener, { version: 2022, fileName: name });
    expect(read.errors).toEqual([]);
    const judged = judgeConfig(read.script.configs[0]!);
    expect(judged.violations.map((x) => x.code)).not.toContain('INVALID_ENDPOINT_URL');
    expect(judged.violations.map((x) => x.code)).not.toContain('INVALID_ROUTING_URL');
    const placeholders = judged.unknown.filter((x) => x.code === 'URL_PLACEHOLDER');
    expect(placeholders).toHaveLength(4);
    expect(placeholders.every(isUnknownReason)).toBe(true);
    expect(placeholders[0]?.message).toBe(
      "Replica 'LinAGN1' has ENDPOINT_URL = 'TCP://LinAGN1.FullyQualified.Name:<PortOfEndpoint>', which holds the template placeholder <PortOfEndpoint>; replace it with the real address and port before running the script.",
    );
  });
});

describe('Configure a distributed availability group: the whole page as one script', () => {
  // "Configure a distributed Always On availability group".
  const name = 'docs-distributed.sql';

  it('creates ag1, ag2 and the distributed group, each reported', () => {
    const r = report(name);
    expect(r.errors).toEqual([]);
    expect(r.script.configs.map((c) => [c.name, c.kind, c.replicas.map((x) => x.name)])).toEqual([
      ['ag1', 'STANDARD', ['server1', 'server2']],
      ['ag2', 'STANDARD', ['server3', 'server4']],
      ['distributedag', 'DISTRIBUTED', []],
    ]);
    for (const c of r.script.configs) expect(codes(c)).toEqual([]);
  });

  it('keeps every member option of CREATE, JOIN and MODIFY AVAILABILITY GROUP ON', () => {
    const r = report(name);
    const member = (group: string, seeding: 'AUTOMATIC' | 'MANUAL') => ({
      name: group,
      listenerUrl: `tcp://${group}-listener.contoso.com:5022`,
      availabilityMode: 'ASYNCHRONOUS_COMMIT',
      failoverMode: 'MANUAL',
      seedingMode: seeding,
    });
    expect(r.script.configs[2]?.members).toEqual([
      member('ag1', 'AUTOMATIC'),
      member('ag2', 'AUTOMATIC'),
    ]);
    const outcomes = r.script.statements
      .filter((s) => s.outcome.kind === 'members')
      .map((s) => [s.line, s.outcome]);
    expect(outcomes).toEqual([
      [
        78,
        { kind: 'members', action: 'modify', members: [{ name: 'ag2', seedingMode: 'MANUAL' }] },
      ],
      [
        84,
        {
          kind: 'members',
          action: 'join',
          members: [member('ag1', 'AUTOMATIC'), member('ag2', 'AUTOMATIC')],
        },
      ],
      [
        106,
        {
          kind: 'members',
          action: 'modify',
          members: [
            { name: 'ag1', availabilityMode: 'SYNCHRONOUS_COMMIT' },
            { name: 'ag2', availabilityMode: 'SYNCHRONOUS_COMMIT' },
          ],
        },
      ],
    ]);
  });

  it('keeps the statements that run on a named server the page does not write as :Connect', () => {
    const r = report(name);
    expect(
      r.script.statements
        .filter((s) => s.outcome.kind === 'unplaced')
        .map((s) => [s.line, s.group]),
    ).toEqual([
      [24, 'ag1'],
      [25, 'ag1'],
      [50, 'ag2'],
      [51, 'ag2'],
      [103, 'ag2'],
      [118, 'distributedag'],
    ]);
    // The listeners need no particular replica: they are read as events.
    expect(r.script.events.map((e) => e.type)).toEqual(['ag.addListener', 'ag.addListener']);
  });

  it('explains the distributed group by its member groups: manual, forced only, one writable', () => {
    const c = report(name).script.configs[2]!;
    const e = explainConfig(c);
    expect(e.pairs.map((p) => [p.primary, p.target, p.forms])).toEqual([
      ['ag1', 'ag2', ['forced']],
      ['ag2', 'ag1', ['forced']],
    ]);
    expect(e.automaticFailover.map((r) => r.code)).toEqual(['DISTRIBUTED_MANUAL_ONLY']);
    // Created ASYNCHRONOUS_COMMIT on both sides: the groups are never SYNCHRONIZED.
    expect(e.dataLoss.map((r) => r.code)).toEqual(['DISTRIBUTED_ASYNCHRONOUS_LOSS']);
    expect(e.commits.map((r) => r.code)).toEqual(['DISTRIBUTED_ONE_WRITABLE']);
    const synchronous = {
      ...c,
      members: c.members.map((m) => ({ ...m, availabilityMode: 'SYNCHRONOUS_COMMIT' as const })),
    };
    expect(explainConfig(synchronous).dataLoss.map((r) => r.code)).toEqual([
      'DISTRIBUTED_NO_LOSS_WHEN_SYNCHRONIZED',
    ]);
  });

  it('renders the distributed group back with every member option', () => {
    const c = report(name).script.configs[2]!;
    expect(readCreate(renderCreate(c), { version: 2022 })).toEqual({ _tag: 'Right', right: c });
  });
});

describe('Linux books: CLUSTER_TYPE = EXTERNAL without REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT', () => {
  // The Pacemaker resource agent sets the value "with each monitoring action" to the synchronous
  // replicas / 2 (S29: three synchronous replicas, default 1, automatic failover on a primary
  // outage; two synchronous replicas, default 0, no automatic failover).
  it('three synchronous replicas (SQL Server 2017 Administration Inside Out): 1, and automatic failover', () => {
    const [c] = report('book-insideout-2017-linux-external.sql', { version: 2017 }).script.configs;
    expect(c?.requiredSynchronizedSecondariesToCommit).toBe(1);
    const e = explainConfig(c!);
    expect(e.automaticFailover.map((r) => r.code)).toEqual([
      'AUTOMATIC_FROM',
      'AUTOMATIC_FROM',
      'AUTOMATIC_FROM',
      // DB_FAILOVER = ON: the cluster checks sys.databases at each monitor action (S30).
      'EXTERNAL_DB_FAILOVER_MONITORED',
      // S29: "One secondary replica outage: … No automatic failover if primary fails as well".
      'EXTERNAL_AUTOMATIC_NEEDS_OTHERS',
    ]);
    expect(e.commits.map((r) => r.code)).toEqual([
      'RSSTC_SET_BY_AGENT',
      'EXTERNAL_COMMITS_NEED_MAJORITY',
      'COMMITS_BLOCK',
    ]);
    expect(e.dataLoss.map((r) => r.code)).not.toContain('RSSTC_ZERO_EXPOSURE');
  });

  it('two synchronous replicas (Pro SQL Server 2019 Administration): 0, and no automatic failover', () => {
    const [c] = report('book-carter-2019-linux-external.sql', { version: 2019 }).script.configs;
    expect(c?.requiredSynchronizedSecondariesToCommit).toBe(0);
    const e = explainConfig(c!);
    expect(e.automaticFailover.map((r) => r.code)).toEqual(['EXTERNAL_TOO_FEW_VOTERS']);
    expect(e.commits.map((r) => r.code)).toEqual(['RSSTC_SET_BY_AGENT', 'COMMITS_NEVER_BLOCK']);
  });

  it('a value the script sets is kept', () => {
    const text = fixture('book-insideout-2017-linux-external.sql').replace(
      'CLUSTER_TYPE = EXTERNAL)',
      'CLUSTER_TYPE = EXTERNAL, REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 2)',
    );
    const [c] = readScriptReport(text, { version: 2017 }).script.configs;
    expect(c?.requiredSynchronizedSecondariesToCommit).toBe(2);
    expect(explainConfig(c!).commits.map((r) => r.code)).toEqual([
      'EXTERNAL_COMMITS_NEED_MAJORITY',
      'COMMITS_BLOCK',
    ]);
  });
});

describe('SSMS wizard output that connects by host and port (:Connect host,port)', () => {
  // sqlcmd takes a server as [protocol:]server[\\instance][,port] (the sqlcmd utility): the
  // address can be either replica's instance, so CREATE's primary is unknown, not a violation.
  const r = report('ssms-wizard-connect-host-port.sql', { version: 2016 });

  it('reads the group, leaves its initial primary unknown, and warns where CREATE runs', () => {
    expect(r.errors).toEqual([]);
    const [c] = r.script.configs;
    expect(c?.createdOn).toBeNull();
    expect(codes(c)).toEqual([]);
    expect(r.script.warnings.filter(besidesPrerequisites).map((w) => w.message)).toContainEqual(
      expect.stringContaining(
        "CREATE AVAILABILITY GROUP runs on 'PrimaryNodeName,51433', a connection address",
      ),
    );
  });

  it('explains commits on SQL Server 2016 without naming an option it does not have', () => {
    const e = explainConfig(r.script.configs[0]!);
    const never = e.commits.find((x) => x.code === 'COMMITS_NEVER_BLOCK');
    expect(never?.message).toMatch(
      /^SQL Server 2016 has no REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT \(from 2017\)/,
    );
  });
});

describe('lab repositories', () => {
  it('jokk-itu/laughing-umbrella: DROP, then a read-scale group, no :Connect', () => {
    const r = report('lab-docker-read-scale-drop-create.sql');
    expect(r.errors).toEqual([]);
    expect(r.script.statements.map((s) => [s.line, s.outcome.kind])).toEqual([
      [4, 'skipped'],
      [7, 'config'],
    ]);
    const [c] = r.script.configs;
    expect(c?.clusterType).toBe('NONE');
    expect(c?.createdOn).toBeNull();
    expect(codes(c)).toEqual([]);
    // No cluster, so no cluster quorum to take the group offline.
    const never = explainConfig(c!).commits.find((x) => x.code === 'COMMITS_NEVER_BLOCK');
    expect(never?.message).not.toMatch(/quorum/);
  });

  it('rodboza/docker_sandbox: an EXTERNAL group in containers, its GRANT on an unnamed replica', () => {
    const r = report('lab-pacemaker-external.sql');
    expect(r.errors).toEqual([]);
    const [c] = r.script.configs;
    expect(c?.replicas.map((x) => x.failoverMode)).toEqual(['EXTERNAL', 'EXTERNAL', 'EXTERNAL']);
    expect(codes(c)).toEqual([]);
    expect(r.script.warnings.filter(besidesPrerequisites).map((w) => w.message)).toEqual([
      'lab-pacemaker-external.sql:39:1: warning: GRANT CREATE ANY DATABASE runs on an unnamed replica: the script has no :Connect before it and no server was given (--server NAME)',
    ]);
    // Said where it runs (sqlcmd -S sqlnode1), the GRANT is an event on that replica.
    const placed = report('lab-pacemaker-external.sql', { server: 'sqlnode1' });
    expect(placed.script.events).toEqual([
      { type: 'replica.grantCreateDatabase', replica: 'sqlnode1' },
    ]);
    expect(placed.script.configs[0]?.createdOn).toBe('sqlnode1');
  });
});

// Rendering writes every option the version's syntax has, so what CREATE left out is written back.
const asRendered = (o: Script['statements'][number]['outcome']) =>
  o.kind === 'config' ? { kind: o.kind, config: o.config } : o;

describe('everything read renders back', () => {
  const reading = (s: Script) =>
    s.statements
      .filter((x) => x.outcome.kind !== 'skipped')
      .map((x) => ({
        server: x.server,
        group: x.group,
        outcome: asRendered(x.outcome),
        kept: x.kept,
      }));

  for (const [name, server] of [
    ['docs-linux-configuration-only.sql', undefined],
    ['docs-linux-configuration-only.sql', 'LinAGN1'],
    ['docs-distributed.sql', undefined],
    ['docs-distributed.sql', 'server1'],
    ['lab-pacemaker-external.sql', 'sqlnode1'],
  ] as const) {
    it(`${name}${server === undefined ? '' : ` on ${server}`}: configurations, events, members, JOIN WITH (CLUSTER_TYPE), unplaced statements`, () => {
      const first = report(name, server === undefined ? {} : { server });
      const again = readScriptReport(renderScript(first.script), { version: 2022 });
      expect(again.errors).toEqual([]);
      expect(reading(again.script)).toEqual(reading(first.script));
    });
  }

  it('the external_cluster session context, and a FAILOVER after it', () => {
    // Operate Always On availability groups on Linux (S30): a manual failover of a group with
    // CLUSTER_TYPE = EXTERNAL sets the session context first.
    const text = [
      ':Connect node2',
      "EXEC sp_set_session_context @key = N'external_cluster', @value = N'yes';",
      'ALTER AVAILABILITY GROUP ag1 FAILOVER;',
    ].join('\n');
    const first = readScriptReport(text, { version: 2022 });
    expect(first.script.statements.map((x) => [x.outcome.kind, x.kept])).toEqual([
      ['session', undefined],
      ['events', { externalCluster: true }],
    ]);
    const again = readScriptReport(renderScript(first.script), { version: 2022 });
    expect(reading(again.script)).toEqual(reading(first.script));
  });
});
