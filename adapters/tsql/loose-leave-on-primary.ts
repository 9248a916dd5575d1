import { leaveOnPrimary } from '../../core/lifecycle/configure.js';
import { source, unknownReason } from '../../core/model/source.js';
import { PRIMARY_ONLY } from './configs-after.js';
import { firstWords } from './loose-secondary-only.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';
import type { PlacedReason } from './versions.js';

/** The instance the script made a group's primary, and how: a failover to it, or a primary-only statement run there. */
interface MadePrimary {
  readonly group: string;
  readonly server: string;
  readonly how: string;
  /** A primary-only statement ran there: if it ran, that instance is the primary. */
  readonly byStatement: boolean;
}

const S141 = source(
  'S141',
  'Remove a secondary database: "This task is supported only on secondary replicas"; Msg 35240 on the primary (KB2857849, S102)',
);

const unknownLeave = (made: MadePrimary, database: string): PlacedReason['reason'] =>
  unknownReason(
    'HADR_OFF_ON_PRIMARY_UNKNOWN',
    `ALTER DATABASE [${database}] SET HADR OFF runs on ${made.server}, which ${made.how}: if ${database} is a database of '${made.group}', ${made.server} holds its primary copy and SQL Server refuses the statement there (Msg 35240, "Database ${database} cannot be joined to or unjoined from availability group ${made.group}. This operation is not supported on the primary replica of the availability group"), as SET HADR OFF takes a secondary database out of its group and runs only on a secondary replica; on the primary, ALTER AVAILABILITY GROUP [${made.group}] REMOVE DATABASE [${database}] takes it out. It runs on ${made.server} only where ${database} is a secondary database there${made.byStatement ? ' (of another group)' : ' (of another group, or the failover was refused)'}; the script does not say which group holds ${database}`,
    S141,
    [
      `sys.dm_hadr_database_replica_states.is_primary_replica of ${database} on ${made.server} (is_local = 1)`,
      `sys.availability_databases_cluster.group_id of ${database} against sys.availability_groups.name on ${made.server}`,
    ],
  );

/**
 * ALTER DATABASE … SET HADR OFF, which names no group, run in a script that does not create the
 * group on the instance the script has made a group's primary: the target of a FAILOVER or
 * FORCE_FAILOVER_ALLOW_DATA_LOSS it placed there, or the instance that ran a statement of the
 * group "supported only on the primary replica" (S3), with no failover or SET (ROLE = SECONDARY)
 * since. "Remove a Secondary Database from an Availability Group" (S141): "This task is supported
 * only on secondary replicas"; KB2857849 (S102) shows the refusal on the primary, Msg 35240. Where
 * the script added the database to that group there (ADD DATABASE), SQL Server refuses it
 * (IS_PRIMARY_REPLICA, as for a group the script creates); otherwise which group holds the
 * database is not in the script, so it is unknown. Groups the script shows as distributed are left
 * alone; a DROP or a failover no `:Connect` places ends what the script says of the primary.
 */
export const looseLeaveOnPrimary = (statements: readonly StatementResult[]): PlacedReason[] => {
  const distributed = new Set(
    statements.filter((s) => s.outcome.kind === 'members').map((s) => s.group?.toLowerCase()),
  );
  const primaries = new Map<string, MadePrimary>();
  // The databases the script added to each group (lower-case group name).
  const added = new Map<string, readonly string[]>();
  const out: PlacedReason[] = [];
  for (const s of statements) {
    const group = s.group?.toLowerCase();
    if (group !== undefined && s.group !== null) {
      if (distributed.has(group)) continue;
      if (s.outcome.kind !== 'events') {
        if (/\bFAILOVER\b|\bFORCE_FAILOVER_ALLOW_DATA_LOSS\b|\bDROP\b/i.test(s.text))
          primaries.delete(group);
        continue;
      }
      for (const e of s.outcome.events) {
        if (e.type === 'ag.failover' || e.type === 'ag.forceFailover')
          primaries.set(group, {
            group: s.group,
            server: e.target,
            how: `the script made the primary of '${s.group}' by ${e.type === 'ag.failover' ? 'FAILOVER' : 'FORCE_FAILOVER_ALLOW_DATA_LOSS'} at line ${s.line}`,
            byStatement: false,
          });
        else if (e.type === 'ag.setRoleSecondary') primaries.delete(group);
        else if (PRIMARY_ONLY.has(e.type) && s.server !== null) {
          const before = primaries.get(group);
          // A later primary-only statement on the same instance keeps the first such reason.
          if (before === undefined || !before.byStatement || !same(before.server, s.server))
            primaries.set(group, {
              group: s.group,
              server: s.server,
              how: `ran ${firstWords(s.text)} at line ${s.line}, a statement of '${s.group}' SQL Server runs only on the primary, with no failover since`,
              byStatement: true,
            });
        }
        if (e.type === 'db.add') added.set(group, [...(added.get(group) ?? []), e.database]);
        if (e.type === 'db.remove')
          added.set(
            group,
            (added.get(group) ?? []).filter((d) => !same(d, e.database)),
          );
      }
      continue;
    }
    if (s.outcome.kind !== 'events') continue;
    for (const e of s.outcome.events) {
      if (e.type !== 'db.leave') continue;
      for (const [key, made] of primaries) {
        if (!same(made.server, e.replica)) continue;
        const inGroup = (added.get(key) ?? []).some((d) => same(d, e.database));
        out.push({
          line: s.line,
          column: s.column,
          reason:
            inGroup && made.byStatement
              ? leaveOnPrimary(made.group, made.server, e.database)
              : unknownLeave(made, e.database),
        });
      }
    }
  }
  return out;
};
