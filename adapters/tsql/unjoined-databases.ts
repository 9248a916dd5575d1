import { same } from './names.js';
import type { StatementResult } from './result.js';

/** A database of a group the script creates that a secondary it joins others on never gets. */
export interface UnjoinedDatabase {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * A database the CREATE names that the script neither restores nor joins on a secondary replica
 * with manual seeding, where the script does join another database of the group there (ALTER
 * DATABASE … SET HADR AVAILABILITY GROUP run on that replica): "Join a secondary database to an
 * availability group" (S115), "After you prepare a secondary database, you must join it to the
 * availability group as soon as possible. This will start data movement". Without the join that
 * replica holds no copy of it that receives log, while validate, explain and check judge the group
 * with every copy joined. The copy may be prepared and joined outside the script, so this is a
 * warning. Automatic seeding (ungranted-seeding.ts) and copies restored but not joined
 * (unjoined-restores.ts) are judged elsewhere.
 *
 * A database ALTER AVAILABILITY GROUP … ADD DATABASE adds to that group is judged the same way, at
 * the ADD DATABASE: 'Availability Group - Add a Database' (MicrosoftDocs/sql-docs), "After you add
 * a database to an availability group, you need to configure the corresponding secondary database
 * on each server instance that hosts a secondary replica". Not judged: a replica whose
 * SEEDING_MODE the script changes, a database the script removes again, and an ADD DATABASE after
 * a failover the script runs (another primary).
 */
export const unjoinedDatabases = (statements: readonly StatementResult[]): UnjoinedDatabase[] =>
  statements.flatMap((created) => {
    if (created.outcome.kind !== 'config' || created.server === null) return [];
    const config = created.outcome.config;
    if (config.kind === 'DISTRIBUTED') return [];
    const primary = created.server.toLowerCase();
    // The group's databases: those the CREATE names and those ADD DATABASE adds to it.
    const inGroup = new Set(config.databases.map((d) => d.toLowerCase()));
    for (const s of statements)
      if (s.outcome.kind === 'events' && s.group !== null && same(s.group, config.name))
        for (const e of s.outcome.events)
          if (e.type === 'db.add') inGroup.add(e.database.toLowerCase());
    const adds = addedDatabases(statements, config.name);
    // Replicas whose SEEDING_MODE the script changes: which databases they seed is not judged.
    const remodes = new Set<string>();
    for (const s of statements)
      if (s.outcome.kind === 'events' && s.group !== null && same(s.group, config.name))
        for (const e of s.outcome.events)
          if (e.type === 'replica.modify' && e.options.seedingMode !== undefined)
            remodes.add(e.replica.toLowerCase());
    const touched = new Map<string, Set<string>>();
    const joinedOther = new Set<string>();
    for (const s of statements) {
      if (s.outcome.kind !== 'events') continue;
      for (const e of s.outcome.events) {
        if (e.type !== 'db.restore' && e.type !== 'db.join') continue;
        const replica = e.replica.toLowerCase();
        const seen = touched.get(replica) ?? new Set<string>();
        seen.add(e.database.toLowerCase());
        touched.set(replica, seen);
        if (e.type === 'db.join' && inGroup.has(e.database.toLowerCase())) joinedOther.add(replica);
      }
    }
    return config.replicas.flatMap((r) => {
      const replica = r.name.toLowerCase();
      if (replica === primary || r.seedingMode === 'AUTOMATIC' || !joinedOther.has(replica))
        return [];
      if (r.availabilityMode === 'CONFIGURATION_ONLY') return [];
      const seen = touched.get(replica) ?? new Set<string>();
      const unjoined = (d: string, at: { line: number; column: number }, added: string) => ({
        ...at,
        text: `${d} is in ${config.name}${added}, and on ${r.name} (SEEDING_MODE MANUAL), where the script joins another database of the group, it neither restores nor joins ${d} (RESTORE … WITH NORECOVERY, then ALTER DATABASE [${d}] SET HADR AVAILABILITY GROUP = [${config.name}] on ${r.name}, "Join a secondary database to an availability group"): ${r.name} holds no copy of ${d} that receives log until it is joined, while validate, explain and check judge ${config.name} with every copy joined`,
      });
      const named = config.databases
        .filter((d) => !seen.has(d.toLowerCase()))
        .map((d) => unjoined(d, created, ''));
      if (remodes.has(replica)) return named;
      return [
        ...named,
        ...adds
          .filter((a) => !seen.has(a.database.toLowerCase()))
          .map((a) =>
            unjoined(
              a.database,
              a,
              ' (ADD DATABASE: "After you add a database to an availability group, you need to configure the corresponding secondary database on each server instance that hosts a secondary replica")',
            ),
          ),
      ];
    });
  });

interface Added {
  readonly database: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The databases ADD DATABASE adds to the group, each at its statement, that the script does not
 * remove again; none after a failover the script runs, which makes another instance the primary.
 */
const addedDatabases = (statements: readonly StatementResult[], group: string): Added[] => {
  const added = new Map<string, Added>();
  let failedOver = false;
  for (const s of statements) {
    if (s.outcome.kind !== 'events' || s.group === null || !same(s.group, group)) continue;
    for (const e of s.outcome.events) {
      if (e.type === 'ag.failover' || e.type === 'ag.forceFailover') failedOver = true;
      if (e.type === 'db.add' && !failedOver)
        added.set(e.database.toLowerCase(), {
          database: e.database,
          line: s.line,
          column: s.column,
        });
      if (e.type === 'db.remove') added.delete(e.database.toLowerCase());
    }
  }
  return [...added.values()];
};
