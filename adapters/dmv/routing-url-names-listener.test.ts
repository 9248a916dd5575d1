import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "Configure read-only routing for an Always On availability group" (S13), Example
 * (Transact-SQL): COMPUTER01 primary, COMPUTER02 READ_ONLY, each list ('other', 'self'), behind a
 * listener (Prerequisites). Here COMPUTER02's READ_ONLY_ROUTING_URL names the listener
 * (TCP://ag1-lsn.contoso.com:1433) instead of the replica. S13: system-address "unambiguously
 * identifies the destination computer system". Matt Neerincx, "Calculating read_only_routing_url
 * for AlwaysOn" (S144, the page S13 links for the URL): "Client connects to an Availability Group
 * listener endpoint. Note this endpoint always points to the primary replica"; "server checks that
 * incoming connection is using an Availability Group listener endpoint. Otherwise, read-only
 * routing is disabled"; his URL script takes the TSQL port '-- Avoid availability group
 * listeners'. The routed client is routed again from the primary; Microsoft.Data.SqlClient:
 * "Two or more redirections have occurred. Only one redirection per login is allowed."
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/docs-routing-url-names-listener.json', import.meta.url), 'utf8'),
);

const withUrl = (url: string) => ({
  ...facts,
  config: {
    ...facts.config,
    replicas: facts.config.replicas.map((r) =>
      r.name === 'COMPUTER02'
        ? { ...r, secondaryRole: { ...r.secondaryRole, readOnlyRoutingUrl: url } }
        : r,
    ),
  },
});

describe('a routing target whose READ_ONLY_ROUTING_URL names the listener', () => {
  it('refuses the read-intent login routed there, naming the URL, the listener and the primary', () => {
    const readOnly = decide(facts).routing.readOnly;
    expect(readOnly.outcome).toBe('refused');
    expect(readOnly.reasons.map((r) => r.code)).toEqual([
      'ROUTING_FIRST_AVAILABLE',
      'ROUTING_URL_IS_LISTENER',
    ]);
    const why = readOnly.reasons[1]?.message ?? '';
    expect(why).toContain('TCP://ag1-lsn.contoso.com:1433');
    expect(why).toContain('listener ag1-lsn');
    expect(why).toContain('primary COMPUTER01');
    expect(readOnly.reasons[1]?.rule.document).toBe(
      'Matt Neerincx (2012-04-25): Calculating read_only_routing_url for AlwaysOn',
    );
  });

  it('routes as before once the URL names the replica', () => {
    expect(decide(withUrl('TCP://COMPUTER02.contoso.com:1433')).routing.readOnly).toMatchObject({
      outcome: 'routed',
      replica: 'COMPUTER02',
    });
  });

  it('the read-write connection still lands on the primary', () => {
    expect(decide(facts).routing.readWrite).toMatchObject({
      outcome: 'connected',
      replica: 'COMPUTER01',
    });
  });
});
