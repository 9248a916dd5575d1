import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * ibmimedia.com, "How to solve SQL server error 976" (blog/122): connecting to the secondary gives
 * "Cannot connect to 'Secondary Replica Server'. ... The target database, 'SDGC', is participating
 * in an availability group and is currently not accessible for queries. ... (Microsoft SQL Server,
 * Error: 976)"; its first fix is "Modifying the default database value of the Login via the Login
 * Property window", the second SSMS's database to connect to. hoststud.com, "Easiest way to resolve
 * SQL Server error 976": "you need to change the default login database to a master database". A
 * connection that names no database opens the login's default database, so whether it is refused
 * depends on that database, which a snapshot does not hold. The snapshot is the primary SQLA's view
 * (SQLB at ALLOW_CONNECTIONS = NO, as Msg 976 says; names other than SDGC invented, 2019 assumed).
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/blog-error-976-default-database.json', import.meta.url), 'utf8'),
);
const connect = (database?: string) =>
  connectToReplica(facts, {
    replica: 'SQLB',
    intent: 'READ_WRITE',
    ...(database === undefined ? {} : { database }),
  });

describe("a connection straight to a non-readable secondary, by the login's default database", () => {
  it('is refused when it opens SDGC (Msg 976), and connects when it opens master', () => {
    expect(connect('SDGC')).toMatchObject({ outcome: 'refused' });
    expect(connect('master')).toMatchObject({ outcome: 'connected', replica: 'SQLB' });
  });

  it('is unknown when it names no database, naming what settles it', () => {
    const c = connect();
    expect(c.outcome).toBe('unknown');
    expect(c.reasons.map((r) => r.code)).toEqual([
      'UNKNOWN_CONNECTION_DATABASE',
      'CONNECT_SECONDARY_NOT_READABLE',
    ]);
    expect(c.reasons[0]?.settledBy?.join(' ')).toContain('default_database_name');
  });
});
