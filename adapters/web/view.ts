import * as O from 'fp-ts/lib/Option.js';
import { clusterFacts } from '../../core/cluster/facts.js';
import {
  agService,
  copyPhase,
  localReplicaState,
  primaryName,
  quorumState,
} from '../../core/cluster/select.js';
import type { Cluster } from '../../core/cluster/types.js';
import { type Decisions, decide } from '../../core/decide/decide.js';
import { COMPILED } from '../../core/kernel/machines.js';
import { activeStateIds } from '../../core/kernel/run.js';
import type { MachineName } from '../../core/machines/registry.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import type { Reason } from '../../core/model/source.js';
import { renderEvent } from '../tsql/render.js';
import { enclosingStates, machineGraphs } from './charts.js';
import { eventLabel, observationText } from './describe.js';
import { type OfferedEvent, offeredEvents } from './offered.js';
import { noProgress, type Progress } from './progress.js';
import type { Session } from './session.js';

/** What the page shows for the step at the cursor: the cluster, the machines' states, the decisions. */

export interface ReplicaView {
  readonly name: string;
  readonly role: string | null;
  readonly up: boolean | null;
  readonly connected: string | null;
  readonly operationalState: string | null;
  /** The local replica state the error log reports (PRIMARY_NORMAL, RESOLVING_NORMAL, …). */
  readonly localState: string | null;
  /** recovery_health_desc (S7): ONLINE, or ONLINE_IN_PROGRESS while a joined database is not ONLINE. */
  readonly recoveryHealth: string | null;
  /** synchronization_health_desc of the replica (S7); null for a configuration-only replica. */
  readonly synchronizationHealth: string | null;
  readonly availabilityMode: string;
  readonly failoverMode: string;
  readonly sessionTimeout: number;
}

export interface CopyView {
  readonly replica: string;
  readonly database: string;
  /** ABSENT, RESTORING, SEEDING or JOINED. */
  readonly phase: string;
  readonly synchronizationState: string | null;
  /** synchronization_health_desc of the copy (S6); null when the DMV has no row for it. */
  readonly synchronizationHealth: string | null;
  readonly suspended: boolean;
  readonly suspendReason: string | null;
  readonly failoverReady: boolean;
  readonly receivedLsn: bigint;
  readonly hardenedLsn: bigint;
  readonly redoneLsn: bigint;
  /** last_commit_lsn as the DMV shows it: NULL while quorum is lost or forced (S2). */
  readonly lastCommitLsn: bigint | null;
}

export interface MachineInstance {
  readonly label: string;
  /** The replica and database this instance belongs to (null for the group's own machine). */
  readonly replica: string | null;
  readonly database: string | null;
  /** The active leaf states' ids, as the charts' `data-state-id` spell them. */
  readonly active: readonly string[];
  /** The compound and parallel states around them. */
  readonly within: readonly string[];
}

export interface TraceItem {
  readonly index: number;
  readonly label: string;
  readonly note: string | null;
  readonly atMs: number;
  readonly observations: readonly string[];
  readonly refused: readonly Reason[];
}

export interface SessionView {
  readonly source: string;
  readonly group: {
    readonly name: string;
    readonly version: number;
    readonly service: string;
    readonly quorum: string;
    readonly primary: string | null;
    /** synchronization_health_desc of the group (S49). */
    readonly synchronizationHealth: string | null;
    readonly nowMs: number;
  };
  readonly replicas: readonly ReplicaView[];
  readonly databases: readonly string[];
  readonly copies: readonly CopyView[];
  readonly machines: Readonly<Record<MachineName, readonly MachineInstance[]>>;
  readonly decisions: Decisions;
  /** The T-SQL of each recommended action, in the order of `decisions.actions`. */
  readonly actionsTsql: readonly string[];
  readonly events: readonly OfferedEvent[];
  readonly cursor: number;
  readonly trace: readonly TraceItem[];
}

const instance = (
  machine: MachineName,
  label: string,
  snapshot: { readonly configuration: number },
  owner: { readonly replica?: string; readonly database?: string } = {},
): MachineInstance => {
  const active = activeStateIds(COMPILED[machine], snapshot);
  return {
    label,
    replica: owner.replica ?? null,
    database: owner.database ?? null,
    active,
    within: enclosingStates(machineGraphs[machine], active),
  };
};

