import type { StatementResult } from './result.js';

/** A distributed group the script creates whose second group the script never joins to it. */
export interface UnjoinedDistributed {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

const same = (a: string | null | undefined, b: string): boolean =>
  a?.toLowerCase() === b.toLowerCase();

/**
 * A CREATE AVAILABILITY GROUP … WITH (DISTRIBUTED) whose second group the script creates too, with
 * no ALTER AVAILABILITY GROUP … JOIN AVAILABILITY GROUP ON for the distributed group after it:
 * "Configure a distributed availability group" (S58), "Then join the distributed availability
 * group on the second WSFC". Until then the second group is not in it and no log crosses, while
 * validate and explain judge it joined (decide and check refuse it: decide-distributed-model.ts).
 * A script that does not create the second group is one cluster's half, and is not judged so.
 */
export const unjoinedDistributed = (
  statements: readonly StatementResult[],
): UnjoinedDistributed[] =>
  statements.flatMap((created, at) => {
    if (created.outcome.kind !== 'config') return [];
    const dag = created.outcome.config;
    const [first, second] = dag.members;
    if (dag.kind !== 'DISTRIBUTED' || first === undefined || second === undefined) return [];
    const createsSecond = statements.some(
      (s) =>
        s.outcome.kind === 'config' &&
        s.outcome.config.kind !== 'DISTRIBUTED' &&
        same(s.outcome.config.name, second.name),
    );
    if (!createsSecond) return [];
    const later = statements.slice(at + 1);
    const end = later.findIndex((s) => s.outcome.kind === 'config' && same(s.group, dag.name));
    const joined = (end === -1 ? later : later.slice(0, end)).some(
      (s) => same(s.group, dag.name) && s.outcome.kind === 'members' && s.outcome.action === 'join',
    );
    if (joined) return [];
    return [
      {
        line: created.line,
        column: created.column,
        text: `${second.name} never joins ${dag.name}: the script creates ${second.name} but runs no ALTER AVAILABILITY GROUP [${dag.name}] JOIN AVAILABILITY GROUP ON … on ${second.name}'s primary ("Configure a distributed availability group", Join distributed availability group on second cluster: "Then join the distributed availability group on the second WSFC"); until it does, ${second.name} is not in ${dag.name}, no log of ${first.name} crosses to it and no failover to it can run, while validate and explain judge ${dag.name} with both groups joined (decide and check refuse such a script)`,
      },
    ];
  });
