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
