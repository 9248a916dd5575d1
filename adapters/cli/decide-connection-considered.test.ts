import { describe, expect, it } from 'vitest';
import { json, run } from './test-support.js';

/**
 * Anthony Nocentino, "Availability Group Read-only Routing" (nocentino.com, 2015-01-25), lists
 * "5. The replica being routed to must be synchronized or synchronizing", then tests it: "Stop
 * data movement to SQL14-B, which changes the database state to Not Synchronizing. Now let's test
 * connectivity with SQLCMD, which now has ApplicationIntent as a connection option" (sqlcmd -K
 * ReadOnly). Matt Neerincx, "Calculating read_only_routing_url for AlwaysOn" (S144): "Server then
 * enumerates the replicas in the read_only_routing_list and checks each replica in the list. First
 * replica it finds that is synchronizing and accepts readers ... is the routing target".
 * adapters/dmv/fixtures/blog-routing-one-database-suspended.json is that lab (the listener's name,
 * ag1-lsn, invented; see adapters/dmv/routing-per-database.test.ts). Before, `decide --connection`
 * answered the login with Msg 982, "no entry of SQL14-A's READ_ONLY_ROUTING_LIST is available
 * (SQL14-B)", and never said why SQL14-B was passed over, which `decide` itself prints
 * ("examined SQL14-B: not available").
 */

const LAB = 'adapters/dmv/fixtures/blog-routing-one-database-suspended.json';
const ASKED = 'Server=ag1-lsn;Database=TestAG1;ApplicationIntent=ReadOnly';

interface Candidate {
  readonly replica: string;
  readonly available: boolean;
  readonly reasons: readonly { code: string }[];
}

describe('decide --connection through the listener says why each routing entry was passed over', () => {
  it('gives the entries examined, each with why it is not available', async () => {
    const r = await run(['decide', LAB, '--connection', ASKED, '--json']);
    expect(r.code).toBe(0);
    const c = (
      json(r) as {
        result: { connection: { outcome: string; considered?: readonly Candidate[] } };
      }
    ).result.connection;
    expect(c.outcome).toBe('refused');
    expect(c.considered?.map((k) => [k.replica, k.available])).toEqual([['SQL14-B', false]]);
    expect(c.considered?.[0]?.reasons.map((x) => x.code)).toEqual([
      'ROUTING_DATABASE_SUSPENDED',
      'ROUTING_DATABASE_NOT_SYNCHRONIZING',
    ]);
  });

  it('prints them under the answer, as decide prints its own read-intent connection', async () => {
    const r = await run(['decide', LAB, '--connection', ASKED]);
    const answer = r.stdout.slice(r.stdout.indexOf('Connection (Server=ag1-lsn'));
    expect(answer).toMatch(/through the listener: refused/);
    expect(answer).toMatch(
      /examined SQL14-B: not available\n {6}- TestAG1 is suspended on SQL14-B/,
    );
    // The database that SQL14-B still synchronizes is routed there, with the entry it took.
    const routed = await run([
      'decide',
      LAB,
      '--connection',
      'Server=ag1-lsn;Database=TestAG2;ApplicationIntent=ReadOnly',
    ]);
    expect(routed.stdout).toMatch(
      /routed to SQL14-B\n[^\n]*\n[^\n]*\n {4}examined SQL14-B: available/,
    );
  });
});
