import * as t from 'io-ts';
import { DEFAULTS } from './defaults.js';
import {
  AutomatedBackupPreference,
  AvailabilityMode,
  ClusterType,
  DtcSupport,
  FailoverMode,
  FailureConditionLevel,
  GroupKind,
  OnOff,
  PrimaryAllowConnections,
  SecondaryAllowConnections,
  SeedingMode,
  SqlServerVersion,
} from './enums.js';
import { Integer } from './integer.js';
import { strictObject } from './strict.js';

/**
 * The availability group configuration: what CREATE / ALTER AVAILABILITY GROUP can say. Two
 * codecs per shape: `…Input` accepts a document where documented defaults may be omitted, and the
 * resolved codec (no suffix) is the value the core works with, every option present. `resolve…`
 * applies the defaults of ./defaults.ts.
 */

/** One entry of READ_ONLY_ROUTING_LIST: a replica, or a load-balanced set (one nesting level). */
export const RoutingEntry = t.union([t.string, t.readonlyArray(t.string)], 'RoutingEntry');
export type RoutingEntry = t.TypeOf<typeof RoutingEntry>;
export const RoutingList = t.readonlyArray(RoutingEntry, 'RoutingList');
export type RoutingList = t.TypeOf<typeof RoutingList>;

const NullableString = t.union([t.string, t.null]);

export const SecondaryRole = strictObject(
  'SecondaryRole',
  { allowConnections: SecondaryAllowConnections, readOnlyRoutingUrl: NullableString },
  {},
);
export interface SecondaryRole extends t.TypeOf<typeof SecondaryRole> {}
export const SecondaryRoleInput = strictObject(
  'SecondaryRoleInput',
  {},
  { allowConnections: SecondaryAllowConnections, readOnlyRoutingUrl: NullableString },
);

export const PrimaryRole = strictObject(
  'PrimaryRole',
  {
    allowConnections: PrimaryAllowConnections,
    readOnlyRoutingList: RoutingList,
    readWriteRoutingUrl: NullableString,
  },
  {},
);
export interface PrimaryRole extends t.TypeOf<typeof PrimaryRole> {}
export const PrimaryRoleInput = strictObject(
  'PrimaryRoleInput',
  {},
  {
    allowConnections: PrimaryAllowConnections,
    readOnlyRoutingList: RoutingList,
    readWriteRoutingUrl: NullableString,
  },
);

const replicaRequired = {
  name: t.string,
  endpointUrl: t.string,
  availabilityMode: AvailabilityMode,
  failoverMode: FailoverMode,
};
const replicaOptional = {
  seedingMode: SeedingMode,
  backupPriority: Integer,
  sessionTimeout: Integer,
  hostedByFci: t.boolean,
};

/**
 * Facts about the replica's instance that automatic seeding reads (SEED001 "Disk layout",
 * compression). No T-SQL option states them: they come from JSON configurations and scenarios.
 * They stay optional after resolving; absent means the default of ./defaults.ts, applied where
 * they are read (docs/seeding.md).
 */
const replicaInstance = {
  /** The instance's default data path, e.g. `c:\data\` or `/var/opt/mssql/data/`. */
  defaultDataPath: t.string,
  /** The folders that exist on the instance; absent: every folder a seeded file needs. */
  dataFolders: t.readonlyArray(t.string),
  /** Global trace flags on the instance (9567 compresses seeding, 9571 keeps 2016 paths). */
  traceFlags: t.readonlyArray(Integer),
};

export const ReplicaInput = strictObject('ReplicaInput', replicaRequired, {
  ...replicaOptional,
  ...replicaInstance,
  secondaryRole: SecondaryRoleInput,
  primaryRole: PrimaryRoleInput,
});
export interface ReplicaInput extends t.TypeOf<typeof ReplicaInput> {}

export const Replica = strictObject(
  'Replica',
  {
    ...replicaRequired,
    ...replicaOptional,
    secondaryRole: SecondaryRole,
    primaryRole: PrimaryRole,
  },
  replicaInstance,
);
export interface Replica extends t.TypeOf<typeof Replica> {}

export const ListenerAddress = strictObject(
  'ListenerAddress',
  { address: t.string },
  { subnetMask: t.string },
);
export interface ListenerAddress extends t.TypeOf<typeof ListenerAddress> {}

const listenerRequired = { name: t.string };
export const ListenerInput = strictObject('ListenerInput', listenerRequired, {
  port: Integer,
  dhcp: t.boolean,
  addresses: t.readonlyArray(ListenerAddress),
});
export const Listener = strictObject(
  'Listener',
  {
    ...listenerRequired,
    port: Integer,
    dhcp: t.boolean,
    addresses: t.readonlyArray(ListenerAddress),
  },
  {},
);
export interface Listener extends t.TypeOf<typeof Listener> {}

