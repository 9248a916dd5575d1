import type { ClusterEvent } from '../../core/model/events.js';
import { seedingPermissionMessage } from '../../core/seeding/seeding.js';
import { same } from './names.js';
import { copyKeyOf, preparedCopies } from './prepared-copies.js';
import type { StatementResult } from './result.js';
import { automaticSetBy } from './seeding-mode-set.js';

/** A secondary switched to SEEDING_MODE = AUTOMATIC after joining with MANUAL, never granted. */
export interface UngrantedSwitch {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

const automaticNow = (e: ClusterEvent, replica: string): boolean | null =>
  'replica' in e && typeof e.replica === 'string' && same(e.replica, replica)
    ? automaticSetBy(e)
    : null;

/**
 * A replica of a group the script creates with SEEDING_MODE = MANUAL that becomes a joined
 * secondary with SEEDING_MODE = AUTOMATIC later (MODIFY REPLICA after its JOIN, or its JOIN after
 * one), while the script never runs ALTER AVAILABILITY GROUP … GRANT CREATE ANY DATABASE there:
 * 'Use automatic seeding to initialize a secondary replica' (SEED001), Add a database to an
 * availability group with automatic seeding: "If the secondary replica used backup, copy, and
 * restore, first change the seeding mode ... and then when adding the database use the GRANT
 * statement". The group's databases that the script does not prepare there by hand (a restore or
 * a join) are then never seeded there, while validate, explain and check judge the group with every
 * copy joined. A replica created AUTOMATIC is judged at its JOIN (ungranted-seeding.ts). The GRANT
 * may be run outside the script, so this is a warning.
 */
export const ungrantedSwitches = (statements: readonly StatementResult[]): UngrantedSwitch[] => {
  const prepared = preparedCopies(statements);
  const eventsOf = (s: StatementResult) => (s.outcome.kind === 'events' ? s.outcome.events : []);
  return statements.flatMap((created, at) => {
    if (created.outcome.kind !== 'config') return [];
    const config = created.outcome.config;
    if (config.kind === 'DISTRIBUTED') return [];
    const later = statements.slice(at + 1).filter((s) => same(config.name, s.group));
    const added = later.flatMap(eventsOf).flatMap((e) => (e.type === 'db.add' ? [e.database] : []));
    const databases = [...config.databases, ...added].filter(
      (d, i, all) => all.findIndex((x) => same(x, d)) === i,
    );
    return config.replicas.flatMap((replica) => {
      if (replica.seedingMode === 'AUTOMATIC' || same(replica.name, created.server)) return [];
      const events = later.flatMap((s) => eventsOf(s).map((e) => [s, e] as const));
      const granted = events.some(
        ([, e]) => e.type === 'replica.grantCreateDatabase' && same(e.replica, replica.name),
      );
      const unseeded = databases.filter((d) => !prepared.has(copyKeyOf(replica.name, d)));
      if (granted || unseeded.length === 0) return [];
      let joined = false;
      let automatic = false;
      for (const [k, [s, e]] of events.entries()) {
        if (e.type === 'replica.join' && same(e.replica, replica.name)) joined = true;
        automatic = automaticNow(e, replica.name) ?? automatic;
        if (!joined || !automatic) continue;
        // Set back to MANUAL later: what is not seeded then waits for a restore, not the GRANT.
        if (events.slice(k + 1).some(([, x]) => automaticNow(x, replica.name) === false)) return [];
        return [
          {
            line: s.line,
            column: s.column,
            text: `${replica.name}, created in ${config.name} with SEEDING_MODE = MANUAL, is from here a joined secondary with SEEDING_MODE = AUTOMATIC, and the script never runs ALTER AVAILABILITY GROUP [${config.name}] GRANT CREATE ANY DATABASE there: "If the secondary replica used backup, copy, and restore, first change the seeding mode ... and then when adding the database use the GRANT statement" ('Use automatic seeding to initialize a secondary replica', SEED001). Until it does, ${replica.name} logs "${seedingPermissionMessage(config.name)}" and ${unseeded.join(', ')}, which the script does not restore or join there, ${unseeded.length === 1 ? 'is' : 'are'} not seeded, while validate, explain and check judge ${config.name} with every copy joined`,
          },
        ];
      }
      return [];
    });
  });
};
