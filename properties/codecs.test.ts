import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import * as model from '../core/model/index.js';
import { CONFIG_REASON_CODES, validateConfig } from '../core/rules/index.js';
import * as arb from './arbitraries.js';

/**
 * Codec properties: every codec of core/model round-trips every value of its type; no input,
 * however odd, makes a decoder or the validator throw; and validConfigArb yields valid
 * configurations. On failure fast-check prints the seed and the path to replay it.
 */

type AnyCodec = t.Type<unknown, unknown, unknown>;

const pair = <A, O>(codec: t.Type<A, O, unknown>, arbitrary: fc.Arbitrary<A>) =>
  [codec as unknown as AnyCodec, arbitrary as fc.Arbitrary<unknown>] as const;

/** The arbitrary of each codec, keyed by the codec itself. */
const ARBITRARY_OF = new Map<AnyCodec, fc.Arbitrary<unknown>>([
  pair(model.SqlServerVersion, arb.sqlServerVersionArb),
  pair(model.AvailabilityMode, arb.availabilityModeArb),
  pair(model.FailoverMode, arb.failoverModeArb),
  pair(model.SeedingMode, arb.seedingModeArb),
  pair(model.SecondaryAllowConnections, arb.secondaryAllowConnectionsArb),
  pair(model.PrimaryAllowConnections, arb.primaryAllowConnectionsArb),
  pair(model.ClusterType, arb.clusterTypeArb),
  pair(model.AutomatedBackupPreference, arb.automatedBackupPreferenceArb),
  pair(model.FailureConditionLevel, arb.failureConditionLevelArb),
  pair(model.OnOff, arb.onOffArb),
  pair(model.DtcSupport, arb.dtcSupportArb),
  pair(model.GroupKind, arb.groupKindArb),
  pair(model.ReplicaRole, arb.replicaRoleArb),
  pair(model.OperationalState, arb.operationalStateArb),
  pair(model.ConnectedState, arb.connectedStateArb),
  pair(model.SynchronizationState, arb.synchronizationStateArb),
  pair(model.SynchronizationHealth, arb.synchronizationHealthArb),
  pair(model.LocalReplicaState, arb.localReplicaStateArb),
  pair(model.RecoveryHealth, arb.recoveryHealthArb),
  pair(model.SuspendReason, arb.suspendReasonArb),
  pair(model.DatabaseState, arb.databaseStateArb),
  pair(model.RecoveryModel, arb.recoveryModelArb),
  pair(model.FailoverForm, arb.failoverFormArb),
  pair(model.BackupType, arb.backupTypeArb),
  pair(model.LsnFromString, arb.lsnArb),
  pair(model.BigintFromString, arb.bigintArb),
  pair(model.Integer, arb.intArb),
  pair(model.NonNegativeInteger, arb.natArb),
  pair(model.PositiveInteger, arb.positiveArb),
  pair(model.RuleSource, arb.ruleSourceArb),
  pair(model.Reason, arb.reasonArb),
  pair(model.RoutingEntry, arb.routingEntryArb),
  pair(model.RoutingList, arb.routingListArb),
  pair(model.SecondaryRole, arb.secondaryRoleArb),
  pair(model.SecondaryRoleInput, arb.secondaryRoleInputArb),
  pair(model.PrimaryRole, arb.primaryRoleArb),
  pair(model.PrimaryRoleInput, arb.primaryRoleInputArb),
  pair(model.Replica, arb.replicaArb),
  pair(model.ReplicaInput, arb.replicaInputArb),
  pair(model.ListenerAddress, arb.listenerAddressArb),
  pair(model.Listener, arb.listenerArb),
  pair(model.ListenerInput, arb.listenerInputArb),
  pair(model.DistributedMember, arb.distributedMemberArb),
  pair(model.ContainedOptions, arb.containedOptionsArb),
  pair(model.Config, arb.configArb),
  pair(model.ConfigInput, arb.configInputArb),
  pair(model.HealthCondition, arb.healthConditionArb),
  pair(model.GroupOptionsPatch, arb.groupOptionsPatchArb),
  pair(model.ReplicaOptionsPatch, arb.replicaOptionsPatchArb),
  pair(model.ClusterEvent, arb.clusterEventArb),
  pair(model.QuorumState, arb.quorumStateArb),
  pair(model.ListenerAddressState, arb.listenerAddressStateArb),
  pair(model.OtherListener, arb.otherListenerArb),
  pair(model.ClusterMember, arb.clusterMemberArb),
  pair(model.ClusterNetwork, arb.clusterNetworkArb),
  pair(model.ReplicaFacts, arb.replicaFactsArb),
  pair(model.DatabaseReplicaFacts, arb.databaseReplicaFactsArb),
  pair(model.AcknowledgedRange, arb.acknowledgedRangeArb),
  pair(model.SeedingAttemptSeen, arb.seedingAttemptSeenArb),
  pair(model.SeedingStreamSeen, arb.seedingStreamSeenArb),
  pair(model.SeedingSeen, arb.seedingSeenArb),
  pair(model.Fork, arb.forkArb),
  pair(model.LogPosition, arb.logPositionArb),
  pair(model.DatabaseLogFacts, arb.databaseLogFactsArb),
  pair(model.ClusterFacts, arb.clusterFactsArb),
  pair(model.ScenarioStep, arb.scenarioStepArb),
  pair(model.ScenarioConfig, arb.scenarioConfigArb),
  pair(model.CatalogDatabaseInput, arb.catalogDatabaseInputArb),
  pair(model.ScenarioInput, arb.scenarioInputArb),
]);

