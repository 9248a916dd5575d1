import { createCluster } from '../cluster/build.js';
import { stepFacts } from '../cluster/facts.js';
import { stepViolations, type Violation } from '../cluster/invariants.js';
import { stuckCaughtUpCopies } from '../cluster/liveness.js';
import type { Observation } from '../cluster/observation.js';
import { primaryReplica, writablePrimaries } from '../cluster/select.js';
import { step } from '../cluster/step.js';
import type { Cluster } from '../cluster/types.js';
import { commitOutcome } from '../log/commit.js';
import { acknowledgedNotHeld } from '../log/lineage.js';
import type { Config } from '../model/config.js';
import type { ClusterEvent } from '../model/events.js';
import { type Action, type ActionKind, actions } from './alphabet.js';
import { hashKey, stateKey } from './key.js';

/**
 * Exhaustive, bounded breadth-first search over the states a configuration can reach under a
 * budget of faults and commits. It checks the model's invariants on every step and answers a
 * user's questions with the shortest trace that shows a "yes".
 */

export const QUESTIONS = {
  acknowledgedLoss: 'Can acknowledged commits be lost?',
  noWritablePrimary: 'Can the group be left with no writable primary?',
  commitsBlocked: 'Can commits be blocked while a primary is writable?',
  stuckSynchronizing: 'Can a caught-up synchronous secondary be left out of SYNCHRONIZED?',
} as const;
export type QuestionId = keyof typeof QUESTIONS;

export interface ExploreOptions {
  /** How many faults (crashes, disconnects, quorum loss) may happen. */
  readonly faults: number;
  /** How many commits the application makes (default 2). */
  readonly commits?: number;
  /** When an operator may force a failover (default: only when no writable primary exists). */
  readonly forcedFailover?: 'withoutPrimary' | 'always' | 'never';
  /** Stop after this many states (default 2,000,000); the result then says it is incomplete. */
  readonly maxStates?: number;
  /** Yield progress every this many states (default 5,000). */
  readonly progressEvery?: number;
}

export interface TraceStep {
  readonly kind: ActionKind;
  readonly label: string;
  readonly events: readonly ClusterEvent[];
  readonly observations: readonly Observation[];
}

export interface Answer {
  readonly question: string;
  readonly answer: boolean;
  /** The shortest sequence that shows it, when the answer is yes. */
  readonly trace: readonly TraceStep[] | null;
}

export interface ExploreResult {
  readonly group: string;
  readonly faults: number;
  readonly commits: number;
  readonly statesExplored: number;
  readonly transitions: number;
  readonly depth: number;
  /** False when the search stopped at maxStates: a "no" is then only "not within what was explored". */
  readonly complete: boolean;
  readonly answers: Readonly<Record<QuestionId, Answer>>;
  /** Broken invariants of the model itself, with the trace that reaches each (should be empty). */
  readonly violations: readonly {
    readonly violation: Violation;
    readonly trace: readonly TraceStep[];
  }[];
}

export interface Progress {
  readonly statesExplored: number;
  readonly frontier: number;
  readonly depth: number;
}

interface Node {
  readonly parent: number;
  readonly step: TraceStep | null;
}

interface Frontier {
  readonly cluster: Cluster;
  readonly node: number;
  readonly faults: number;
  readonly commits: number;
  readonly depth: number;
}

const traceOf = (nodes: readonly Node[], index: number, last?: TraceStep): TraceStep[] => {
  const out: TraceStep[] = last === undefined ? [] : [last];
  for (let i = index; i > 0; i = nodes[i]!.parent) out.push(nodes[i]!.step!);
  return out.reverse();
};

const lostNow = (c: Cluster): boolean => {
  const primary = primaryReplica(c);
  if (primary === undefined) return false;
  return Object.entries(c.logs).some(([db, log]) => {
    const end = primary.databases[db]?.hardened;
    return end !== undefined && acknowledgedNotHeld(log.forks, log.acknowledged, end).length > 0;
  });
};

const commitsBlocked = (c: Cluster): boolean => {
  if (writablePrimaries(c).length === 0) return false;
  const facts = stepFacts(c);
  return c.config.databases.some((db) => commitOutcome(facts, db).acknowledgement === 'blocked');
};

/** Apply an action's events in order; it happened if at least one event was accepted. */
const apply = (c: Cluster, action: Action) => {
  let cluster = c;
  let accepted = false;
  const observations: Observation[] = [];
  const violations: Violation[] = [];
  for (const event of action.events) {
    const result = step(cluster, event);
    violations.push(...stepViolations(cluster, event, result));
    if (result.refused.length > 0) continue;
    accepted = true;
    cluster = result.cluster;
    observations.push(...result.observations);
  }
  return { cluster, accepted, observations, violations };
};

