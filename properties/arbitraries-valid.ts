import fc from 'fast-check';
import type {
  Config,
  ContainedOptions,
  DistributedMember,
  Listener,
  ListenerAddress,
  Replica,
  RoutingEntry,
  RoutingList,
} from '../core/model/config.js';
import type { ClusterType } from '../core/model/enums.js';
import { sysnameProblem } from '../core/model/names.js';
import { type Feature, hasFeature, limitsFor, type Release } from '../core/validation/limits.js';
import { ipv4Subnet } from '../core/validation/urls.js';
import {
  automatedBackupPreferenceArb,
  clusterTypeArb,
  dtcSupportArb,
  failureConditionLevelArb,
  intBetween,
  nullable,
  onOffArb,
  primaryAllowConnectionsArb,
  rec,
  secondaryAllowConnectionsArb,
  seedingModeArb,
  sqlServerVersionArb,
} from './arbitraries-model.js';

/**
 * Configurations that pass validateConfig (core/validation/validate.ts), for suites that need a
 * valid availability group to start from.
 */

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A release: any version, its newest cumulative update or a numbered one (0 = RTM). */
export const releaseArb: fc.Arbitrary<Release> = rec({
  version: sqlServerVersionArb,
  cumulativeUpdate: nullable(fc.integer({ min: 0, max: 30 })),
});

/** `system_name` or `system_name\instance_name`. */
export const replicaNameArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,14}$/),
    fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/), { nil: undefined }),
  )
  .map(([host, instance]) => (instance === undefined ? host : `${host}\\${instance}`));

const databaseNameArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/);

const ipv4Arb = fc
  .tuple(
    fc.integer({ min: 1, max: 223 }),
    fc.nat(255),
    fc.nat(255),
    fc.integer({ min: 1, max: 254 }),
  )
  .map((octets) => octets.join('.'));
const maskArb = fc.integer({ min: 8, max: 30 }).map((bits) => {
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 255).join('.');
});
const ipv6Arb = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .map((groups) => groups.map((g) => g.toString(16)).join(':'));
const ipv4AddressArb: fc.Arbitrary<ListenerAddress> = rec({
  address: ipv4Arb,
  subnetMask: maskArb,
});
const ipv6AddressArb: fc.Arbitrary<ListenerAddress> = rec({ address: ipv6Arb });

/** A listener that passes the listener rules: DHCP with at most one IPv4, or static IPs. */
export const validListenerArb: fc.Arbitrary<Listener> = fc
  .record({
    name: fc.stringMatching(/^[A-Za-z0-9_-]{1,63}$/),
    port: intBetween(1, 65535),
    dhcp: fc.boolean(),
  })
  .chain((l) =>
    fc
      .array(l.dhcp ? ipv4AddressArb : fc.oneof(ipv4AddressArb, ipv6AddressArb), {
        minLength: l.dhcp ? 0 : 1,
        maxLength: l.dhcp ? 1 : 3,
      })
      // One IPv4 address for each subnet (Msg 19451).
      .filter((addresses) => {
        const subnets = addresses.flatMap((a) =>
          a.subnetMask === undefined ? [] : [ipv4Subnet(a.address, a.subnetMask)],
        );
        return new Set(subnets).size === subnets.length;
      })
      .map((addresses) => ({ ...l, addresses })),
  );

/** The shape a valid group takes before its replicas are filled in. */
interface Frame {
  readonly release: Release;
  readonly kind: 'STANDARD' | 'BASIC' | 'CONTAINED';
  readonly clusterType: ClusterType;
  readonly dataReplicas: number;
  /** Where the configuration-only replica goes (never 0, the primary), or none. */
  readonly configOnlyAt: number | null;
}

