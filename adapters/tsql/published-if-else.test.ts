import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { result, run } from '../cli/test-support.js';
import { conditionValue } from './branches.js';
import { tokenize } from './lexer.js';
import { readDeployed, readScriptReport } from './script.js';
import { besidesPrerequisites } from './test-support.js';

/*
 * elvinikhsan/SQLCE_ToolBox's AOAG deployment (fixtures/lab-sqlce-toolbox-listener-if-else.sql):
 * AOAG/03-CreateAGListener.sql picks its listener with `IF 1 = $(ISMULTISUBNET)`, two addresses
 * in the IF branch, one in the ELSE branch. "ELSE (IF...ELSE)" (S117): the statement after the
 * expression "is executed if the Boolean_expression evaluates to TRUE. The optional ELSE keyword
 * is an alternate Transact-SQL statement that is executed when Boolean_expression evaluates to
 * FALSE or NULL." The reader ran both, so validate refused the script: 'AOAG01 already has the
 * listener AOAG1LISTNR' (LISTENER_EXISTS), exit 1.
 */
const name = 'lab-sqlce-toolbox-listener-if-else.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const options = { version: 2019 as const, fileName: name };
const lineOf = (script: string, needle: string) =>
  script.split('\n').findIndex((l) => l.startsWith(needle)) + 1;
const listenerOf = (script: string) => {
  const deployed = readDeployed(script, options);
  return E.isRight(deployed) ? deployed.right.listener : undefined;
};
const validate = async (script: string) =>
  result(
    await run(['validate', name, '--sql-version', '2019', '--json'], {
      files: { [name]: script },
    }),
  ) as { valid: boolean; violations: { code: string }[]; warnings: string[] };

describe('IF … ELSE: SQL Server runs one branch', () => {
  it('the published script adds its listener once, from the branch its :SETVAR picks', async () => {
    const out = await validate(text);
    expect(out.violations.map((v) => v.code)).toEqual([]);
    expect(out.valid).toBe(true);
    expect(out.warnings.filter(besidesPrerequisites)).toEqual([]);
    expect(listenerOf(text)?.addresses.map((a) => a.address)).toEqual(['10.0.0.11', '172.16.0.11']);
  });

  it('the ELSE branch is skipped, naming the condition that is true', () => {
    const statements = readScriptReport(text, options).script.statements;
    const second = statements.find((s) => s.line === lineOf(text, 'ELSE') + 1);
    expect(second?.outcome).toEqual({
      kind: 'skipped',
      reason: `the condition of the IF at line ${lineOf(text, 'IF 1 =')} (1 = 1) is true: SQL Server runs that branch, not this ELSE branch`,
    });
  });

  it('with ISMULTISUBNET "0" the ELSE branch adds the one-address listener', () => {
    const single = text.replace('\n:SETVAR ISMULTISUBNET "1"', '\n:SETVAR ISMULTISUBNET "0"');
    expect(listenerOf(single)?.addresses.map((a) => a.address)).toEqual(['10.0.0.11']);
  });

  it('a condition it does not evaluate: the IF branch is read, and the ELSE branch named', async () => {
    const queried = text.replace(
      '\nIF 1 = $(ISMULTISUBNET)',
      '\nIF (SELECT COUNT(*) FROM sys.availability_replicas) > 2',
    );
    expect(listenerOf(queried)?.addresses).toHaveLength(2);
    const out = await validate(queried);
    expect(out.violations).toEqual([]);
    const at = lineOf(queried, 'ELSE') + 1;
    expect(out.warnings.filter(besidesPrerequisites)).toEqual([
      expect.stringContaining(
        `${at}:1: warning: ALTER AVAILABILITY GROUP [AOAG01] ADD LISTENER N'AOAG1LISTNR' ( WITH IP ((`,
      ),
    ]);
    expect(out.warnings.filter(besidesPrerequisites)[0]).toContain(
      'is not read: SQL Server runs either the IF branch at line',
    );
    expect(out.warnings.filter(besidesPrerequisites)[0]).toContain(
      'when the condition is false or NULL',
    );
  });

  it('a false condition skips the IF branch, BEGIN … END and all, and reads the ELSE branch', () => {
    const script = [
      'CREATE AVAILABILITY GROUP [ag] FOR REPLICA ON',
      "N'a' WITH (ENDPOINT_URL = N'TCP://a:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL),",
      "N'b' WITH (ENDPOINT_URL = N'TCP://b:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL);",
      'GO',
      "IF N'x' <> N'x'",
      'BEGIN',
      "  ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'b' WITH (BACKUP_PRIORITY = 10);",
      "  ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'b' WITH (SESSION_TIMEOUT = 20);",
      'END',
      'ELSE',
      "  ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'b' WITH (BACKUP_PRIORITY = 70);",
      "ALTER AVAILABILITY GROUP [ag] MODIFY REPLICA ON N'a' WITH (BACKUP_PRIORITY = 30);",
      'GO',
    ].join('\n');
    const deployed = readDeployed(script, { version: 2019 });
    const replicas = E.isRight(deployed) ? deployed.right.replicas : [];
    expect(replicas.map((r) => [r.name, r.backupPriority, r.sessionTimeout])).toEqual([
      ['a', 30, 10],
      ['b', 70, 10],
    ]);
  });
});

describe('IF … ELSE written on one line', () => {
  it('END ELSE BEGIN opens the other branch, and IF … BEGIN keeps its condition', () => {
    const script =
      'IF 1 = 1 BEGIN ALTER AVAILABILITY GROUP [ag] JOIN; END ELSE BEGIN ALTER AVAILABILITY GROUP [ag] GRANT CREATE ANY DATABASE; END\nGO\n';
    const read = readScriptReport(script, { version: 2019, server: 'n1' }).script.statements;
    expect(read.map((s) => [s.column, s.outcome.kind])).toEqual([
      [1, 'skipped'],
      [16, 'events'],
      [52, 'skipped'],
      [67, 'skipped'],
      [124, 'skipped'],
    ]);
    expect(read[3]?.outcome).toMatchObject({
      reason: expect.stringContaining('the condition of the IF at line 1 (1 = 1) is true'),
    });
  });
});

describe('conditionValue', () => {
  const value = (condition: string) => conditionValue(tokenize(condition).tokens);
  it('compares two literals, and says nothing of anything else', () => {
    expect(value('1 = 1')).toBe(true);
    expect(value('(1 = 2)')).toBe(false);
    expect(value("N'a' <> 'b'")).toBe(true);
    expect(value("'a' = 'A'")).toBeNull();
    expect(value('@x = 1')).toBeNull();
    expect(value('1 < 2')).toBeNull();
  });
});
