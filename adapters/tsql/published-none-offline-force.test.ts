import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configsAfterScript } from './configs-after.js';
import { readScriptReport } from './script.js';

/*
 * The read-scale failover of the revised include (S108, "Manual failover without data loss"):
 * "4. Set the primary replica … offline to prepare for the role change: ALTER AVAILABILITY GROUP
 * [AGRScale] OFFLINE", "5. Promote the target secondary replica to primary …
 * FORCE_FAILOVER_ALLOW_DATA_LOSS", "6. Update the role of the old primary … SET (ROLE =
 * SECONDARY)". A Docker lab runs these steps on a two-replica CLUSTER_TYPE = NONE group
 * (fixtures/lab-docker-none-offline-force-role.sql, code index files 66385104507 and 65725014555),
 * then SET HADR RESUME on the old primary. SQL Server takes every statement, and the group ends
 * with sqlserver-secondary its one primary: no statement is refused, nothing is left undemoted.
 */
const name = 'lab-docker-none-offline-force-role.sql';
const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const folded = (script: string) =>
  configsAfterScript(readScriptReport(script, { version: 2022, fileName: name }).script);

describe('OFFLINE, forced failover and SET (ROLE = SECONDARY) on a read-scale group (a Docker lab)', () => {
  it('takes every statement of the documented steps, with no warning', () => {
    const [ag] = folded(text);
    expect(ag?.notApplied).toEqual([]);
    expect(ag?.warnings).toEqual([]);
  });

  it('leaves sqlserver-secondary the primary: a primary-only statement runs there, not on sqlserver', () => {
    const runOn = (server: string) =>
      `${text}\n:Connect ${server}\nALTER AVAILABILITY GROUP [ag_TurismoDW] MODIFY REPLICA ON N'sqlserver' WITH (BACKUP_PRIORITY = 10);\n`;
    expect(folded(runOn('sqlserver-secondary'))[0]?.notApplied).toEqual([]);
    expect(folded(runOn('sqlserver'))[0]?.notApplied.map((n) => n.reason.code)).toEqual([
      'STATEMENT_NOT_ON_PRIMARY',
    ]);
  });
});
