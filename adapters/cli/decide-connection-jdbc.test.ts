import { describe, expect, it } from 'vitest';
import { json, run } from './test-support.js';

/**
 * `decide --connection` with a Microsoft JDBC Driver URL (S163). 'Building the connection URL':
 * "The general form of the connection URL is
 * jdbc:sqlserver://[serverName[\instanceName][:portNumber]][;property=value[;property=value]]",
 * with "Connect on the default port to the remote server:
 * jdbc:sqlserver://localhost:1433;databaseName=AdventureWorks;integratedSecurity=true;" and the
 * server "If not specified in the connection URL, the server name must be specified in the
 * properties collection" ("jdbc:sqlserver://;servername=server_name;integratedSecurity=true;…").
 * 'JDBC driver support for High Availability, disaster recovery', Connecting with
 * multiSubnetFailover: "To connect to an availability group, specify the availability group
 * listener of the availability group as the server in your connection string. For example,
 * jdbc:sqlserver://VNN1"; "The driver will generate an error if the instanceName connection
 * property is used in the same connection string as the multiSubnetFailover connection property
 * ... However, if the portNumber connection property is also specified, the driver will ignore
 * instanceName and use portNumber"; "If a connection string uses failoverPartner and
 * multiSubnetFailover=true, the driver will generate an error". The page's examples are asked with
 * the names of examples/snapshots/primary.json (listener agsales-lsn on 1433, SQLNODE1 primary,
 * SQLNODE2 a READ_ONLY secondary).
 */

const PRIMARY = 'examples/snapshots/primary.json';

interface Connection {
  readonly server: string;
  readonly through: string;
  readonly outcome: string;
  readonly replica?: string;
  readonly intent: string;
  readonly multiSubnetFailover?: boolean;
  readonly reasons: readonly { code: string }[];
  readonly ignoredKeywords: readonly string[];
}

const ask = async (connection: string): Promise<Connection> => {
  const r = await run(['decide', PRIMARY, '--connection', connection, '--json']);
  expect(r.code).toBe(0);
  return (json(r) as { result: { connection: Connection } }).result.connection;
};

describe('agstate decide --connection, a JDBC URL', () => {
  it('reads the listener, port and properties of the URL, and routes read intent', async () => {
    const c = await ask(
      'jdbc:sqlserver://agsales-lsn:1433;databaseName=SalesDB;integratedSecurity=true;applicationIntent=ReadOnly;multiSubnetFailover=true',
    );
    expect(c).toMatchObject({
      server: 'agsales-lsn,1433',
      through: 'listener',
      outcome: 'routed',
      intent: 'READ_ONLY',
      multiSubnetFailover: true,
    });
    expect(c.ignoredKeywords).toEqual(['integratedsecurity']);
  });

  it('reads the server from the serverName property, straight to a replica, never echoing a password', async () => {
    const r = await run([
      'decide',
      PRIMARY,
      '--connection',
      'jdbc:sqlserver://;servername=SQLNODE2;databaseName=SalesDB;user=MyUserName;password=s3cret;',
    ]);
    expect(r.stdout).toContain('straight to the replica (never routed): refused');
    expect(r.stdout).toContain('CONNECT_SECONDARY_READ_INTENT_ONLY');
    expect(r.stdout).not.toContain('s3cret');
  });

  it('refuses what the driver refuses, naming --connection and the driver’s rule', async () => {
    const instance = await run([
      'decide',
      PRIMARY,
      '--connection',
      'jdbc:sqlserver://agsales-lsn;instanceName=INST1;multiSubnetFailover=true;databaseName=SalesDB',
    ]);
    expect(instance.code).toBe(2);
    expect(instance.stderr).toContain('--connection: instanceName with multiSubnetFailover=true');
    const partner = await run([
      'decide',
      PRIMARY,
      '--connection',
      'jdbc:sqlserver://SQLNODE1;failoverPartner=SQLNODE2;multiSubnetFailover=true',
    ]);
    expect(partner.code).toBe(2);
    expect(partner.stderr).toContain('failoverPartner with multiSubnetFailover=true');
    // With portNumber the driver ignores instanceName: the listener on its port.
    const withPort = await ask(
      'jdbc:sqlserver://agsales-lsn:1433;instanceName=INST1;multiSubnetFailover=true;databaseName=SalesDB',
    );
    expect(withPort).toMatchObject({
      through: 'listener',
      outcome: 'connected',
      replica: 'SQLNODE1',
    });
  });
});
