import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectToReplica } from '../../core/routing/routing.js';
import { factsOf } from './test-support.js';

/*
 * "Secondary to primary replica read/write connection redirection" (S17), Example: COMPUTER01
 * primary, every replica SECONDARY_ROLE (ALLOW_CONNECTIONS = ALL), each READ_WRITE_ROUTING_URL its
 * own address ('TCP://COMPUTER01.<domain>.<tld>:1433'); "a client application connects to
 * COMPUTER02, with ApplicationIntent=ReadWrite. The connection is redirected to the primary
 * replica." Here COMPUTER01's URL is mistyped (TCP://computr01.contoso.com:1433), as the
 * read-only routing URL of the.agilesql.club's 'Fixing SQL AG Routing "Cannot find host" using
 * packet analysis (and a spell checker)' (S173) was: "a request for the wrong machine in the wrong
 * domain", "The host cannot be found". A slip on S17's example, not a published instance.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-rw-redirect-url-mistyped-host.json', import.meta.url),
    'utf8',
  ),
);
const withUrl = (url: string) => ({
  ...facts,
  config: {
    ...facts.config,
    replicas: facts.config.replicas.map((r) =>
      r.name === 'COMPUTER01'
        ? { ...r, primaryRole: { ...r.primaryRole, readWriteRoutingUrl: url } }
        : r,
    ),
  },
});
const readWrite = (f: typeof facts, replica: string) =>
  connectToReplica(f, { replica, intent: 'READ_WRITE', database: 'Database1' });

describe("read/write redirection to a READ_WRITE_ROUTING_URL that names another host than the primary's", () => {
  it('is unknown, naming the URL, the primary and what settles it', () => {
    const c = readWrite(facts, 'COMPUTER02');
    expect(c.outcome).toBe('unknown');
    expect(c.reasons.map((r) => r.code)).toEqual(['CONNECT_REDIRECT_URL_HOST_NOT_REPLICA']);
    expect(c.reasons[0]?.message).toContain('TCP://computr01.contoso.com:1433');
    expect(c.reasons[0]?.message).toContain('neither COMPUTER01 nor the host of its ENDPOINT_URL');
    expect(c.reasons[0]?.settledBy?.[0]).toContain('nslookup computr01.contoso.com');
  });

  it("redirects as before when the URL names the primary's host", () => {
    for (const url of ['TCP://COMPUTER01.contoso.com:1433', 'TCP://computer01:1433'])
      expect(readWrite(withUrl(url), 'COMPUTER02')).toMatchObject({
        outcome: 'redirected',
        replica: 'COMPUTER01',
      });
  });

  it('redirects as before through a URL naming the listener, which leads to the primary', () => {
    const listener = { name: 'ag1-lsn', port: 1433, dhcp: false, addresses: [] };
    const f = withUrl('TCP://ag1-lsn.contoso.com:1433');
    expect(readWrite({ ...f, config: { ...f.config, listener } }, 'COMPUTER02')).toMatchObject({
      outcome: 'redirected',
      replica: 'COMPUTER01',
    });
  });

  it('leaves read intent and a connection straight to the primary alone', () => {
    expect(
      connectToReplica(facts, {
        replica: 'COMPUTER02',
        intent: 'READ_ONLY',
        database: 'Database1',
      }),
    ).toMatchObject({ outcome: 'connected', replica: 'COMPUTER02' });
    expect(readWrite(facts, 'COMPUTER01')).toMatchObject({
      outcome: 'connected',
      replica: 'COMPUTER01',
    });
  });
});
