import fc from 'fast-check';
import type {
  AcknowledgedRange,
  ClusterFacts,
  ClusterMember,
  ClusterNetwork,
  DatabaseLogFacts,
  DatabaseReplicaFacts,
  Fork,
  ListenerAddressState,
  LogPosition,
  OtherListener,
  ReplicaFacts,
  SeedingAttemptSeen,
  SeedingSeen,
  SeedingStreamSeen,
} from '../core/model/facts.js';
import * as facts from '../core/model/facts.js';
import {
  configArb,
  connectedStateArb,
  databaseStateArb,
  intArb,
  keyofArb,
  listenerArb,
  lsnArb,
  nullable,
  operationalStateArb,
  rec,
  recOptional,
  replicaRoleArb,
  suspendReasonArb,
  synchronizationStateArb,
  text,
} from './arbitraries-model.js';

/** Arbitraries for the cluster facts of core/model/facts.ts. */

// ---------------------------------------------------------------------------------------------
// Facts (core/model/facts.ts)

export const quorumStateArb = keyofArb(facts.QuorumState);

export const replicaFactsArb: fc.Arbitrary<ReplicaFacts> = recOptional(
  {
    name: text,
    role: nullable(replicaRoleArb),
    operationalState: nullable(operationalStateArb),
    connectedState: nullable(connectedStateArb),
    isUp: nullable(fc.boolean()),
    canCreateDatabase: nullable(fc.boolean()),
  },
  ['name', 'role', 'operationalState', 'connectedState'],
);

const maybeLsn = nullable(lsnArb);
export const databaseReplicaFactsArb: fc.Arbitrary<DatabaseReplicaFacts> = recOptional(
  {
    replica: text,
    database: text,
    isJoined: nullable(fc.boolean()),
    databaseState: nullable(databaseStateArb),
    synchronizationState: nullable(synchronizationStateArb),
    isSuspended: nullable(fc.boolean()),
    suspendReason: nullable(suspendReasonArb),
    isFailoverReady: nullable(fc.boolean()),
    lastReceivedLsn: maybeLsn,
    lastHardenedLsn: maybeLsn,
    lastRedoneLsn: maybeLsn,
    endOfLogLsn: maybeLsn,
    lastCommitLsn: maybeLsn,
    recoveryLsn: maybeLsn,
    truncationLsn: maybeLsn,
    isSeeding: nullable(fc.boolean()),
  },
  [
    'replica',
    'database',
    'isJoined',
    'databaseState',
    'synchronizationState',
    'isSuspended',
    'suspendReason',
    'isFailoverReady',
    'lastReceivedLsn',
    'lastHardenedLsn',
    'lastRedoneLsn',
    'endOfLogLsn',
    'lastCommitLsn',
  ],
);

export const seedingAttemptSeenArb: fc.Arbitrary<SeedingAttemptSeen> = recOptional(
  {
    currentState: nullable(fc.constantFrom('COMPLETED', 'FAILED', 'SEEDING')),
    ongoing: nullable(fc.boolean()),
    failureState: nullable(intArb),
    failureStateDesc: nullable(text),
    performedSeeding: nullable(fc.boolean()),
    numberOfAttempts: nullable(intArb),
    startTime: nullable(text),
    completionTime: nullable(text),
    anyCompleted: fc.boolean(),
    origin: text,
  },
  [
    'currentState',
    'ongoing',
    'failureState',
    'failureStateDesc',
    'performedSeeding',
    'numberOfAttempts',
    'startTime',
    'completionTime',
    'anyCompleted',
  ],
);
export const seedingStreamSeenArb: fc.Arbitrary<SeedingStreamSeen> = recOptional(
  {
    roleDesc: fc.constantFrom('Source', 'Destination', 'Forwarder', 'ForwarderDestination'),
    internalStateDesc: nullable(text),
    transferredSizeBytes: nullable(fc.nat()),
    databaseSizeBytes: nullable(fc.nat()),
    transferRateBytesPerSecond: nullable(fc.nat()),
    flowing: nullable(fc.boolean()),
    estimateTimeCompleteUtc: nullable(text),
    failureMessage: nullable(text),
    origin: text,
  },
  [
    'roleDesc',
    'internalStateDesc',
    'transferredSizeBytes',
    'databaseSizeBytes',
    'transferRateBytesPerSecond',
    'flowing',
    'estimateTimeCompleteUtc',
    'failureMessage',
  ],
);
export const seedingSeenArb: fc.Arbitrary<SeedingSeen> = rec({
  automaticSeedingRead: fc.boolean(),
  physicalSeedingStatsRead: fc.boolean(),
  attempt: nullable(seedingAttemptSeenArb),
  stream: nullable(seedingStreamSeenArb),
});

