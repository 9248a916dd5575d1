import fc from 'fast-check';
import type * as t from 'io-ts';
import type { ClusterEvent, ClusterEventType, EventOf } from '../core/model/events.js';
import * as events from '../core/model/events.js';
import type {
  CatalogDatabaseInput,
  ScenarioConfig,
  ScenarioInput,
  ScenarioStep,
} from '../core/model/scenario.js';
import {
  automatedBackupPreferenceArb,
  availabilityModeArb,
  backupTypeArb,
  configInputArb,
  dtcSupportArb,
  failoverModeArb,
  failureConditionLevelArb,
  intArb,
  keyofArb,
  listenerAddressArb,
  listenerInputArb,
  lsnArb,
  names,
  natArb,
  nullable,
  onOffArb,
  positiveArb,
  primaryRoleInputArb,
  rec,
  recOptional,
  recoveryModelArb,
  replicaInputArb,
  secondaryRoleInputArb,
  seedingModeArb,
  sqlServerVersionArb,
  text,
} from './arbitraries-model.js';

/** Arbitraries for the cluster events of core/model/events.ts and the scenarios made of them. */

// ---------------------------------------------------------------------------------------------
// Events (core/model/events.ts)

export const healthConditionArb = keyofArb(events.HealthCondition);

export const groupOptionsPatchArb: fc.Arbitrary<events.GroupOptionsPatch> = recOptional(
  {
    automatedBackupPreference: automatedBackupPreferenceArb,
    failureConditionLevel: failureConditionLevelArb,
    healthCheckTimeout: intArb,
    dbFailover: onOffArb,
    dtcSupport: dtcSupportArb,
    requiredSynchronizedSecondariesToCommit: intArb,
    writeLeaseValidity: nullable(intArb),
    clusterConnectionOptions: nullable(text),
  },
  [],
);

export const replicaOptionsPatchArb: fc.Arbitrary<events.ReplicaOptionsPatch> = recOptional(
  {
    endpointUrl: text,
    availabilityMode: availabilityModeArb,
    failoverMode: failoverModeArb,
    seedingMode: seedingModeArb,
    backupPriority: intArb,
    sessionTimeout: intArb,
    secondaryRole: secondaryRoleInputArb,
    primaryRole: primaryRoleInputArb,
  },
  [],
);

const ev = <K extends ClusterEventType, P extends object>(
  type: K,
  payload: fc.Arbitrary<P>,
): fc.Arbitrary<{ type: K } & P> => payload.map((p) => ({ type, ...p }));

const onReplica = rec({ replica: text });
const onReplicaDb = rec({ replica: text, database: text });
const onReplicaMaybeDb = recOptional({ replica: text, database: text }, ['replica']);
const none = fc.constant({});

