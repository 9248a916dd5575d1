import { seedingPermissionMessage } from '../../core/seeding/seeding.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';

/** A secondary that joins with SEEDING_MODE = AUTOMATIC and is never granted CREATE ANY DATABASE. */
export interface UngrantedSeeding {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * A replica that joins a group the script creates, with SEEDING_MODE = AUTOMATIC, while the script
 * neither runs ALTER AVAILABILITY GROUP … GRANT CREATE ANY DATABASE there after the join nor
 * prepares the group's databases there by hand (a restore or a join of the database): "use the
 * following command on each secondary replica … GRANT CREATE ANY DATABASE" (SEED001), without which
 * the secondary logs that it "has not been granted permission to create databases" and no copy is
 * created. The GRANT may be run outside the script, so this is a warning, as validate, explain
 * and check judge the group with every copy joined.
 */
export const ungrantedSeeding = (statements: readonly StatementResult[]): UngrantedSeeding[] =>
  statements.flatMap((created, at) => {
    if (created.outcome.kind !== 'config') return [];
    const config = created.outcome.config;
    if (config.kind === 'DISTRIBUTED') return [];
    const later = statements
      .slice(at + 1)
      .filter((s) => same(config.name, s.group) || s.outcome.kind === 'events');
    const eventsOf = (s: StatementResult) => (s.outcome.kind === 'events' ? s.outcome.events : []);
    // CREATE's databases and those ADD DATABASE brings in later: a group created empty, as
    // 'Configure read-scale for an Always On availability group' (S46) creates ag1, gets db1 so.
    const named = [
      ...config.databases,
      ...later
        .filter((s) => same(config.name, s.group))
        .flatMap(eventsOf)
        .flatMap((e) => (e.type === 'db.add' ? [e.database] : [])),
    ];
    const databases = named.filter((d, i) => named.findIndex((x) => same(x, d)) === i);
    if (databases.length === 0) return [];
    return later.flatMap((s, i) =>
      eventsOf(s).flatMap((e) => {
        if (e.type !== 'replica.join' || !same(config.name, s.group)) return [];
        const replica = config.replicas.find((r) => same(r.name, e.replica));
        if (replica === undefined || replica.seedingMode !== 'AUTOMATIC') return [];
        const after = later.slice(i + 1).flatMap(eventsOf);
        const settled = after.some(
          (x) =>
            ((x.type === 'replica.grantCreateDatabase' || x.type === 'replica.setSeedingMode') &&
              same(replica.name, x.replica)) ||
            ((x.type === 'db.restore' || x.type === 'db.join') &&
              same(replica.name, x.replica) &&
              databases.some((d) => same(d, x.database))),
        );
        if (settled) return [];
        return [
          {
            line: s.line,
            column: s.column,
            text: `${replica.name} joins ${config.name} with SEEDING_MODE = AUTOMATIC, and the script never runs ALTER AVAILABILITY GROUP [${config.name}] GRANT CREATE ANY DATABASE there after it ("Use automatic seeding to initialize a secondary replica", SEED001) nor restores ${databases.join(', ')} there: until it does, ${replica.name} logs "${seedingPermissionMessage(config.name)}" and no copy is seeded, while validate, explain and check judge ${config.name} with every copy joined`,
          },
        ];
      }),
    );
  });
