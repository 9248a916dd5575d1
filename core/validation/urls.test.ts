import { describe, expect, it } from 'vitest';
import { codesOf, exampleConfig, exampleReplica, withReplicas } from './examples.js';
import { parseLinkUrl, parseTcpUrl } from './urls.js';
import { judgeConfig, validateConfig } from './validate.js';

describe('parseTcpUrl (ag-rules §1.2 ENDPOINT_URL, S51)', () => {
  it.each([
    ['TCP://sqlnode1.contoso.com:5022', 'sqlnode1.contoso.com', 5022],
    ['tcp://SQLNODE1:7022', 'SQLNODE1', 7022],
    ['TCP://10.0.0.11:5022', '10.0.0.11', 5022],
    ['TCP://[2001:4898:f0:f00f::cf3c]:7022', '[2001:4898:f0:f00f::cf3c]', 7022],
    ['TCP://h:1', 'h', 1],
    ['TCP://h:65535', 'h', 65535],
  ])('reads %j', (text, host, port) => {
    expect(parseTcpUrl(text)).toEqual({ host, port });
  });

  it.each([
    'sqlnode1.contoso.com:5022',
    'http://sqlnode1:5022',
    'TCP://sqlnode1',
    'TCP://sqlnode1:0',
    'TCP://sqlnode1:65536',
    'TCP://2001:db8::1:5022',
    'TCP://sqlnode1:5022/',
    'TCP://:5022',
    'TCP://.contoso.com:5022',
    ' TCP://sqlnode1:5022',
    'TCP://[]:5022',
    'TCP://[:]:5022',
    'TCP://[10.0.0.1]:5022',
  ])('refuses %j', (text) => {
    expect(parseTcpUrl(text)).toBeUndefined();
  });
});

describe('URL rules', () => {
  const a = exampleReplica('A');

  it('refuses an ENDPOINT_URL without a port, naming replica and value', () => {
    const b = exampleReplica('B', { endpointUrl: 'TCP://sqlnode2.contoso.com' });
    const reasons = validateConfig(withReplicas([a, b]));
    expect(reasons.map((r) => r.code)).toEqual(['INVALID_ENDPOINT_URL']);
    expect(reasons[0]?.message).toContain("'B'");
    expect(reasons[0]?.message).toContain("'TCP://sqlnode2.contoso.com'");
  });

  it('refuses two replicas with one endpoint (host compared without case)', () => {
    const b = exampleReplica('B', { endpointUrl: 'TCP://A.CONTOSO.COM:5022' });
    expect(codesOf(withReplicas([a, b]))).toEqual(['DUPLICATE_ENDPOINT_URL']);
  });

  it('accepts one host with two ports (two instances)', () => {
    const b = exampleReplica('B', { endpointUrl: 'TCP://a.contoso.com:5023' });
    expect(codesOf(withReplicas([a, b]))).toEqual([]);
  });

  it('refuses a READ_ONLY_ROUTING_URL that is not TCP://host:port', () => {
    const b = exampleReplica('B', {
      secondaryRole: { allowConnections: 'READ_ONLY', readOnlyRoutingUrl: 'b.contoso.com:1433' },
    });
    expect(codesOf(withReplicas([a, b]))).toEqual(['INVALID_ROUTING_URL']);
  });

  // S145: "You can omit the port in the URL if it is the default 1433 port"; Msg 19401 (S66) asks
  // for 'TCP://system-address:port'. The page speaks of READ_ONLY_ROUTING_URL only.
  it('leaves a READ_ONLY_ROUTING_URL without a port unknown, with the named instance noted', () => {
    const b = exampleReplica('B\\INST1', {
      endpointUrl: 'TCP://b.contoso.com:5022',
      secondaryRole: { allowConnections: 'READ_ONLY', readOnlyRoutingUrl: 'TCP://b.contoso.com' },
    });
    const judged = judgeConfig(withReplicas([a, b]));
    expect(judged.violations).toEqual([]);
    expect(judged.unknown.map((u) => u.code)).toEqual(['ROUTING_URL_PORT_OMITTED']);
    expect(judged.unknown[0]?.message).toContain('connects to b.contoso.com on port 1433');
    expect(judged.unknown[0]?.message).toContain("'B\\INST1' is a named instance");
  });

  it('refuses a READ_WRITE_ROUTING_URL without a port', () => {
    const b = exampleReplica('B', { primaryRole: { readWriteRoutingUrl: 'TCP://b.contoso.com' } });
    expect(codesOf(withReplicas([a, b]))).toEqual(['INVALID_ROUTING_URL']);
  });

  it('refuses a READ_WRITE_ROUTING_URL that is not TCP://host:port', () => {
    const b = exampleReplica('B', { primaryRole: { readWriteRoutingUrl: 'TCP://b:port' } });
    expect(codesOf(withReplicas([a, b]))).toEqual(['INVALID_ROUTING_URL']);
  });

  it("refuses a distributed member's LISTENER_URL that is not TCP://host:port", () => {
    const config = exampleConfig({
      version: 2019,
      kind: 'DISTRIBUTED',
      replicas: [],
      databases: [],
      listener: null,
      members: [
        {
          name: 'AG1',
          listenerUrl: 'TCP://ag1-listener.contoso.com:5022',
          availabilityMode: 'ASYNCHRONOUS_COMMIT',
          failoverMode: 'MANUAL',
        },
        {
          name: 'AG2',
          listenerUrl: 'ag2-listener.contoso.com',
          availabilityMode: 'ASYNCHRONOUS_COMMIT',
          failoverMode: 'MANUAL',
        },
      ],
    });
    const reasons = validateConfig(config);
    expect(reasons.map((r) => r.code)).toEqual(['INVALID_ENDPOINT_URL']);
    expect(reasons[0]?.message).toContain("'AG2'");
  });
});

