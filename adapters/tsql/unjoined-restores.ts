import type { Config } from '../../core/model/config.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';

const key = (replica: string, database: string): string =>
  `${replica.toLowerCase()}\u0000${database.toLowerCase()}`;

/** A database restored WITH NORECOVERY on a secondary that the script never joins there. */
export interface UnjoinedRestore {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * A copy of a group's database restored WITH NORECOVERY on one of its secondary replicas and not
 * joined after (no ALTER DATABASE … SET HADR AVAILABILITY GROUP there, no later restore WITH
 * RECOVERY): "Join a secondary database to an availability group" (S115), "After you prepare a
 * secondary database, you must join it to the availability group as soon as possible. This will
 * start data movement". Until then the copy stays RESTORING and receives no log, while validate,
 * explain and check judge the group as deployed, every copy joined; the script does not say it.
 */
export const unjoinedRestores = (statements: readonly StatementResult[]): UnjoinedRestore[] => {
  const groups = statements.flatMap((s) =>
    s.outcome.kind === 'config' ? [{ config: s.outcome.config, primary: s.server }] : [],
  );
  const open = new Map<string, { s: StatementResult; replica: string; database: string }>();
  // A copy joined and not taken out since refuses RESTORE (error 1468): the restore leaves it
  // joined, which restore-over-seeded.ts says at its line.
  const joined = new Set<string>();
  for (const s of statements) {
    if (s.outcome.kind !== 'events') continue;
    for (const e of s.outcome.events) {
      if (e.type === 'db.leave') joined.delete(key(e.replica, e.database));
      if (e.type === 'db.restore' && joined.has(key(e.replica, e.database))) continue;
      if (e.type === 'db.join') joined.add(key(e.replica, e.database));
      if (e.type === 'db.restore' && !e.recovery)
        open.set(key(e.replica, e.database), { s, replica: e.replica, database: e.database });
      else if (e.type === 'db.restore' || e.type === 'db.join')
        open.delete(key(e.replica, e.database));
    }
  }
  const forwarded = forwardedDatabases(statements, groups);
  return [...open.values()].flatMap(({ s, replica, database }) => {
    const group = groups.find(
      (g) =>
        g.config.databases.some((d) => same(d, database)) &&
        g.config.replicas.some((r) => same(r.name, replica)) &&
        !same(g.primary, replica),
    );
    const second =
      group === undefined
        ? forwarded.find(
            (f) =>
              same(f.database, database) &&
              f.group.replicas.some((r) => same(r.name, replica)) &&
              !same(f.forwarder, replica),
          )
        : undefined;
    const name = group?.config.name ?? second?.group.name;
    if (name === undefined) return [];
    const page =
      second === undefined
        ? '"Join a secondary database to an availability group"'
        : `the secondary group of ${second.distributed}, "Configure a distributed availability group": "After the database on the secondary replica of the second availability group is in a restoring state, you have to manually join it to the availability group"`;
    return [
      {
        line: s.line,
        column: s.column,
        text: `${database} is restored WITH NORECOVERY on ${replica}, a secondary replica of ${name}, and the script never joins it there (ALTER DATABASE [${database}] SET HADR AVAILABILITY GROUP = [${name}] on ${replica}, ${page}): the copy stays RESTORING and receives no log until it is joined, while validate, explain and check judge ${name} with every copy joined`,
      },
    ];
  });
};

/**
 * The databases a second group of a distributed group holds: its CREATE names none, and the
 * forwarder joins each to the distributed group ("ALTER DATABASE [db1] SET HADR AVAILABILITY
 * GROUP = [distributedag]", S58, manual seeding); its secondaries then join theirs to it.
 */
const forwardedDatabases = (
  statements: readonly StatementResult[],
  groups: readonly { readonly config: Config }[],
): { group: Config; distributed: string; database: string; forwarder: string }[] =>
  groups.flatMap(({ config: dag }) =>
    dag.kind !== 'DISTRIBUTED'
      ? []
      : statements.flatMap((s) =>
          s.outcome.kind !== 'events' || !same(s.group, dag.name)
            ? []
            : s.outcome.events.flatMap((e) => {
                if (e.type !== 'db.join') return [];
                const member = groups.find(
                  (g) =>
                    g.config.kind !== 'DISTRIBUTED' &&
                    dag.members.some((m) => same(m.name, g.config.name)) &&
                    g.config.replicas.some((r) => same(r.name, e.replica)),
                );
                return member === undefined
                  ? []
                  : [
                      {
                        group: member.config,
                        distributed: dag.name,
                        database: e.database,
                        forwarder: e.replica,
                      },
                    ];
              }),
        ),
  );
