import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectWith } from '../../core/routing/connection.js';
import { factsOf } from '../dmv/test-support.js';
import { json, run } from './test-support.js';

/**
 * A connection string whose database differs from the group's in case alone. Arvind Shyamsundar
 * (Microsoft), 'AlwaysOn Connectivity Cheat Sheet' (S205,
 * blogs.msdn.com/b/arvindsh/archive/2012/09/13/alwayson-connectivity-cheat-sheet.aspx): "Direct to
 * Secondary | None" with the secondary at Read-intent and an AG database is "Not allowed (1)", and
 * "1. Error message: The target database ('salesdb') is in an availability group and is currently
 * accessible for connections when the application intent is set to read only" (Msg 978), beside
 * "The target database ('SalesDb') …" (Msg 979) and "Unable to access the 'SalesDB' database
 * because no online secondary replicas are enabled for read-only access" (Msg 982): one
 * availability database, named three ways, refused as the group's each time. 'Database
 * identifiers' (S204): "Identifiers of instance-level objects, such as logins and database names,
 * are assigned the default collation of the instance", so under a case-sensitive collation
 * 'salesdb' is another database. The snapshot (blog-cheat-sheet-database-name-case.json) is the
 * primary's view of a 2012 group like the sheet's: SalesDB, primary ALL, the secondary at
 * READ_ONLY, a listener and a routing list; the sheet names no servers, so those are invented.
 */

const SNAPSHOT = 'adapters/dmv/fixtures/blog-cheat-sheet-database-name-case.json';

interface Connection {
  readonly through: string;
  readonly outcome: string;
  readonly replica?: string;
  readonly reasons: readonly { code: string; message: string; settledBy?: readonly string[] }[];
}

const ask = async (connection: string): Promise<Connection> => {
  const r = await run(['decide', SNAPSHOT, '--connection', connection, '--json']);
  expect(r.code).toBe(0);
  return (json(r) as { result: { connection: Connection } }).result.connection;
};

const codes = (c: Connection) => c.reasons.map((r) => r.code);

describe('agstate decide --connection, a database named in another case than the group’s', () => {
  it('the sheet’s Msg 978 cell, salesdb straight to the read-intent-only secondary: unknown, not "outside the group"', async () => {
    // The exact name is refused, as the sheet says.
    expect(await ask('Server=SQLNODE2;Database=SalesDB')).toMatchObject({ outcome: 'refused' });
    const c = await ask('Server=SQLNODE2;Database=salesdb');
    expect(c).toMatchObject({ through: 'replica', outcome: 'unknown' });
    expect(codes(c)).toEqual([
      'CONNECTION_DATABASE_CASE_UNKNOWN',
      'CONNECT_SECONDARY_READ_INTENT_ONLY',
    ]);
    expect(c.reasons[0]?.message).toContain('the login opens SalesDB, which gives refused');
    expect(c.reasons[0]?.message).toContain('outside the group, which gives connected on SQLNODE2');
    expect(c.reasons[0]?.settledBy).toEqual([
      "SERVERPROPERTY('Collation') on SQLNODE2 (_CI_: case-insensitive, _CS_: case-sensitive)",
      "SELECT name FROM sys.databases WHERE name = N'salesdb' on SQLNODE2",
    ]);
    const jdbc = await ask('jdbc:sqlserver://SQLNODE2;databaseName=salesdb');
    expect(codes(jdbc)[0]).toBe('CONNECTION_DATABASE_CASE_UNKNOWN');
  });

  it('read intent through the listener: routed as SalesDB, or kept on the primary as another database', async () => {
    const c = await ask('Server=ag1-lsn;Database=salesdb;ApplicationIntent=ReadOnly');
    expect(c).toMatchObject({ through: 'listener', outcome: 'unknown' });
    expect(c.replica).toBeUndefined();
    expect(codes(c)).toEqual(['CONNECTION_DATABASE_CASE_UNKNOWN', 'ROUTING_FIRST_AVAILABLE']);
    expect(c.reasons[0]?.message).toContain('which gives routed to SQLNODE2');
    expect(c.reasons[0]?.message).toContain('which gives connected on SQLNODE1');
    expect(c.reasons[0]?.settledBy?.[0]).toContain(
      'on the primary SQLNODE1, which routes the login',
    );
  });

  it('where both readings land alike, that is the answer', async () => {
    expect(await ask('Server=ag1-lsn;Database=SALESDB')).toMatchObject({
      through: 'listener',
      outcome: 'connected',
      replica: 'SQLNODE1',
      reasons: [{ code: 'LISTENER_TO_PRIMARY' }],
    });
    const c = await ask('Server=SQLNODE2;Database=salesdb;ApplicationIntent=ReadOnly');
    expect(c).toMatchObject({ outcome: 'connected', replica: 'SQLNODE2' });
    expect(codes(c)).toEqual(['CONNECT_SECONDARY_READ_ONLY_ACCESS']);
  });

  it('two group databases that differ in case alone show a case-sensitive collation: the name is read as written', () => {
    const facts = factsOf(readFileSync(SNAPSHOT, 'utf8'));
    const sensitive = {
      ...facts,
      config: { ...facts.config, databases: [...facts.config.databases, 'salesdb'] },
    };
    const c = connectWith(sensitive, {
      server: { host: 'SQLNODE2' },
      intent: 'READ_WRITE',
      database: 'SALESDB',
    });
    expect(c).toMatchObject({ outcome: 'connected', replica: 'SQLNODE2' });
    // SALESDB is another database there; the session's USE of the group's ones meets the
    // READ_ONLY secondary's refusal of read-write intent (S164).
    expect(c.reasons.map((r) => r.code)).toEqual([
      'CONNECT_DATABASE_NOT_IN_GROUP',
      'CONNECT_USE_GROUP_DATABASE_REFUSED',
    ]);
  });
});
