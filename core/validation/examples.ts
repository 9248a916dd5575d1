import {
  type Config,
  type ConfigInput,
  type ReplicaInput,
  resolveConfig,
} from '../model/config.js';
import { validateConfig } from './validate.js';

/**
 * Example configurations for the rule tests and the docs: a valid three-replica group in the
 * shape of examples/resync-three-replicas.json, and builders that change one thing at a time.
 */

export const exampleReplica = (
  name: string,
  options: Partial<ReplicaInput> = {},
): ReplicaInput => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}.contoso.com:5022`,
  availabilityMode: 'SYNCHRONOUS_COMMIT',
  failoverMode: 'MANUAL',
  ...options,
});

const readable = (name: string) => ({
  allowConnections: 'READ_ONLY' as const,
  readOnlyRoutingUrl: `TCP://${name.toLowerCase()}.contoso.com:1433`,
});

/** Two synchronous automatic-failover replicas routing reads to each other, and an async DR replica. */
export const EXAMPLE_INPUT: ConfigInput = {
  name: 'AGSales',
  version: 2019,
  databases: ['SalesDB'],
  listener: {
    name: 'ag-listener',
    port: 1433,
    addresses: [{ address: '10.0.0.50', subnetMask: '255.255.255.0' }],
  },
  replicas: [
    exampleReplica('SQLNODE1', {
      failoverMode: 'AUTOMATIC',
      secondaryRole: readable('SQLNODE1'),
      primaryRole: { readOnlyRoutingList: ['SQLNODE2', 'SQLNODE1'] },
    }),
    exampleReplica('SQLNODE2', {
      failoverMode: 'AUTOMATIC',
      secondaryRole: readable('SQLNODE2'),
      primaryRole: { readOnlyRoutingList: ['SQLNODE1', 'SQLNODE2'] },
    }),
    exampleReplica('SQLDR1', { availabilityMode: 'ASYNCHRONOUS_COMMIT', backupPriority: 60 }),
  ],
};

/** The example with some group options replaced, defaults applied. */
export const exampleConfig = (options: Partial<ConfigInput> = {}): Config =>
  resolveConfig({ ...EXAMPLE_INPUT, ...options });

/** The example with its replicas replaced by these names and options (the first is the primary). */
export const withReplicas = (
  replicas: readonly ReplicaInput[],
  options: Partial<ConfigInput> = {},
): Config => exampleConfig({ replicas, ...options });

/** The codes validateConfig returns for a configuration, in order. */
export const codesOf = (config: Config): readonly string[] =>
  validateConfig(config).map((r) => r.code);

/** n replicas named R1..Rn, all with the same options (R1 is the primary). */
export const replicasNamed = (n: number, options: Partial<ReplicaInput> = {}): ReplicaInput[] =>
  Array.from({ length: n }, (_, i) => exampleReplica(`R${i + 1}`, options));
