import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { result, run } from '../cli/test-support.js';

/*
 * microsoft/sqlsourabh, AvailabilityGroupsSamples/DB_Level_Failover/AlwaysOn_AG_Setup.sql: the
 * group DBLevelHealthCheck for DBLevelCheck on Node6 and Node7 (automatic seeding), created on
 * Node6 after "Backup Database [DBLevelCheck] to Disk = 'Nul'", then "ALTER AVAILABILITY GROUP
 * [DBLevelHealthCheck] SET(DB_FAILOVER = ON)"; Node7's JOIN and GRANT run after ":Connect
 * Node7,1500". 'Availability group database level health detection failover option': with
 * DB_FAILOVER = ON a database that is no longer online on the primary fails the group over.
 * sqlcmd's server[,port] reaches whatever instance of Node7 listens on port 1500, which the script
 * does not show to be the default instance the replica 'Node7' names (docs/tsql.md, Where a
 * statement runs), so the JOIN and GRANT stay unplaced with a warning, as for the SSMS wizard's
 * host,port lines (ssms-wizard-connect-host-port.sql).
 */
const FILE = 'lab-sqlsourabh-db-level-failover.sql';
const text = readFileSync(new URL(`./fixtures/${FILE}`, import.meta.url), 'utf8');
const files = { [FILE]: text };

describe('a Microsoft sample of database level health detection (SQL Server 2016)', () => {
  it('is valid, with the recovery model unshown and Node7,1500 read as a connection address', async () => {
    const cli = await run(['validate', FILE, '--sql-version', '2016', '--json'], { files });
    expect(cli.code).toBe(0);
    const out = result(cli) as { groups: { valid: boolean }[]; warnings: string[] };
    expect(out.groups.map((g) => g.valid)).toEqual([true]);
    expect(out.warnings.map((w) => w.split(':')[0])).toEqual(['41', '67', '69']);
    expect(out.warnings[1]).toContain("JOIN runs on 'Node7,1500', a connection address");
    expect(out.warnings[2]).toContain("GRANT CREATE ANY DATABASE runs on 'Node7,1500'");
    // The full backup to 'Nul' counts; only the recovery model is left to settle.
    expect(out.warnings[0]).toContain('takes a full backup of DBLevelCheck at line 36');
    expect(out.warnings[0]).toContain('sys.databases.recovery_model_desc of DBLevelCheck on Node6');
    expect(out.warnings[0]).not.toContain('msdb.dbo.backupset');
  });

  it('explains the group with the DB_FAILOVER = ON its ALTER sets', async () => {
    const cli = await run(['explain', FILE, '--sql-version', '2016'], { files });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('[DB_FAILOVER_ON]');
    expect(cli.stdout).not.toContain('[DB_FAILOVER_OFF]');
    expect(cli.stdout).toContain('Node6 -> Node7: automatic, planned, forced');
  });
});
