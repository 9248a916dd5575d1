import { instanceKey } from '../../core/validation/codes.js';
import { copyKey } from './names.js';
import type { StatementResult } from './result.js';
import { automaticSetBy } from './seeding-mode-set.js';

/** An automatic seeding the script starts towards a database it brought online on that replica. */
export interface SeedingOverRecovered {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface Group {
  readonly name: string;
  readonly automatic: Set<string>;
  readonly joined: Set<string>;
  /** Granted replicas: key → name as the script writes it. */
  readonly granted: Map<string, string>;
  readonly databases: Set<string>;
  /** Copies joined to the group on a replica (replica, database): the seeding leaves them be. */
  readonly joinedCopies: Set<string>;
}

const seedingText = (
  database: string,
  replica: string,
  group: string,
  recoveredAt: number,
): string =>
  `automatic seeding of ${database} to ${replica} for ${group} starts here (SEEDING_MODE = AUTOMATIC, joined and granted CREATE ANY DATABASE), while the script brought ${database} online on ${replica} at line ${recoveredAt} (a restore WITH RECOVERY) and has not restored it WITH NORECOVERY since: the seeding creates a database of that name there ("Use automatic seeding to initialize a secondary replica"), and sys.dm_hadr_automatic_seeding lists failure_state 23, "Database With Name Already Exists", among the reasons a seeding fails; a recovered secondary database is a second, independent database of the same name ("Remove a Secondary Database from an Availability Group", Follow Up). Whether this seeding fails so is settled by current_state and failure_state_desc in sys.dm_hadr_automatic_seeding and by sys.databases on ${replica}; drop ${database} there first, or restore it WITH NORECOVERY from the primary's backups so that the seeding catches it up`;

/**
 * On a group the script creates: the statement that starts an automatic seeding of a group
 * database to a replica (the GRANT on a joined replica with SEEDING_MODE = AUTOMATIC, an ADD
 * DATABASE once it is granted, or MODIFY REPLICA … WITH (SEEDING_MODE = AUTOMATIC), which "will
 * force a database to restart seeding if needed", S19) while the script last restored that
 * database there WITH RECOVERY, a database online under the group database's name. S20 lists
 * failure_state 23, "Database With Name Already Exists"; S141: a recovered secondary database is
 * one of "two divergent, independent databases that have the same name". No published run shows
 * the seeding's outcome, so this is a warning naming what settles it. A copy joined (not taken out
 * since) is not seeded again and not judged.
 */
export const seedingsOverRecovered = (
  statements: readonly StatementResult[],
): SeedingOverRecovered[] => {
  const groups = new Map<string, Group>();
  const recovered = new Map<string, number>();
  const found: SeedingOverRecovered[] = [];
  const starts = (s: StatementResult, g: Group, replica: string, databases: Iterable<string>) => {
    const r = instanceKey(replica);
    if (!g.automatic.has(r) || !g.joined.has(r) || !g.granted.has(r)) return;
    for (const d of databases) {
      const at = recovered.get(copyKey(replica, d));
      if (g.joinedCopies.has(copyKey(replica, d))) continue;
      // A copy the seeding can create is created and joined: later restarts leave it be.
      if (at === undefined) {
        g.joinedCopies.add(copyKey(replica, d));
        continue;
      }
      found.push({ line: s.line, column: s.column, text: seedingText(d, replica, g.name, at) });
    }
  };
  for (const s of statements) {
    const o = s.outcome;
    if (o.kind === 'config' && o.config.kind !== 'DISTRIBUTED') {
      const c = o.config;
      groups.set(instanceKey(c.name), {
        name: c.name,
        automatic: new Set(
          c.replicas.filter((r) => r.seedingMode === 'AUTOMATIC').map((r) => instanceKey(r.name)),
        ),
        joined: new Set(s.server === null ? [] : [instanceKey(s.server)]),
        granted: new Map(),
        databases: new Set(c.databases),
        joinedCopies: new Set(),
      });
      continue;
    }
    if (o.kind === 'skipped' && o.recovers !== undefined && s.server !== null) {
      recovered.set(copyKey(s.server, o.recovers), s.line);
      continue;
    }
    if (o.kind !== 'events') continue;
    const g = s.group === null ? undefined : groups.get(instanceKey(s.group));
    for (const e of o.events) {
      if (e.type === 'db.restore') {
        if (e.recovery === true) recovered.set(copyKey(e.replica, e.database), s.line);
        else recovered.delete(copyKey(e.replica, e.database));
      }
      if (e.type === 'db.leave')
        for (const x of groups.values()) x.joinedCopies.delete(copyKey(e.replica, e.database));
      if (g === undefined) continue;
      const mode = automaticSetBy(e);
      if (mode !== null && 'replica' in e && typeof e.replica === 'string') {
        if (!mode) g.automatic.delete(instanceKey(e.replica));
        else {
          g.automatic.add(instanceKey(e.replica));
          starts(s, g, e.replica, g.databases);
        }
      }
      if (e.type === 'replica.join') g.joined.add(instanceKey(e.replica));
      if (e.type === 'replica.denyCreateDatabase') g.granted.delete(instanceKey(e.replica));
      if (e.type === 'replica.grantCreateDatabase' && !g.granted.has(instanceKey(e.replica))) {
        g.granted.set(instanceKey(e.replica), e.replica);
        starts(s, g, e.replica, g.databases);
      }
      if (e.type === 'db.add') {
        g.databases.add(e.database);
        for (const r of g.granted.values()) starts(s, g, r, [e.database]);
      }
      if (e.type === 'db.remove')
        for (const d of [...g.databases])
          if (instanceKey(d) === instanceKey(e.database)) g.databases.delete(d);
      if (e.type === 'db.join') g.joinedCopies.add(copyKey(e.replica, e.database));
    }
  }
  return found;
};
