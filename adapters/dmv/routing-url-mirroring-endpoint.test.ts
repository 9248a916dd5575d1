import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * "Configure read-only routing for an Always On availability group" (S13), Example
 * (Transact-SQL): COMPUTER01 primary, COMPUTER02 READ_ONLY, each list ('other', 'self'); the
 * URL's port "Is a port number that is used by the Database Engine of the SQL Server instance".
 * Here COMPUTER02's READ_ONLY_ROUTING_URL is written on its ENDPOINT_URL's port 5022, a slip the
 * earlier rounds noted (readable3, note 6), not a published instance. "The database mirroring
 * endpoint (SQL Server)" (S125): "The database mirroring endpoint listens on a unique TCP port
 * number"; "Client connections to a principal server or primary replica do not use the database
 * mirroring endpoint". SQL Server takes the URL and routes there; the routed login fails.
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/docs-routing-url-on-mirroring-endpoint.json', import.meta.url),
    'utf8',
  ),
);

describe('a routing target whose READ_ONLY_ROUTING_URL is its mirroring endpoint', () => {
  it('refuses the read-intent login routed there, naming both URLs', () => {
    const readOnly = decide(facts).routing.readOnly;
    expect(readOnly.outcome).toBe('refused');
    expect(readOnly.reasons.map((r) => r.code)).toEqual([
      'ROUTING_FIRST_AVAILABLE',
      'ROUTING_URL_IS_MIRRORING_ENDPOINT',
    ]);
    expect(readOnly.reasons[1]?.message).toContain('TCP://COMPUTER02.contoso.com:5022');
    expect(readOnly.reasons[1]?.rule.document).toBe('The database mirroring endpoint (SQL Server)');
  });

  it('routes as before once the URL names the client port', () => {
    const fixed = {
      ...facts,
      config: {
        ...facts.config,
        replicas: facts.config.replicas.map((r) =>
          r.name === 'COMPUTER02'
            ? {
                ...r,
                secondaryRole: {
                  ...r.secondaryRole,
                  readOnlyRoutingUrl: 'TCP://COMPUTER02.contoso.com:1433',
                },
              }
            : r,
        ),
      },
    };
    expect(decide(fixed).routing.readOnly).toMatchObject({
      outcome: 'routed',
      replica: 'COMPUTER02',
    });
  });
});