const frameArb: fc.Arbitrary<Frame> = releaseArb.chain((release) => {
  const has = (f: Feature) => hasFeature(release, f);
  // Mostly advanced groups: BASIC and CONTAINED have fewer shapes to explore.
  const kindArb = fc.oneof(
    { weight: 4, arbitrary: fc.constant('STANDARD' as const) },
    ...(has('BASIC_AVAILABILITY_GROUP') ? [fc.constant('BASIC' as const)] : []),
    ...(has('CONTAINED_AVAILABILITY_GROUP') ? [fc.constant('CONTAINED' as const)] : []),
  );
  return fc
    .record({
      kind: kindArb,
      clusterType: has('CLUSTER_TYPE') ? clusterTypeArb : fc.constant('WSFC' as const),
    })
    .chain(({ kind, clusterType }) => {
      const max =
        kind === 'BASIC' ? 2 : limitsFor(release.version).maxReplicasIncludingPrimary.value;
      const configOnly = clusterType !== 'WSFC' && has('CONFIGURATION_ONLY_REPLICA');
      return fc
        .integer({ min: 2, max })
        .chain((dataReplicas) =>
          (configOnly
            ? nullable(fc.integer({ min: 1, max: dataReplicas }))
            : fc.constant(null)
          ).map((configOnlyAt) => ({ release, kind, clusterType, dataReplicas, configOnlyAt })),
        );
    });
});

/** Per-replica options that no other replica constrains. */
const replicaChoicesArb = (frame: Frame) => {
  const has = (f: Feature) => hasFeature(frame.release, f);
  return rec({
    seedingMode: has('AUTOMATIC_SEEDING') ? seedingModeArb : fc.constant('MANUAL' as const),
    backupPriority: intBetween(0, 100),
    sessionTimeout: intBetween(5, 120),
    hostedByFci: fc.boolean(),
    allowConnections:
      frame.kind === 'BASIC' ? fc.constant('NO' as const) : secondaryAllowConnectionsArb,
    primaryAllowConnections: primaryAllowConnectionsArb,
    routingUrl: fc.boolean(),
    readWriteRoutingUrl: has('READ_WRITE_ROUTING_URL') ? fc.boolean() : fc.constant(false),
    hostStyle: fc.constantFrom('fqdn', 'ipv4', 'ipv6'),
  });
};

const hostFor = (i: number, style: 'fqdn' | 'ipv4' | 'ipv6'): string =>
  style === 'fqdn'
    ? `node${i}.contoso.com`
    : style === 'ipv4'
      ? `10.0.0.${i + 1}`
      : `[fd00::${(i + 1).toString(16)}]`;

/** Data replicas with valid modes: sync within the limit, automatic only on WSFC and sync. */
const dataReplicasArb = (frame: Frame): fc.Arbitrary<Replica[]> => {
  const limits = limitsFor(frame.release.version);
  const n = frame.dataReplicas;
  const maxSync = Math.min(n, limits.maxSynchronousCommitIncludingPrimary.value);
  const maxAuto =
    frame.clusterType === 'WSFC' ? limits.maxAutomaticFailoverIncludingPrimary.value : 0;
  // Counts first, uniformly, so that many synchronous and automatic replicas are as likely as few.
  const subsetOf = (items: number[], max: number) =>
    fc
      .integer({ min: 0, max })
      .chain((k) => fc.shuffledSubarray(items, { minLength: k, maxLength: k }));
  return subsetOf(range(n), maxSync)
    .chain((sync) =>
      fc.record({
        sync: fc.constant(new Set(sync)),
        auto: subsetOf(sync, Math.min(sync.length, maxAuto)).map((a) => new Set(a)),
        names: fc.uniqueArray(replicaNameArb, {
          minLength: n,
          maxLength: n,
          selector: (s) => s.toLowerCase(),
        }),
        choices: fc.array(replicaChoicesArb(frame), { minLength: n, maxLength: n }),
      }),
    )
    .map(({ sync, auto, names: replicaNames, choices }) =>
      choices.map((c, i): Replica => {
        const failoverMode =
          frame.clusterType === 'EXTERNAL' ? 'EXTERNAL' : auto.has(i) ? 'AUTOMATIC' : 'MANUAL';
        return {
          name: replicaNames[i]!,
          endpointUrl: `TCP://${hostFor(i, c.hostStyle)}:${5022 + i}`,
          availabilityMode: sync.has(i) ? 'SYNCHRONOUS_COMMIT' : 'ASYNCHRONOUS_COMMIT',
          failoverMode,
          seedingMode: c.seedingMode,
          backupPriority: c.backupPriority,
          sessionTimeout: c.sessionTimeout,
          hostedByFci: failoverMode === 'MANUAL' && frame.clusterType === 'WSFC' && c.hostedByFci,
          secondaryRole: {
            allowConnections: c.allowConnections,
            readOnlyRoutingUrl: c.routingUrl ? `TCP://node${i}.contoso.com:1433` : null,
          },
          primaryRole: {
            allowConnections: c.primaryAllowConnections,
            readOnlyRoutingList: [],
            readWriteRoutingUrl: c.readWriteRoutingUrl ? `TCP://node${i}.contoso.com:1433` : null,
          },
        };
      }),
    );
};

