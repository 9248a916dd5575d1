import type { DistributedEvent } from '../../distributed/events.js';
import type { DistributedObservation } from '../../distributed/result.js';
import { writableMembers } from '../../distributed/select.js';
import { stepDistributed } from '../../distributed/step.js';
import type { DistributedCluster, Member } from '../../distributed/types.js';
import type { SearchModel } from '../breadth-first.js';
import { createInterner } from '../intern.js';
import { writeStateKey } from '../key.js';
import { KeyWriter, type StateKey } from '../state-key.js';
import {
  type DistributedAction,
  type DistributedActionKind,
  distributedActions,
  type FailoverProcedure,
} from './alphabet.js';

/**
 * A distributed availability group as a search model for the explorer's breadth-first search:
 * positions, moves, the canonical key, and the questions (docs/checks.md, "Distributed
 * availability groups").
 */

export const DISTRIBUTED_QUESTIONS = {
  failoverLoss: 'Can the distributed failover lose acknowledged commits?',
  bothWritable: 'Can both sides accept writes?',
  acknowledgedLoss:
    "Can the distributed group lose acknowledged commits in any way (a failover inside the global primary's group too)?",
} as const;
export type DistributedQuestionId = keyof typeof DISTRIBUTED_QUESTIONS;
export const DISTRIBUTED_QUESTION_IDS = Object.keys(
  DISTRIBUTED_QUESTIONS,
) as DistributedQuestionId[];

export interface DistributedSpace {
  readonly start: DistributedCluster;
  readonly base: bigint;
  readonly faults: number;
  readonly commits: number;
  readonly procedure: FailoverProcedure;
  readonly forcedFailover: 'withoutPrimary' | 'always' | 'never';
  readonly memberFailovers: boolean;
}

export interface DistributedPosition {
  readonly distributed: DistributedCluster;
  readonly faults: number;
  readonly commits: number;
}

export interface DistributedMove {
  readonly position: DistributedPosition;
  readonly action: DistributedAction;
  readonly observations: readonly DistributedObservation[];
}

export const distributedStart = (space: DistributedSpace): DistributedPosition => ({
  distributed: space.start,
  faults: 0,
  commits: 0,
});

export const offeredDistributed = (space: DistributedSpace, p: DistributedPosition) =>
  distributedActions(p.distributed, {
    canFault: p.faults < space.faults,
    canCommit: p.commits < space.commits,
    procedure: space.procedure,
    forcedFailover: space.forcedFailover,
    memberFailovers: space.memberFailovers,
  });

/** An action's events in order; null when none was accepted. */
export const moveDistributed = (
  p: DistributedPosition,
  action: DistributedAction,
): DistributedMove | null => {
  let d = p.distributed;
  let accepted = false;
  const observations: DistributedObservation[] = [];
  for (const event of action.events) {
    const r = stepDistributed(d, event);
    if (r.refused.length > 0) continue;
    accepted = true;
    d = r.distributed;
    observations.push(...r.observations);
  }
  if (!accepted) return null;
  return {
    position: {
      distributed: d,
      faults: p.faults + (action.kind === 'fault' ? 1 : 0),
      commits: p.commits + (action.kind === 'commit' ? 1 : 0),
    },
    action,
    observations,
  };
};

const rel = (lsn: bigint, base: bigint): string => `${lsn - base}`;

/**
 * The canonical key: each member's cluster key (core/explore/key.ts: LSNs relative to the start,
 * time as "has a broken link outlasted SESSION_TIMEOUT", interchangeable replicas sorted) with its
 * distributed role and availability mode, then the link and the distributed group's record of what
 * clients saw. The two members are never interchangeable: they hold different roles and names.
 */
