import type { Config } from '../../core/model/config.js';
import { isDrop } from './group-drops.js';
import { same, sameGroup } from './names.js';
import type { StatementResult } from './result.js';

/** A forced failover of a read-scale group after which the script leaves the old primary primary. */
export interface UndemotedPrimary {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/** The statement, placed by a `:Connect`, takes `replica` out of its primary role or out of the group. */
const demotes = (s: StatementResult, replica: string): boolean => {
  if (isDrop(s)) return s.connected === true && same(s.server, replica);
  if (s.outcome.kind !== 'events' || s.connected !== true) return false;
  return s.outcome.events.some(
    (e) =>
      ((e.type === 'ag.setRoleSecondary' || e.type === 'ag.offline') && same(e.replica, replica)) ||
      (e.type === 'replica.remove' && same(e.replica, replica)),
  );
};

const ROLE_CHANGES: ReadonlySet<string> = new Set([
  'ag.forceFailover',
  'ag.setRoleSecondary',
  'ag.offline',
  'replica.remove',
]);

/** A statement no `:Connect` places that may demote a replica or move the primary role. */
const unplacedRoleChange = (s: StatementResult): boolean =>
  (s.outcome.kind === 'unplaced' && /\b(?:FAILOVER|ROLE|OFFLINE)\b/i.test(s.outcome.sql)) ||
  (isDrop(s) && s.connected !== true) ||
  (s.outcome.kind === 'events' &&
    s.connected !== true &&
    s.outcome.events.some((e) => ROLE_CHANGES.has(e.type)));

/** A group a `:Connect` creates with CLUSTER_TYPE = NONE, and its statements the script places. */
export interface ReadScaleGroup {
  readonly created: StatementResult;
  readonly config: Config;
  /** The group's statements after CREATE, up to its next CREATE or a role change not placed. */
  readonly ofGroup: readonly StatementResult[];
}

export const readScaleGroups = (statements: readonly StatementResult[]): ReadScaleGroup[] =>
  statements.flatMap((created, at) => {
    if (created.outcome.kind !== 'config' || created.connected !== true) return [];
    const config: Config = created.outcome.config;
    if (config.kind === 'DISTRIBUTED' || config.clusterType !== 'NONE') return [];
    const later = statements.slice(at + 1).filter((s) => sameGroup(s, config.name));
    const end = later.findIndex((s) => s.outcome.kind === 'config' || unplacedRoleChange(s));
    return [{ created, config, ofGroup: end === -1 ? later : later.slice(0, end) }];
  });

/**
 * CLUSTER_TYPE = NONE has no cluster manager, so nothing demotes the primary a forced failover
 * leaves behind. "Fail over the primary replica on a read-scale availability group" (S45): "When
 * the previous primary replica recovers, it will also assume the primary role. To ensure that the
 * previous primary replica transitions into a secondary role run the following command on the
 * previous primary replica: ALTER AVAILABILITY GROUP [ag1] SET (ROLE = SECONDARY)"; forced while
 * it still runs, it never stopped being primary (core/failover/cluster-none.ts). The revised
 * include (S108) takes it OFFLINE before the failover, or OFFLINE, REMOVE REPLICA and DROP after.
 * Each FORCE_FAILOVER_ALLOW_DATA_LOSS a `:Connect` places on a replica of a group the script
 * creates with CLUSTER_TYPE = NONE, while the script has another replica primary (CREATE's
 * instance, then each forced failover's target; none after SET (ROLE = SECONDARY) or OFFLINE
 * there; a planned FAILOVER is refused on such a group, Msg 47122), is
 * judged: if nothing placed after it demotes that replica (SET (ROLE = SECONDARY) or OFFLINE on
 * it, REMOVE REPLICA of it, DROP AVAILABILITY GROUP there), the script leaves two primaries. A
 * failover, SET ROLE, OFFLINE or DROP the script does not place ends the judging.
 */
export const undemotedPrimaries = (statements: readonly StatementResult[]): UndemotedPrimary[] =>
  readScaleGroups(statements).flatMap(({ created, config, ofGroup }) => {
    let primary: string | null = created.server;
    // Old primaries left primary by an earlier forced failover: FORCE there is refused (S3).
    const left = new Set<string>();
    const found: UndemotedPrimary[] = [];
    ofGroup.forEach((s, i) => {
      for (const k of [...left]) if (demotes(s, k)) left.delete(k);
      if (s.outcome.kind !== 'events' || s.connected !== true) return;
      for (const e of s.outcome.events) {
        if (
          (e.type === 'ag.setRoleSecondary' || e.type === 'ag.offline') &&
          same(e.replica, primary)
        )
          primary = null;
        if (e.type !== 'ag.forceFailover' || same(e.target, primary)) continue;
        if (!config.replicas.some((r) => same(r.name, e.target))) continue;
        if (left.has(e.target.toLowerCase())) continue;
        const old = primary;
        if (old !== null) left.add(old.toLowerCase());
        primary = e.target;
        if (old === null || ofGroup.slice(i + 1).some((d) => demotes(d, old))) continue;
        found.push({
          line: s.line,
          column: s.column,
          text: `${s.text} makes ${e.target} primary of ${config.name} (CLUSTER_TYPE = NONE), and nothing in the script demotes ${old}, the primary before it: with no cluster manager, ${old} stays primary, or takes the primary role again when it recovers ("Fail over the primary replica on a read-scale availability group": "When the previous primary replica recovers, it will also assume the primary role"), and both accept writes, while validate, explain and check judge ${config.name} with ${e.target} its only primary; run ALTER AVAILABILITY GROUP [${config.name}] SET (ROLE = SECONDARY) on ${old}, or take the group OFFLINE there before the failover`,
        });
      }
    });
    return found;
  });
