import fc from 'fast-check';
import type * as t from 'io-ts';
import type {
  Config,
  ConfigInput,
  ContainedOptions,
  DistributedMember,
  Listener,
  ListenerAddress,
  PrimaryRole,
  Replica,
  ReplicaInput,
  RoutingEntry,
  RoutingList,
  SecondaryRole,
} from '../core/model/config.js';
import * as enums from '../core/model/enums.js';
import type { Reason, RuleSource } from '../core/model/source.js';

/** Arbitraries for the enumerations, LSNs, sources and configuration codecs of core/model. */

// ---------------------------------------------------------------------------------------------
// Building blocks

export const rec = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(model, { noNullPrototype: true });

/** A record whose listed keys may be absent (absent, never `undefined`, as the codecs decode). */
export const recOptional = <T, K extends keyof T>(
  model: { [P in keyof T]: fc.Arbitrary<T[P]> },
  required: readonly K[],
) => fc.record(model, { requiredKeys: [...required], noNullPrototype: true });

export const nullable = <A>(arb: fc.Arbitrary<A>): fc.Arbitrary<A | null> =>
  fc.option(arb, { nil: null, freq: 3 });

/** Any integer the Integer codec accepts, from small to the largest safe ones. */
export const intArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -5, max: 200 }),
  fc.integer(),
  fc.maxSafeInteger(),
);

/** Any integer NonNegativeInteger accepts; natArb shifted by one for PositiveInteger. */
export const natArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 200 }),
  fc.nat(),
  fc.maxSafeNat(),
);
export const positiveArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 1, max: 200 }),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
);

export const intBetween = (min: number, max: number): fc.Arbitrary<number> =>
  fc.integer({ min, max });

export const text = fc.string({ maxLength: 12 });
export const names = fc.array(text, { maxLength: 4 });

/** The values of a t.keyof codec. */
export const keyofArb = <D extends Record<string, unknown>>(
  codec: t.KeyofC<D>,
): fc.Arbitrary<keyof D> => fc.constantFrom(...(Object.keys(codec.keys) as (keyof D)[]));

// ---------------------------------------------------------------------------------------------
// Enumerations (core/model/enums.ts)

export const sqlServerVersionArb = fc.constantFrom(...enums.SQL_SERVER_VERSIONS);
export const availabilityModeArb = keyofArb(enums.AvailabilityMode);
export const failoverModeArb = keyofArb(enums.FailoverMode);
export const seedingModeArb = keyofArb(enums.SeedingMode);
export const secondaryAllowConnectionsArb = keyofArb(enums.SecondaryAllowConnections);
export const primaryAllowConnectionsArb = keyofArb(enums.PrimaryAllowConnections);
export const clusterTypeArb = keyofArb(enums.ClusterType);
export const automatedBackupPreferenceArb = keyofArb(enums.AutomatedBackupPreference);
export const failureConditionLevelArb = fc.constantFrom(
  1,
  2,
  3,
  4,
  5,
) as fc.Arbitrary<enums.FailureConditionLevel>;
export const onOffArb = keyofArb(enums.OnOff);
export const dtcSupportArb = keyofArb(enums.DtcSupport);
export const groupKindArb = keyofArb(enums.GroupKind);
export const replicaRoleArb = keyofArb(enums.ReplicaRole);
export const operationalStateArb = keyofArb(enums.OperationalState);
export const connectedStateArb = keyofArb(enums.ConnectedState);
export const synchronizationStateArb = keyofArb(enums.SynchronizationState);
export const synchronizationHealthArb = keyofArb(enums.SynchronizationHealth);
export const localReplicaStateArb = keyofArb(enums.LocalReplicaState);
export const recoveryHealthArb = keyofArb(enums.RecoveryHealth);
export const suspendReasonArb = keyofArb(enums.SuspendReason);
export const databaseStateArb = keyofArb(enums.DatabaseState);
export const recoveryModelArb = keyofArb(enums.RecoveryModel);
export const failoverFormArb = keyofArb(enums.FailoverForm);
export const backupTypeArb = keyofArb(enums.BackupType);

// ---------------------------------------------------------------------------------------------
// LSNs and sources

/** Any numeric(25,0) value, with a bias to the edges and to values beyond 2^53. */
export const lsnArb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 25n - 1n }),
  fc.bigInt({ min: 2n ** 53n - 8n, max: 2n ** 53n + 8n }),
  fc.constantFrom(0n, 10n ** 25n - 1n),
);

/** Any non-negative BIGINT (sys.availability_groups.sequence_number), biased to 2^53 and the top. */
export const bigintArb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
  fc.bigInt({ min: 2n ** 53n - 8n, max: 2n ** 53n + 8n }),
  fc.constantFrom(0n, 2n ** 63n - 1n),
);

export const ruleSourceArb: fc.Arbitrary<RuleSource> = rec({ document: text, section: text });
export const reasonArb: fc.Arbitrary<Reason> = rec({
  code: text,
  message: text,
  rule: ruleSourceArb,
});

// ---------------------------------------------------------------------------------------------
// Configuration (core/model/config.ts)

