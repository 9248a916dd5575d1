import { failoverOnPrimary } from '../../core/lifecycle/configure.js';
import type { Config } from '../../core/model/config.js';
import type { ClusterEvent } from '../../core/model/events.js';
import { type Reason, reason, source } from '../../core/model/source.js';
import { isDrop } from './group-drops.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';

/** The forced failover that left an instance primary: its target and its line. */
export interface LeftBy {
  readonly target: string;
  readonly line: number;
}

/**
 * The instances of a CLUSTER_TYPE = NONE group that a forced failover the script places left
 * primary (lower case), until the script demotes them. With no cluster manager nothing takes the
 * old primary out of its role: "Fail over the primary replica on a read-scale availability group"
 * (S45): "When the previous primary replica recovers, it will also assume the primary role. To
 * ensure that the previous primary replica transitions into a secondary role run the following
 * command on the previous primary replica: ALTER AVAILABILITY GROUP [ag1] SET (ROLE = SECONDARY)".
 * SET (ROLE = SECONDARY) or OFFLINE there, REMOVE REPLICA of it, or DROP AVAILABILITY GROUP there
 * ends it (S108). undemoted-primary.ts warns at the failover itself.
 */
export class LeftPrimaries {
  private readonly left = new Map<string, LeftBy>();

  constructor(private readonly config: Config) {}

  private get judged(): boolean {
    return this.config.kind !== 'DISTRIBUTED' && this.config.clusterType === 'NONE';
  }

  /** What the forced failover that left `instance` primary was, if one did. */
  by(instance: string | null): LeftBy | undefined {
    return instance === null ? undefined : this.left.get(instance.toLowerCase());
  }

  /** A failover no `:Connect` places: which replica is primary is no longer known. */
  clear(): void {
    this.left.clear();
  }

  /** A DROP AVAILABILITY GROUP: on its instance the group is gone. */
  dropped(s: StatementResult): void {
    if (isDrop(s) && s.server !== null) this.left.delete(s.server.toLowerCase());
  }

  /** An event the group took, `primary` being the primary the script had before it. */
  took(s: StatementResult, e: ClusterEvent, primary: string | null): void {
    if (!this.judged) return;
    if (e.type === 'ag.forceFailover') {
      if (s.connected === true && primary !== null && !same(primary, e.target))
        this.left.set(primary.toLowerCase(), { target: e.target, line: s.line });
      this.left.delete(e.target.toLowerCase());
    }
    if (
      e.type === 'ag.setRoleSecondary' ||
      e.type === 'replica.remove' ||
      (e.type === 'ag.offline' && e.replica !== undefined)
    )
      this.left.delete((e.replica ?? '').toLowerCase());
  }
}

const why = (group: string, instance: string, by: LeftBy): string =>
  `the forced failover to ${by.target} at line ${by.line} left ${instance} primary of ${group} too: with CLUSTER_TYPE = NONE no cluster manager demotes it, and the script has not (SET (ROLE = SECONDARY) or OFFLINE there)`;

/**
 * FORCE_FAILOVER_ALLOW_DATA_LOSS on an instance a forced failover left primary: FORCE is
 * "supported only on a replica whose role is in the SECONDARY or RESOLVING state" (S3), so SQL
 * Server refuses it there and no replica changes role.
 */
export const forcedOntoLeftPrimary = (group: string, instance: string, by: LeftBy): Reason =>
  failoverOnPrimary(group, instance, why(group, instance, by), 'FORCE_FAILOVER_ALLOW_DATA_LOSS');

/**
 * A statement supported only on the primary replica (S3), run on an instance a forced failover
 * left primary: its role there is still PRIMARY, so SQL Server runs it, on that instance's side of
 * the split; the group validate, explain and check judge has the failover's target its only
 * primary and does not take it. A warning, not a refusal.
 */
export const ranOnLeftPrimary = (
  text: string,
  group: string,
  instance: string,
  by: LeftBy,
): Reason =>
  reason(
    'STATEMENT_ON_LEFT_PRIMARY',
    `${text} runs on ${instance}: ${why(group, instance, by)}, so SQL Server runs it there, on ${instance}'s side of the split, not on ${by.target}'s; validate, explain and check judge ${group} with ${by.target} its only primary and do not apply it; demote ${instance} (SET (ROLE = SECONDARY)) and run it on ${by.target}`,
    source(
      'S45',
      'Fail over the primary replica on a read-scale availability group: "When the previous primary replica recovers, it will also assume the primary role"',
    ),
  );
