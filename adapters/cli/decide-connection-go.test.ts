import { describe, expect, it } from 'vitest';
import { json, run } from './test-support.js';

/**
 * `decide --connection` with a connection URL of go-mssqldb, Microsoft's Go driver (S366).
 * doc/how-to-use-applicatinintent-connection-property.md (github.com/microsoft/go-mssqldb, first in
 * denisenkom/go-mssqldb): "An availability group with primary replica SQL1 and one secondary
 * replica SQL2", "An availability database CUSTOMER", "An availability group listener
 * AGListener:16333", "The READ_ONLY_ROUTING_LIST for SQL1 is 'SQL2','SQL1' and the
 * READ_ONLY_ROUTING_LIST for SQL2 is 'SQL1','SQL2'", and three strings:
 * "Connection string that fails when using ApplicationIntent=Readonly:
 * sqlserver://username:password@AGListener:16333?ApplicationIntent=ReadOnly"; "Connection string
 * that directs to the secondary replica SQL2: …?database=CUSTOMER&ApplicationIntent=ReadOnly";
 * "Connection string that directs to the primary replica SQL1: …?database=CUSTOMER". The driver's
 * msdsn/conn_str.go refuses the first before connecting: "database must be specified when
 * ApplicationIntent is ReadOnly". Its README: multisubnetfailover "true (Default) Client attempt
 * to connect to all IPs simultaneously".
 *
 * Invented in adapters/dmv/fixtures/go-mssqldb-applicationintent-aglistener.json: the group AG1,
 * SQL Server 2017, both replicas SYNCHRONOUS_COMMIT with ALLOW_CONNECTIONS = ALL, their URLs, ids
 * and the listener's address. Before, every sqlserver:// string was refused as "no Server (or Data
 * Source) keyword".
 */

const SNAPSHOT = 'adapters/dmv/fixtures/go-mssqldb-applicationintent-aglistener.json';
const URL_BASE = 'sqlserver://username:password@AGListener:16333';

interface Connection {
  readonly server: string;
  readonly through: string;
  readonly outcome: string;
  readonly replica?: string;
  readonly intent: string;
  readonly database?: string;
  readonly multiSubnetFailover?: boolean;
  readonly reasons: readonly { code: string }[];
  readonly ignoredKeywords: readonly string[];
}

const ask = async (snapshot: string, connection: string): Promise<Connection> => {
  const r = await run(['decide', snapshot, '--connection', connection, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (json(r) as { result: { connection: Connection } }).result.connection;
};

describe('agstate decide --connection, a go-mssqldb URL', () => {
  it('routes the read-intent URL to SQL2, "directs to the secondary replica SQL2"', async () => {
    const c = await ask(SNAPSHOT, `${URL_BASE}?database=CUSTOMER&ApplicationIntent=ReadOnly`);
    expect(c).toMatchObject({
      server: 'AGListener,16333',
      through: 'listener',
      outcome: 'routed',
      replica: 'SQL2',
      intent: 'READ_ONLY',
      database: 'CUSTOMER',
      multiSubnetFailover: true,
    });
    expect(c.reasons.map((r) => r.code)).toEqual(['ROUTING_FIRST_AVAILABLE']);
  });

  it('keeps the URL without ApplicationIntent on the primary, "directs to the primary replica SQL1"', async () => {
    const c = await ask(SNAPSHOT, `${URL_BASE}?database=CUSTOMER`);
    expect(c).toMatchObject({ outcome: 'connected', replica: 'SQL1', intent: 'READ_WRITE' });
  });

  it('refuses read intent without a database, as the driver does before connecting', async () => {
    const r = await run([
      'decide',
      SNAPSHOT,
      '--connection',
      `${URL_BASE}?ApplicationIntent=ReadOnly`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--connection: ApplicationIntent=ReadOnly without database: go-mssqldb refuses it before connecting ("database must be specified when ApplicationIntent is ReadOnly")',
    );
  });

  it('asks read intent only for the exact value ReadOnly, as conn_str.go compares it', async () => {
    const c = await ask(
      SNAPSHOT,
      `${URL_BASE}?database=CUSTOMER&applicationintent=readonly&app+name=x`,
    );
    expect(c).toMatchObject({ outcome: 'connected', replica: 'SQL1', intent: 'READ_WRITE' });
    expect(c.ignoredKeywords).toEqual(['app name']);
  });

  it('reads the instance from the path and refuses what the driver refuses', async () => {
    const named = await ask(SNAPSHOT, 'sqlserver://sa@SQL2/INST1?database=CUSTOMER');
    expect(named.server).toBe('SQL2\\INST1');
    const direct = await ask(SNAPSHOT, 'sqlserver://sa@SQL2?database=CUSTOMER');
    expect(direct).toMatchObject({ server: 'SQL2', through: 'replica', outcome: 'connected' });
    const r = await run([
      'decide',
      SNAPSHOT,
      '--connection',
      `${URL_BASE}?database=A&database=B&multisubnetfailover=maybe`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('database is given more than once');
    expect(r.stderr).toContain('multisubnetfailover = "maybe"');
  });

  it('dials every listener address by default, so the multi-subnet note is left out', async () => {
    // Andy Mallon's two-subnet listener (adapters/dmv/additional-listener.test.ts).
    const twoSubnets = 'adapters/dmv/fixtures/blog-am2-two-listeners.json';
    const url = 'sqlserver://app@AGListener01:1433?database=AppDB';
    const byDefault = await ask(twoSubnets, url);
    expect(byDefault.multiSubnetFailover).toBe(true);
    expect(byDefault.reasons.map((r) => r.code)).not.toContain('LISTENER_MULTI_SUBNET');
    const serial = await ask(twoSubnets, `${url}&multisubnetfailover=false`);
    expect(serial.reasons.map((r) => r.code)).toContain('LISTENER_MULTI_SUBNET');
  });
});
