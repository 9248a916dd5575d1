import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../core/cluster/build.js';
import { clusterFacts } from '../../core/cluster/facts.js';
import { explainConfig } from '../../core/decide/explain.js';
import { judgeConfig } from '../../core/validation/validate.js';
import { linesOf, run } from '../cli/test-support.js';
import { readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/**
 * A script as SSMS's New Availability Group wizard writes it (fixtures/ssms-wizard-two-async-
 * replicas.sql names its source): SQLCMD mode, a :Connect before each server's batch, and
 * CREATE AVAILABILITY GROUP [TestAG2] WITH (AUTOMATED_BACKUP_PREFERENCE = SECONDARY,
 * DB_FAILOVER = OFF, DTC_SUPPORT = NONE) for two ASYNCHRONOUS_COMMIT replicas with FAILOVER_MODE
 * = MANUAL and SEEDING_MODE = AUTOMATIC. A DBA who runs it in SSMS without SQLCMD mode deletes
 * the :Connect lines and runs each part on its server: the second form below.
 */
const FILE = 'adapters/tsql/fixtures/ssms-wizard-two-async-replicas.sql';
const text = readFileSync(
  new URL('./fixtures/ssms-wizard-two-async-replicas.sql', import.meta.url),
  'utf8',
);
const withoutConnect = text
  .split('\n')
  .filter((l) => !l.startsWith(':Connect'))
  .join('\n');

const read = (script: string, server?: string) =>
  readScriptReport(script, {
    version: 2017,
    fileName: 'ssms.sql',
    ...(server === undefined ? {} : { server }),
  });

describe('the wizard script, with its :Connect lines', () => {
  it('creates TestAG2 on logansqltest01, which becomes the initial primary', () => {
    // CREATE AVAILABILITY GROUP runs "on the server instance that is to host the initial primary
    // replica" ("Create an Availability Group (Transact-SQL)").
    const r = read(text);
    expect(r.errors).toEqual([]);
    expect(r.script.warnings.filter(besidesPrerequisites)).toEqual([]);
    const [config] = r.script.configs;
    expect(config?.createdOn).toBe('logansqltest01');
    expect(config?.databases).toEqual(['TSQL2012', 'WideWorldImporters']);
    expect(clusterFacts(createCluster(config!)).primary).toBe('logansqltest01');
  });

  it('is valid from SQL Server 2016, and refused before it for its automatic seeding', async () => {
    // "Use automatic seeding to initialize a secondary replica": automatic seeding is new in
    // SQL Server 2016; the wizard writes SEEDING_MODE = AUTOMATIC for each replica.
    const valid = await run(['validate', FILE, '--sql-version', '2017']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('valid: TestAG2 (SQL Server 2017');
    const old = await run(['validate', FILE, '--sql-version', '2014', '--json']);
    expect(old.code).toBe(1);
    // Each option 2014 does not have, as written: the wizard's DB_FAILOVER = OFF and
    // DTC_SUPPORT = NONE (2016 options, whatever their value), both SEEDING_MODEs, and the GRANT
    // CREATE ANY DATABASE that came with automatic seeding.
    const result = JSON.parse(old.stdout).result as {
      violations: { code: string; message: string }[];
    };
    expect(result.violations.map((v) => v.code)).toEqual(Array(5).fill('FEATURE_NOT_IN_VERSION'));
    expect(result.violations.map((v) => v.message.match(/:(\d+:\d+): '?([A-Z_]+)/)?.[2])).toEqual([
      'DB_FAILOVER',
      'DTC_SUPPORT',
      'SEEDING_MODE',
      'SEEDING_MODE',
      'GRANT',
    ]);
  });

  it('explains that two asynchronous-commit replicas allow only forced failover', async () => {
    // "Failover and failover modes": under asynchronous-commit mode the only form of failover is
    // forced manual failover, with possible data loss; automatic failover needs synchronous commit.
    const [config] = read(text).script.configs;
    const explanation = explainConfig(config!);
    expect(explanation.pairs.map((p) => [p.primary, p.target, p.forms])).toEqual([
      ['logansqltest01', 'logansqltest02', ['forced']],
      ['logansqltest02', 'logansqltest01', ['forced']],
    ]);
    expect(explanation.automaticFailover.map((r) => r.code)).toEqual(['NO_AUTOMATIC_FAILOVER']);
    const shown = await run(['explain', FILE, '--sql-version', '2017']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('logansqltest01 -> logansqltest02: forced');
  });
});

describe('the same script run in SSMS without :Connect', () => {
  it('is not refused: the statements that act on their own replica are reported as unplaced', async () => {
    const r = read(withoutConnect);
    expect(r.errors).toEqual([]);
    expect(r.script.configs[0]?.createdOn).toBeNull();
    expect(r.script.warnings.filter(besidesPrerequisites).map((w) => w.text)).toEqual([
      expect.stringMatching(/^JOIN runs on an unnamed replica/),
      expect.stringMatching(/^GRANT CREATE ANY DATABASE runs on an unnamed replica/),
    ]);
    const cli = await run(['validate', 'ssms.sql', '--sql-version', '2017'], {
      files: { 'ssms.sql': withoutConnect },
    });
    expect(cli.code).toBe(0);
    expect(
      linesOf(cli.stdout).filter((l) => l.includes('warning:') && besidesPrerequisites(l)),
    ).toHaveLength(2);
    // Both replicas are ASYNCHRONOUS_COMMIT: which one the CREATE ran on changes no verdict.
    expect(judgeConfig(r.script.configs[0]!)).toEqual({ violations: [], unknown: [] });
  });

  it('with --server, the CREATE runs there and that instance is the primary', () => {
    const r = read(withoutConnect, 'LOGANSQLTEST01');
    expect(r.script.warnings.filter(besidesPrerequisites)).toEqual([]);
    const [config] = r.script.configs;
    expect(config?.createdOn).toBe('LOGANSQLTEST01');
    expect(clusterFacts(createCluster(config!)).primary).toBe('logansqltest01');
  });
});
