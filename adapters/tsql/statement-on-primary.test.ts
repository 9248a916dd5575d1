import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * ALTER AVAILABILITY GROUP (Transact-SQL), Arguments: SET, ADD / REMOVE DATABASE, ADD / MODIFY /
 * REMOVE REPLICA ON and the listener options are each "Supported only on the primary replica."
 * The fixture runs three of them on the secondary B, fails over to B, then runs one on B (now the
 * primary, applied) and one on A (now a secondary, refused).
 */
const name = 'docs-alter-on-secondary.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const folded = () =>
  configsAfterScript(readScriptReport(text, { version: 2019, fileName: name }).script)[0]!;

describe('ALTER AVAILABILITY GROUP statements that run only on the primary (S3)', () => {
  it('are refused where the script runs them on a secondary, each at its line', () => {
    expect(folded().notApplied.map((n) => `${n.line} ${n.reason.code}`)).toEqual([
      '16 STATEMENT_NOT_ON_PRIMARY',
      '18 STATEMENT_NOT_ON_PRIMARY',
      '20 STATEMENT_NOT_ON_PRIMARY',
      '27 STATEMENT_NOT_ON_PRIMARY',
    ]);
  });

  it('leave the group as the primary left it, and the failover target takes the primary role', () => {
    const { config } = folded();
    expect(config.databases).toEqual(['db1']);
    expect(config.failureConditionLevel).toBe(3);
    expect(config.healthCheckTimeout).toBe(30000);
    expect(config.replicas.map((r) => [r.name, r.backupPriority])).toEqual([
      ['A', 30],
      ['B', 50],
    ]);
  });

  it('are not judged after a failover the script does not place', () => {
    // The FAILOVER run on a connection address: which replica became primary is unknown.
    const script = readScriptReport(
      text.replace(
        'ALTER AVAILABILITY GROUP [AG] FAILOVER;\nGO\n',
        ':Connect tcp:10.0.0.12,1433\nALTER AVAILABILITY GROUP [AG] FAILOVER;\nGO\n:Connect B\n',
      ),
      { version: 2019, fileName: name },
    ).script;
    expect(configsAfterScript(script)[0]!.notApplied.map((n) => n.line)).toEqual([16, 18, 20]);
  });
});
