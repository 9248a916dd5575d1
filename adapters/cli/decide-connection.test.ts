import { describe, expect, it } from 'vitest';
import { json, run } from './test-support.js';

/**
 * `decide --connection`: an application's connection string, as published, asked of a snapshot.
 * The strings are the published ones with their placeholders given the snapshot's names:
 *
 * - Packet-Lost, "Test AlwaysOn Application Read Intent Routing with PowerShell" (gist
 *   cbb8d791fa6042519339b672bd2b844d, 2017): $Server = 'AvailabilityGroupListener.fqdn.com',
 *   "Server=$($Server);Database=$($Database);Integrated Security=True;MultiSubnetFailover=True" and
 *   the same with ";ApplicationIntent=ReadOnly", each followed by 'Select @@SERVERNAME'.
 * - 'SqlClient support for high availability, disaster recovery' (S164), Connect with
 *   MultiSubnetFailover: "Server=tcp:<listener>,1433;Database=<database>;Integrated Security=true;
 *   Encrypt=true;TrustServerCertificate=false;MultiSubnetFailover=true;".
 * - 'Use read-only routing and availability groups' (mssql-python): "Server=ag-listener.contoso.com;
 *   Database=<database>;Authentication=ActiveDirectoryDefault;ApplicationIntent=ReadOnly;Encrypt=yes;".
 *
 * What SQL Server does with each is ag-rules §7: through the listener, a read-intent login naming a
 * database of the group is routed by the primary's READ_ONLY_ROUTING_LIST, any other goes to the
 * primary (S13, S15); a connection straight to a replica is never routed and follows the access
 * matrix (S14).
 */

const PRIMARY = 'examples/snapshots/primary.json'; // listener agsales-lsn, port 1433; SQLNODE1 primary
const MULTI_SUBNET = 'adapters/dmv/fixtures/blog-multisubnet-listener.json'; // aglisten, two subnets

interface Connection {
  readonly through: string;
  readonly outcome: string;
  readonly replica?: string;
  readonly database: string | null;
  readonly intent: string;
  readonly reasons: readonly { code: string; settledBy?: readonly string[] }[];
  readonly ignoredKeywords: readonly string[];
}

const ask = async (snapshot: string, connection: string): Promise<Connection> => {
  const r = await run(['decide', snapshot, '--connection', connection, '--json']);
  expect(r.code).toBe(0);
  return (json(r) as { result: { connection: Connection } }).result.connection;
};

const codes = (c: Connection) => c.reasons.map((r) => r.code);

