import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../core/validation/validate.js';
import { ownSeed, propertyRuns } from '../../properties/runs.js';
import { readScriptReport } from './script.js';

/**
 * Published scripts with errors put in on purpose: every error is reported at its place, the
 * reader goes on inside the statement after each broken option, and the statements that still
 * parse are read and checked. Each fixture's source is named where it is used.
 */

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Replace the n-th occurrence of `from` (1-based). */
const replaceNth = (text: string, from: string, to: string, n = 1): string => {
  let at = -1;
  for (let i = 0; i < n; i++) at = text.indexOf(from, at + 1);
  if (at < 0) throw new Error(`no occurrence ${n} of ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
};

/** Line and column of the n-th occurrence of `needle` (1-based), `shift` characters into it. */
const position = (text: string, needle: string, n = 1, shift = 0): string => {
  let at = -1;
  for (let i = 0; i < n; i++) at = text.indexOf(needle, at + 1);
  at += shift;
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
};

describe('CREATE AVAILABILITY GROUP (Transact-SQL), Example A, with three errors in one statement', () => {
  const original = fixture('docs-create-example-a.sql');
  // 1. a missing '=' in NODE01's ENDPOINT_URL; 2. a doubled '=' in NODE02's AVAILABILITY_MODE;
  // 3. a missing comma inside NODE03's SECONDARY_ROLE ( … ) list.
  const broken = [
    (t: string) =>
      replaceNth(t, "ENDPOINT_URL = 'TCP://NODE01:5022'", "ENDPOINT_URL 'TCP://NODE01:5022'"),
    (t: string) =>
      replaceNth(
        t,
        'AVAILABILITY_MODE = SYNCHRONOUS_COMMIT',
        'AVAILABILITY_MODE = = SYNCHRONOUS_COMMIT',
        2,
      ),
    (t: string) => replaceNth(t, 'ALLOW_CONNECTIONS = READ_ONLY,', 'ALLOW_CONNECTIONS = READ_ONLY'),
  ].reduce((t, f) => f(t), original);
  const report = readScriptReport(broken, { version: 2019, fileName: 'ag.sql' });

  it('reports every one of them, each at its line and column, and nothing else', () => {
    expect(report.errors.map((e) => e.message)).toEqual([
      `ag.sql:${position(broken, "'TCP://NODE01:5022'")}: expected ',' or ')', found 'TCP://NODE01:5022'`,
      `ag.sql:${position(broken, '= SYNCHRONOUS_COMMIT', 2)}: expected a value, found '='`,
      `ag.sql:${position(broken, 'READ_ONLY_ROUTING_URL', 3)}: expected ',' or ')', found 'READ_ONLY_ROUTING_URL'`,
    ]);
  });

  it('still reads the ALTER … ADD LISTENER statement after it', () => {
    // The example's listener statement follows in the next batch and has no error.
    expect(report.script.statements.map((s) => s.text)).toEqual([
      expect.stringMatching(/^ALTER AVAILABILITY GROUP \[MyAg\] ADD LISTENER/),
    ]);
    expect(report.script.events.map((e) => e.type)).toEqual(['ag.addListener']);
  });

  it('the same script without the errors reads with none (the errors are what was put in)', () => {
    expect(readScriptReport(original, { version: 2019 }).errors).toEqual([]);
  });
});

describe('Configure read-only routing (Transact-SQL), with errors in two statements', () => {
  // docs-read-only-routing.sql: the documentation's ALTER … MODIFY REPLICA statements.
  const original = fixture('docs-read-only-routing.sql');
  const broken = replaceNth(
    replaceNth(
      original,
      "READ_ONLY_ROUTING_LIST=('NODE02','NODE01')",
      "READ_ONLY_ROUTING_LIST=('NODE02' 'NODE01')",
    ),
    '(ALLOW_CONNECTIONS = READ_ONLY)',
    '(ALLOW_CONNECTIONS READ_ONLY,)',
    2,
  );
  const report = readScriptReport(broken, { version: 2019, fileName: 'routing.sql' });

  it('reports each error at its place', () => {
    expect(report.errors.map((e) => e.message)).toEqual([
      // The value without '=' is read as a modifier and reported where it stands.
      `routing.sql:${position(broken, 'READ_ONLY,)')}: expected ALLOW_CONNECTIONS = NO | READ_ONLY | ALL, found 'ALLOW_CONNECTIONS READ_ONLY'`,
      `routing.sql:${position(broken, 'READ_ONLY,)', 1, 10)}: expected an option name, found ')'`,
      `routing.sql:${position(broken, "'NODE01')))")}: expected ',' or ')', found 'NODE01'`,
    ]);
  });

  it('reads the four statements that have no error, and only them', () => {
    expect(report.script.statements).toHaveLength(4);
    expect(report.script.events.map((e) => e.type)).toEqual([
      'replica.modify',
      'replica.modify',
      'replica.modify',
      'replica.modify',
    ]);
  });
});

describe('rule violations are reported together with the syntax errors', () => {
  // CREATE AVAILABILITY GROUP (Transact-SQL), Example A again: its first replica asks for
  // HEALTH_CHECK_TIMEOUT = 600000 and three synchronous automatic-failover replicas are fine, so
  // put a documented rule violation into the CREATE (BACKUP_PRIORITY above 100) and a syntax
  // error into the ALTER … ADD LISTENER after it.
  const text = replaceNth(
    replaceNth(
      fixture('docs-create-example-a.sql'),
      'BACKUP_PRIORITY = 90',
      'BACKUP_PRIORITY = 101',
    ),
    'PORT = 60173',
    'PORT 60173',
  );
  const report = readScriptReport(text, { version: 2019, fileName: 'ag.sql' });

  it('gives the syntax error at its place and the rule violation of the statement that parsed', () => {
    expect(report.errors.map((e) => e.message)).toEqual([
      `ag.sql:${position(text, '60173')}: expected '=', found '60173'`,
    ]);
    const [config] = report.script.configs;
    expect(config?.replicas.map((r) => r.backupPriority)).toEqual([30, 30, 101]);
    expect(validateConfig(config!).map((r) => r.code)).toContain('BACKUP_PRIORITY_OUT_OF_RANGE');
  });
});

describe('an error between clauses resumes at the next clause', () => {
  // Create an availability group (Transact-SQL), the sample configuration: a missing comma in
  // FOR DATABASE, and a missing '=' in NODE02's FAILOVER_MODE after it.
  const text = replaceNth(
    replaceNth(
      fixture('docs-sample-configuration.sql'),
      'DATABASE MyDB1, MyDB2',
      'DATABASE MyDB1 MyDB2',
    ),
    'FAILOVER_MODE = AUTOMATIC',
    'FAILOVER_MODE AUTOMATIC',
    2,
  ).replace('WITHNOFORMAT', 'WITH NOFORMAT');
  const report = readScriptReport(text, {
    version: 2019,
    fileName: 'deploy.sql',
    server: 'NODE01\\AgHostInstance',
  });

  it('reads every other statement of the script', () => {
    expect(report.script.configs).toEqual([]);
    expect(report.script.events.map((e) => e.type)).toEqual([
      'db.backup',
      'db.backup',
      'replica.join',
      'db.restore',
      'db.restore',
      'db.backup',
      'db.backup',
      'db.restore',
      'db.restore',
      'db.join',
      'db.join',
    ]);
  });

  it('reports both', () => {
    expect(report.errors.map((e) => e.message)).toEqual([
      `deploy.sql:${position(text, 'MyDB2')}: expected REPLICA ON or AVAILABILITY GROUP ON, found 'MyDB2'`,
      `deploy.sql:${position(text, 'FAILOVER_MODE AUTOMATIC', 1, 14)}: expected FAILOVER_MODE = AUTOMATIC | MANUAL | EXTERNAL, found 'FAILOVER_MODE AUTOMATIC'`,
    ]);
  });
});

describe('a broken statement still has its remaining option values checked', () => {
  // CREATE AVAILABILITY GROUP (Transact-SQL), Example A: a missing '=' in NODE01's ENDPOINT_URL,
  // and NODE03 given a FAILOVER_MODE the statement does not accept.
  const text = replaceNth(
    replaceNth(
      fixture('docs-create-example-a.sql'),
      "ENDPOINT_URL = 'TCP://NODE01:5022'",
      "ENDPOINT_URL 'TCP://NODE01:5022'",
    ),
    'FAILOVER_MODE =  MANUAL',
    'FAILOVER_MODE =  SOMETIMES',
  );
  const report = readScriptReport(text, { version: 2019, fileName: 'ag.sql' });

  it('reports the syntax error and the bad value after it, and not the ENDPOINT_URL it cut', () => {
    expect(report.errors.map((e) => e.message)).toEqual([
      `ag.sql:${position(text, "'TCP://NODE01:5022'")}: expected ',' or ')', found 'TCP://NODE01:5022'`,
      `ag.sql:${position(text, 'SOMETIMES')}: expected FAILOVER_MODE = AUTOMATIC | MANUAL | EXTERNAL, found 'SOMETIMES'`,
    ]);
    expect(report.script.configs).toEqual([]);
  });
});

describe('an error that cannot be recovered from still comes after the ones that could', () => {
  // "Create and configure an availability group for SQL Server on Linux", Example C: the page's
  // own comma before LISTENER, after which the statement cannot go on, and a missing '=' put
  // into LinAGN2's FAILOVER_MODE before it.
  const text = fixture('docs-linux-read-scale-placeholders.sql').replace(
    'FAILOVER_MODE = MANUAL,\n        SEEDING_MODE = AUTOMATIC,\n        AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT',
    'FAILOVER_MODE MANUAL SEEDING_MODE = AUTOMATIC,\n        AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT',
  );
  const report = readScriptReport(text, { version: 2022, fileName: 'linux.sql' });

  it('reports both, in script order, and reads the statements after it', () => {
    expect(report.errors.map((e) => e.message)).toEqual([
      // FAILOVER_MODE MANUAL SEEDING_MODE reads as one option with two modifiers; the text stops
      // making sense at the '=' after them.
      `linux.sql:${position(text, 'SEEDING_MODE = AUTOMATIC,', 1, 13)}: expected ',' or ')', found '='`,
      `linux.sql:${position(text, 'LISTENER')}: expected a server instance name in quotes ('SERVER\\INSTANCE'), found 'LISTENER'`,
    ]);
    // The page's statements at lines 41 and 45, one line up: two of its lines were joined.
    expect(report.script.statements.map((s) => s.line)).toEqual([41 - 1, 45 - 1]);
  });
});

describe('BACKUP and RESTORE options after WITH, which have no parentheses', () => {
  // Create an availability group (Transact-SQL), the sample configuration: its first RESTORE LOG
  // gets a doubled '=' in FILE and a broken STATS option after NORECOVERY.
  const text = fixture('docs-sample-configuration.sql')
    .replace('WITHNOFORMAT', 'WITH NOFORMAT')
    .replace('WITH FILE=1, NORECOVERY;', 'WITH FILE==1, NORECOVERY, STATS = = 5;');
  const report = readScriptReport(text, {
    version: 2019,
    fileName: 'deploy.sql',
    server: 'NODE02',
  });

  it('reports both errors of the one statement', () => {
    expect(report.errors.map((e) => e.message)).toEqual([
      `deploy.sql:${position(text, '==1', 1, 1)}: expected a value, found '='`,
      `deploy.sql:${position(text, '= = 5', 1, 2)}: expected a value, found '='`,
    ]);
  });

  it('reads the statements around it: one restore fewer than the script has', () => {
    expect(report.script.events.filter((e) => e.type === 'db.restore')).toHaveLength(3);
  });
});

describe('property: each broken option is one error on its own line, and no other line has one', () => {
  // CREATE AVAILABILITY GROUP (Transact-SQL), Example A: every `NAME = value` inside a replica's
  // WITH ( … ) loses its '=' in some subset of them. A DBA expects one error per line touched
  // and no false error anywhere else.
  const text = fixture('docs-create-example-a.sql');
  const lines = text.split('\n');
  const createEnd = lines.findIndex((l) => l.startsWith('GO'));
  const editable = lines
    .map((line, i) => ({ line, i }))
    .filter(
      ({ line, i }) =>
        i < createEnd &&
        /^\s+[A-Z_]+ = \S/.test(line) &&
        !/^\s+(AUTOMATED_BACKUP_PREFERENCE|FAILURE_CONDITION_LEVEL|HEALTH_CHECK_TIMEOUT)/.test(
          line,
        ),
    )
    .map(({ i }) => i);

  it('a required option without its = is one error where it stands, not also a missing one', () => {
    // Found at a random seed: the replica was also said to lack AVAILABILITY_MODE.
    for (const option of ['AVAILABILITY_MODE', 'FAILOVER_MODE']) {
      const at = lines.findIndex(
        (l, i) => i > lines.indexOf("      'NODE03' WITH   ") && l.trimStart().startsWith(option),
      );
      const broken = lines.map((l, i) => (i === at ? l.replace(/ = +/, ' ') : l)).join('\n');
      const report = readScriptReport(broken, { version: 2019, fileName: 'ag.sql' });
      expect(report.errors.map((e) => [e.line - 1, e.message.split(', found ')[1]])).toEqual([
        [at, `'${lines[at]!.trim().replace(/ = +/, ' ').replace(/,$/, '')}'`],
      ]);
    }
  });

  it('holds for any subset of the options', () => {
    fc.assert(
      fc.property(fc.subarray(editable, { minLength: 1 }), (chosen) => {
        const broken = lines
          .map((line, i) => (chosen.includes(i) ? line.replace(' = ', ' ') : line))
          .join('\n');
        const report = readScriptReport(broken, { version: 2019, fileName: 'ag.sql' });
        const errorLines = new Set(report.errors.map((e) => e.line - 1));
        expect([...errorLines].sort((a, b) => a - b)).toEqual([...chosen].sort((a, b) => a - b));
        // The listener statement after it has no error and is still read.
        expect(report.script.events.map((e) => e.type)).toEqual(['ag.addListener']);
      }),
      { numRuns: propertyRuns(60), ...ownSeed(13) },
    );
  });
});

describe('an option list left open before the next clause', () => {
  // Azure SQL documentation, "Use distributed AG to migrate databases from a standalone instance"
  // (learn.microsoft.com/azure/azure-sql/migration-guides/virtual-machines/sql-server-distributed-availability-group-migrate-standalone-instance,
  // ms.date 12/15/2021) publishes its first CREATE with "CLUSTER_TYPE=NONE," and no ')' before
  // "FOR DATABASE [Adventureworks]". FOR is where SQL Server stops ("Incorrect syntax near the
  // keyword 'FOR'"); a clause word is never read as an option or a modifier of one.
  it('is reported at FOR, as a list not closed, and the script goes on', () => {
    const name = 'docs-azure-dag-migrate-standalone.sql';
    const r = readScriptReport(fixture(name), { version: 2019, fileName: name });
    expect(r.errors.map((e) => e.message)).toEqual([
      `${name}:13:4: expected an option name or ')' (the WITH ( list is not closed), found 'FOR'`,
    ]);
    expect(r.script.configs.map((c) => c.name)).toEqual(['AzureAG', 'DAG']);
  });

  for (const [what, written] of [
    ['an unbracketed database, after a comma', 'WITH (DB_FAILOVER = OFF,\n FOR DATABASE db1'],
    ['a bracketed database, after a comma', 'WITH (DB_FAILOVER = OFF,\n FOR DATABASE [db1]'],
    ['no comma', 'WITH (DB_FAILOVER = OFF\n FOR DATABASE db1'],
    ['no database clause', 'WITH (DB_FAILOVER = OFF,\n REPLICA ON'],
  ] as const) {
    it(`${what}: at the clause word`, () => {
      const text = `CREATE AVAILABILITY GROUP ag ${written}${written.endsWith('ON') ? '' : ' REPLICA ON'} N'A' WITH (ENDPOINT_URL = N'TCP://A:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);`;
      const [error, ...others] = readScriptReport(text, { version: 2019 }).errors;
      expect(others).toEqual([]);
      expect([error?.line, error?.column]).toEqual([2, 2]);
      expect(error?.expected).toBe(
        `${written.includes(',') ? "an option name or ')'" : "',' or ')'"} (the WITH ( list is not closed)`,
      );
    });
  }

  it('LISTENER = … is still an option of MODIFY AVAILABILITY GROUP ON', () => {
    const r = readScriptReport(
      "ALTER AVAILABILITY GROUP dag MODIFY AVAILABILITY GROUP ON 'ag2' WITH (LISTENER = 'tcp://ag2:5022');",
      { version: 2019 },
    );
    expect(r.errors).toEqual([]);
  });
});
