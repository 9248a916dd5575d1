import type { Config } from './config.js';
import type { ClusterEvent } from './events.js';
import type { DecodeProblem } from './report.js';
import type { ScenarioStep } from './scenario.js';

/**
 * What a scenario's steps must satisfy beyond their shapes, checked when it is decoded, so that a
 * mistake is refused with its JSON pointer before anything runs: step times never go backwards,
 * and every event names a replica of the group (or one an earlier step adds) and a database of
 * the group (or one a step adds). Replica names compare case-insensitively, as instance names do.
 */

const problem = (pointer: string, expected: string, actual: string, message: string) => ({
  pointer,
  expected,
  actual,
  message,
});

/** The replica names an event refers to, with the key that holds each. */
const replicaRefs = (e: ClusterEvent): readonly (readonly [string, string])[] => {
  const refs: (readonly [string, string])[] = [];
  if ('replica' in e && typeof e.replica === 'string') refs.push(['replica', e.replica]);
  if ((e.type === 'ag.failover' || e.type === 'ag.forceFailover') && e.target !== undefined)
    refs.push(['target', e.target]);
  return refs;
};

export const scenarioStepProblems = (
  config: Config,
  steps: readonly ScenarioStep[],
  /** Databases outside the group that the instances hold (a running cluster's catalog). */
  otherDatabases: readonly string[] = [],
): readonly DecodeProblem[] => {
  const out: DecodeProblem[] = [];
  const replicas = new Map(config.replicas.map((r) => [r.name.toLowerCase(), r.name]));
  const databases = new Set([...config.databases, ...otherDatabases]);
  for (const s of steps) if (s.event.type === 'db.add') databases.add(s.event.database);
  const replicaList = () => [...replicas.values()].join(', ');
  let lastAt: { at: number; index: number } | null = null;
  steps.forEach((s, i) => {
    const at = s.at;
    if (at !== undefined) {
      if (lastAt !== null && at < lastAt.at)
        out.push(
          problem(
            `/steps/${i}/at`,
            `a time of at least ${lastAt.at} ms (step ${lastAt.index}'s)`,
            String(at),
            `step ${i} is at ${at} ms, before step ${lastAt.index} at ${lastAt.at} ms: time only moves forward`,
          ),
        );
      else lastAt = { at, index: i };
    }
    const e = s.event;
    for (const [key, name] of replicaRefs(e))
      if (!replicas.has(name.toLowerCase()))
        out.push(
          problem(
            `/steps/${i}/event/${key}`,
            `a replica of ${config.name} (${replicaList()})`,
            JSON.stringify(name),
            `${e.type} names replica ${JSON.stringify(name)}, which ${config.name} does not have; expected one of ${replicaList()}`,
          ),
        );
    if ('database' in e && typeof e.database === 'string' && !databases.has(e.database))
      out.push(
        problem(
          `/steps/${i}/event/database`,
          `a database of ${config.name} (${[...databases].join(', ')})`,
          JSON.stringify(e.database),
          `${e.type} names database ${JSON.stringify(e.database)}, which ${config.name} neither has nor adds; expected one of ${[...databases].join(', ')}`,
        ),
      );
    // A replica added here may be named from the next step on.
    if (e.type === 'replica.add') replicas.set(e.spec.name.toLowerCase(), e.spec.name);
  });
  return out;
};
