import { instanceKey } from '../../core/validation/codes.js';
import type { StatementResult } from './result.js';

/** A RESTORE DATABASE on a secondary whose seeding mode the script leaves as it found it. */
export interface RestoreAfterPrimaryManual {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface Tracked {
  readonly manualLine: number;
  readonly group: string;
  readonly primary: string;
  readonly primaryName: string;
  /** Replicas the script sets MANUAL (or AUTOMATIC: deleted) after the primary's statement. */
  readonly manual: Set<string>;
  /** Databases added since, with the line of their ADD DATABASE. */
  readonly added: Map<string, number>;
}

/**
 * 'Use automatic seeding to initialize a secondary replica' (SEED001): "Setting SEEDING_MODE on a
 * primary replica during a CREATE AVAILABILITY GROUP statement has no effect since the primary
 * replica already contains the main read/write copy of the database"; "Seeding is enabled on a
 * secondary replica by setting the SEEDING_MODE option to AUTOMATIC". A script that runs
 * MODIFY REPLICA ON its own instance WITH (SEEDING_MODE = MANUAL) on a group it does not create,
 * then ADD DATABASE and a RESTORE DATABASE of that database on another replica of the group, whose
 * SEEDING_MODE it never sets, does not show whether that replica seeds the database itself ("If
 * the secondary replica used automatic seeding when it was added to the availability group,
 * nothing additional needs to be done"); if it does, SQL Server refuses the restore (error 1468,
 * S69). Groups the script creates are judged from their replicas' modes (restore-over-seeded.ts).
 */
export const restoresAfterPrimaryManual = (
  statements: readonly StatementResult[],
): RestoreAfterPrimaryManual[] => {
  const created = new Set<string>();
  // The replicas each group's statements name (SET HADR, JOIN, MODIFY): the restore's instance
  // must be one of them to be judged a secondary of that group.
  const members = new Map<string, Set<string>>();
  for (const s of statements) {
    if (s.group === null || s.outcome.kind !== 'events') continue;
    const known = members.get(instanceKey(s.group)) ?? new Set<string>();
    for (const e of s.outcome.events)
      if ('replica' in e && typeof e.replica === 'string') known.add(instanceKey(e.replica));
    members.set(instanceKey(s.group), known);
  }
  const tracked = new Map<string, Tracked>();
  const found: RestoreAfterPrimaryManual[] = [];
  for (const s of statements) {
    if (s.outcome.kind === 'config') created.add(instanceKey(s.outcome.config.name));
    if (s.outcome.kind !== 'events') continue;
    const group = s.group === null ? null : instanceKey(s.group);
    for (const e of s.outcome.events) {
      const t = group === null ? undefined : tracked.get(group);
      if (group !== null && !created.has(group) && e.type === 'replica.modify') {
        const mode = e.options.seedingMode;
        const here = s.connected === true && s.server !== null ? instanceKey(s.server) : null;
        // Before SQL Server 2016 there is no SEEDING_MODE, and no automatic seeding to meet.
        const refused = s.findings?.some((f) => f.reason.code === 'FEATURE_NOT_IN_VERSION');
        if (refused === true) continue;
        if (mode === 'MANUAL' && here === instanceKey(e.replica) && t === undefined)
          tracked.set(group, {
            manualLine: s.line,
            group: s.group ?? group,
            primary: here,
            primaryName: s.server ?? here,
            manual: new Set(),
            added: new Map(),
          });
        else if (mode === 'MANUAL') t?.manual.add(instanceKey(e.replica));
        else if (mode === 'AUTOMATIC') t?.manual.delete(instanceKey(e.replica));
      }
      if (t === undefined && e.type !== 'db.restore') continue;
      if (e.type === 'db.add') t?.added.set(instanceKey(e.database), s.line);
      if (e.type === 'db.remove') t?.added.delete(instanceKey(e.database));
      // Another primary: which instance's setting had no effect is no longer this script's.
      if (group !== null && (e.type === 'ag.failover' || e.type === 'ag.forceFailover'))
        tracked.delete(group);
      if (e.type !== 'db.restore' || e.log || s.connected !== true) continue;
      for (const [g, at] of tracked) {
        const server = instanceKey(e.replica);
        const addLine = at.added.get(instanceKey(e.database));
        if (addLine === undefined || server === at.primary || at.manual.has(server)) continue;
        if (!(members.get(g)?.has(server) ?? false)) continue;
        found.push({
          line: s.line,
          column: s.column,
          text: `RESTORE DATABASE of ${e.database} on ${e.replica}: the script sets SEEDING_MODE = MANUAL at line ${at.manualLine} only for ${at.primaryName}, the primary of ${at.group} it runs on, where it has no effect ("Use automatic seeding to initialize a secondary replica": "Setting SEEDING_MODE on a primary replica ... has no effect since the primary replica already contains the main read/write copy of the database"; "Seeding is enabled on a secondary replica by setting the SEEDING_MODE option to AUTOMATIC"), and never for ${e.replica}. If ${e.replica} has SEEDING_MODE = AUTOMATIC and ${at.group} was granted CREATE ANY DATABASE there ("If the secondary replica used automatic seeding when it was added to the availability group, nothing additional needs to be done"), ADD DATABASE at line ${addLine} seeds ${e.database} there and joins it to ${at.group}, and SQL Server refuses this restore (error 1468, "The operation cannot be performed on database "${e.database}" because it is involved in a database mirroring session or an availability group") and the restores and the join after it. sys.availability_replicas.seeding_mode_desc for ${e.replica} settles it before the ADD DATABASE, sys.dm_hadr_automatic_seeding and sys.databases on ${e.replica} after it; to prepare the copy by hand, run MODIFY REPLICA ON N'${e.replica}' WITH (SEEDING_MODE = MANUAL) on the primary before the ADD DATABASE`,
        });
      }
    }
  }
  return found;
};