export const distributedKey = (
  p: DistributedPosition,
  base: bigint,
  w: KeyWriter = new KeyWriter(),
): StateKey => {
  const d = p.distributed;
  w.begin();
  for (const m of d.members) {
    w.text(`${m.name}|${m.role}|${m.availabilityMode}`);
    w.endPart();
    // The link names databases, so each member's keep their names' order.
    writeStateKey(w, m.cluster, base, undefined, false);
  }
  const link = JSON.stringify([
    d.link.from,
    d.link.to,
    d.link.connected,
    Object.keys(d.link.databases)
      .sort()
      .map((db) => {
        const c = d.link.databases[db]!;
        return [db, rel(c.received, base), rel(c.hardened, base), c.synchronized, c.phase];
      }),
  ]);
  const ranges = (rs: readonly { member: string; fromLsn: bigint; toLsn: bigint }[]) =>
    rs.map((r) => [r.member, rel(r.fromLsn, base), rel(r.toLsn, base)]);
  const logs = JSON.stringify(
    Object.keys(d.logs)
      .sort()
      .map((db) => {
        const l = d.logs[db]!;
        return [
          ranges(l.acknowledged),
          ranges(l.lost),
          Object.entries(l.settledLsn)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([m, lsn]) => [m, rel(lsn, base)]),
          l.divergedAt === null ? null : rel(l.divergedAt, base),
        ];
      }),
  );
  for (const text of [link, logs]) {
    w.text(text);
    w.endPart();
  }
  w.word(d.requiredSynchronizedSecondariesToCommit);
  w.word(p.faults);
  w.word(p.commits);
  w.endPart();
  return w;
};

/** The first path found to each "yes". */
export type DistributedFindings = Partial<Record<DistributedQuestionId, readonly number[]>>;

const lostIn = (observations: readonly DistributedObservation[]): boolean =>
  observations.some((o) => o.type === 'distributed.lost' && o.ranges.length > 0);

export const distributedModel = (
  space: DistributedSpace,
  found: DistributedFindings,
): SearchModel<DistributedPosition, DistributedAction, DistributedMove> => {
  const interner = createInterner();
  const writer = new KeyWriter();
  const shareMember = (m: Member): Member => {
    const cluster = interner.cluster(m.cluster);
    return cluster === m.cluster ? m : { ...m, cluster };
  };
  return {
    offered: (p) => offeredDistributed(space, p),
    move: moveDistributed,
    key: (p) => distributedKey(p, space.base, writer),
    // No path-dependent question: every state carries the same bit.
    flag: () => true,
    noteMove: (m, path) => {
      if (!lostIn(m.observations)) return;
      if (found.acknowledgedLoss === undefined) found.acknowledgedLoss = path();
      if (found.failoverLoss === undefined && m.action.kind === 'failover')
        found.failoverLoss = path();
    },
    noteState: (p, path) => {
      if (found.bothWritable === undefined && writableMembers(p.distributed).length > 1)
        found.bothWritable = path();
    },
    noteAgain: () => {},
    // The member clusters' equal parts shared, as the single group's frontier shares them.
    share: (p) => {
      const [a, b] = p.distributed.members;
      const members: [Member, Member] = [shareMember(a), shareMember(b)];
      if (members[0] === a && members[1] === b) return p;
      return { ...p, distributed: { ...p.distributed, members } };
    },
  };
};

export interface DistributedTraceStep {
  readonly kind: DistributedActionKind;
  readonly label: string;
  readonly events: readonly DistributedEvent[];
  readonly observations: readonly DistributedObservation[];
}

/** The trace a path of action numbers stands for: the step is pure, so the replay meets the same states. */
export const replayDistributed = (
  space: DistributedSpace,
  path: readonly number[],
): DistributedTraceStep[] => {
  let p = distributedStart(space);
  return path.map((n) => {
    const action = offeredDistributed(space, p)[n];
    const m = action === undefined ? null : moveDistributed(p, action);
    if (action === undefined || m === null)
      throw new Error(`internal error: the path ${path.join('.')} does not replay at action ${n}`);
    p = m.position;
    return {
      kind: action.kind,
      label: action.label,
      events: action.events,
      observations: m.observations,
    };
  });
};
