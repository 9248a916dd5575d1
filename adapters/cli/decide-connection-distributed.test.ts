import { describe, expect, it } from 'vitest';
import { json, run } from './test-support.js';

/**
 * `decide --connection` on the snapshot of a secondary group's primary (the forwarder), named with
 * --group. The input: Renz Bagasbas, 'Solving Replication's Limits with SQL Distributed
 * Availability Group' (renzbagasbas1130.wixsite.com/renzbagasbas/post/solving-replication-s-limits-
 * with-sql-distributed-availability-group, 2025): a lookup service "must read from secondary,
 * asynchronous, read-only replicas of NumberingDB, distributed across several regions (DC2, DC3,
 * DC4). The primary source of truth remains NumberingDB in DC1", with "Read scale-out: Yes — with
 * Listeners in each region". The snapshot (adapters/dmv/fixtures/blog-dag-regional-read-scale-
 * forwarder.json; names of replicas, listener and addresses invented) is DC2's: AG_DC2 the
 * secondary group of DAG_NUMBERING_DC2, DC2SQL01 its primary, DC2SQL02 readable with a
 * READ_ONLY_ROUTING_URL and named in DC2SQL01's READ_ONLY_ROUTING_LIST.
 *
 * 'Distributed availability groups' (S43), Scale out readable replicas: "Read-Only Routing can be
 * configured, but won't work for the secondary availability group of the distributed availability
 * group. All queries, if they use the listener to connect to the secondary availability group, go
 * to the primary replica of the secondary availability group". The routing decisions of the same
 * run said so (ROUTING_NOT_IN_SECONDARY_GROUP), while the application's connection string was
 * 'routed to DC2SQL02'.
 */

const SNAPSHOT = 'adapters/dmv/fixtures/blog-dag-regional-read-scale-forwarder.json';
const READ_INTENT =
  'Server=tcp:AG-DC2-LSN,1433;Database=NumberingDB;ApplicationIntent=ReadOnly;MultiSubnetFailover=True';

interface Connection {
  readonly through: string;
  readonly outcome: string;
  readonly replica?: string;
  readonly reasons: readonly { code: string; message: string }[];
}

interface Result {
  readonly connection: Connection;
  readonly decisions: { readonly routing: { readonly readOnly: Connection } };
}

const ask = async (connection: string): Promise<Result> => {
  const r = await run([
    'decide',
    SNAPSHOT,
    '--group',
    'AG_DC2',
    '--connection',
    connection,
    '--json',
  ]);
  expect(r.code).toBe(0);
  return (json(r) as { result: Result }).result;
};

describe('agstate decide --connection through the listener of a distributed group’s secondary group (S43)', () => {
  it('a read-intent connection stays on the forwarder DC2SQL01, as the routing decisions say', async () => {
    const { connection, decisions } = await ask(READ_INTENT);
    expect(connection).toMatchObject({
      through: 'listener',
      outcome: 'connected',
      replica: 'DC2SQL01',
    });
    expect(connection.reasons.map((r) => r.code)).toEqual(['ROUTING_NOT_IN_SECONDARY_GROUP']);
    expect(connection.reasons[0]?.message).toContain('(not to DC2SQL02)');
    expect(decisions.routing.readOnly).toMatchObject({ outcome: 'connected', replica: 'DC2SQL01' });
  });

  it('a read-write connection goes to the primary as before', async () => {
    const { connection } = await ask('Server=tcp:AG-DC2-LSN,1433;Database=NumberingDB');
    expect(connection).toMatchObject({ outcome: 'connected', replica: 'DC2SQL01' });
    expect(connection.reasons.map((r) => r.code)).toEqual(['LISTENER_TO_PRIMARY']);
  });

  it('a read-intent connection named to the readable secondary itself is not routed, and connects there', async () => {
    const { connection } = await ask(
      'Server=tcp:dc2sql02.corp.example,1433;Database=NumberingDB;ApplicationIntent=ReadOnly',
    );
    expect(connection).toMatchObject({
      through: 'replica',
      outcome: 'connected',
      replica: 'DC2SQL02',
    });
  });
});

/**
 * Without --group the input is decided as the distributed group, which no connection string
 * reaches: --connection was dropped without a word (no answer in the text, no `connection` in
 * --json). It is now bad input naming the member groups.
 */
describe('agstate decide --connection on a distributed group without --group', () => {
  it('is bad input naming the member groups, on a member’s snapshot', async () => {
    const r = await run(['decide', SNAPSHOT, '--connection', READ_INTENT]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'DAG_NUMBERING_DC2 is a distributed availability group: name the member group it connects to with --group (AG_DC1 or AG_DC2)',
    );
  });

  it('is bad input on a script, which decides the distributed group only', async () => {
    const r = await run([
      'decide',
      'adapters/tsql/fixtures/docs-distributed-chain.sql',
      '--sql-version',
      '2016',
      '--group',
      'distributedag',
      '--connection',
      'Server=tcp:ag2-listener,60173;ApplicationIntent=ReadOnly',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ask it of a DMV snapshot of the member group');
  });
});

/**
 * The same DC2 snapshot taken on SQL Server 2022 with DC2SQL02's copy SYNCHRONIZING: whether DC1
 * sends from a lower version is not in it. 'Distributed availability groups' (S43), Migrate to
 * higher SQL Server versions: "You won't have read access to any of the replica databases on the
 * secondary AG as long as the primary AG is at a lower version"; Taryn Pratt, 'How we upgraded
 * Stack Overflow to SQL Server 2017': "when I attempted to query any database in a DAG they weren't
 * accessible. I couldn't read from them". The routing decisions already said unknown for the
 * listener; a read-intent connection string naming DC2SQL02 itself was 'connected (read-only)'.
 */
const onSql2022 = async (): Promise<Record<string, string>> => {
  const { readFile } = await import('node:fs/promises');
  const doc = JSON.parse(await readFile(SNAPSHOT, 'utf8'));
  doc.SERVERPROPERTY = [{ product_major_version: 16, product_version: '16.0.4135.4' }];
  for (const row of doc['sys.dm_hadr_database_replica_states'])
    if (row.is_local === false) row.synchronization_state_desc = 'SYNCHRONIZING';
  return { [SNAPSHOT]: JSON.stringify(doc) };
};

describe('agstate decide --connection straight to a replica of the secondary group, the sender’s version not shown (S43)', () => {
  it('a read-intent connection to DC2SQL02 is unknown, naming what settles it', async () => {
    const r = await run(
      [
        'decide',
        SNAPSHOT,
        '--group',
        'AG_DC2',
        '--connection',
        'Server=tcp:dc2sql02.corp.example;Database=NumberingDB;ApplicationIntent=ReadOnly',
        '--json',
      ],
      { files: await onSql2022() },
    );
    expect(r.code).toBe(0);
    const c = (json(r) as { result: Result }).result.connection;
    expect(c).toMatchObject({ through: 'replica', outcome: 'unknown', replica: 'DC2SQL02' });
    expect(c.reasons.map((x) => x.code)).toEqual([
      'CONNECT_SECONDARY_READ_ONLY_ACCESS',
      'SENDER_VERSION_UNKNOWN',
    ]);
  });
});
