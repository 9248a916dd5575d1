import { describe, expect, it } from 'vitest';
import { json, run } from './test-support.js';

/**
 * `decide --connection` on a listener that does not listen on 1433, and on replicas that are named
 * instances. The snapshot (adapters/dmv/fixtures/docs-listener-non-default-port.json) is the
 * primary's view of a three-replica group whose listener AGListener listens on 1445, as in
 * 'Connect to an Always On availability group listener' (S15), Non-default port: "If the port is
 * the default port of 1433, then you do not have to specify a port number when connecting to your
 * listener. However, if the port is not 1433, then the port must be specified in the connection
 * string in the format of `listenername,port`", with its example
 * "Server=tcp:AGListener,1445;Database=AdventureWorks;Integrated Security=SSPI" and the page's
 * read-intent string "Server=tcp:AGListener;Database=AdventureWorks;Integrated
 * Security=SSPI;ApplicationIntent=ReadOnly", written there for a listener on 1433.
 */

const SNAPSHOT = 'adapters/dmv/fixtures/docs-listener-non-default-port.json';

interface Connection {
  readonly through: string;
  readonly outcome: string;
  readonly replica?: string;
  readonly reasons: readonly { code: string; message: string; settledBy?: readonly string[] }[];
}

const ask = async (connection: string, snapshot = SNAPSHOT): Promise<Connection> => {
  const r = await run(['decide', snapshot, '--connection', connection, '--json']);
  expect(r.code).toBe(0);
  return (json(r) as { result: { connection: Connection } }).result.connection;
};

describe('agstate decide --connection, a listener on a non-default port', () => {
  it('the page’s string with listenername,port goes through the listener', async () => {
    const c = await ask(
      'Server=tcp:AGListener,1445;Database=AdventureWorks;Integrated Security=SSPI',
    );
    expect(c).toMatchObject({
      through: 'listener',
      outcome: 'connected',
      replica: 'SQLNODE1\\SQL2019',
    });
  });

  it('a string without the port reaches 1433, where the listener does not listen: unknown, never routed', async () => {
    const c = await ask(
      'Server=tcp:AGListener;Database=AdventureWorks;Integrated Security=SSPI;ApplicationIntent=ReadOnly',
    );
    expect(c).toMatchObject({ through: 'listener', outcome: 'unknown' });
    expect(c.replica).toBeUndefined();
    expect(c.reasons.map((r) => r.code)).toEqual(['LISTENER_PORT_DIFFERS']);
    expect(c.reasons[0]?.message).toContain('names no port, so the client connects on 1433');
    expect(c.reasons[0]?.settledBy).toContain('sys.availability_group_listeners.port');
  });
});

/**
 * The listener named with an instance name, on the same snapshot, whose replicas are the named
 * instances SQLNODE1\SQL2019, SQLNODE2\SQL2019 and SQLDR1\SQL2019. Microsoft's SQL Server support
 * team in Japan, 'how to connect to an availability group listener' (S161,
 * techcommunity.microsoft.com/blog/sqlserversupport/…/3790003), lists as supported for a listener
 * on another port than 1433 "listenername,port" and "listenername\instancename,port": "※
 * listenername\instancename,port と指定した場合は、instancename の部分は無視され、listenername,port
 * と同じものとして接続されます" (the instancename part is ignored); and as not supported
 * "listenername\instancename": where each replica is a named instance and SQL Server Browser runs,
 * the named instance's port can be resolved so it may connect, "しかしながら、正式にサポートされた
 * 指定方法ではないため、ネットワークなどの通信が要因で接続ができない可能性があります" (it is not
 * an officially supported form and may fail to connect).
 */
describe('agstate decide --connection, the listener with an instance name', () => {
  it('listenername\\instancename,port is the listener: the instance name is ignored', async () => {
    const c = await ask(
      'Server=AGListener\\SQL2019,1445;Database=AdventureWorks;ApplicationIntent=ReadOnly',
    );
    expect(c).toMatchObject({ through: 'listener', outcome: 'routed' });
    expect(['SQLNODE2\\SQL2019', 'SQLDR1\\SQL2019']).toContain(c.replica);
  });

  it('listenername\\instancename without a port is unknown, naming SQL Server Browser and the listener port', async () => {
    const c = await ask(
      'Server=AGListener\\SQL2019;Database=AdventureWorks;ApplicationIntent=ReadOnly',
    );
    expect(c).toMatchObject({ through: 'listener', outcome: 'unknown' });
    expect(c.reasons.map((r) => r.code)).toEqual(['LISTENER_INSTANCE_NAME']);
    expect(c.reasons[0]?.message).toContain('AGListener,1445');
    expect(c.reasons[0]?.settledBy?.[0]).toContain('SQL Server Browser gives for SQL2019');
    expect(c.reasons[0]?.settledBy?.[0]).toContain('sys.availability_group_listeners.port');
  });
});

/**
 * A replica named on its database mirroring endpoint's port. 'The database mirroring endpoint'
 * (S125): "The database mirroring endpoint listens on a unique TCP port number", "Client
 * connections to a principal server or primary replica do not use the database mirroring
 * endpoint". examples/snapshots/primary.json gives SQLNODE2 ENDPOINT_URL
 * TCP://sqlnode2.contoso.com:5022 and READ_ONLY_ROUTING_URL TCP://sqlnode2.contoso.com:1433; the
 * string is SqlClient's (S164) with that host and port.
 */
describe('agstate decide --connection, a replica on its mirroring endpoint port', () => {
  it('is refused, naming the endpoint and the engine’s port; on the engine’s port it connects', async () => {
    const endpoint = await ask(
      'Server=tcp:sqlnode2.contoso.com,5022;Database=SalesDB;ApplicationIntent=ReadOnly;MultiSubnetFailover=true',
      'examples/snapshots/primary.json',
    );
    expect(endpoint).toMatchObject({ through: 'replica', outcome: 'refused' });
    expect(endpoint.reasons.map((r) => r.code)).toEqual(['CONNECT_PORT_IS_MIRRORING_ENDPOINT']);
    expect(endpoint.reasons[0]?.message).toContain('TCP://sqlnode2.contoso.com:5022');
    expect(endpoint.reasons[0]?.message).toContain('TCP://sqlnode2.contoso.com:1433');
    const engine = await ask(
      'Server=tcp:sqlnode2.contoso.com,1433;Database=SalesDB;ApplicationIntent=ReadOnly',
      'examples/snapshots/primary.json',
    );
    expect(engine).toMatchObject({ through: 'replica', outcome: 'connected', replica: 'SQLNODE2' });
  });
});
