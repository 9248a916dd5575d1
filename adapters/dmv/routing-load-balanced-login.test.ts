import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { connectThroughListener } from '../../core/routing/listener.js';
import { json, run } from '../cli/test-support.js';
import { factsOf } from './test-support.js';

/*
 * Cody Konior, 'Availability Group Round-Robin Read-Only Routing Isn't Magic' (S226,
 * codykonior.com/2018/03/08/availability-group-round-robin-read-only-routing-isnt-magic/): "I've
 * been hearing about round-robin read-only routing ever since SQL 2016 came out but whenever I
 * tried to test if it's working it never seemed to be"; his lab: "C1N1, C1N2, C1N3 readable
 * replicas all running on port 1433", "C1N3 is the primary with a read-only routing list group of
 * (C1N1, C1N2)", "a listener AG1L on port 1433 with a database named Test". The fixture is that
 * group as the primary sees it (the bundled primary snapshot renamed; SQL Server 2016).
 * 'Configure read-only routing' (S13), Configure load-balancing across read-only replicas: "the
 * following routing list load balances read-intent connection request across two read-only
 * replicas, Server1 and Server2. The nested parentheses that surround these servers identify the
 * load-balanced set". A login does not choose its member, and no view shows the rotation, so
 * decide used to answer every read-intent login with the first member (roundRobinCounter 0).
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/blog-round-robin-set-c1n3.json', import.meta.url), 'utf8'),
);

/** C1N2's READ_ONLY_ROUTING_URL on its mirroring endpoint: logins sent there fail (S125). */
const withUrls = (urls: Readonly<Record<string, string>>): ClusterFacts => ({
  ...facts,
  config: {
    ...facts.config,
    replicas: facts.config.replicas.map((r) => {
      const url = urls[r.name];
      return url === undefined
        ? r
        : { ...r, secondaryRole: { ...r.secondaryRole, readOnlyRoutingUrl: url } };
    }),
  },
});
const c1n2OnEndpoint = withUrls({ C1N2: 'TCP://c1n2.contoso.com:5022' });

const codes = (c: { reasons: readonly { code: string }[] }) => c.reasons.map((r) => r.code);

describe('a read-intent login to a load-balanced set, no counter given', () => {
  it('goes to C1N1 or C1N2, and says so, not "roundRobinCounter 0 picks C1N1"', () => {
    const answer = decide(facts).routing.readOnly;
    expect(answer).toMatchObject({ outcome: 'routed', loadBalancedSet: ['C1N1', 'C1N2'] });
    expect(codes(answer)).toEqual(['ROUTING_LOAD_BALANCED']);
    const why = answer.reasons[0]?.message ?? '';
    expect(why).toContain('goes to C1N1 or C1N2');
    expect(why).not.toContain('roundRobinCounter');
  });

  it('is unknown when one member sends the login to a dead end, naming both', () => {
    const answer = connectThroughListener(c1n2OnEndpoint, {
      intent: 'READ_ONLY',
      database: 'Test',
    });
    expect(answer.outcome).toBe('unknown');
    expect(answer.replica).toBeUndefined();
    expect(codes(answer)).toEqual([
      'ROUTING_LOAD_BALANCED',
      'ROUTING_LOAD_BALANCED_MEMBERS_DIFFER',
      'ROUTING_URL_IS_MIRRORING_ENDPOINT',
    ]);
    const differ = answer.reasons[1];
    expect(differ?.message).toContain('C1N1 routes it; C1N2 fails it');
    expect(differ?.settledBy?.join(' ')).toContain('read_only_routing_url of C1N2');
    expect(decide(c1n2OnEndpoint).routing.readOnly.outcome).toBe('unknown');
  });

  it('is refused when every member sends it to a dead end', () => {
    const both = withUrls({
      C1N1: 'TCP://c1n1.contoso.com:5022',
      C1N2: 'TCP://c1n2.contoso.com:5022',
    });
    const answer = connectThroughListener(both, { intent: 'READ_ONLY', database: 'Test' });
    expect(answer.outcome).toBe('refused');
    expect(codes(answer).filter((c) => c === 'ROUTING_URL_IS_MIRRORING_ENDPOINT')).toHaveLength(2);
  });

  it('keeps the caller’s counter for a replay: one member per login', () => {
    const at = (roundRobinCounter: number) =>
      connectThroughListener(c1n2OnEndpoint, {
        intent: 'READ_ONLY',
        database: 'Test',
        roundRobinCounter,
      });
    expect(at(0)).toMatchObject({ outcome: 'routed', replica: 'C1N1' });
    expect(at(1).outcome).toBe('refused');
  });
});

describe("decide --connection on the lab's string", () => {
  it('prints the set beside the first member, and keeps the JSON contract', async () => {
    const args = [
      'decide',
      'adapters/dmv/fixtures/blog-round-robin-set-c1n3.json',
      '--connection',
      'Data Source=AG1L;Initial Catalog=Test;Integrated Security=True;ApplicationIntent=ReadOnly',
    ];
    const text = await run(args);
    expect(text.stdout).toContain(
      'through the listener: routed to C1N1 (load-balanced over C1N1, C1N2: each login goes to the next in turn)',
    );
    const r = json(await run([...args, '--json'])) as {
      result: { connection: { outcome: string; replica: string; reasons: { code: string }[] } };
    };
    expect(r.result.connection).toMatchObject({ outcome: 'routed', replica: 'C1N1' });
    expect(r.result.connection.reasons.map((x) => x.code)).toEqual(['ROUTING_LOAD_BALANCED']);
  });
});