const isEventCodec = (codec: AnyCodec): boolean => model.CLUSTER_EVENT_TYPES.includes(codec.name);

const arbitraryOf = (codec: AnyCodec): fc.Arbitrary<unknown> | undefined =>
  ARBITRARY_OF.get(codec) ??
  (isEventCodec(codec)
    ? (arb.EVENT_ARBITRARIES as Record<string, fc.Arbitrary<unknown>>)[codec.name]
    : undefined);

/** Every codec core/model exports, by its export name. */
const CODECS: readonly (readonly [string, AnyCodec])[] = Object.entries(
  model as Record<string, unknown>,
)
  .filter((entry): entry is [string, AnyCodec] => entry[1] instanceof t.Type)
  .sort(([a], [b]) => a.localeCompare(b));

const RUNS = { numRuns: 60 };

describe('arbitraries', () => {
  it('exist for every codec core/model exports and every event type', () => {
    const missing = CODECS.filter(([, codec]) => arbitraryOf(codec) === undefined).map(([n]) => n);
    expect(missing).toEqual([]);
    expect(Object.keys(arb.EVENT_ARBITRARIES).sort()).toEqual(
      [...model.CLUSTER_EVENT_TYPES].sort(),
    );
  });
});

describe('round trip: decode(encode(x)) equals x', () => {
  it.each(CODECS)('%s', (_name, codec) => {
    const arbitrary = arbitraryOf(codec);
    expect(arbitrary).toBeDefined();
    if (arbitrary === undefined) return;
    fc.assert(
      fc.property(arbitrary, (x) => {
        expect(codec.is(x)).toBe(true);
        expect(codec.decode(codec.encode(x))).toEqual(E.right(x));
      }),
      RUNS,
    );
  });
});

const odd = fc.oneof(
  fc.json().map((text): unknown => JSON.parse(text)),
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
);

/** Nearly valid documents: a valid configuration with one of its keys set to an odd value. */
const nearlyValid = arb.validConfigArb
  .chain((config) => fc.tuple(fc.constant(config), fc.constantFrom(...Object.keys(config)), odd))
  .map(([config, key, value]): unknown => ({ ...config, [key]: value }));

describe('no input makes decoding or validation throw', () => {
  it('every decoder returns Left or Right on arbitrary JSON and values', () => {
    fc.assert(
      fc.property(odd, (u) => {
        for (const [, codec] of CODECS) {
          const result = model.decodeWith(codec)(u);
          if (E.isLeft(result)) expect(result.left.length).toBeGreaterThan(0);
        }
        const decoded = model.decodeConfig(u);
        if (E.isLeft(decoded))
          for (const p of decoded.left) expect(typeof model.formatProblem(p)).toBe('string');
        else validateConfig(decoded.right);
      }),
      { numRuns: 300 },
    );
  });

  it('decodeConfig reports nearly valid documents without throwing', () => {
    fc.assert(
      fc.property(nearlyValid, (u) => {
        const decoded = model.decodeConfig(u);
        if (E.isRight(decoded)) validateConfig(decoded.right);
        else expect(decoded.left.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('validateConfig answers every decodable configuration with documented codes', () => {
    const codes: readonly string[] = CONFIG_REASON_CODES;
    const titles: readonly string[] = Object.values(model.DOCUMENTS);
    fc.assert(
      fc.property(
        fc.oneof(arb.configArb, arb.configInputArb.map(model.resolveConfig)),
        (config) => {
          for (const r of validateConfig(config)) {
            expect(codes).toContain(r.code);
            expect(titles).toContain(r.rule.document);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('validConfigArb', () => {
  it('yields configurations that pass validateConfig', () => {
    fc.assert(
      fc.property(arb.validConfigArb, (config) => {
        expect(validateConfig(config)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('yields 2 to 9 replicas that hold data, in every version', () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(arb.validConfigArb, (config) => {
        const data = config.replicas.filter((r) => r.availabilityMode !== 'CONFIGURATION_ONLY');
        expect(data.length).toBeGreaterThanOrEqual(2);
        expect(data.length).toBeLessThanOrEqual(9);
        seen.add(config.version);
      }),
      { numRuns: 200 },
    );
    expect(seen.size).toBe(model.SQL_SERVER_VERSIONS.length);
  });

  it('yields documents that decode back to themselves', () => {
    fc.assert(
      fc.property(arb.validConfigArb, (config) => {
        expect(model.decodeConfig(model.Config.encode(config))).toEqual(E.right(config));
      }),
      { numRuns: 100 },
    );
  });

  it('has a distributed counterpart whose values pass validateConfig', () => {
    fc.assert(
      fc.property(arb.validDistributedConfigArb, (config) => {
        expect(validateConfig(config)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
