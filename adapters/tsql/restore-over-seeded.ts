import type { Config } from '../../core/model/config.js';
import { instanceKey } from '../../core/validation/codes.js';
import { isDrop } from './group-drops.js';
import { copyKey } from './names.js';
import type { StatementResult } from './result.js';

/** A RESTORE DATABASE over a copy automatic seeding creates on a granted secondary. */
export interface RestoreOverSeeded {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * The recovery-only RESTORE DATABASE … WITH RECOVERY (no FROM) on a secondary copy the script
 * joined and has not taken out of the group: KB2857849 (S102), "RESTORE DATABASE <DatabaseName>
 * WITH RECOVERY" on a database "defined in an availability group" gets Msg 3104. Taking the copy
 * out first is SET HADR OFF there (S141) or DROP AVAILABILITY GROUP on the primary (S110).
 */
const recoveryOnJoinedText = (
  database: string,
  replica: string,
  group: string,
  joinLine: number,
): string =>
  `RESTORE DATABASE [${database}] WITH RECOVERY on ${replica}: the script joined ${database} there to ${group} at line ${joinLine} and has not taken it out of the group since, so SQL Server refuses it (Msg 3104, "RESTORE cannot operate on database ${database} because it is configured for database mirroring or has joined an availability group. If you intend to restore the database, use ALTER DATABASE to remove mirroring or to remove the database from its availability group") and the copy stays joined; take it out of the group first: ALTER DATABASE [${database}] SET HADR OFF on ${replica}, or DROP AVAILABILITY GROUP [${group}] on the primary`;

/**
 * RESTORE DATABASE (not LOG) that a `:Connect` places on a secondary replica of a group the script
 * creates, of a database of the group, after that replica joined with SEEDING_MODE = AUTOMATIC
 * and was granted CREATE ANY DATABASE: "In order for automatic seeding to work, the availability
 * group needs permission to create a database" and then "the availability group creates a database
 * on a secondary replica" (SEED001), joined to the group. While it runs, the database it creates
 * holds the files: dsccommunity/SqlServerDsc#1492 (S376) restored right after ADD DATABASE and got
 * error 1834 ("cannot be overwritten. It is being used by database"). If the seeding worked, SQL
 * Server refuses the restore (error 1468, S69: the database "is involved in a database mirroring
 * session or an availability group"); if it failed (on SQL Server 2016 a folder that differs from the primary's,
 * SEED001 Disk layout), the restore may go on once the failed database is dropped (S93). The
 * script does not say which, so this is a warning naming what settles it. A replica set to
 * MANUAL, or a copy taken out of the group (SET HADR OFF, REMOVE DATABASE) since, is not judged.
 * A copy the script itself joined there and has not taken out since is refused the same way.
 */
export const restoresOverSeeded = (statements: readonly StatementResult[]): RestoreOverSeeded[] =>
  statements.flatMap((created, at) => {
    if (created.outcome.kind !== 'config' || created.server === null) return [];
    const config: Config = created.outcome.config;
    if (config.kind === 'DISTRIBUTED') return [];
    const group = instanceKey(config.name);
    const primary = instanceKey(created.server);
    const replicas = new Map(config.replicas.map((r) => [instanceKey(r.name), r]));
    const automatic = new Set(
      config.replicas.filter((r) => r.seedingMode === 'AUTOMATIC').map((r) => instanceKey(r.name)),
    );
    const databases = new Set(config.databases.map((d) => instanceKey(d)));
    const joined = new Set<string>();
    const granted = new Map<string, number>();
    const left = new Set<string>();
    const joinedCopies = new Map<string, number>();
    const found: RestoreOverSeeded[] = [];
    for (const s of statements.slice(at + 1)) {
      const ofGroup = s.group !== null && instanceKey(s.group) === group;
      if (ofGroup && (s.outcome.kind === 'config' || isDrop(s))) break;
      const recovers = s.outcome.kind === 'skipped' ? s.outcome.recovers : undefined;
      if (recovers !== undefined && s.server !== null && s.connected === true) {
        const server = instanceKey(s.server);
        const joinLine = joinedCopies.get(copyKey(server, recovers));
        const replica = replicas.get(server);
        if (replica !== undefined && server !== primary && joinLine !== undefined)
          found.push({
            line: s.line,
            column: s.column,
            text: recoveryOnJoinedText(recovers, replica.name, config.name, joinLine),
          });
        continue;
      }
      if (s.outcome.kind !== 'events') continue;
      for (const e of s.outcome.events) {
        if (ofGroup && e.type === 'replica.join') joined.add(instanceKey(e.replica));
        if (
          ofGroup &&
          e.type === 'replica.grantCreateDatabase' &&
          joined.has(instanceKey(e.replica))
        )
          granted.set(instanceKey(e.replica), s.line);
        if (ofGroup && e.type === 'replica.setSeedingMode') {
          if (e.mode === 'AUTOMATIC') automatic.add(instanceKey(e.replica));
          else automatic.delete(instanceKey(e.replica));
        }
        if (ofGroup && e.type === 'db.add') databases.add(instanceKey(e.database));
        if (ofGroup && e.type === 'db.remove') {
          databases.delete(instanceKey(e.database));
          for (const k of [...joinedCopies.keys()])
            if (k.endsWith(copyKey('', e.database))) joinedCopies.delete(k);
        }
        if (ofGroup && e.type === 'db.join')
          joinedCopies.set(copyKey(e.replica, e.database), s.line);
        if (e.type === 'db.leave') {
          left.add(copyKey(e.replica, e.database));
          joinedCopies.delete(copyKey(e.replica, e.database));
        }
        if (e.type !== 'db.restore' || e.log || s.connected !== true) continue;
        const server = instanceKey(e.replica);
        const database = instanceKey(e.database);
        const replica = replicas.get(server);
        const grantLine = granted.get(server);
        const joinLine = joinedCopies.get(copyKey(server, database));
        if (replica === undefined || server === primary) continue;
        if (joinLine !== undefined) {
          found.push({
            line: s.line,
            column: s.column,
            text: `RESTORE DATABASE of ${e.database} on ${replica.name}: the script joined ${e.database} there to ${config.name} at line ${joinLine} and has not taken it out of the group since, so SQL Server refuses this restore (error 1468, "The operation cannot be performed on database "${e.database}" because it is involved in a database mirroring session or an availability group") and the copy stays joined; run ALTER DATABASE [${e.database}] SET HADR OFF on ${replica.name} first`,
          });
          continue;
        }
        if (grantLine === undefined) continue;
        if (!automatic.has(server) || !databases.has(database)) continue;
        if (left.has(copyKey(server, database))) continue;
        found.push({
          line: s.line,
          column: s.column,
          text: `RESTORE DATABASE of ${e.database} on ${replica.name}: ${replica.name} joined ${config.name} with SEEDING_MODE = AUTOMATIC and was granted CREATE ANY DATABASE at line ${grantLine}, so automatic seeding creates ${e.database} there and joins it to ${config.name} ("Use automatic seeding to initialize a secondary replica"); while that seeding runs, the database it creates holds the files, and a restore run then is refused as well (a published restore right after the ADD DATABASE got error 1834, "The file '…' cannot be overwritten. It is being used by database '${e.database}'", and "Use WITH MOVE to identify a valid location for the file"); once the seeding has joined it, SQL Server refuses this restore (error 1468, "The operation cannot be performed on database "${e.database}" because it is involved in a database mirroring session or an availability group"), and the restores and the join after it; whether the seeding still runs, joined it or failed is settled by current_state and failure_state_desc in sys.dm_hadr_automatic_seeding and by sys.databases on ${replica.name}. If the seeding failed, drop the unsuccessfully seeded database there before restoring; to prepare the copy by hand instead, set SEEDING_MODE = MANUAL for ${replica.name} before the GRANT`,
        });
      }
    }
    return found;
  });