describe('agstate decide --connection', () => {
  it('routes the gist’s read-intent string through the listener, by its FQDN, and keeps the read-write one on the primary', async () => {
    const gist =
      'Server=agsales-lsn.contoso.com;Database=SalesDB;Integrated Security=True;MultiSubnetFailover=True';
    const readOnly = await ask(PRIMARY, `${gist};ApplicationIntent=ReadOnly`);
    expect(readOnly).toMatchObject({ through: 'listener', outcome: 'routed', intent: 'READ_ONLY' });
    expect(['SQLNODE2', 'SQLDR1']).toContain(readOnly.replica);
    const readWrite = await ask(PRIMARY, gist);
    expect(readWrite).toMatchObject({
      through: 'listener',
      outcome: 'connected',
      replica: 'SQLNODE1',
    });
    expect(codes(readWrite)).toEqual(['LISTENER_TO_PRIMARY']);
    // Keywords that do not decide where it goes are named, never their values.
    expect(readWrite.ignoredKeywords).toEqual(['integrated security']);
  });

  it('takes SqlClient’s documented string with tcp: and the listener port', async () => {
    const c = await ask(
      PRIMARY,
      'Server=tcp:agsales-lsn,1433;Database=SalesDB;Integrated Security=true;Encrypt=true;TrustServerCertificate=false;MultiSubnetFailover=true;',
    );
    expect(c).toMatchObject({ through: 'listener', outcome: 'connected', replica: 'SQLNODE1' });
  });

  it('a string without MultiSubnetFailover to a two-subnet listener gets the timeout note; with it, none', async () => {
    const without = await ask(MULTI_SUBNET, 'Server=aglisten;Database=db1');
    expect(codes(without)).toContain('LISTENER_MULTI_SUBNET');
    const withIt = await ask(MULTI_SUBNET, 'Server=aglisten;Database=db1;MultiSubnetFailover=True');
    expect(codes(withIt)).not.toContain('LISTENER_MULTI_SUBNET');
    expect(withIt.outcome).toBe(without.outcome);
  });

  it('a connection straight to a READ_ONLY secondary is refused without read intent and never routed with it (S14)', async () => {
    const readWrite = await ask(PRIMARY, 'Data Source=SQLNODE2;Initial Catalog=SalesDB');
    expect(readWrite).toMatchObject({ through: 'replica', outcome: 'refused' });
    expect(codes(readWrite)).toContain('CONNECT_SECONDARY_READ_INTENT_ONLY');
    const readOnly = await ask(
      PRIMARY,
      'Data Source=SQLNODE2;Initial Catalog=SalesDB;ApplicationIntent=ReadOnly',
    );
    // SQLNODE2's READ_ONLY_ROUTING_URL gives its Database Engine port, 1433 (S13): on another port,
    // whether the instance listens there is not in the snapshot.
    const otherPort = await ask(
      PRIMARY,
      'Data Source=SQLNODE2,1500;Initial Catalog=SalesDB;ApplicationIntent=ReadOnly',
    );
    expect(otherPort).toMatchObject({ through: 'replica', outcome: 'unknown' });
    expect(codes(otherPort)).toEqual(['REPLICA_PORT_DIFFERS']);
    expect(
      await ask(
        PRIMARY,
        'Data Source=SQLNODE2,1433;Initial Catalog=SalesDB;ApplicationIntent=ReadOnly',
      ),
    ).toMatchObject({ through: 'replica', outcome: 'connected', replica: 'SQLNODE2' });
    expect(readOnly).toMatchObject({
      through: 'replica',
      outcome: 'connected',
      replica: 'SQLNODE2',
    });
  });

  it('a server the group does not name, or a port the listener does not listen on, is unknown with what settles it', async () => {
    const alias = await ask(
      PRIMARY,
      'Server=ag-listener.contoso.com;Database=SalesDB;Authentication=ActiveDirectoryDefault;ApplicationIntent=ReadOnly;Encrypt=yes;',
    );
    expect(alias).toMatchObject({ through: 'unknown', outcome: 'unknown' });
    expect(alias.reasons[0]?.settledBy?.[0]).toContain('nslookup ag-listener.contoso.com');
    // (local) names the client's own machine: no name lookup settles which replica that is.
    const local = await ask(PRIMARY, 'Server=(local);Database=SalesDB');
    expect(local).toMatchObject({ through: 'unknown', outcome: 'unknown' });
    expect(local.reasons[0]?.settledBy?.[0]).toContain('the machine the client runs on');
    const port = await ask(PRIMARY, 'Server=tcp:agsales-lsn,5022;Database=SalesDB');
    expect(port).toMatchObject({ through: 'listener', outcome: 'unknown' });
    expect(port.reasons[0]?.settledBy).toContain('sys.availability_group_listeners.port');
  });

  it('refuses a string it cannot read, naming the option and what was expected, and never echoes a password', async () => {
    const bad = await run([
      'decide',
      PRIMARY,
      '--connection',
      'Server=agsales-lsn;Password=s3cret;ApplicationIntent=Read',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--connection: ApplicationIntent = "Read": expected ReadOnly or ReadWrite',
    );
    expect(bad.stderr).not.toContain('s3cret');
    const noServer = await run(['decide', PRIMARY, '--connection', 'Database=SalesDB']);
    expect(noServer.stderr).toContain('no Server (or Data Source) keyword');
    const text = await run([
      'decide',
      PRIMARY,
      '--connection',
      'Server=agsales-lsn;Password=s3cret',
    ]);
    expect(text.stdout).toContain('Connection (Server=agsales-lsn; Database=');
    expect(text.stdout).not.toContain('s3cret');
  });
});
