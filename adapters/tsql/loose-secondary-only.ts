import { lifecycleReason } from '../../core/lifecycle/codes.js';
import { failoverOnPrimary } from '../../core/lifecycle/configure.js';
import { PRIMARY_ONLY } from './configs-after.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';
import type { PlacedReason } from './versions.js';

/** The instance a primary-only statement last ran on, and that statement. */
interface RanOnPrimary {
  readonly server: string;
  readonly line: number;
  readonly text: string;
}

/** A statement's first words, on one line, for a message that names it. */
export const firstWords = (text: string): string => {
  const words = text.replace(/\s+/g, ' ').trim();
  return words.length > 60 ? `${words.slice(0, 57)}...` : words;
};

/**
 * Statements that run only on a secondary (S3: JOIN, FAILOVER, FORCE_FAILOVER_ALLOW_DATA_LOSS; S50:
 * SET HADR), placed on the instance that has just run a primary-only statement of a group the
 * script does not create. FAILOVER there is refused (TARGET_IS_PRIMARY), as is the join below.
 *
 * ALTER DATABASE … SET HADR AVAILABILITY GROUP on a group the script does not create, run on the
 * instance that ran a statement of that group "supported only on the primary replica" (S3: ADD
 * DATABASE, SET, MODIFY REPLICA …), with no failover or SET (ROLE = SECONDARY) there since. The
 * join is "supported only on secondary replicas" (S50), and it needs the database "already added
 * to the availability group on the primary replica" (S50, ff877974): if the first statement ran,
 * that instance is the primary and SQL Server refuses the join; if it was refused, the instance is
 * a secondary the database was not added from. The two cannot both run. Groups the script shows as
 * distributed (JOIN / MODIFY AVAILABILITY GROUP ON) are left alone: their joins follow other rules.
 */
export const looseSecondaryOnlyOnPrimary = (
  statements: readonly StatementResult[],
): PlacedReason[] => {
  const distributed = new Set(
    statements.filter((s) => s.outcome.kind === 'members').map((s) => s.group?.toLowerCase()),
  );
  const ran = new Map<string, RanOnPrimary | null>();
  const out: PlacedReason[] = [];
  for (const s of statements) {
    const group = s.group?.toLowerCase();
    if (group === undefined || distributed.has(group)) continue;
    // A failover the script does not place leaves the primary unknown.
    if (
      s.outcome.kind === 'unplaced' &&
      /\bFAILOVER\b|\bFORCE_FAILOVER_ALLOW_DATA_LOSS\b/i.test(s.text)
    )
      ran.set(group, null);
    if (s.outcome.kind !== 'events') continue;
    for (const e of s.outcome.events) {
      const last = ran.get(group) ?? null;
      // FAILOVER and FORCE_FAILOVER_ALLOW_DATA_LOSS, like the join, run only on a secondary (S3).
      if (
        (e.type === 'ag.failover' || e.type === 'ag.forceFailover') &&
        last !== null &&
        same(e.target, last.server)
      )
        out.push({
          line: s.line,
          column: s.column,
          reason: failoverOnPrimary(
            s.group ?? group,
            e.target,
            `it ran ${last.text} at line ${last.line}, which SQL Server runs only on the primary, with no failover since`,
            e.type === 'ag.failover' ? 'FAILOVER' : 'FORCE_FAILOVER_ALLOW_DATA_LOSS',
          ),
        });
      else if (e.type === 'ag.failover' || e.type === 'ag.forceFailover') ran.set(group, null);
      else if (e.type === 'ag.setRoleSecondary') ran.set(group, null);
      else if (PRIMARY_ONLY.has(e.type) && s.server !== null)
        ran.set(group, { server: s.server, line: s.line, text: firstWords(s.text) });
      else if (e.type === 'db.join' && last !== null && same(e.replica, last.server))
        out.push({
          line: s.line,
          column: s.column,
          reason: lifecycleReason(
            'IS_PRIMARY_REPLICA',
            `ALTER DATABASE [${e.database}] SET HADR AVAILABILITY GROUP = [${s.group}] runs on ${e.replica}, which ran ${last.text} at line ${last.line}, a statement SQL Server runs only on the primary replica, with no failover since: SET HADR AVAILABILITY GROUP runs only on a secondary replica, after the database was added on the primary, so SQL Server refuses one of the two; the copy restored WITH NORECOVERY is joined on the secondary that holds it`,
          ),
        });
    }
  }
  return out;
};