/** A member availability group of a distributed availability group (ag-rules §1.2, S3/S4). */
export const DistributedMember = strictObject(
  'DistributedMember',
  {
    name: t.string,
    listenerUrl: t.string,
    availabilityMode: AvailabilityMode,
    failoverMode: FailoverMode,
  },
  // SESSION_TIMEOUT of the link, as the Managed Instance link's scripts write it (S83); kept, not
  // modelled.
  { seedingMode: SeedingMode, sessionTimeout: Integer },
);
export interface DistributedMember extends t.TypeOf<typeof DistributedMember> {}

export const ContainedOptions = strictObject(
  'ContainedOptions',
  {},
  { reuseSystemDatabases: t.boolean, autoseedingSystemDatabases: t.boolean },
);
export interface ContainedOptions extends t.TypeOf<typeof ContainedOptions> {}

const groupRequired = { name: t.string, version: SqlServerVersion };
const groupOptional = {
  cumulativeUpdate: t.union([Integer, t.null]),
  clusterType: ClusterType,
  automatedBackupPreference: AutomatedBackupPreference,
  failureConditionLevel: FailureConditionLevel,
  healthCheckTimeout: Integer,
  dbFailover: OnOff,
  dtcSupport: DtcSupport,
  requiredSynchronizedSecondariesToCommit: Integer,
  kind: GroupKind,
  contained: ContainedOptions,
  members: t.readonlyArray(DistributedMember),
  databases: t.readonlyArray(t.string),
  listener: t.union([Listener, t.null]),
  writeLeaseValidity: t.union([Integer, t.null]),
  clusterConnectionOptions: t.union([t.string, t.null]),
};

/**
 * The WSFC failure policy of the group's cluster role (S23): FailoverThreshold, the maximum
 * failures in the period (default n − 1 for n nodes), and FailoverPeriod in hours (default 6).
 * Optional: absent means the cluster's default. Not part of CREATE AVAILABILITY GROUP.
 */
const failurePolicy = { failoverThreshold: Integer, failoverPeriodHours: Integer };

/**
 * The instance CREATE AVAILABILITY GROUP ran on, which becomes the initial primary (S4): the
 * server of a T-SQL script's `:Connect` or the one it was said to run on. null: the script did
 * not say. Absent: the first replica listed, as JSON configurations and the simulator take it.
 */
const groupOrigin = { createdOn: t.union([t.string, t.null]) };

/**
 * SERVERPROPERTY('ProductVersion') of the instances (major.minor.build[.revision]), so rules that
 * changed in a service pack or cumulative update apply by build. null: only the major version is
 * known (a snapshot without it), and those rules say unknown. Absent: `cumulativeUpdate` says.
 */
const groupBuild = { productVersion: t.union([t.string, t.null]) };

export const ConfigInput = strictObject('ConfigInput', groupRequired, {
  ...groupOptional,
  ...failurePolicy,
  ...groupOrigin,
  ...groupBuild,
  listener: t.union([ListenerInput, t.null]),
  replicas: t.readonlyArray(ReplicaInput),
});
export interface ConfigInput extends t.TypeOf<typeof ConfigInput> {}

export const Config = strictObject(
  'Config',
  { ...groupRequired, ...groupOptional, replicas: t.readonlyArray(Replica) },
  { ...failurePolicy, ...groupOrigin, ...groupBuild },
);
export interface Config extends t.TypeOf<typeof Config> {}

export const resolveReplica = (r: ReplicaInput): Replica => ({
  name: r.name,
  endpointUrl: r.endpointUrl,
  availabilityMode: r.availabilityMode,
  failoverMode: r.failoverMode,
  seedingMode: r.seedingMode ?? DEFAULTS.seedingMode.value,
  backupPriority: r.backupPriority ?? DEFAULTS.backupPriority.value,
  sessionTimeout: r.sessionTimeout ?? DEFAULTS.sessionTimeout.value,
  hostedByFci: r.hostedByFci ?? DEFAULTS.hostedByFci.value,
  secondaryRole: {
    allowConnections: r.secondaryRole?.allowConnections ?? DEFAULTS.secondaryAllowConnections.value,
    readOnlyRoutingUrl: r.secondaryRole?.readOnlyRoutingUrl ?? null,
  },
  primaryRole: {
    allowConnections: r.primaryRole?.allowConnections ?? DEFAULTS.primaryAllowConnections.value,
    readOnlyRoutingList: r.primaryRole?.readOnlyRoutingList ?? DEFAULTS.readOnlyRoutingList.value,
    readWriteRoutingUrl: r.primaryRole?.readWriteRoutingUrl ?? null,
  },
  ...(r.defaultDataPath === undefined ? {} : { defaultDataPath: r.defaultDataPath }),
  ...(r.dataFolders === undefined ? {} : { dataFolders: r.dataFolders }),
  ...(r.traceFlags === undefined ? {} : { traceFlags: r.traceFlags }),
});

export const resolveListener = (l: t.TypeOf<typeof ListenerInput>): Listener => ({
  name: l.name,
  port: l.port ?? DEFAULTS.listenerPort.value,
  dhcp: l.dhcp ?? false,
  addresses: l.addresses ?? [],
});