/** One arbitrary per event type; a test checks that every type of the union has one. */
export const EVENT_ARBITRARIES: { readonly [K in ClusterEventType]: fc.Arbitrary<EventOf<K>> } = {
  'db.commit': ev('db.commit', recOptional({ database: text, count: positiveArb }, ['database'])),
  'db.begin': ev('db.begin', rec({ database: text })),
  'db.suspend': ev('db.suspend', onReplicaDb),
  'db.resume': ev('db.resume', onReplicaDb),
  'db.add': ev('db.add', rec({ database: text })),
  'db.remove': ev('db.remove', rec({ database: text })),
  'db.backup': ev(
    'db.backup',
    recOptional({ replica: text, database: text, backupType: backupTypeArb, file: text }, [
      'replica',
      'database',
      'backupType',
    ]),
  ),
  'db.restore': ev(
    'db.restore',
    recOptional({ replica: text, database: text, file: text, recovery: fc.boolean() }, [
      'replica',
      'database',
      'file',
    ]),
  ),
  'db.join': ev('db.join', onReplicaDb),
  'db.leave': ev('db.leave', onReplicaDb),
  'db.pageError': ev('db.pageError', rec({ replica: text, database: text, page: natArb })),
  'log.ship': ev('log.ship', onReplicaMaybeDb),
  'log.harden': ev('log.harden', onReplicaMaybeDb),
  'log.redo': ev('log.redo', onReplicaMaybeDb),
  'replica.crash': ev('replica.crash', onReplica),
  'replica.restart': ev('replica.restart', onReplica),
  'replica.disconnect': ev('replica.disconnect', onReplica),
  'replica.reconnect': ev('replica.reconnect', onReplica),
  'replica.upgrade': ev('replica.upgrade', rec({ replica: text, version: sqlServerVersionArb })),
  'replica.setAvailabilityMode': ev(
    'replica.setAvailabilityMode',
    rec({ replica: text, mode: availabilityModeArb }),
  ),
  'replica.setFailoverMode': ev(
    'replica.setFailoverMode',
    rec({ replica: text, mode: failoverModeArb }),
  ),
  'replica.setSeedingMode': ev(
    'replica.setSeedingMode',
    rec({ replica: text, mode: seedingModeArb }),
  ),
  'replica.modify': ev('replica.modify', rec({ replica: text, options: replicaOptionsPatchArb })),
  'replica.grantCreateDatabase': ev('replica.grantCreateDatabase', onReplica),
  'replica.denyCreateDatabase': ev('replica.denyCreateDatabase', onReplica),
  'replica.join': ev('replica.join', onReplica),
  'replica.add': ev('replica.add', rec({ spec: replicaInputArb })),
  'replica.remove': ev('replica.remove', onReplica),
  'ag.failover': ev('ag.failover', rec({ target: text })),
  'ag.forceFailover': ev('ag.forceFailover', rec({ target: text })),
  'ag.setRoleSecondary': ev('ag.setRoleSecondary', onReplica),
  'ag.set': ev('ag.set', rec({ options: groupOptionsPatchArb })),
  'ag.offline': ev('ag.offline', none),
  'ag.addListener': ev('ag.addListener', rec({ listener: listenerInputArb })),
  'ag.modifyListener': ev(
    'ag.modifyListener',
    recOptional(
      {
        name: text,
        port: intArb,
        addAddresses: fc.array(listenerAddressArb, { maxLength: 3 }),
        removeAddresses: names,
      },
      ['name'],
    ),
  ),
  'ag.removeListener': ev('ag.removeListener', rec({ name: text })),
  'quorum.lost': ev('quorum.lost', none),
  'quorum.regained': ev('quorum.regained', none),
  'quorum.force': ev('quorum.force', onReplica),
  'time.advance': ev('time.advance', rec({ ms: natArb })),
  'health.signal': ev(
    'health.signal',
    recOptional(
      { replica: text, condition: healthConditionArb, database: text, durationMs: natArb },
      ['replica', 'condition'],
    ),
  ),
  'seeding.progress': ev(
    'seeding.progress',
    recOptional({ replica: text, database: text, bytes: natArb }, ['replica', 'database']),
  ),
  'seeding.fail': ev(
    'seeding.fail',
    recOptional({ replica: text, database: text, failureState: intArb }, ['replica', 'database']),
  ),
};

export const clusterEventArb: fc.Arbitrary<ClusterEvent> = fc.oneof(
  ...(Object.values(EVENT_ARBITRARIES) as fc.Arbitrary<ClusterEvent>[]),
);

// ---------------------------------------------------------------------------------------------
// Scenarios (core/model/scenario.ts): a configuration and the events that happen to it

export const scenarioStepArb: fc.Arbitrary<ScenarioStep> = recOptional(
  { event: clusterEventArb, at: natArb, note: text },
  ['event'],
);

export const scenarioConfigArb: fc.Arbitrary<t.TypeOf<typeof ScenarioConfig>> = fc.oneof(
  configInputArb,
  rec({ tsql: text }),
);

export const catalogDatabaseInputArb: fc.Arbitrary<CatalogDatabaseInput> = recOptional(
  {
    recoveryModel: recoveryModelArb,
    readOnly: fc.boolean(),
    online: fc.boolean(),
    sizeBytes: natArb,
    hasFullBackup: fc.boolean(),
    files: fc.array(text, { maxLength: 2 }),
  },
  [],
);

export const scenarioInputArb: fc.Arbitrary<ScenarioInput> = recOptional(
  {
    config: scenarioConfigArb,
    steps: fc.array(scenarioStepArb, { maxLength: 3 }),
    name: text,
    description: text,
    start: fc.constantFrom('synchronized' as const, 'unprepared' as const),
    baseLsn: lsnArb,
    catalog: fc.dictionary(text, catalogDatabaseInputArb, { maxKeys: 2 }),
  },
  ['config', 'steps'],
);