export const acknowledgedRangeArb: fc.Arbitrary<AcknowledgedRange> = rec({
  fork: intArb,
  fromLsn: lsnArb,
  toLsn: lsnArb,
});
export const forkArb: fc.Arbitrary<Fork> = rec({
  id: intArb,
  parent: nullable(intArb),
  startLsn: lsnArb,
});
export const logPositionArb: fc.Arbitrary<LogPosition> = rec({ fork: intArb, lsn: lsnArb });

// Replica names as keys: "__proto__" would name the prototype, not a replica.
const replicaKey = text.filter((k) => k !== '__proto__');
export const databaseLogFactsArb: fc.Arbitrary<DatabaseLogFacts> = rec({
  database: text,
  forks: fc.array(forkArb, { maxLength: 3 }),
  hardened: fc.dictionary(replicaKey, logPositionArb, { maxKeys: 3, noNullPrototype: true }),
  acknowledged: fc.array(acknowledgedRangeArb, { maxLength: 3 }),
});

export const listenerAddressStateArb: fc.Arbitrary<ListenerAddressState> = rec({
  address: text,
  state: nullable(fc.constantFrom('ONLINE', 'OFFLINE', 'ONLINE_PENDING', 'FAILED')),
});

export const otherListenerArb: fc.Arbitrary<OtherListener> = recOptional(
  { listener: listenerArb, addressStates: fc.array(listenerAddressStateArb, { maxLength: 2 }) },
  ['listener'],
);

export const clusterMemberArb: fc.Arbitrary<ClusterMember> = rec({
  name: text,
  type: nullable(fc.constantFrom('CLUSTER_NODE', 'FILE_SHARE_WITNESS', 'CLOUD_WITNESS')),
  up: nullable(fc.boolean()),
  votes: nullable(fc.nat({ max: 1 })),
});

export const clusterNetworkArb: fc.Arbitrary<ClusterNetwork> = rec({
  member: text,
  subnetIp: nullable(fc.constantFrom('10.10.1.0', '10.20.0.0', 'fe80::')),
  subnetMask: nullable(fc.constantFrom('255.255.255.0', '255.255.0.0')),
  prefixLength: nullable(fc.integer({ min: 0, max: 32 })),
  isPublic: nullable(fc.boolean()),
});

export const clusterFactsArb: fc.Arbitrary<ClusterFacts> = recOptional(
  {
    config: configArb,
    quorum: nullable(quorumStateArb),
    primary: nullable(text),
    replicas: fc.array(replicaFactsArb, { maxLength: 4 }),
    databaseReplicas: fc.array(databaseReplicaFactsArb, { maxLength: 4 }),
    nowMs: fc.double(),
    failureTimesMs: fc.array(fc.double(), { maxLength: 3 }),
    logs: fc.array(databaseLogFactsArb, { maxLength: 2 }),
    listenerAddressStates: fc.array(listenerAddressStateArb, { maxLength: 2 }),
    otherListeners: fc.array(otherListenerArb, { maxLength: 2 }),
    clusterName: text,
    clusterMembers: fc.array(clusterMemberArb, { maxLength: 3 }),
    clusterNetworks: fc.array(clusterNetworkArb, { maxLength: 3 }),
    noQuorumSnapshotsOn: fc.array(text, { maxLength: 2 }),
  },
  ['config', 'quorum', 'primary', 'replicas', 'databaseReplicas'],
);
