import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { decisionsLines } from '../cli/render/decisions.js';
import { styleFor } from '../cli/render/style.js';
import { factsOf } from './test-support.js';

/*
 * Read-only routing goes by the database the connection names. "Connect to an Always On
 * availability group listener" (learn.microsoft.com/sql/database-engine/availability-groups/
 * windows/listeners-client-connectivity-application-failover, Connect to a read-only replica):
 * "The connection string references a database involved in the Availability Group. An alternative
 * to this would be the login used in the connection has the database configured as its default
 * database." Matt Neerincx, "Calculating read_only_routing_url for AlwaysOn" (MSDN blog, 2012,
 * the algorithm that page links to): "Server checks the target database and determines if it is
 * in an availability group … First replica it finds that is synchronizing and accepts readers
 * (allow_connections=read_only or all) is the routing target."
 * The snapshot is Anthony Nocentino's lab ("Availability Group Read-only Routing", nocentino.com,
 * 2015-01-25: SQL14-A primary, SQL14-B readable with ALLOW_CONNECTIONS = ALL, each the other's
 * only routing entry; "Stop data movement to SQL14-B, which changes the database state to Not
 * Synchronizing") with TestAG1 suspended on SQL14-B, and a second database, TestAG2, that is not.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/blog-routing-one-database-suspended.json', import.meta.url),
    'utf8',
  ),
);

describe('read-intent connections through the listener, database by database', () => {
  const routing = decide(facts).routing;

  it('routes a connection to TestAG2 to SQL14-B and refuses one to TestAG1 (Msg 982)', () => {
    expect(routing.readOnlyByDatabase.map((c) => [c.database, c.connection.outcome])).toEqual([
      ['TestAG2', 'routed'],
      ['TestAG1', 'refused'],
    ]);
    const testAg1 = routing.readOnlyByDatabase[1]!.connection;
    expect(testAg1.reasons.map((r) => r.code)).toEqual([
      'ROUTING_NO_AVAILABLE_ENTRY',
      'ROUTING_NO_READABLE_SECONDARY',
    ]);
    expect(routing.readOnly).toEqual(routing.readOnlyByDatabase[0]!.connection);
  });

  it('the report names each database, rather than one answer for the group', () => {
    const lines = decisionsLines(styleFor(false), decide(facts), 'LOG');
    expect(lines).toContain('  read-only to TestAG2: routed to SQL14-B');
    expect(lines).toContain('  read-only to TestAG1: refused');
    expect(lines.some((l) => l.startsWith('  read-only: '))).toBe(false);
  });

  it('with --database, the one database asked', () => {
    const asked = decide(facts, { database: 'TestAG1' }).routing;
    expect(asked.readOnlyByDatabase.map((c) => c.database)).toEqual(['TestAG1']);
    expect(asked.readOnly.outcome).toBe('refused');
  });
});