const machineStates = (c: Cluster): SessionView['machines'] => ({
  availabilityGroup: [instance('availabilityGroup', c.config.name, c.ag)],
  replica: c.replicas.map((r) => instance('replica', r.name, r.machine, { replica: r.name })),
  databaseReplica: c.replicas.flatMap((r) =>
    Object.entries(r.databases).map(([db, copy]) =>
      instance('databaseReplica', `${db} on ${r.name}`, copy.machine, {
        replica: r.name,
        database: db,
      }),
    ),
  ),
  seeding: c.replicas.flatMap((r) =>
    Object.entries(r.databases).map(([db, copy]) =>
      instance('seeding', `${db} on ${r.name}`, copy.seeding, { replica: r.name, database: db }),
    ),
  ),
});

const replicaViews = (c: Cluster, facts: ClusterFacts): ReplicaView[] =>
  c.config.replicas.map((spec) => {
    const f = facts.replicas.find((x) => x.name === spec.name);
    const runtime = c.replicas.find((x) => x.name === spec.name);
    return {
      name: spec.name,
      role: f?.role ?? null,
      localState: runtime === undefined ? null : localReplicaState(runtime),
      recoveryHealth: f?.recoveryHealth ?? null,
      up: f?.isUp ?? null,
      connected: f?.connectedState ?? null,
      operationalState: f?.operationalState ?? null,
      synchronizationHealth: f?.synchronizationHealth ?? null,
      availabilityMode: spec.availabilityMode,
      failoverMode: spec.failoverMode,
      sessionTimeout: spec.sessionTimeout,
    };
  });

const copyViews = (c: Cluster, facts: ClusterFacts): CopyView[] => {
  // One pass over the rows: a search per copy would be quadratic in the databases.
  const rows = new Map(facts.databaseReplicas.map((x) => [`${x.replica}\u0000${x.database}`, x]));
  return c.replicas.flatMap((r) =>
    Object.entries(r.databases).map(([database, copy]) => {
      const f = rows.get(`${r.name}\u0000${database}`);
      return {
        replica: r.name,
        database,
        phase: copyPhase(copy),
        synchronizationState: f?.synchronizationState ?? null,
        synchronizationHealth: f?.synchronizationHealth ?? null,
        suspended: f?.isSuspended ?? false,
        suspendReason: copy.machine.context.suspendReason,
        failoverReady: copy.failoverReady,
        receivedLsn: copy.received.lsn,
        hardenedLsn: copy.hardened.lsn,
        redoneLsn: copy.redone.lsn,
        lastCommitLsn: f?.lastCommitLsn ?? null,
      };
    }),
  );
};

export const sessionView = (s: Session, progress: Progress = noProgress): SessionView => {
  const c = s.trace[s.cursor]!.cluster;
  progress('deciding', 0, 1);
  const facts = clusterFacts(c);
  const decisions = decide(facts);
  return {
    source: s.source,
    group: {
      name: c.config.name,
      version: c.config.version,
      service: agService(c),
      quorum: quorumState(c),
      primary: primaryName(c),
      synchronizationHealth: facts.synchronizationHealth ?? null,
      nowMs: c.nowMs,
    },
    replicas: replicaViews(c, facts),
    databases: c.config.databases,
    copies: copyViews(c, facts),
    machines: machineStates(c),
    decisions,
    actionsTsql: decisions.actions.map((a) =>
      O.getOrElse(() => `-- ${a.event.type}`)(
        renderEvent(a.event, c.config.name, {
          ...(facts.primary === null ? {} : { primary: facts.primary }),
          clusterType: c.config.clusterType,
        }),
      ).trimEnd(),
    ),
    events: offeredEvents(c, progress),
    cursor: s.cursor,
    trace: s.trace.map((t, index) => ({
      index,
      label: t.event === null ? `start: ${s.source}` : eventLabel(t.event),
      note: t.note,
      atMs: t.cluster.nowMs,
      observations: t.observations.map(observationText),
      refused: t.refused,
    })),
  };
};
