import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "How to configure an Always On availability group to perform a failover when the database data
 * file is unavailable" (S114; learn.microsoft.com/troubleshoot/sql/database-engine/
 * availability-groups/configure-always-on-availability-group-perform-failover), Summary: "In a SQL
 * Server Always On availability group, database-level health detection can perform a failover
 * only if the error (disk failure or similar) occurs in the database transaction log. If the error
 * happens on the data file, SQL Server only sends the failure notice to a Windows Server Failover
 * Cluster (WSFC) and relies on it to make the right decision based on policy configuration."
 * Configure Failover Cluster Manager: "This procedure sets up the WSFC policy to cause a failover
 * to one of the possible owners instead of attempting to restart the role on the current primary
 * node ... Set the value of Maximum restarts in the specified period to 0". The fixture is a
 * SQL Server 2016 group with DB_FAILOVER = ON whose primary copy is SUSPECT (an 824 on a data file
 * or a log write failure look alike in the views), the secondary failover ready; names invented.
 */
const text = readFileSync(
  new URL('./fixtures/kb-data-file-suspect-db-failover.json', import.meta.url),
  'utf8',
);

describe('S114: DB_FAILOVER and a SUSPECT primary database, the failed file not in the views', () => {
  const [o] = decide(factsOf(text)).health.databaseFailover;

  it('is unknown between a failover to the ready secondary and a restart in place', () => {
    expect(o).toMatchObject({
      database: 'DatabaseName',
      replica: 'sqlnode1',
      databaseState: 'SUSPECT',
      result: 'unknown',
      target: 'sqlnode2',
    });
  });

  it('gives every reason, naming the error log and the role policy that settle it', () => {
    expect(o?.reasons.map((r) => r.code)).toEqual([
      'DB_FAILOVER_ON',
      'DB_FAILOVER_FAULT_FILE_UNKNOWN',
    ]);
    const file = o?.reasons.find((r) => r.code === 'DB_FAILOVER_FAULT_FILE_UNKNOWN');
    expect(file?.settledBy).toEqual([
      expect.stringContaining('the error log on sqlnode1'),
      expect.stringContaining('RestartThreshold'),
    ]);
  });
});
