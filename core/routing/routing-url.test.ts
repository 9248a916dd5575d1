import { describe, expect, it } from 'vitest';
import type { Listener, Replica } from '../model/config.js';
import { exampleConfig } from '../validation/examples.js';
import { routingUrlOnListener, routingUrlOnMirroringEndpoint } from './routing-url.js';

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

const listener: Listener = {
  name: 'ag1-lsn',
  port: 1433,
  dhcp: false,
  addresses: [{ address: '10.0.0.50', subnetMask: '255.255.255.0' }],
};
const onListener = (url: string | null, l: Listener | null = listener) =>
  routingUrlOnListener(withUrls('TCP://sql2.contoso.com:5022', url), l, 'SQL1').map((x) => x.code);

describe('a READ_ONLY_ROUTING_URL that names the listener (S144, S13)', () => {
  it("is found for the listener's name (NetBIOS or FQDN, any case) or address, on its port", () => {
    const hit = ['ROUTING_URL_IS_LISTENER'];
    expect(onListener('TCP://ag1-lsn.contoso.com:1433')).toEqual(hit);
    expect(onListener('tcp://AG1-LSN:1433')).toEqual(hit);
    expect(onListener('TCP://10.0.0.50:1433')).toEqual(hit);
  });

  it("is not found for the replica's own host, another port of the listener, or no listener", () => {
    expect(onListener('TCP://sql2.contoso.com:1433')).toEqual([]);
    // Whether the primary's instance answers on the listener's address outside the listener is
    // not in the facts: not judged.
    expect(onListener('TCP://ag1-lsn.contoso.com:1434')).toEqual([]);
    expect(onListener('TCP://10.0.0.51:1433')).toEqual([]);
    expect(onListener('TCP://ag1-lsn.contoso.com:1433', null)).toEqual([]);
    expect(onListener(null)).toEqual([]);
  });
});
