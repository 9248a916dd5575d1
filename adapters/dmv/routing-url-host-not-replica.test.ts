import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { connectThroughListener } from '../../core/routing/listener.js';
import { factsOf } from './test-support.js';

/*
 * the.agilesql.club (2017-11), 'Fixing SQL AG Routing "Cannot find host" using packet analysis
 * (and a spell checker)' (S173): "when I tried to connect to the listener I got an error message
 * to say "The host cannot be found" after the usual 15 seconds connection delay"; a trace "did
 * show a request for the wrong machine in the wrong domain", and "the read-only routing URL in
 * sys.availability_read_only_routing_lists ... was totally wrong". The post names no servers: the
 * fixture is the bundled primary snapshot (examples/snapshots/primary.json) with SQLNODE2's
 * READ_ONLY_ROUTING_URL mistyped in machine and domain (TCP://sqlnod2.contso.com:1433).
 * S13: the URL's system-address "unambiguously identifies the destination computer system";
 * S144: the URL "determines what the replica will report back to the client driver".
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/blog-routing-url-mistyped-host.json', import.meta.url), 'utf8'),
);

const withUrl = (url: string) => ({
  ...facts,
  config: {
    ...facts.config,
    replicas: facts.config.replicas.map((r) =>
      r.name === 'SQLNODE2'
        ? { ...r, secondaryRole: { ...r.secondaryRole, readOnlyRoutingUrl: url } }
        : r,
    ),
  },
});

const readOnly = (f: typeof facts, roundRobinCounter: number) =>
  connectThroughListener(f, { intent: 'READ_ONLY', database: 'SalesDB', roundRobinCounter });

describe('a routing target whose READ_ONLY_ROUTING_URL names another host', () => {
  it('is unknown, naming the URL, the replica and what settles it', () => {
    const answer = decide(facts).routing.readOnly;
    expect(answer.outcome).toBe('unknown');
    expect(answer.replica).toBeUndefined();
    // SQLDR1, the set's other member, routes the logins whose turn it is.
    expect(answer.reasons.map((r) => r.code)).toEqual([
      'ROUTING_LOAD_BALANCED',
      'ROUTING_LOAD_BALANCED_MEMBERS_DIFFER',
      'ROUTING_URL_HOST_NOT_REPLICA',
    ]);
    const why = answer.reasons[2];
    expect(why?.message).toContain('TCP://sqlnod2.contso.com:1433');
    expect(why?.message).toContain('neither SQLNODE2 nor the host of its ENDPOINT_URL');
    expect(why?.settledBy?.[0]).toContain('nslookup sqlnod2.contso.com');
    expect(why?.rule.document).toBe(
      'Configure read-only routing for an Always On availability group',
    );
  });

  it('routes to the other member of the set, whose URL names its own host', () => {
    expect(readOnly(facts, 1)).toMatchObject({ outcome: 'routed', replica: 'SQLDR1' });
  });

  it('routes as before when the URL names the replica, as NetBIOS name, FQDN or endpoint host', () => {
    for (const url of [
      'TCP://sqlnode2.contoso.com:1433',
      'TCP://SQLNODE2:1433',
      'TCP://sqlnode2.corp.example:1433',
    ])
      expect(readOnly(withUrl(url), 0)).toMatchObject({ outcome: 'routed', replica: 'SQLNODE2' });
  });

  it('is unknown for an address the snapshot does not tie to the replica', () => {
    expect(readOnly(withUrl('TCP://10.0.0.12:1433'), 0).outcome).toBe('unknown');
  });

  it('leaves the read-write connection on the primary', () => {
    expect(decide(facts).routing.readWrite).toMatchObject({
      outcome: 'connected',
      replica: 'SQLNODE1',
    });
  });
});