/** The configuration-only replica; its name is one no data replica uses. */
const configOnlyReplica = (frame: Frame, name: string, i: number): Replica => ({
  name,
  endpointUrl: `TCP://witness${i}.contoso.com:5022`,
  availabilityMode: 'CONFIGURATION_ONLY',
  failoverMode: frame.clusterType === 'EXTERNAL' ? 'EXTERNAL' : 'MANUAL',
  seedingMode: 'MANUAL',
  backupPriority: 0,
  sessionTimeout: 10,
  hostedByFci: false,
  secondaryRole: { allowConnections: 'NO', readOnlyRoutingUrl: null },
  primaryRole: { allowConnections: 'ALL', readOnlyRoutingList: [], readWriteRoutingUrl: null },
});

/** A routing list over some of the eligible names, load-balanced sets only where the version has them. */
const routingListOver = (eligible: readonly string[], nested: boolean): fc.Arbitrary<RoutingList> =>
  fc.shuffledSubarray([...eligible]).chain((picked) =>
    fc
      .array(fc.tuple(fc.integer({ min: 1, max: 3 }), nested ? fc.boolean() : fc.constant(false)), {
        minLength: picked.length,
        maxLength: picked.length,
      })
      .map((chunks) => {
        const list: RoutingEntry[] = [];
        let at = 0;
        for (const [size, asSet] of chunks) {
          if (at >= picked.length) break;
          const chunk = picked.slice(at, at + size);
          at += chunk.length;
          if (asSet) list.push(chunk);
          else list.push(...chunk);
        }
        return list;
      }),
  );

const withRoutingLists = (frame: Frame, replicas: readonly Replica[]): fc.Arbitrary<Replica[]> => {
  const eligible = replicas
    .filter(
      (r) =>
        r.secondaryRole.allowConnections !== 'NO' && r.secondaryRole.readOnlyRoutingUrl !== null,
    )
    .map((r) => r.name);
  const nested = hasFeature(frame.release, 'LOAD_BALANCED_READ_ONLY_ROUTING');
  return fc.tuple(...replicas.map(() => routingListOver(eligible, nested))).map((lists) =>
    replicas.map((r, i) => ({
      ...r,
      primaryRole: { ...r.primaryRole, readOnlyRoutingList: lists[i] ?? [] },
    })),
  );
};

const replicasArb = (frame: Frame): fc.Arbitrary<Replica[]> =>
  dataReplicasArb(frame)
    .chain((data) => withRoutingLists(frame, data))
    .chain((data) =>
      replicaNameArb
        .filter((name) => data.every((r) => r.name.toLowerCase() !== name.toLowerCase()))
        .map((witness) => {
          if (frame.configOnlyAt === null) return data;
          const at = frame.configOnlyAt;
          return [...data.slice(0, at), configOnlyReplica(frame, witness, at), ...data.slice(at)];
        }),
    );