/**
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT of a CLUSTER_TYPE = EXTERNAL group whose configuration
 * does not set it: the Pacemaker resource agent sets it "with each monitoring action" to the
 * synchronous-commit replicas / 2 (S29, the three-synchronous-replica table: default 1), rounded
 * down, and to 0 for two, which the same page's two-replica tables show as the default (the
 * agent's code special-cases two so that one lost secondary does not block writes, S53; D19).
 */
export const pacemakerRequiredSecondaries = (
  replicas: readonly { readonly availabilityMode: string }[],
): number => {
  let synchronous = 0;
  for (const r of replicas) if (r.availabilityMode === 'SYNCHRONOUS_COMMIT') synchronous++;
  return synchronous === 2 ? 0 : Math.floor(synchronous / 2);
};

/** The value a configuration that leaves REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT out has. */
export const defaultRequiredSecondaries = (
  clusterType: string | undefined,
  replicas: readonly { readonly availabilityMode: string }[],
): number =>
  clusterType === 'EXTERNAL'
    ? pacemakerRequiredSecondaries(replicas)
    : DEFAULTS.requiredSynchronizedSecondariesToCommit.value;

/**
 * The configuration after its replicas changed (added, removed, their availability mode modified):
 * under CLUSTER_TYPE = EXTERNAL the resource agent computes the value again on the notifications
 * of a replica started or stopped and on each monitor action (S29, S53), unless it was set on the
 * resource to another value; a value that is not the agent's for the replicas before stays.
 */
export const withReplicasOf = (before: Config, replicas: readonly Replica[]): Config => ({
  ...before,
  replicas,
  ...(before.clusterType === 'EXTERNAL' &&
  before.requiredSynchronizedSecondariesToCommit === pacemakerRequiredSecondaries(before.replicas)
    ? { requiredSynchronizedSecondariesToCommit: pacemakerRequiredSecondaries(replicas) }
    : {}),
});

/** Apply every documented default (./defaults.ts) to a decoded configuration document. */
export const resolveConfig = (c: ConfigInput): Config => ({
  name: c.name,
  version: c.version,
  cumulativeUpdate: c.cumulativeUpdate ?? DEFAULTS.cumulativeUpdate.value,
  clusterType: c.clusterType ?? DEFAULTS.clusterType.value,
  automatedBackupPreference:
    c.automatedBackupPreference ?? DEFAULTS.automatedBackupPreference.value,
  failureConditionLevel: c.failureConditionLevel ?? DEFAULTS.failureConditionLevel.value,
  healthCheckTimeout: c.healthCheckTimeout ?? DEFAULTS.healthCheckTimeout.value,
  dbFailover: c.dbFailover ?? DEFAULTS.dbFailover.value,
  dtcSupport: c.dtcSupport ?? DEFAULTS.dtcSupport.value,
  requiredSynchronizedSecondariesToCommit:
    c.requiredSynchronizedSecondariesToCommit ??
    defaultRequiredSecondaries(c.clusterType, c.replicas ?? []),
  kind: c.kind ?? DEFAULTS.groupKind.value,
  contained: c.contained ?? {},
  members: c.members ?? [],
  databases: c.databases ?? [],
  listener: c.listener ? resolveListener(c.listener) : null,
  writeLeaseValidity: c.writeLeaseValidity ?? null,
  clusterConnectionOptions: c.clusterConnectionOptions ?? null,
  replicas: (c.replicas ?? []).map(resolveReplica),
  ...(c.failoverThreshold === undefined ? {} : { failoverThreshold: c.failoverThreshold }),
  ...(c.failoverPeriodHours === undefined ? {} : { failoverPeriodHours: c.failoverPeriodHours }),
  ...(c.createdOn === undefined ? {} : { createdOn: c.createdOn }),
  ...(c.productVersion === undefined ? {} : { productVersion: c.productVersion }),
});

/**
 * The replica that becomes the initial primary (S4: CREATE AVAILABILITY GROUP makes the instance
 * it runs on the primary): the one named by `createdOn`, compared as SQL Server compares instance
 * names (without regard to case); the first replica listed when `createdOn` is absent (a JSON
 * configuration lists the primary first) or names no replica (a violation validateConfig
 * reports). When it is null (the script did not say), the first replica that can be primary: a
 * configuration-only replica never is (S3 AVAILABILITY_MODE = CONFIGURATION_ONLY: it holds no user
 * data), so CREATE cannot have run there.
 */
export const initialPrimary = (config: Config): Replica | undefined => {
  const on = config.createdOn?.toLowerCase();
  const named =
    on === undefined ? undefined : config.replicas.find((r) => r.name.toLowerCase() === on);
  if (named !== undefined) return named;
  if (config.createdOn === null)
    return (
      config.replicas.find((r) => r.availabilityMode !== 'CONFIGURATION_ONLY') ?? config.replicas[0]
    );
  return config.replicas[0];
};
