import { same } from './names.js';
import type { StatementResult } from './result.js';

/** A join the script runs on a copy it has brought online (WITH RECOVERY) or read-only (WITH STANDBY) there. */
export interface RecoveredJoin {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface Recovered {
  readonly server: string;
  readonly database: string;
  readonly line: number;
  /** The recovery-only restore (no FROM), a restore of a backup WITH RECOVERY, or WITH STANDBY. */
  readonly how: 'recoveryOnly' | 'recovery' | 'standby';
}

/**
 * ALTER DATABASE … SET HADR AVAILABILITY GROUP on an instance where the script last restored that
 * database WITH RECOVERY (the recovery-only RESTORE DATABASE … WITH RECOVERY, or a restore from a
 * backup without NORECOVERY or STANDBY), with no restore WITH NORECOVERY since. "Remove a Secondary
 * Database from an Availability Group" (S141), Follow Up: "If you want to access a removed
 * secondary database after it has been removed from the availability group, you can recover the
 * database. However, if you recover a removed secondary database, two divergent, independent
 * databases that have the same name are online"; the join takes a database prepared for it: "The
 * secondary database must have been restored using WITH NORECOVERY from recent database and log
 * backups of the primary database" (S50, SET HADR AVAILABILITY GROUP). The database may be
 * restored again outside the script, so this is a warning.
 *
 * A last restore WITH STANDBY counts too: it runs the undo pass and "allows a database to be
 * brought up for read-only access between transaction log restores" (S71), as a log-shipping
 * restore job in "Standby mode" leaves its secondary database (S162), while the join's database
 * is one restored WITH NORECOVERY and goes "from RESTORING to ONLINE" (S50).
 */
export const recoveredJoins = (statements: readonly StatementResult[]): RecoveredJoin[] => {
  let recovered: readonly Recovered[] = [];
  const found: RecoveredJoin[] = [];
  const without = (server: string, database: string) =>
    recovered.filter((r) => !(same(r.server, server) && same(r.database, database)));
  for (const s of statements) {
    const o = s.outcome;
    const standby = s.kept?.standby;
    if (o.kind === 'skipped' && s.server !== null) {
      // RESTORE without FROM: WITH RECOVERY brings the database online, WITH STANDBY read-only.
      const database = o.recovers ?? standby;
      if (database !== undefined)
        recovered = [
          ...without(s.server, database),
          {
            server: s.server,
            database,
            line: s.line,
            how: o.recovers === undefined ? 'standby' : 'recoveryOnly',
          },
        ];
      continue;
    }
    if (o.kind !== 'events') continue;
    for (const e of o.events) {
      if (e.type === 'db.restore') {
        recovered = without(e.replica, e.database);
        const how = e.recovery === true ? 'recovery' : standby === undefined ? null : 'standby';
        if (how !== null)
          recovered = [
            ...recovered,
            { server: e.replica, database: e.database, line: s.line, how },
          ];
      } else if (e.type === 'db.join') {
        const r = recovered.find((x) => same(x.server, e.replica) && same(x.database, e.database));
        if (r === undefined) continue;
        found.push({
          line: s.line,
          column: s.column,
          text:
            r.how === 'standby'
              ? standbyText(e.database, e.replica, r.line)
              : recoveredText(e.database, e.replica, r),
        });
      }
    }
  }
  return found;
};

const recoveredText = (database: string, replica: string, r: Recovered): string =>
  `${database} was brought online on ${replica} at line ${r.line} (${r.how === 'recoveryOnly' ? 'RESTORE DATABASE … WITH RECOVERY, a recovery-only restore' : 'a restore WITH RECOVERY'}) and not restored WITH NORECOVERY since: SET HADR AVAILABILITY GROUP joins a database restored WITH NORECOVERY ("ALTER DATABASE (Transact-SQL) SET HADR"), and a recovered secondary database is a second, independent database of the same name ("Remove a Secondary Database from an Availability Group", Follow Up); restore a full backup and the log backups after it WITH NORECOVERY there first`;

const standbyText = (database: string, replica: string, line: number): string =>
  `${database} was last restored on ${replica} WITH STANDBY at line ${line} and not restored WITH NORECOVERY since: the standby file "allows a database to be brought up for read-only access between transaction log restores" ("RESTORE Statements - Arguments", STANDBY), as a log-shipping restore job in Standby mode leaves it ("Secondary Database Settings"), while SET HADR AVAILABILITY GROUP joins a secondary database "restored using WITH NORECOVERY" and changes its state "from RESTORING to ONLINE" ("ALTER DATABASE (Transact-SQL) SET HADR"); restore the next log backup WITH NORECOVERY there before the join (whether the database is still in standby is settled by sys.databases.is_in_standby on ${replica})`;
