import { describe, expect, it } from 'vitest';
import { json, run } from './test-support.js';

/**
 * 'High availability and disaster recovery for SQL Server on Azure Virtual Machines'
 * (MicrosoftDocs azure-docs, business-continuity-high-availability-disaster-recovery-hadr-overview,
 * Availability group listener support) gives two pieces of advice in one section: "If the
 * availability group spans multiple Azure subnets (such as a deployment that crosses Azure
 * regions), the client connection string must include "MultisubnetFailover=True"", and, for a
 * group "configured similar to database mirroring" (one primary, one non-readable secondary),
 * "Data Source=ReplicaServer1;Failover Partner=ReplicaServer2;Initial Catalog=AvailabilityDatabase;".
 * Together they make a string the drivers refuse: 'SqlClient support for high availability,
 * disaster recovery' (S164): "If a connection string uses Failover Partner and
 * MultiSubnetFailover=True, the driver will generate an error. However, if a connection string
 * uses Failover Partner and MultiSubnetFailover=False (or ApplicationIntent=ReadWrite), the
 * application will use database mirroring"; the ODBC driver's page: "The driver returns an error
 * when the connection string specifies Failover_Partner". The snapshot is a two-subnet group of two
 * replicas, SQLB primary, SQLA not readable (blog-multisubnet-listener.json).
 */

const SNAPSHOT = 'adapters/dmv/fixtures/blog-multisubnet-listener.json';
const MIRRORING_LIKE = 'Data Source=SQLA;Failover Partner=SQLB;Initial Catalog=AppDB;';

describe('agstate decide --connection, Failover Partner with MultiSubnetFailover', () => {
  it('the page’s mirroring-like string alone reaches the primary through the partner, as before', async () => {
    const r = await run(['decide', SNAPSHOT, '--connection', MIRRORING_LIKE, '--json']);
    expect(r.code).toBe(0);
    const c = (json(r) as { result: { connection: unknown } }).result.connection;
    expect(c).toMatchObject({ through: 'failoverPartner', outcome: 'connected', replica: 'SQLB' });
    const off = await run([
      'decide',
      SNAPSHOT,
      '--connection',
      `${MIRRORING_LIKE}MultiSubnetFailover=False`,
    ]);
    expect(off.code).toBe(0);
  });

  it('with MultiSubnetFailover=True it is bad input naming the drivers’ rule, never "connected"', async () => {
    for (const text of [
      `${MIRRORING_LIKE}MultiSubnetFailover=True`,
      'Driver={ODBC Driver 18 for SQL Server};Server=SQLA;Failover_Partner=SQLB;Database=AppDB;MultiSubnetFailover=Yes',
    ]) {
      const r = await run(['decide', SNAPSHOT, '--connection', text]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(
        '--connection: Failover Partner with MultiSubnetFailover=True: SqlClient and the ODBC driver generate an error',
      );
    }
  });
});
