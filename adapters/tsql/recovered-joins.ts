import { same } from './names.js';
import type { StatementResult } from './result.js';

/** A join the script runs on a copy it has brought online (RESTORE … WITH RECOVERY) there. */
export interface RecoveredJoin {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

interface Recovered {
  readonly server: string;
  readonly database: string;
  readonly line: number;
  /** The recovery-only restore (no FROM), or a restore of a backup WITH RECOVERY. */
  readonly recoveryOnly: boolean;
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
 */
export const recoveredJoins = (statements: readonly StatementResult[]): RecoveredJoin[] => {
  let recovered: readonly Recovered[] = [];
  const found: RecoveredJoin[] = [];
  const without = (server: string, database: string) =>
    recovered.filter((r) => !(same(r.server, server) && same(r.database, database)));
  for (const s of statements) {
    const o = s.outcome;
    if (o.kind === 'skipped' && o.recovers !== undefined && s.server !== null) {
      recovered = [
        ...without(s.server, o.recovers),
        { server: s.server, database: o.recovers, line: s.line, recoveryOnly: true },
      ];
      continue;
    }
    if (o.kind !== 'events') continue;
    for (const e of o.events) {
      if (e.type === 'db.restore') {
        recovered = without(e.replica, e.database);
        if (e.recovery === true)
          recovered = [
            ...recovered,
            { server: e.replica, database: e.database, line: s.line, recoveryOnly: false },
          ];
      } else if (e.type === 'db.join') {
        const r = recovered.find((x) => same(x.server, e.replica) && same(x.database, e.database));
        if (r === undefined) continue;
        found.push({
          line: s.line,
          column: s.column,
          text: `${e.database} was brought online on ${e.replica} at line ${r.line} (${r.recoveryOnly ? 'RESTORE DATABASE … WITH RECOVERY, a recovery-only restore' : 'a restore WITH RECOVERY'}) and not restored WITH NORECOVERY since: SET HADR AVAILABILITY GROUP joins a database restored WITH NORECOVERY ("ALTER DATABASE (Transact-SQL) SET HADR"), and a recovered secondary database is a second, independent database of the same name ("Remove a Secondary Database from an Availability Group", Follow Up); restore a full backup and the log backups after it WITH NORECOVERY there first`,
        });
      }
    }
  }
  return found;
};
