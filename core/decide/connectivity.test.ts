import { describe, expect, it } from 'vitest';
import { automaticReplica, Driver, loadExampleConfig } from '../cluster/test-support.js';
import { type ConfigInput, resolveConfig } from '../model/config.js';
import { connectThroughListener } from '../routing/listener.js';
import { connectWithFailoverPartner } from '../routing/mirroring.js';
import { connectToReplica } from '../routing/routing.js';

/** SEED003 "Client Connections" and S17 read/write connection redirection. */
const DB = 'SalesDB';

describe('a connection through the listener reaches the current primary', () => {
  const config = loadExampleConfig('resync-three-replicas.json');
  const readWrite = (ag: Driver) =>
    connectThroughListener(ag.facts(), { intent: 'READ_WRITE', database: DB });

  it('the listener has a DNS name, virtual IP addresses and a port', () => {
    expect(config.listener).toMatchObject({
      name: 'ag-listener',
      port: 1433,
      addresses: [{ address: '10.0.0.50' }],
    });
  });

  it('before any failover, after an automatic, a planned and a forced failover', () => {
    const ag = new Driver(config);
    expect(readWrite(ag)).toMatchObject({ outcome: 'connected', replica: 'SQLNODE1' });
    ag.do({ type: 'replica.crash', replica: 'SQLNODE1' });
    expect(readWrite(ag)).toMatchObject({ outcome: 'connected', replica: 'SQLNODE2' });
    ag.do({ type: 'replica.restart', replica: 'SQLNODE1' });
    ag.do({ type: 'ag.failover', target: 'SQLNODE1' });
    expect(readWrite(ag)).toMatchObject({ outcome: 'connected', replica: 'SQLNODE1' });
    ag.do({ type: 'replica.crash', replica: 'SQLNODE1' });
    ag.do({ type: 'replica.crash', replica: 'SQLNODE2' });
    expect(readWrite(ag).outcome).toBe('refused');
    ag.do({ type: 'ag.forceFailover', target: 'SQLDR1' });
    expect(readWrite(ag)).toMatchObject({ outcome: 'connected', replica: 'SQLDR1' });
  });
});

const two = (extra: Partial<ConfigInput> = {}, readable = false) =>
  resolveConfig({
    name: 'MIGRATED',
    version: 2019,
    databases: [DB],
    replicas: [
      automaticReplica('A'),
      {
        name: 'B',
        endpointUrl: 'TCP://b:5022',
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'AUTOMATIC',
        ...(readable ? { secondaryRole: { allowConnections: 'READ_ONLY' as const } } : {}),
      },
    ],
    ...extra,
  });

describe('a database mirroring connection string', () => {
  it('works with exactly two replicas and no readable secondary, following the primary', () => {
    const ag = new Driver(two());
    const request = { server: 'A', failoverPartner: 'B' };
    expect(connectWithFailoverPartner(ag.facts(), request)).toMatchObject({
      outcome: 'connected',
      replica: 'A',
    });
    ag.do({ type: 'ag.failover', target: 'B' });
    expect(connectWithFailoverPartner(ag.facts(), request)).toMatchObject({
      outcome: 'connected',
      replica: 'B',
    });
  });

  it('stops being enough once a third replica is added', () => {
    const base = two();
    const three = resolveConfig({
      ...base,
      replicas: [
        ...base.replicas,
        {
          name: 'C',
          endpointUrl: 'TCP://c:5022',
          availabilityMode: 'ASYNCHRONOUS_COMMIT',
          failoverMode: 'MANUAL',
        },
      ],
    } as ConfigInput);
    const v = connectWithFailoverPartner(new Driver(three).facts(), {
      server: 'A',
      failoverPartner: 'B',
    });
    expect(v.outcome).toBe('refused');
    expect(v.reasons.map((r) => r.code)).toEqual(['NOT_TWO_REPLICAS']);
  });

  it('is not for a group whose secondary is readable', () => {
    const v = connectWithFailoverPartner(new Driver(two({}, true)).facts(), {
      server: 'A',
      failoverPartner: 'B',
    });
    expect(v.reasons.map((r) => r.code)).toEqual(['READABLE_SECONDARY']);
  });
});

describe('read/write connection redirection (SQL Server 2019)', () => {
  const redirecting = (allow: 'READ_WRITE' | 'ALL') =>
    resolveConfig({
      name: 'RW',
      version: 2019,
      databases: [DB],
      replicas: [
        {
          name: 'A',
          endpointUrl: 'TCP://a:5022',
          availabilityMode: 'SYNCHRONOUS_COMMIT',
          failoverMode: 'AUTOMATIC',
          primaryRole: { allowConnections: allow, readWriteRoutingUrl: 'TCP://a:1433' },
          secondaryRole: { allowConnections: 'ALL', readOnlyRoutingUrl: 'TCP://a:1433' },
        },
        {
          name: 'B',
          endpointUrl: 'TCP://b:5022',
          availabilityMode: 'SYNCHRONOUS_COMMIT',
          failoverMode: 'AUTOMATIC',
          primaryRole: { allowConnections: allow, readWriteRoutingUrl: 'TCP://b:1433' },
          secondaryRole: { allowConnections: 'ALL', readOnlyRoutingUrl: 'TCP://b:1433' },
        },
      ],
    });

  it.each(['READ_WRITE', 'ALL'] as const)(
    'a read-write connection to the secondary is redirected to the primary (primary ALLOW_CONNECTIONS = %s)',
    (allow) => {
      const ag = new Driver(redirecting(allow));
      expect(
        connectToReplica(ag.facts(), { replica: 'B', intent: 'READ_WRITE', database: DB }),
      ).toMatchObject({ outcome: 'redirected', replica: 'A' });
      ag.do({ type: 'ag.failover', target: 'B' });
      expect(
        connectToReplica(ag.facts(), { replica: 'A', intent: 'READ_WRITE', database: DB }),
      ).toMatchObject({ outcome: 'redirected', replica: 'B' });
    },
  );
});
