import { describe, expect, it } from 'vitest';
import type { Config, ConfigInput } from '../model/config.js';
import { exampleConfig, exampleReplica, withReplicas } from './examples.js';
import {
  describeRelease,
  describeSince,
  FEATURES,
  type Feature,
  featureAvailability,
  featureEntry,
  type Release,
} from './limits.js';
import { validateConfig } from './validate.js';

const manual = [exampleReplica('A'), exampleReplica('B')];
const member = (name: string) => ({
  name,
  listenerUrl: `TCP://${name.toLowerCase()}-listener.contoso.com:5022`,
  availabilityMode: 'ASYNCHRONOUS_COMMIT' as const,
  failoverMode: 'MANUAL' as const,
});
const distributed: Partial<ConfigInput> = {
  kind: 'DISTRIBUTED',
  replicas: [],
  databases: [],
  listener: null,
  members: [member('AG1'), member('AG2')],
};

/** A release as configuration options. */
const on = (at: Release): Partial<ConfigInput> => ({
  version: at.version,
  cumulativeUpdate: at.cumulativeUpdate === null ? null : at.cumulativeUpdate,
});

/** Features no configuration holds: only a statement writes them (adapters/tsql/versions.ts). */
const WRITTEN_ONLY = [
  'ALTER_DTC_SUPPORT',
  'ROUTING_URL_NONE',
  'LISTENER_REMOVE_IP',
  'OFFLINE_STATEMENT',
  'LINK_TSQL_FAILOVER',
  'FAILOVER_MODE_EXTERNAL',
] as const;
type ConfigFeature = Exclude<Feature, (typeof WRITTEN_ONLY)[number]>;
const CONFIG_FEATURES = FEATURES.filter(
  (f): f is ConfigFeature => !(WRITTEN_ONLY as readonly Feature[]).includes(f),
);

/** For each feature: a configuration using it, the last release without it, the first with it
 * (a bare number is that version's newest cumulative update). */
const CASES: {
  readonly [F in ConfigFeature]: readonly [
    (at: Release) => Config,
    Release | number,
    Release | number,
  ];
} = {
  AUTOMATIC_SEEDING: [
    (at) =>
      withReplicas(
        [exampleReplica('A'), exampleReplica('B', { seedingMode: 'AUTOMATIC' })],
        on(at),
      ),
    2014,
    2016,
  ],
  BASIC_AVAILABILITY_GROUP: [
    (at) => withReplicas(manual, { ...on(at), kind: 'BASIC' }),
    2014,
    2016,
  ],
  DISTRIBUTED_AVAILABILITY_GROUP: [
    (at) => exampleConfig({ ...on(at), ...distributed }),
    2014,
    2016,
  ],
  LOAD_BALANCED_READ_ONLY_ROUTING: [
    (at) =>
      withReplicas(
        [
          exampleReplica('A', { primaryRole: { readOnlyRoutingList: [['B']] } }),
          exampleReplica('B', {
            secondaryRole: { allowConnections: 'ALL', readOnlyRoutingUrl: 'TCP://b:1433' },
          }),
        ],
        on(at),
      ),
    2014,
    2016,
  ],
  DB_FAILOVER: [(at) => exampleConfig({ ...on(at), dbFailover: 'ON' }), 2014, 2016],
  DTC_SUPPORT: [(at) => exampleConfig({ ...on(at), dtcSupport: 'PER_DB' }), 2014, 2016],
  CLUSTER_TYPE: [(at) => withReplicas(manual, { ...on(at), clusterType: 'NONE' }), 2016, 2017],
  REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: [
    (at) => exampleConfig({ ...on(at), requiredSynchronizedSecondariesToCommit: 1 }),
    2016,
    2017,
  ],
  CONFIGURATION_ONLY_REPLICA: [
    (at) =>
      withReplicas([...manual, exampleReplica('W', { availabilityMode: 'CONFIGURATION_ONLY' })], {
        ...on(at),
        clusterType: 'NONE',
      }),
    { version: 2017, cumulativeUpdate: 0 },
    { version: 2017, cumulativeUpdate: 1 },
  ],
  READ_WRITE_ROUTING_URL: [
    (at) =>
      withReplicas(
        [exampleReplica('A', { primaryRole: { readWriteRoutingUrl: 'TCP://a:1433' } })],
        {
          ...on(at),
        },
      ),
    2017,
    2019,
  ],
  WRITE_LEASE_VALIDITY: [(at) => exampleConfig({ ...on(at), writeLeaseValidity: 20 }), 2017, 2019],
  CONTAINED_AVAILABILITY_GROUP: [
    (at) => exampleConfig({ ...on(at), kind: 'CONTAINED' }),
    2019,
    2022,
  ],
  DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: [
    (at) =>
      exampleConfig({ ...on(at), ...distributed, requiredSynchronizedSecondariesToCommit: 1 }),
    2019,
    2022,
  ],
  AUTOSEEDING_SYSTEM_DATABASES: [
    (at) =>
      exampleConfig({
        ...on(at),
        kind: 'CONTAINED',
        contained: { autoseedingSystemDatabases: true },
      }),
    2022,
    2025,
  ],
  CLUSTER_CONNECTION_OPTIONS: [
    (at) => exampleConfig({ ...on(at), clusterConnectionOptions: 'Encrypt=Strict' }),
    2022,
    2025,
  ],
};

