import { describe, expect, it } from 'vitest';
import { json, run } from './test-support.js';

/**
 * A connection that opens a database outside the group, then uses one of the group's. 'SqlClient
 * support for high availability, disaster recovery' (S164), Specifying application intent: "The
 * server will enforce the intent at connection time and during a USE database statement but only
 * to an Always On enabled database." Arvind Shyamsundar (Microsoft), 'AlwaysOn Connectivity Cheat
 * Sheet' (S205): "Case 2: Primary Replica allows only Read/Write connections", Through Listener,
 * ReadOnly, initial database Non-AG: "Not allowed (2)" whatever the readable secondary setting,
 * where "the access to the database is not allowed (either at connection time or at run time, when
 * the database is tried to be accessed)" and "2. Error message: The target database ('SalesDb') is
 * in an availability group and currently does not allow read only connections" (Msg 979); Case 1,
 * the primary allowing ALL, the same row is "Primary". The SQL Server Storage Engine blog (S256):
 * "You connect to a non-AG database such as master database which succeeds and now you execute 'use
 * <db>' command. Msg 976". agstate answered each login "connected" and said nothing of the group's
 * databases. The snapshots are the sheet's group as kept for S204 (blog-cheat-sheet-database-name-
 * case.json: SalesDB, SQLNODE2 at READ_ONLY, listener ag1-lsn; servers invented) and the same with
 * both replicas' PRIMARY_ROLE at READ_WRITE (blog-cheat-sheet-primary-read-write.json), Case 2.
 */

const CASE_1 = 'adapters/dmv/fixtures/blog-cheat-sheet-database-name-case.json';
const CASE_2 = 'adapters/dmv/fixtures/blog-cheat-sheet-primary-read-write.json';
const USE = 'CONNECT_USE_GROUP_DATABASE_REFUSED';

interface Connection {
  readonly through: string;
  readonly outcome: string;
  readonly replica?: string;
  readonly reasons: readonly { code: string; message: string }[];
}

const ask = async (snapshot: string, connection: string): Promise<Connection> => {
  const r = await run(['decide', snapshot, '--connection', connection, '--json']);
  expect(r.code).toBe(0);
  return (json(r) as { result: { connection: Connection } }).result.connection;
};
const codes = (c: Connection) => c.reasons.map((r) => r.code);

describe('agstate decide --connection, a session on a database outside the group', () => {
  it('Case 2, through the listener with read intent: connected on the primary, and no USE of SalesDB (Msg 979)', async () => {
    const c = await ask(CASE_2, 'Server=ag1-lsn;Database=master;ApplicationIntent=ReadOnly');
    expect(c).toMatchObject({ through: 'listener', outcome: 'connected', replica: 'SQLNODE1' });
    expect(codes(c)).toEqual(['ROUTING_DATABASE_NOT_IN_GROUP', USE]);
    const note = c.reasons[1]!.message;
    expect(note).toContain('a USE of SalesDB fails');
    expect(note).toContain('PRIMARY_ROLE (ALLOW_CONNECTIONS = READ_WRITE)');
    expect(note).toContain('Msg 979');
  });

  it('Case 2, straight to the primary with read intent: the same', async () => {
    const c = await ask(CASE_2, 'Server=SQLNODE1;Database=master;ApplicationIntent=ReadOnly');
    expect(c).toMatchObject({ through: 'replica', outcome: 'connected', replica: 'SQLNODE1' });
    expect(codes(c)).toEqual(['CONNECT_DATABASE_NOT_IN_GROUP', USE]);
    expect(c.reasons[1]!.message).toContain('ALLOW_CONNECTIONS = READ_WRITE');
  });

  it('straight to the READ_ONLY secondary without read intent: no USE of SalesDB either', async () => {
    const c = await ask(CASE_1, 'Server=SQLNODE2;Database=master');
    expect(c).toMatchObject({ through: 'replica', outcome: 'connected', replica: 'SQLNODE2' });
    expect(codes(c)).toEqual(['CONNECT_DATABASE_NOT_IN_GROUP', USE]);
    expect(c.reasons[1]!.message).toContain('it accepts only ApplicationIntent=ReadOnly');
  });

  it('Case 1 through the listener, and read intent on the secondary: the session can use SalesDB', async () => {
    const listener = await ask(CASE_1, 'Server=ag1-lsn;Database=master;ApplicationIntent=ReadOnly');
    expect(codes(listener)).toEqual(['ROUTING_DATABASE_NOT_IN_GROUP']);
    const secondary = await ask(
      CASE_1,
      'Server=SQLNODE2;Database=master;ApplicationIntent=ReadOnly',
    );
    expect(codes(secondary)).toEqual(['CONNECT_DATABASE_NOT_IN_GROUP']);
    const readWrite = await ask(CASE_2, 'Server=ag1-lsn;Database=master');
    expect(codes(readWrite)).toEqual(['LISTENER_TO_PRIMARY']);
  });
});
