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

describe('a planned FAILOVER run on the primary (a published deployment guide)', () => {
  it('is refused in the guide as published, whose CREATE does not parse', () => {
    // ADD LISTENER at line 33 runs only on the primary: SQLNODE1 is the primary for what follows.
    const found = looseSecondaryOnlyOnPrimary(read(text).statements);
    expect(found.map((f) => [f.line, f.reason.code])).toEqual([
      [38, 'IS_PRIMARY_REPLICA'],
      [failoverLine, 'TARGET_IS_PRIMARY'],
    ]);
  });

  // The guide's CREATE as SQL Server takes it: its group options in the right place.
  const parsed = text
    .replace(
      /WITH \(\n {4}AUTOMATED_BACKUP_PREFERENCE[\s\S]*?\nFOR REPLICATION OFF\nAS REPLICA ON/,
      'WITH (AUTOMATED_BACKUP_PREFERENCE = SECONDARY)\nFOR REPLICA ON',
    )
    .replace(
      /MODIFY LISTENER N'AGListener' \([\s\S]*?\);/,
      "MODIFY LISTENER N'AGListener' (PORT = 1433);",
    );

  it('is refused where the script creates the group, at its line', () => {
    expect(parsed).not.toBe(text);
    const [ag] = configsAfterScript(read(parsed));
    const line = parsed.split('\n').findIndex((l) => l.endsWith('] FAILOVER;')) + 1;
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [line - 3, 'IS_PRIMARY_REPLICA'],
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
