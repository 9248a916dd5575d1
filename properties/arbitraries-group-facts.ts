import fc from 'fast-check';
import type { Config } from '../core/model/config.js';
import type { ClusterFacts, DatabaseReplicaFacts, ReplicaFacts } from '../core/model/facts.js';
import {
  connectedStateArb,
  databaseStateArb,
  lsnArb,
  nullable,
  operationalStateArb,
  recoveryHealthArb,
  replicaRoleArb,
  suspendReasonArb,
  synchronizationHealthArb,
  synchronizationStateArb,
} from './arbitraries-model.js';
import { validConfigArb } from './arbitraries-valid.js';

/**
 * Facts about one valid group whose rows name its own replicas and databases, as a snapshot's
 * would: rows left out, repeated, in any order, names in another case, any state, unknowns
 * (null) anywhere. The decisions read every lookup path on such facts, where random facts
 * (arbitraries-facts.ts) rarely name a replica the configuration has.
 */

/** A name as a snapshot may spell it: instance names compare case-insensitively. */
const spelling = (name: string): fc.Arbitrary<string> =>
  fc.constantFrom(name, name.toUpperCase(), name.toLowerCase());

const replicaRowArb = (name: string): fc.Arbitrary<ReplicaFacts> =>
  fc.record({
    name: spelling(name),
    role: nullable(replicaRoleArb),
    operationalState: nullable(operationalStateArb),
    connectedState: nullable(connectedStateArb),
    isUp: nullable(fc.boolean()),
    canCreateDatabase: nullable(fc.boolean()),
    synchronizationHealth: nullable(synchronizationHealthArb),
    recoveryHealth: nullable(recoveryHealthArb),
  });

const maybeLsn = nullable(lsnArb);
const maybeQueue = nullable(fc.integer({ min: 0, max: 1_000_000 }));

const databaseRowArb = (replica: string, database: string): fc.Arbitrary<DatabaseReplicaFacts> =>
  fc.record({
    replica: spelling(replica),
    database: fc.constant(database),
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
    synchronizationHealth: nullable(synchronizationHealthArb),
    logSendQueueKb: maybeQueue,
    logSendRateKbPerSecond: maybeQueue,
    redoQueueKb: maybeQueue,
    redoRateKbPerSecond: maybeQueue,
  });

/** Most rows present, some left out, a few twice. */
const someOf = <T>(rows: readonly fc.Arbitrary<T>[]): fc.Arbitrary<readonly T[]> =>
  fc.tuple(...rows.map((row) => fc.tuple(row, fc.constantFrom(1, 1, 1, 1, 0, 2)))).chain((drawn) =>
    fc.shuffledSubarray(
      drawn.flatMap(([row, times]) => Array.from({ length: times }, () => row)),
      { minLength: 0 },
    ),
  );

export const groupFactsForArb = (config: Config): fc.Arbitrary<ClusterFacts> => {
  const names = config.replicas.map((r) => r.name);
  const pairs = names.flatMap((r) => config.databases.map((d) => [r, d] as const));
  return fc.record(
    {
      config: fc.constant(config),
      quorum: nullable(fc.constantFrom('HEALTHY' as const, 'LOST' as const, 'FORCED' as const)),
      primary:
        names.length === 0
          ? fc.constant(null)
          : nullable(fc.constantFrom(...names).chain(spelling)),
      replicas: someOf(names.map(replicaRowArb)),
      databaseReplicas: someOf(pairs.map(([r, d]) => databaseRowArb(r, d))),
      nowMs: fc.integer({ min: 0, max: 10_000_000 }),
      failureTimesMs: fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 4 }),
      groupState: nullable(
        fc.constantFrom('ONLINE' as const, 'RESOLVING' as const, 'OFFLINE' as const),
      ),
      synchronizationHealth: nullable(synchronizationHealthArb),
      localReplica: nullable(fc.constantFrom(...names)),
    },
    { requiredKeys: ['config', 'quorum', 'primary', 'replicas', 'databaseReplicas'] },
  );
};

/** A valid group and facts about it. */
export const groupFactsArb: fc.Arbitrary<ClusterFacts> = validConfigArb.chain(groupFactsForArb);
