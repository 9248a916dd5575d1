import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * "Secondary to primary replica read/write connection redirection" (S17), Example: COMPUTER01
 * primary, every replica SECONDARY_ROLE (ALLOW_CONNECTIONS = ALL) and READ_WRITE_ROUTING_URL on
 * the client port ('TCP://COMPUTER01.<domain>.<tld>:1433', ENDPOINT_URL on 5022); "a client
 * application connects to COMPUTER02, with ApplicationIntent=ReadWrite. The connection is
 * redirected to the primary replica." Here COMPUTER01's READ_WRITE_ROUTING_URL is written as its
 * ENDPOINT_URL, a slip, not a published instance. "The database mirroring endpoint (SQL Server)"
 * (S125): "Client connections to a principal server or primary replica do not use the database
 * mirroring endpoint": the redirected login reaches that endpoint and fails.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-rw-redirect-url-on-mirroring-endpoint.json', import.meta.url),
    'utf8',
  ),
);
const readWrite = (replica: string) =>
  connectToReplica(facts, { replica, intent: 'READ_WRITE', database: 'Database1' });

describe('read/write redirection to a primary whose READ_WRITE_ROUTING_URL is its mirroring endpoint', () => {
  it('refuses the redirected login, naming both URLs', () => {
    const c = readWrite('COMPUTER02');
    expect(c.outcome).toBe('refused');
    expect(c.reasons.map((r) => r.code)).toEqual(['CONNECT_REDIRECT_URL_IS_MIRRORING_ENDPOINT']);
    expect(c.reasons[0]?.message).toContain('ENDPOINT_URL TCP://computer01.contoso.com:5022');
  });

  it('leaves a connection straight to the primary alone: it is not redirected', () => {
    expect(readWrite('COMPUTER01')).toMatchObject({ outcome: 'connected', replica: 'COMPUTER01' });
  });
});
