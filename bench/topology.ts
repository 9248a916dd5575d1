import { type Config, resolveConfig } from '../core/model/config.js';

/**
 * The benchmarks' group: two synchronous-commit replicas with automatic failover and one
 * asynchronous replica (the seed 004 topology), with as many databases as a suite asks for.
 */
export const threeReplicas = (name: string, databases: readonly string[]): Config =>
  resolveConfig({
    name,
    version: 2019,
    databases,
    replicas: [
      {
        name: 'R1',
        endpointUrl: 'TCP://r1:5022',
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'AUTOMATIC',
      },
      {
        name: 'R2',
        endpointUrl: 'TCP://r2:5022',
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'AUTOMATIC',
      },
      {
        name: 'R3',
        endpointUrl: 'TCP://r3:5022',
        availabilityMode: 'ASYNCHRONOUS_COMMIT',
        failoverMode: 'MANUAL',
      },
    ],
  });

/**
 * The largest group SQL Server allows (a primary and eight secondaries, five of them synchronous
 * with automatic failover, as 2019 and later permit), readable secondaries with routing, a
 * listener, and `databases` databases named DB0001, DB0002, …
 */
export const nineReplicas = (name: string, databases: number): Config =>
  resolveConfig({
    name,
    version: 2022,
    databases: Array.from({ length: databases }, (_, i) => `DB${String(i + 1).padStart(4, '0')}`),
    listener: {
      name: 'biglistener',
      port: 1433,
      addresses: [{ address: '10.2.0.10', subnetMask: '255.255.255.0' }],
    },
    replicas: Array.from({ length: 9 }, (_, i) => ({
      name: `SQL${i + 1}`,
      endpointUrl: `TCP://sql${i + 1}.contoso.com:5022`,
      availabilityMode: i < 5 ? ('SYNCHRONOUS_COMMIT' as const) : ('ASYNCHRONOUS_COMMIT' as const),
      failoverMode: i < 5 ? ('AUTOMATIC' as const) : ('MANUAL' as const),
      backupPriority: 10 * (i + 1),
      secondaryRole: {
        allowConnections: 'READ_ONLY' as const,
        readOnlyRoutingUrl: `TCP://sql${i + 1}.contoso.com:1433`,
      },
      primaryRole: {
        readOnlyRoutingList: [
          [`SQL${((i + 1) % 9) + 1}`, `SQL${((i + 2) % 9) + 1}`],
          `SQL${i + 1}`,
        ],
      },
    })),
  });
