import { describe, expect, it } from 'vitest';
import type { Replica } from '../model/config.js';
import { exampleConfig } from '../validation/examples.js';
import { routingUrlOnMirroringEndpoint } from './routing-url.js';

const withUrls = (endpointUrl: string, readOnlyRoutingUrl: string | null): Replica => {
  const r = exampleConfig().replicas[1]!;
  return { ...r, endpointUrl, secondaryRole: { ...r.secondaryRole, readOnlyRoutingUrl } };
};
const codes = (r: Replica) => routingUrlOnMirroringEndpoint(r).map((x) => x.code);

describe('a READ_ONLY_ROUTING_URL on the mirroring endpoint (S13 port, S125)', () => {
  it('is found for the same host and port, in any case, NetBIOS name or FQDN', () => {
    const hit = ['ROUTING_URL_IS_MIRRORING_ENDPOINT'];
    expect(codes(withUrls('TCP://sql2.contoso.com:5022', 'tcp://SQL2.CONTOSO.COM:5022'))).toEqual(
      hit,
    );
    expect(codes(withUrls('TCP://sql2.contoso.com:5022', 'TCP://sql2:5022'))).toEqual(hit);
    expect(codes(withUrls('TCP://10.0.0.12:5022', 'TCP://10.0.0.12:5022'))).toEqual(hit);
  });

  it('is not found for another port, another host, or no URL', () => {
    expect(codes(withUrls('TCP://sql2.contoso.com:5022', 'TCP://sql2.contoso.com:1433'))).toEqual(
      [],
    );
    expect(codes(withUrls('TCP://sql2.contoso.com:5022', 'TCP://sql3.contoso.com:5022'))).toEqual(
      [],
    );
    // Two addresses of one subnet share a first label: addresses are compared whole.
    expect(codes(withUrls('TCP://10.0.0.12:5022', 'TCP://10.0.0.13:5022'))).toEqual([]);
    expect(codes(withUrls('TCP://sql2.contoso.com:5022', null))).toEqual([]);
  });
});
