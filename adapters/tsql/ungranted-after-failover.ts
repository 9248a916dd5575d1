import { seedingPermissionMessage } from '../../core/seeding/seeding.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';
import type { UngrantedSeeding } from './ungranted-seeding.js';

/**
 * ADD DATABASE run after a failover made the instance CREATE ran on a secondary, where that
 * instance has SEEDING_MODE = AUTOMATIC and the script never granted the group CREATE ANY DATABASE
 * there. SEED001: "permissions must be granted to the availability group on the secondary replica"
 * (ALTER AVAILABILITY GROUP … GRANT CREATE ANY DATABASE), without which the secondary logs that it
 * "has not been granted permission to create databases" and no copy is created; S3: "Run this
 * parameter on every secondary replica that supports direct seeding". The first primary never
 * joins, so ungrantedSeeding does not see it. A GRANT there (after CREATE, as S46 runs it), a
 * change of its SEEDING_MODE, or a restore or join of the database there settles it; the GRANT may
 * be run outside the script, so this is a warning, as for a secondary joined without it.
 */
export const ungrantedAfterFailover = (
  statements: readonly StatementResult[],
): UngrantedSeeding[] =>
  statements.flatMap((created, at) => {
    if (created.outcome.kind !== 'config' || created.server === null) return [];
    const config = created.outcome.config;
    const creator = config.replicas.find((r) => same(r.name, created.server));
    if (config.kind === 'DISTRIBUTED' || creator?.seedingMode !== 'AUTOMATIC') return [];
    const later = statements.slice(at + 1);
    const end = later.findIndex(
      (s) => s.outcome.kind === 'config' && same(s.outcome.config.name, config.name),
    );
    const scope = end === -1 ? later : later.slice(0, end);
    const eventsOf = (s: StatementResult) => (s.outcome.kind === 'events' ? s.outcome.events : []);
    // Anything after CREATE that grants the creator, changes its mode, or prepares the copy.
    const settled = (database: string) =>
      scope
        .flatMap(eventsOf)
        .some(
          (x) =>
            ((x.type === 'replica.grantCreateDatabase' ||
              x.type === 'replica.setSeedingMode' ||
              x.type === 'replica.remove') &&
              same(creator.name, x.replica)) ||
            ((x.type === 'db.restore' || x.type === 'db.join') &&
              same(creator.name, x.replica) &&
              same(database, x.database)),
        );
    let primary: string = creator.name;
    let failoverLine = 0;
    return scope.flatMap((s) => {
      if (!same(config.name, s.group)) return [];
      return eventsOf(s).flatMap((e) => {
        if (e.type === 'ag.failover' || e.type === 'ag.forceFailover') {
          primary = e.target;
          failoverLine = s.line;
        }
        if (e.type !== 'db.add' || same(primary, creator.name)) return [];
        if (settled(e.database)) return [];
        return [
          {
            line: s.line,
            column: s.column,
            text: `${e.database} is added on ${primary}, which the failover at line ${failoverLine} made primary: ${creator.name}, where CREATE AVAILABILITY GROUP [${config.name}] ran, is now a secondary with SEEDING_MODE = AUTOMATIC, and the script never runs ALTER AVAILABILITY GROUP [${config.name}] GRANT CREATE ANY DATABASE there ("permissions must be granted to the availability group on the secondary replica", SEED001; S3: "Run this parameter on every secondary replica that supports direct seeding") nor restores ${e.database} there: until it does, ${creator.name} logs "${seedingPermissionMessage(config.name)}" and no copy of ${e.database} is seeded there, while validate, explain and check judge ${config.name} with every copy joined`,
          },
        ];
      });
    });
  });