export const routingEntryArb: fc.Arbitrary<RoutingEntry> = fc.oneof(text, names);
export const routingListArb: fc.Arbitrary<RoutingList> = fc.array(routingEntryArb, {
  maxLength: 4,
});

const secondaryRoleModel = {
  allowConnections: secondaryAllowConnectionsArb,
  readOnlyRoutingUrl: nullable(text),
};
export const secondaryRoleArb: fc.Arbitrary<SecondaryRole> = rec(secondaryRoleModel);
export const secondaryRoleInputArb = recOptional(secondaryRoleModel, []);

const primaryRoleModel = {
  allowConnections: primaryAllowConnectionsArb,
  readOnlyRoutingList: routingListArb,
  readWriteRoutingUrl: nullable(text),
};
export const primaryRoleArb: fc.Arbitrary<PrimaryRole> = rec(primaryRoleModel);
export const primaryRoleInputArb = recOptional(primaryRoleModel, []);

const replicaModel = {
  name: text,
  endpointUrl: text,
  availabilityMode: availabilityModeArb,
  failoverMode: failoverModeArb,
  seedingMode: seedingModeArb,
  backupPriority: intArb,
  sessionTimeout: intArb,
  hostedByFci: fc.boolean(),
};
/** The instance facts automatic seeding reads: optional, and never written as T-SQL. */
const replicaInstanceModel = {
  defaultDataPath: text,
  dataFolders: fc.array(text, { maxLength: 3 }),
  traceFlags: fc.array(intArb, { maxLength: 3 }),
};
const requiredReplicaKeys = (
  Object.keys(replicaModel) as (keyof typeof replicaModel | 'secondaryRole' | 'primaryRole')[]
).concat(['secondaryRole', 'primaryRole']);

export const replicaArb: fc.Arbitrary<Replica> = recOptional(
  {
    ...replicaModel,
    ...replicaInstanceModel,
    secondaryRole: secondaryRoleArb,
    primaryRole: primaryRoleArb,
  },
  requiredReplicaKeys,
);
/** A replica spec as ADD REPLICA states it in T-SQL (events read back from scripts use it). */
export const replicaInputArb: fc.Arbitrary<ReplicaInput> = recOptional(
  { ...replicaModel, secondaryRole: secondaryRoleInputArb, primaryRole: primaryRoleInputArb },
  ['name', 'endpointUrl', 'availabilityMode', 'failoverMode'],
);
/** A replica of a JSON configuration document, which may also state its instance's facts. */
const replicaDocumentArb: fc.Arbitrary<ReplicaInput> = recOptional(
  {
    ...replicaModel,
    ...replicaInstanceModel,
    secondaryRole: secondaryRoleInputArb,
    primaryRole: primaryRoleInputArb,
  },
  ['name', 'endpointUrl', 'availabilityMode', 'failoverMode'],
);

export const listenerAddressArb: fc.Arbitrary<ListenerAddress> = recOptional(
  { address: text, subnetMask: text },
  ['address'],
);
const listenerModel = {
  name: text,
  port: intArb,
  dhcp: fc.boolean(),
  addresses: fc.array(listenerAddressArb, { maxLength: 3 }),
};
export const listenerArb: fc.Arbitrary<Listener> = rec(listenerModel);
export const listenerInputArb = recOptional(listenerModel, ['name']);

export const distributedMemberArb: fc.Arbitrary<DistributedMember> = recOptional(
  {
    name: text,
    listenerUrl: text,
    availabilityMode: availabilityModeArb,
    failoverMode: failoverModeArb,
    seedingMode: seedingModeArb,
  },
  ['name', 'listenerUrl', 'availabilityMode', 'failoverMode'],
);

export const containedOptionsArb: fc.Arbitrary<ContainedOptions> = recOptional(
  { reuseSystemDatabases: fc.boolean(), autoseedingSystemDatabases: fc.boolean() },
  [],
);

const groupModel = {
  name: text,
  version: sqlServerVersionArb,
  cumulativeUpdate: nullable(intArb),
  clusterType: clusterTypeArb,
  automatedBackupPreference: automatedBackupPreferenceArb,
  failureConditionLevel: failureConditionLevelArb,
  healthCheckTimeout: intArb,
  dbFailover: onOffArb,
  dtcSupport: dtcSupportArb,
  requiredSynchronizedSecondariesToCommit: intArb,
  kind: groupKindArb,
  contained: containedOptionsArb,
  members: fc.array(distributedMemberArb, { maxLength: 3 }),
  databases: names,
  writeLeaseValidity: nullable(intArb),
  clusterConnectionOptions: nullable(text),
};

/** Any configuration of the resolved shape, valid or not. */
export const configArb: fc.Arbitrary<Config> = rec({
  ...groupModel,
  listener: nullable(listenerArb),
  replicas: fc.array(replicaArb, { maxLength: 5 }),
});

/** Any configuration document, with any documented default left out. */
export const configInputArb: fc.Arbitrary<ConfigInput> = recOptional(
  {
    ...groupModel,
    listener: nullable(listenerInputArb),
    replicas: fc.array(replicaDocumentArb, { maxLength: 5 }),
  },
  ['name', 'version'],
);
