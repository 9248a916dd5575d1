import { instanceKey } from '../../core/validation/codes.js';
import { copyKey } from './names.js';
import type { StatementResult } from './result.js';
import { automaticSetBy } from './seeding-mode-set.js';

/** A RESTORE DATABASE on a secondary the script itself sets to automatic seeding and grants. */
export interface LooseRestoreOverSeeded {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface GroupSeen {
  readonly name: string;
  /** Replicas the script set to SEEDING_MODE = AUTOMATIC, with the line. */
  readonly automatic: Map<string, number>;
  /** Replicas the script granted CREATE ANY DATABASE on, with the line. */
  readonly granted: Map<string, number>;
  /** Databases the script added, with the line of the ADD DATABASE. */
  readonly added: Map<string, number>;
  /** Copies taken out of the group since (SET HADR OFF): no longer the seeding's. */
  readonly left: Set<string>;
}

/**
 * On a group the script does not create (restore-over-seeded.ts judges those it creates): a
 * RESTORE DATABASE on a replica the script set to SEEDING_MODE = AUTOMATIC (MODIFY REPLICA on the
 * primary, "Seeding is enabled on a secondary replica by setting the SEEDING_MODE option to
 * AUTOMATIC") and granted CREATE ANY DATABASE on, of a database it added to the group: once that
 * replica has joined, "the availability group creates a database on a secondary replica" (SEED001),
 * so the restore is refused while the seeding runs (error 1834, dsccommunity/SqlServerDsc#1492,
 * S376) and after it joined the copy (error 1468, S69). Whether the replica has joined, and whether
 * the seeding ran, the script does not say; this is a warning naming what settles it.
 */
export const looseRestoresOverSeeded = (
  statements: readonly StatementResult[],
): LooseRestoreOverSeeded[] => {
  const created = new Set<string>();
  const groups = new Map<string, GroupSeen>();
  const found: LooseRestoreOverSeeded[] = [];
  for (const s of statements) {
    if (s.outcome.kind === 'config') created.add(instanceKey(s.outcome.config.name));
    if (s.outcome.kind !== 'events') continue;
    const key = s.group === null ? null : instanceKey(s.group);
    const seen =
      key === null || created.has(key)
        ? undefined
        : (groups.get(key) ??
          groups
            .set(key, {
              name: s.group ?? key,
              automatic: new Map(),
              granted: new Map(),
              added: new Map(),
              left: new Set(),
            })
            .get(key));
    for (const e of s.outcome.events) {
      const mode = automaticSetBy(e);
      const moded = 'replica' in e && typeof e.replica === 'string' ? e.replica : null;
      if (seen !== undefined && mode !== null && moded !== null) {
        if (mode) seen.automatic.set(instanceKey(moded), s.line);
        else seen.automatic.delete(instanceKey(moded));
      }
      if (seen !== undefined && e.type === 'replica.grantCreateDatabase')
        seen.granted.set(instanceKey(e.replica), s.line);
      if (seen !== undefined && e.type === 'replica.denyCreateDatabase')
        seen.granted.delete(instanceKey(e.replica));
      if (seen !== undefined && e.type === 'db.add')
        seen.added.set(instanceKey(e.database), s.line);
      if (seen !== undefined && e.type === 'db.remove') seen.added.delete(instanceKey(e.database));
      if (e.type === 'db.leave')
        for (const g of groups.values()) g.left.add(copyKey(e.replica, e.database));
      // Another primary: the seeding this script started is no longer its own to follow.
      if (seen !== undefined && (e.type === 'ag.failover' || e.type === 'ag.forceFailover'))
        groups.delete(key ?? '');
      if (e.type !== 'db.restore' || e.log || s.connected !== true) continue;
      for (const g of groups.values()) {
        const server = instanceKey(e.replica);
        const modeLine = g.automatic.get(server);
        const grantLine = g.granted.get(server);
        const addLine = g.added.get(instanceKey(e.database));
        if (modeLine === undefined || grantLine === undefined || addLine === undefined) continue;
        if (g.left.has(copyKey(e.replica, e.database))) continue;
        found.push({
          line: s.line,
          column: s.column,
          text: `RESTORE DATABASE of ${e.database} on ${e.replica}: the script sets SEEDING_MODE = AUTOMATIC for ${e.replica} at line ${modeLine}, adds ${e.database} to ${g.name} at line ${addLine} and grants CREATE ANY DATABASE on ${e.replica} at line ${grantLine}, so once ${e.replica} has joined ${g.name} (the script does not show it) automatic seeding creates ${e.database} there and joins it ("Use automatic seeding to initialize a secondary replica"); while that seeding runs, the database it creates holds the files and a restore then is refused (error 1834, "The file '…' cannot be overwritten. It is being used by database '${e.database}'", dsccommunity/SqlServerDsc#1492), and once it has joined the copy SQL Server refuses this restore (error 1468, "The operation cannot be performed on database "${e.database}" because it is involved in a database mirroring session or an availability group") and the restores and the join after it; whether the seeding runs, joined the copy or failed is settled by current_state and failure_state_desc in sys.dm_hadr_automatic_seeding and by sys.databases on ${e.replica}. If the seeding failed, drop the unsuccessfully seeded database there before restoring; to prepare the copy by hand instead, run MODIFY REPLICA ON N'${e.replica}' WITH (SEEDING_MODE = MANUAL) on the primary before the ADD DATABASE`,
        });
      }
    }
  }
  return found;
};
