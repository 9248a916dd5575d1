import { DISTRIBUTED_RULES } from '../../core/distributed/rules.js';
import type { Config } from '../../core/model/config.js';
import { type Reason, reason, source } from '../../core/model/source.js';
import { parseLinkUrl } from '../../core/validation/urls.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';

const onSecondaryOnly = source(
  'S3',
  'FAILOVER and FORCE_FAILOVER_ALLOW_DATA_LOSS: supported only on secondary replicas; on a distributed group, run on the forwarder',
);

/** A failover of a distributed group run on the side that already holds its PRIMARY role. */
const failoverOnGlobalPrimary = (dag: string, member: string, server: string): Reason =>
  reason(
    'ALREADY_PRIMARY',
    `it runs on ${server}, a replica of ${member}, which holds the PRIMARY role of ${dag} (not demoted with SET (ROLE = SECONDARY) since): SQL Server runs a failover only on a secondary replica, so it refuses it here; run it on the forwarder, the primary of the secondary group`,
    onSecondaryOnly,
  );

/** FAILOVER, not FAILOVER_MODE nor FORCE_FAILOVER_ALLOW_DATA_LOSS (`_` is a word character). */
const PLANNED_FAILOVER = /\bFAILOVER\b/i;

/** A planned FAILOVER of a distributed group between SQL Server instances, wherever it runs. */
const plannedFailover = (dag: string): Reason =>
  reason(
    'FAILOVER_FORM_NOT_SUPPORTED',
    `${dag} fails over between its member groups only with FORCE_FAILOVER_ALLOW_DATA_LOSS, run on the forwarder once SET (ROLE = SECONDARY) has demoted the global primary: SQL Server refuses FAILOVER on a distributed group, so the role stays where it was`,
    DISTRIBUTED_RULES.forceOnly,
  );

/**
 * The failovers of a distributed group that SQL Server refuses: FAILOVER, the planned form, which
 * a distributed group does not take (S43), and any failover a script runs on the member group holding the
 * distributed group's PRIMARY role: the first member from CREATE, then each failover's member,
 * until SET (ROLE = SECONDARY) demotes it (after which the fail-back on the global primary, S58
 * step 4, runs). A statement on a replica of neither member stops the judgment (which side then
 * holds the role is not known). A Managed Instance link fails over by its own rules and is left out.
 */
export const refusedDistributedFailovers = (
  config: Config,
  statements: readonly StatementResult[],
  memberConfigs: readonly Config[],
): readonly { readonly statement: StatementResult; readonly reason: Reason }[] => {
  if (config.kind !== 'DISTRIBUTED' || config.members.length !== 2) return [];
  // A Managed Instance link's planned FAILOVER runs on its primary replica (S104): not judged here.
  if (config.members.some((m) => parseLinkUrl(m.listenerUrl) !== undefined)) return [];
  const memberOf = (server: string | null) =>
    config.members.find((m) =>
      memberConfigs.some(
        (c) =>
          c.kind !== 'DISTRIBUTED' &&
          same(c.name, m.name) &&
          c.replicas.some((r) => same(r.name, server)),
      ),
    )?.name;
  const primary = new Set([config.members[0]!.name]);
  const out: { statement: StatementResult; reason: Reason }[] = [];
  for (const s of statements) {
    // Refused wherever it runs, so a FAILOVER the script does not place is judged too; the role
    // does not move, and the judgment goes on.
    if (s.outcome.kind === 'unplaced' && PLANNED_FAILOVER.test(s.text))
      out.push({ statement: s, reason: plannedFailover(config.name) });
    if (s.outcome.kind !== 'events') continue;
    for (const e of s.outcome.events) {
      if (
        e.type !== 'ag.failover' &&
        e.type !== 'ag.forceFailover' &&
        e.type !== 'ag.setRoleSecondary'
      )
        continue;
      // Refused wherever it runs, on a server of neither member too.
      if (e.type === 'ag.failover')
        out.push({ statement: s, reason: plannedFailover(config.name) });
      const member = memberOf(s.server);
      if (member === undefined || s.server === null) return out;
      if (e.type === 'ag.setRoleSecondary') primary.delete(member);
      else if (primary.has(member))
        out.push({ statement: s, reason: failoverOnGlobalPrimary(config.name, member, s.server) });
      else if (e.type === 'ag.forceFailover') primary.add(member);
    }
  }
  return out;
};
