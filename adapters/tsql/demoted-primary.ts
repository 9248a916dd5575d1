import { same } from './names.js';
import type { StatementResult } from './result.js';
import { readScaleGroups } from './undemoted-primary.js';

/** A read-scale group whose primary the script demotes and never replaces. */
export interface DemotedPrimary {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface Demotion {
  readonly at: StatementResult;
  readonly replica: string;
  readonly index: number;
}

/**
 * A read-scale group (CLUSTER_TYPE = NONE) fails over in two steps, "Fail over the primary replica
 * on a read-scale availability group" (S45, the include @05f51643): "4. Demote the primary replica
 * to a secondary replica. After the primary replica is demoted, it's read-only … SET (ROLE =
 * SECONDARY)", "5. Promote the target secondary replica to primary … FORCE_FAILOVER_ALLOW_DATA_LOSS";
 * the revised include (S108) takes the primary OFFLINE in step 4. A planned FAILOVER is refused on
 * such a group (Msg 47122, S111), so it promotes nothing. Where the script's last role change of a
 * group it creates is SET (ROLE = SECONDARY) or OFFLINE on the replica it has primary (the CREATE's
 * instance, then each forced failover's target), the group is left with no primary: a warning at
 * that statement. Only statements a `:Connect` places are judged (./undemoted-primary.ts).
 */
export const demotedPrimaries = (statements: readonly StatementResult[]): DemotedPrimary[] =>
  readScaleGroups(statements).flatMap(({ created, config, ofGroup }) => {
    let primary: string | null = created.server;
    let last: Demotion | null = null;
    for (const [index, s] of ofGroup.entries()) {
      if (s.outcome.kind !== 'events' || s.connected !== true) continue;
      for (const e of s.outcome.events) {
        if (
          (e.type === 'ag.setRoleSecondary' || e.type === 'ag.offline') &&
          primary !== null &&
          same(e.replica, primary)
        ) {
          last = { at: s, replica: primary, index };
          primary = null;
        }
        if (
          e.type === 'ag.forceFailover' &&
          !same(e.target, primary) &&
          config.replicas.some((r) => same(r.name, e.target))
        ) {
          primary = e.target;
          last = null;
        }
      }
    }
    if (primary !== null || last === null) return [];
    const refused = ofGroup
      .slice(last.index + 1)
      .some(
        (s) =>
          s.outcome.kind === 'events' && s.outcome.events.some((e) => e.type === 'ag.failover'),
      );
    return [
      {
        line: last.at.line,
        column: last.at.column,
        text: `${last.at.text} takes ${last.replica} out of the primary role of ${config.name} (CLUSTER_TYPE = NONE), and no FORCE_FAILOVER_ALLOW_DATA_LOSS of ${config.name} on another replica follows it in the script${refused ? ' (the FAILOVER after it is refused on CLUSTER_TYPE = NONE, Msg 47122)' : ''}: the group is left with no primary, its databases read-only on every replica ("After the primary replica is demoted, it's read-only", then "Promote the target secondary replica to primary … FORCE_FAILOVER_ALLOW_DATA_LOSS"), while validate, explain and check judge ${config.name} with a primary; run ALTER AVAILABILITY GROUP [${config.name}] FORCE_FAILOVER_ALLOW_DATA_LOSS on the replica that is to become primary`,
      },
    ];
  });
