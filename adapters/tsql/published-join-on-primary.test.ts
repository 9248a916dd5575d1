import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * ALTER DATABASE SET HADR (S50): "These options are supported only on secondary replicas". A
 * published PowerShell deployment (code index file 658473473, fixtures/lab-ps-join-on-primary.sql)
 * restores MyDatabase WITH NORECOVERY on SQLNode2, creates MyAG FOR DATABASE [MyDatabase] on
 * SQLNode1, joins SQLNode2, then runs "Step 5: Start data synchronization on primary node":
 * ALTER DATABASE [MyDatabase] SET HADR AVAILABILITY GROUP = [MyAG] on SQLNode1. SQL Server
 * refuses it there, and the restored copy on SQLNode2 is never joined; validate said "valid".
 */
const name = 'lab-ps-join-on-primary.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const groupsAfter = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2019, fileName: name }).script);

describe('SET HADR AVAILABILITY GROUP run on the primary (published PowerShell deployment)', () => {
  it('is a statement SQL Server refuses, at its line', () => {
    const [ag] = groupsAfter(text);
    expect(ag?.notApplied.map((n) => [n.line, n.reason.code])).toEqual([
      [35, 'IS_PRIMARY_REPLICA'],
    ]);
    expect(ag?.notApplied[0]?.reason.rule.document).toBe('ALTER DATABASE (Transact-SQL) SET HADR');
  });

  it('reads the listener written WITH IP = ((…)) as the syntax error it is', () => {
    const { errors } = readScriptReport(text, { version: 2019, fileName: name });
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining("expected '(', found '='"),
    ]);
  });

  it('is applied when run on the secondary, as "Join a secondary database" says', () => {
    const onSecondary = text.replace(
      ':Connect SQLNode1.domain.com\n-- Step 5',
      ':Connect SQLNode2.domain.com\n-- Step 5',
    );
    expect(onSecondary).not.toBe(text);
    expect(groupsAfter(onSecondary)[0]?.notApplied).toEqual([]);
  });

  it('follows the primary through a FAILOVER in the script', () => {
    // After SQLNode2 takes over, SQLNode1 is the secondary: the join there is SQL Server's to run.
    const failedOver = text.replace(
      ':Connect SQLNode1.domain.com\n-- Step 5',
      ':Connect SQLNode2.domain.com\nALTER AVAILABILITY GROUP [MyAG] FAILOVER;\nGO\n:Connect SQLNode1.domain.com\n-- Step 5',
    );
    expect(failedOver).not.toBe(text);
    expect(groupsAfter(failedOver)[0]?.notApplied).toEqual([]);
  });
});