/** Group options valid for the frame's release and replica count. */
const groupOptionsArb = (frame: Frame, replicaCount: number) => {
  const has = (f: Feature) => hasFeature(frame.release, f);
  const optional = <A>(feature: Feature, arb: fc.Arbitrary<A>) =>
    has(feature) ? nullable(arb) : fc.constant(null);
  return rec({
    name: fc.string({ minLength: 1, maxLength: 40 }).filter((n) => sysnameProblem(n) === null),
    automatedBackupPreference: automatedBackupPreferenceArb,
    failureConditionLevel: failureConditionLevelArb,
    healthCheckTimeout: fc.oneof(
      fc.integer({ min: 15000, max: 2147483647 }),
      fc.constantFrom(15000, 30000, 4294967295),
    ),
    dbFailover: has('DB_FAILOVER') ? onOffArb : fc.constant('OFF' as const),
    dtcSupport: has('DTC_SUPPORT') ? dtcSupportArb : fc.constant('NONE' as const),
    requiredSynchronizedSecondariesToCommit: has('REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT')
      ? intBetween(0, replicaCount - 1)
      : fc.constant(0),
    databases: fc.uniqueArray(databaseNameArb, {
      minLength: frame.kind === 'BASIC' ? 1 : 0,
      maxLength: frame.kind === 'BASIC' ? 1 : 5,
    }),
    listener: nullable(validListenerArb),
    writeLeaseValidity: optional('WRITE_LEASE_VALIDITY', intBetween(1, 120)),
    clusterConnectionOptions: optional('CLUSTER_CONNECTION_OPTIONS', fc.constant('Encrypt=Strict')),
    contained:
      frame.kind !== 'CONTAINED'
        ? fc.constant({})
        : fc.constantFrom<ContainedOptions>(
            {},
            { reuseSystemDatabases: true },
            ...(has('AUTOSEEDING_SYSTEM_DATABASES') ? [{ autoseedingSystemDatabases: true }] : []),
          ),
  });
};

/**
 * Configurations that pass validateConfig: any version and cumulative update, 2 to 9 replicas
 * that hold data (5 in 2012, 2 for BASIC) plus at times a configuration-only one, random
 * availability and failover modes within the version's limits, routing lists, a listener.
 */
export const validConfigArb: fc.Arbitrary<Config> = frameArb.chain((frame) =>
  replicasArb(frame).chain((replicas) =>
    groupOptionsArb(frame, replicas.length).map(
      (options): Config => ({
        ...options,
        version: frame.release.version,
        cumulativeUpdate: frame.release.cumulativeUpdate,
        clusterType: frame.clusterType,
        kind: frame.kind,
        members: [],
        replicas,
      }),
    ),
  ),
);

// The index ends each name, so the two members never share one.
const validMemberArb = (i: number): fc.Arbitrary<DistributedMember> =>
  rec({
    name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,30}$/).map((n) => `${n}${i}`),
    listenerUrl: fc.constant(`TCP://ag${i}-listener.contoso.com:5022`),
    availabilityMode: fc.constantFrom(
      'SYNCHRONOUS_COMMIT' as const,
      'ASYNCHRONOUS_COMMIT' as const,
    ),
    failoverMode: fc.constant('MANUAL' as const),
    seedingMode: seedingModeArb,
  });

/** Distributed configurations (2016 and later) that pass validateConfig: two member groups. */
export const validDistributedConfigArb: fc.Arbitrary<Config> = releaseArb
  .filter((r) => hasFeature(r, 'DISTRIBUTED_AVAILABILITY_GROUP'))
  .chain((release) => {
    const frame: Frame = {
      release,
      kind: 'STANDARD',
      clusterType: 'WSFC',
      dataReplicas: 0,
      configOnlyAt: null,
    };
    const rsstc = hasFeature(release, 'DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT');
    return fc
      .record({
        options: groupOptionsArb(frame, 2),
        members: fc.tuple(validMemberArb(1), validMemberArb(2)),
        requiredSynchronizedSecondariesToCommit: rsstc ? intBetween(0, 1) : fc.constant(0),
      })
      .map(
        ({ options, members, requiredSynchronizedSecondariesToCommit }): Config => ({
          ...options,
          requiredSynchronizedSecondariesToCommit,
          databases: [],
          listener: null,
          version: release.version,
          cumulativeUpdate: release.cumulativeUpdate,
          clusterType: 'WSFC',
          kind: 'DISTRIBUTED',
          members: [...members],
          replicas: [],
        }),
      );
  });