describe('features by version (ag-rules §2.2)', () => {
  const release = (r: Release | number): Release =>
    typeof r === 'number' ? { version: r as Release['version'], cumulativeUpdate: null } : r;

  it.each(CONFIG_FEATURES)('%s: refused before, accepted from its first version', (feature) => {
    const [build, before, since] = CASES[feature];
    expect(validateConfig(build(release(since)))).toEqual([]);
    const reasons = validateConfig(build(release(before)));
    expect(reasons.map((r) => r.code)).toEqual(['FEATURE_NOT_IN_VERSION']);
    expect(reasons[0]?.rule).toEqual(featureEntry(feature).rule);
    expect(reasons[0]?.message).toContain(describeRelease(release(before)));
    expect(reasons[0]?.message).toContain(describeSince(featureEntry(feature).since));
  });

  it('changing DTC_SUPPORT needs 2016 SP2: unknown where only the major version is known (S3)', () => {
    const at = (release: Release) => featureAvailability(release, 'ALTER_DTC_SUPPORT');
    expect(at({ version: 2014, cumulativeUpdate: null })).toBe(false);
    expect(at({ version: 2016, cumulativeUpdate: null, productVersion: null })).toBe('unknown');
    expect(at({ version: 2016, cumulativeUpdate: null, productVersion: '13.0.4001.0' })).toBe(
      false,
    );
    expect(at({ version: 2016, cumulativeUpdate: null, productVersion: '13.0.5026.0' })).toBe(true);
    expect(at({ version: 2017, cumulativeUpdate: null, productVersion: null })).toBe(true);
  });

  it('NONE for a routing URL is SQL Server 2025 syntax (S3)', () => {
    expect(featureAvailability({ version: 2022, cumulativeUpdate: null }, 'ROUTING_URL_NONE')).toBe(
      false,
    );
    expect(featureAvailability({ version: 2025, cumulativeUpdate: 0 }, 'ROUTING_URL_NONE')).toBe(
      true,
    );
  });

  it('needs CU 1 of 2017 for a configuration-only replica; no CU means the newest', () => {
    const [build] = CASES.CONFIGURATION_ONLY_REPLICA;
    const at = (cumulativeUpdate: number | null) =>
      validateConfig(build({ version: 2017, cumulativeUpdate })).map((r) => r.code);
    expect(at(0)).toEqual(['FEATURE_NOT_IN_VERSION']);
    expect(at(1)).toEqual([]);
    expect(at(null)).toEqual([]);
  });

  it('reports each use: two replicas seeding automatically in 2014 give two reasons', () => {
    const replicas = [
      exampleReplica('A', { seedingMode: 'AUTOMATIC' }),
      exampleReplica('B', { seedingMode: 'AUTOMATIC' }),
    ];
    const reasons = validateConfig(withReplicas(replicas, { version: 2014 }));
    expect(reasons.map((r) => r.code)).toEqual([
      'FEATURE_NOT_IN_VERSION',
      'FEATURE_NOT_IN_VERSION',
    ]);
    expect(reasons.map((r) => r.message.slice(0, 11))).toEqual(["Replica 'A'", "Replica 'B'"]);
  });
});
