import { source, unknownReason } from '../../core/model/source.js';
import { PRIMARY_ONLY } from './configs-after.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';
import type { PlacedReason } from './versions.js';

/** The last failover of a group the script places: its target, its verb and its line. */
interface FailedOver {
  readonly target: string;
  readonly verb: 'FAILOVER' | 'FORCE_FAILOVER_ALLOW_DATA_LOSS';
  readonly line: number;
}

/**
 * A statement "supported only on the primary replica" (S3) of a group the script does not create,
 * placed on another instance than the target of a failover of that group the script placed before
 * it. Where the failover ran on a group with a cluster manager, its target is the primary and that
 * instance a secondary, so SQL Server refuses the statement; it runs only if that instance is
 * still primary: the failover was refused (a planned one on an unsynchronized target, or on
 * CLUSTER_TYPE = NONE, Msg 47122), or a forced failover of a CLUSTER_TYPE = NONE group left it
 * primary beside the target (S45). The script does not say which, so it is unknown. A SET (ROLE =
 * SECONDARY), a failover no `:Connect` places or a DROP of the group ends the judging; groups the
 * script shows as distributed follow other rules.
 */
export const afterFailoverUnknowns = (statements: readonly StatementResult[]): PlacedReason[] => {
  const distributed = new Set(
    statements.filter((s) => s.outcome.kind === 'members').map((s) => s.group?.toLowerCase()),
  );
  const last = new Map<string, FailedOver | null>();
  const out: PlacedReason[] = [];
  for (const s of statements) {
    const group = s.group?.toLowerCase();
    if (group === undefined || distributed.has(group)) continue;
    if (s.outcome.kind !== 'events') {
      if (/\bFAILOVER\b|\bFORCE_FAILOVER_ALLOW_DATA_LOSS\b|\bDROP\b/i.test(s.text))
        last.set(group, null);
      continue;
    }
    for (const e of s.outcome.events) {
      const before = last.get(group) ?? null;
      if (e.type === 'ag.failover' || e.type === 'ag.forceFailover')
        last.set(group, {
          target: e.target,
          verb: e.type === 'ag.failover' ? 'FAILOVER' : 'FORCE_FAILOVER_ALLOW_DATA_LOSS',
          line: s.line,
        });
      else if (e.type === 'ag.setRoleSecondary') last.set(group, null);
      else if (
        PRIMARY_ONLY.has(e.type) &&
        before !== null &&
        s.server !== null &&
        !same(s.server, before.target)
      )
        out.push({
          line: s.line,
          column: s.column,
          reason: unknownReason(
            'STATEMENT_AFTER_FAILOVER_UNKNOWN',
            `${s.text} runs on ${s.server} after ${before.verb} of '${s.group}' on ${before.target} at line ${before.line}: where that failover ran under a cluster manager (CLUSTER_TYPE = WSFC or EXTERNAL), ${before.target} is the primary and ${s.server} a secondary, and SQL Server runs this statement only on the primary, so it refuses it there; it runs on ${s.server} only if ${s.server} is still primary (the failover refused, or, on CLUSTER_TYPE = NONE, a forced failover that left ${s.server} primary too, "When the previous primary replica recovers, it will also assume the primary role"); the script does not say which; run it on ${before.target}`,
            source(
              'S3',
              'ALTER AVAILABILITY GROUP: SET, ADD / REMOVE DATABASE, ADD / MODIFY / REMOVE REPLICA and the listener options are supported only on the primary replica',
            ),
            [
              `sys.dm_hadr_availability_replica_states.role_desc (is_local = 1) on ${s.server} after the failover`,
              `sys.availability_groups.cluster_type_desc for '${s.group}'`,
            ],
          ),
        });
    }
  }
  return out;
};
