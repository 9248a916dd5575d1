import * as t from 'io-ts';
import { copyPhase, synchronizationState } from '../cluster/select.js';
import type { DatabaseCopy } from '../cluster/types.js';
import type { CopyPhase } from '../lifecycle/lifecycle.js';
import { ConfigInput } from '../model/config.js';
import { NonNegativeInteger } from '../model/integer.js';
import { LsnFromString } from '../model/lsn.js';
import type { Reason } from '../model/source.js';
import { strictObject } from '../model/strict.js';
import { DistributedEvent } from './events.js';
import type { DistributedObservation } from './result.js';
import {
  forwarder,
  globalPrimary,
  linkSynchronizationState,
  memberEnd,
  memberPrimary,
} from './select.js';
import { stepDistributed } from './step.js';
import type { DistributedCluster, Member } from './types.js';

/**
 * A scenario of a distributed availability group: its configuration, the configurations of its
 * two member groups (the first member listed in `distributed.members` holds the global primary),
 * and the events that happen to it, each at a time in milliseconds from the start.
 */
export const DistributedScenarioStep = strictObject(
  'DistributedScenarioStep',
  { event: DistributedEvent },
  { at: NonNegativeInteger, note: t.string },
);
export interface DistributedScenarioStep extends t.TypeOf<typeof DistributedScenarioStep> {}

export const DistributedScenarioInput = strictObject(
  'DistributedScenario',
  {
    distributed: ConfigInput,
    members: t.readonlyArray(ConfigInput),
    steps: t.readonlyArray(DistributedScenarioStep),
  },
  {
    name: t.string,
    description: t.string,
    secondaryGroup: t.keyof({ seeded: null, unprepared: null }),
    baseLsn: LsnFromString,
  },
);
export interface DistributedScenarioInput extends t.TypeOf<typeof DistributedScenarioInput> {}

/** What a DBA would see of a distributed group at one moment: roles, primaries, the link per database. */
export interface DistributedState {
  readonly globalPrimary: string | null;
  readonly forwarder: string | null;
  readonly members: readonly {
    readonly name: string;
    readonly role: 'PRIMARY' | 'SECONDARY';
    readonly availabilityMode: string;
    readonly primary: string | null;
    readonly copies: readonly {
      readonly replica: string;
      readonly database: string;
      /** Both null while the copy is not joined (it has no sys.dm_hadr_database_replica_states row). */
      readonly synchronizationState: string | null;
      readonly lastHardenedLsn: bigint | null;
      /** Where a copy restored WITH NORECOVERY and not joined ends; null otherwise. */
      readonly restoredLsn: bigint | null;
    }[];
  }[];
  readonly link: {
    readonly from: string;
    readonly to: string;
    readonly connected: boolean;
    readonly databases: readonly {
      readonly database: string;
      readonly synchronizationState: string;
      readonly globalPrimaryLastHardenedLsn: bigint | null;
      /** Null until the forwarder's copy is joined. */
      readonly forwarderLastHardenedLsn: bigint | null;
      /** Where the forwarder's copy restored WITH NORECOVERY ends, before it joins; null otherwise. */
      readonly forwarderRestoredLsn: bigint | null;
    }[];
  };
  readonly acknowledged: Readonly<
    Record<string, readonly { member: string; fromLsn: bigint; toLsn: bigint }[]>
  >;
  readonly lost: Readonly<
    Record<string, readonly { member: string; fromLsn: bigint; toLsn: bigint }[]>
  >;
}

/**
 * A copy's phase as a DBA would see it. The forwarder's member group holds its databases as
 * primary databases from the start; whether the forwarder really has one is the link's to say.
 */
const phaseOf = (
  d: DistributedCluster,
  m: Member,
  replica: string,
  database: string,
  copy: DatabaseCopy,
): CopyPhase => {
  const link = d.link.databases[database];
  return m.name === d.link.to && replica === memberPrimary(m) && link !== undefined
    ? link.phase
    : copyPhase(copy);
};

const linkEnd = (d: DistributedCluster, database: string): bigint | null =>
  d.link.databases[database]?.hardened ?? null;

export const distributedState = (d: DistributedCluster): DistributedState => {
  const from = d.members.find((m) => m.name === d.link.from);
  return {
    globalPrimary: globalPrimary(d),
    forwarder: forwarder(d),
    members: d.members.map((m) => ({
      name: m.name,
      role: m.role,
      availabilityMode: m.availabilityMode,
      primary: memberPrimary(m),
      copies: m.cluster.replicas.flatMap((r) =>
        Object.entries(r.databases).flatMap(([database, copy]) => {
          const phase = phaseOf(d, m, r.name, database, copy);
          if (phase === 'ABSENT') return [];
          const joined = phase === 'JOINED';
          const lsn =
            m.name === d.link.to && r.name === memberPrimary(m) ? linkEnd(d, database) : null;
          return [
            {
              replica: r.name,
              database,
              synchronizationState: joined ? synchronizationState(copy) : null,
              lastHardenedLsn: joined ? copy.hardened.lsn : null,
              restoredLsn: phase === 'RESTORING' ? (lsn ?? copy.hardened.lsn) : null,
            },
          ];
        }),
      ),
    })),
    link: {
      from: d.link.from,
      to: d.link.to,
      connected: d.link.connected,
      databases: Object.entries(d.link.databases).map(([database, copy]) => ({
        database,
        synchronizationState: linkSynchronizationState(d, database),
        globalPrimaryLastHardenedLsn:
          from === undefined ? null : (memberEnd(from, database) ?? null),
        forwarderLastHardenedLsn: copy.phase === 'JOINED' ? copy.hardened : null,
        forwarderRestoredLsn: copy.phase === 'RESTORING' ? copy.hardened : null,
      })),
    },
    acknowledged: Object.fromEntries(Object.entries(d.logs).map(([db, l]) => [db, l.acknowledged])),
    lost: Object.fromEntries(Object.entries(d.logs).map(([db, l]) => [db, l.lost])),
  };
};

export interface DistributedTraceEntry {
  readonly index: number;
  readonly atMs: number;
  readonly event: DistributedEvent;
  readonly note: string | null;
  readonly refused: readonly Reason[];
  readonly observations: readonly DistributedObservation[];
  readonly state: DistributedState;
}

export interface DistributedSimulation {
  readonly initial: DistributedState;
  readonly trace: readonly DistributedTraceEntry[];
  readonly final: DistributedCluster;
}

/** Run the steps: both groups' clocks advance to each step's `at`, then the event applies; a refused one is recorded and the run goes on. */
export const simulateDistributed = (
  start: DistributedCluster,
  steps: readonly DistributedScenarioStep[],
): DistributedSimulation => {
  let d = start;
  let nowMs = 0;
  const trace: DistributedTraceEntry[] = [];
  for (const s of steps) {
    const observations: DistributedObservation[] = [];
    if (s.at !== undefined && s.at > nowMs) {
      for (const m of d.members) {
        const tick = stepDistributed(d, {
          type: 'distributed.member',
          member: m.name,
          event: { type: 'time.advance', ms: s.at - nowMs },
        });
        d = tick.distributed;
        observations.push(...tick.observations);
      }
      nowMs = s.at;
    }
    const r = stepDistributed(d, s.event);
    d = r.distributed;
    observations.push(...r.observations);
    trace.push({
      index: trace.length,
      atMs: nowMs,
      event: s.event,
      note: s.note ?? null,
      refused: r.refused,
      observations,
      state: distributedState(d),
    });
  }
  return { initial: distributedState(start), trace, final: d };
};