/*
 * "Configure link with scripts" (Azure SQL Managed Instance, S83): the managed instance's member
 * of the link's distributed group is written LISTENER_URL = 'tcp://<ManagedInstanceFQDN>:5022;
 * Server=[<ManagedInstanceName>]' (and ';Database=[<DatabaseName>]' when the managed instance is
 * the initial primary); the link needs SQL Server 2022, or 2019 CU15 / 2016 SP3 with the Azure
 * Connect pack ("Managed Instance link feature overview", Prerequisites).
 */
describe('the Managed Instance link form of LISTENER_URL', () => {
  it.each([
    ['tcp://sqlmi1.73d19f36a420a.database.windows.net:5022;Server=[sqlmi1]'],
    ['tcp://sqlmi1.73d19f36a420a.database.windows.net:5022;Server=[sqlmi1];Database=[db1]'],
  ])('reads %j as the endpoint and the redirect', (text) => {
    expect(parseLinkUrl(text)).toEqual({
      host: 'sqlmi1.73d19f36a420a.database.windows.net',
      port: 5022,
    });
  });

  it.each([
    'TCP://sqlmi1:5022',
    'TCP://sqlmi1:5022;',
    'TCP://sqlmi1:5022;Server=sqlmi1',
    'TCP://sqlmi1:5022;Port=[1]',
    'TCP://sqlmi1;Server=[sqlmi1]',
  ])('does not read %j', (text) => {
    expect(parseLinkUrl(text)).toBeUndefined();
  });

  const link = (version: 2016 | 2017 | 2019 | 2022) =>
    exampleConfig({
      version,
      kind: 'DISTRIBUTED',
      replicas: [],
      databases: [],
      listener: null,
      members: [
        {
          name: 'AG_db1',
          listenerUrl: 'TCP://10.0.0.1:5022',
          availabilityMode: 'ASYNCHRONOUS_COMMIT',
          failoverMode: 'MANUAL',
        },
        {
          name: 'sqlmi1',
          listenerUrl: 'tcp://sqlmi1.73d19f36a420a.database.windows.net:5022;Server=[sqlmi1]',
          availabilityMode: 'ASYNCHRONOUS_COMMIT',
          failoverMode: 'MANUAL',
        },
      ],
    });

  it('is valid on SQL Server 2022, never an invalid endpoint', () => {
    expect(judgeConfig(link(2022))).toEqual({ violations: [], unknown: [] });
  });

  it('is unknown on 2016 and 2019, where it needs a servicing update the version does not say', () => {
    for (const version of [2016, 2019] as const) {
      const judged = judgeConfig(link(version));
      expect(judged.violations).toEqual([]);
      expect(judged.unknown.map((r) => [r.code, r.settledBy])).toEqual([
        ['LINK_LISTENER_URL_BUILD_UNKNOWN', ["SERVERPROPERTY('ProductVersion')"]],
      ]);
    }
  });

  // 'Managed Instance link feature overview' (S83), Prerequisites: "SQL Server 2017 (14.x) | N/A |
  // Not supported | Not supported | N/A", while 2016 and 2019 have their servicing updates.
  it('is refused: no servicing update brings the link to 2017', () => {
    const judged = judgeConfig(link(2017));
    expect(judged.unknown).toEqual([]);
    expect(judged.violations.map((r) => r.code)).toEqual(['LINK_NOT_SUPPORTED_ON_VERSION']);
    expect(judged.violations[0]?.message).toContain('not supported on SQL Server 2017');
  });
});

describe('template placeholders in URLs', () => {
  // The documentation's scripts write TCP://LinAGN1.FullyQualified.Name:<PortOfEndpoint>: not a
  // wrong URL, a value the script does not give yet.
  it('is unknown, naming the placeholder and what settles it, never an invalid endpoint', () => {
    const config = withReplicas([
      exampleReplica('A', { endpointUrl: 'TCP://<node1>:<5022>' }),
      exampleReplica('B'),
    ]);
    const judged = judgeConfig(config);
    expect(judged.violations.map((r) => r.code)).not.toContain('INVALID_ENDPOINT_URL');
    expect(judged.unknown.map((r) => [r.code, r.settledBy])).toEqual([
      ['URL_PLACEHOLDER', ['ENDPOINT_URL with the real address and port']],
    ]);
    expect(judged.unknown[0]?.message).toContain('<node1>, <5022>');
  });

  it('still refuses a URL that is wrong without a placeholder', () => {
    const config = withReplicas([
      exampleReplica('A', { endpointUrl: 'TCP://node1' }),
      exampleReplica('B'),
    ]);
    expect(codesOf(config)).toEqual(['INVALID_ENDPOINT_URL']);
  });
});