export function* exploreIterator(
  config: Config,
  options: ExploreOptions,
): Generator<Progress, ExploreResult> {
  const maxCommits = options.commits ?? 2;
  const maxStates = options.maxStates ?? 2_000_000;
  const progressEvery = options.progressEvery ?? 5_000;
  const forcedFailover = options.forcedFailover ?? 'withoutPrimary';
  const start = createCluster(config);
  const base = start.logs[config.databases[0] ?? '']?.settledLsn ?? 0n;
  const visited = new Set<number>();
  const nodes: Node[] = [{ parent: -1, step: null }];
  const answers: Partial<Record<QuestionId, TraceStep[]>> = {};
  const violations: { violation: Violation; trace: TraceStep[] }[] = [];
  const seenInvariants = new Set<string>();
  let queue: Frontier[] = [{ cluster: start, node: 0, faults: 0, commits: 0, depth: 0 }];
  visited.add(hashKey(stateKey(start, base, '0:0')));
  let transitions = 0;
  let depth = 0;
  let complete = true;
  while (queue.length > 0) {
    const next: Frontier[] = [];
    for (const item of queue) {
      const offered = actions(item.cluster, {
        forcedFailover,
        canFault: item.faults < options.faults,
        canCommit: item.commits < maxCommits,
      });
      for (const action of offered) {
        const out = apply(item.cluster, action);
        if (!out.accepted) continue;
        transitions++;
        const stepTrace: TraceStep = {
          kind: action.kind,
          label: action.label,
          events: action.events,
          observations: out.observations,
        };
        for (const v of out.violations) {
          if (seenInvariants.has(v.invariant)) continue;
          seenInvariants.add(v.invariant);
          violations.push({ violation: v, trace: traceOf(nodes, item.node, stepTrace) });
        }
        const faults = item.faults + (action.kind === 'fault' ? 1 : 0);
        const commits = item.commits + (action.kind === 'commit' ? 1 : 0);
        const lost =
          out.observations.some((o) => o.type === 'failover.completed' && o.lost.length > 0) ||
          lostNow(out.cluster);
        if (lost && answers.acknowledgedLoss === undefined)
          answers.acknowledgedLoss = traceOf(nodes, item.node, stepTrace);
        const key = hashKey(stateKey(out.cluster, base, `${faults}:${commits}`));
        if (visited.has(key)) continue;
        visited.add(key);
        if (answers.noWritablePrimary === undefined && writablePrimaries(out.cluster).length === 0)
          answers.noWritablePrimary = traceOf(nodes, item.node, stepTrace);
        if (answers.commitsBlocked === undefined && commitsBlocked(out.cluster))
          answers.commitsBlocked = traceOf(nodes, item.node, stepTrace);
        if (answers.stuckSynchronizing === undefined && stuckCaughtUpCopies(out.cluster).length > 0)
          answers.stuckSynchronizing = traceOf(nodes, item.node, stepTrace);
        nodes.push({ parent: item.node, step: stepTrace });
        next.push({
          cluster: out.cluster,
          node: nodes.length - 1,
          faults,
          commits,
          depth: item.depth + 1,
        });
        if (visited.size % progressEvery === 0)
          yield { statesExplored: visited.size, frontier: next.length, depth: depth + 1 };
        if (visited.size >= maxStates) {
          complete = false;
          break;
        }
      }
      if (!complete) break;
    }
    if (!complete) break;
    if (next.length > 0) depth++;
    queue = next;
  }
  const answer = (id: QuestionId): Answer => ({
    question: QUESTIONS[id],
    answer: answers[id] !== undefined,
    trace: answers[id] ?? null,
  });
  return {
    group: config.name,
    faults: options.faults,
    commits: maxCommits,
    statesExplored: visited.size,
    transitions,
    depth,
    complete,
    answers: {
      acknowledgedLoss: answer('acknowledgedLoss'),
      noWritablePrimary: answer('noWritablePrimary'),
      commitsBlocked: answer('commitsBlocked'),
      stuckSynchronizing: answer('stuckSynchronizing'),
    },
    violations,
  };
}

/** Run the whole search. */
export const explore = (config: Config, options: ExploreOptions): ExploreResult => {
  const it = exploreIterator(config, options);
  for (;;) {
    const r = it.next();
    if (r.done === true) return r.value;
  }
};
