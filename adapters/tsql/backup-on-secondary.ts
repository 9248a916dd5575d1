import { backupTypeOnSecondary } from '../../core/backup/backup.js';
import type { Config } from '../../core/model/config.js';
import type { BackupType } from '../../core/model/enums.js';
import { instanceKey } from '../../core/validation/codes.js';
import { isDrop } from './group-drops.js';
import type { StatementResult } from './result.js';

/** A BACKUP the script runs on a secondary replica that SQL Server takes only on the primary. */
export interface SecondaryBackup {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

const OFFLOAD = "'Offload supported backups to secondary replicas of an availability group'";

/** The documented sentence that refuses this type on a secondary of this group. */
const refusal = (config: Config, type: BackupType): string =>
  config.kind === 'BASIC'
    ? `'Basic Always On availability groups for a single database', Limitations: "No backups on secondary replica."`
    : type === 'LOG_COPY_ONLY'
      ? `${OFFLOAD}: "BACKUP LOG supports only regular log backups (the COPY_ONLY option is not supported for log backups on secondary replicas)"`
      : type === 'DIFFERENTIAL'
        ? `${OFFLOAD}: "Differential backups aren't supported on secondary replicas"`
        : `${OFFLOAD}: "BACKUP DATABASE supports only copy-only full backups of databases, files, or filegroups when it's executed on secondary replicas"`;

/** What would run: a basic group's secondary takes no backup at all, whatever its options. */
const remedy = (config: Config, type: BackupType): string =>
  config.kind === 'BASIC'
    ? 'run it on the primary'
    : type === 'LOG_COPY_ONLY'
      ? 'take it without COPY_ONLY (a regular log backup runs on a secondary), or run it on the primary'
      : type === 'DIFFERENTIAL'
        ? 'take a copy-only full backup there instead, or run it on the primary'
        : 'add WITH COPY_ONLY, or run it on the primary';

const SUSPEND = "'Suspend an availability database'";

/** Where the script suspended the copy a BACKUP reads: on that secondary, or on the primary. */
interface Suspension {
  readonly on: string;
  readonly line: number;
  readonly atPrimary: boolean;
}

/**
 * The warning for a backup on a secondary whose copy the script suspended and did not resume: it
 * is NOT SYNCHRONIZING (S62), and a secondary backs up only SYNCHRONIZED or SYNCHRONIZING (S10).
 */
const suspendedText = (database: string, replica: string, x: Suspension): string =>
  x.atPrimary
    ? `${database} is suspended on the primary ${x.on} (SET HADR SUSPEND, line ${x.line}) and not resumed: ${SUSPEND} (S62): "The primary database stops data movement to every connected secondary database", and "Suspending an Always On primary database suspends data movement on all the corresponding secondary databases"; ${OFFLOAD} (S10): "To back up a secondary database, a secondary replica must be able to communicate with the primary replica and must be SYNCHRONIZED or SYNCHRONIZING", so SQL Server refuses it on ${replica}; run ALTER DATABASE [${database}] SET HADR RESUME on ${x.on} first ('Resume an availability database' (S67): "Resuming the primary database also resumes any of its secondary databases that were suspended as the result of suspending the primary database"), or run it on the primary`
    : `${database} is suspended on ${replica} itself (SET HADR SUSPEND, line ${x.line}) and not resumed: ${SUSPEND} (S62): "Only the local secondary database is suspended and its synchronization state becomes NOT SYNCHRONIZING"; ${OFFLOAD} (S10): "To back up a secondary database, a secondary replica must be able to communicate with the primary replica and must be SYNCHRONIZED or SYNCHRONIZING", so SQL Server refuses it there; run ALTER DATABASE [${database}] SET HADR RESUME on ${replica} first ('Resume an availability database' (S67): "If any secondary database was suspended locally, from the server instance that hosts the secondary replica, that secondary database must be resumed locally"), or run it on the primary`;

/**
 * BACKUP on an instance the script has joined as a secondary replica of a group it creates, of a
 * database of the group that is there (joined, or seeded automatically), of a type SQL Server does
 * not take on a secondary: 'Offload supported backups to secondary replicas of an availability
 * group' (S10), "BACKUP DATABASE supports only copy-only full backups of databases, files, or
 * filegroups when it's executed on secondary replicas", differential backups are not supported
 * there, nor copy-only log backups (ag-rules §5.1; full and differential from SQL Server 2025),
 * nor any backup on a basic group's secondary (S41); the warning quotes the sentence that refuses
 * that one and names what would run instead. A type a secondary takes is a warning too when the
 * script suspended that copy (ALTER DATABASE … SET HADR SUSPEND on that replica, or on the primary)
 * and did not resume it there: it is NOT SYNCHRONIZING ('Suspend an availability database', S62),
 * and S10 backs up only a SYNCHRONIZED or SYNCHRONIZING secondary; a failover ends that following,
 * as a forced one suspends every secondary database and a planned one needs the target synchronized.
 * The primary is where CREATE ran, then each failover's target; once a failover is not placed,
 * or the group is dropped or created again, the script no longer says which replica is primary
 * and nothing further is judged. Only statements a `:Connect` places are judged.
 */
export const secondaryBackups = (statements: readonly StatementResult[]): SecondaryBackup[] =>
  statements.flatMap((created, at) => {
    if (created.outcome.kind !== 'config' || created.connected !== true) return [];
    const config: Config = created.outcome.config;
    if (config.kind === 'DISTRIBUTED' || created.server === null) return [];
    const group = instanceKey(config.name);
    const replicas = new Map(config.replicas.map((r) => [instanceKey(r.name), r]));
    const databases = new Set(config.databases.map((d) => instanceKey(d)));
    let primary: string | null = instanceKey(created.server);
    const joined = new Set<string>();
    const copies = new Set<string>();
    const found: SecondaryBackup[] = [];
    // Copies suspended on a secondary (replica\0database), and databases suspended on the primary.
    const suspendedHere = new Map<string, Suspension>();
    const suspendedAtPrimary = new Map<string, Suspension>();
    let followsSuspension = true;
    for (const s of statements.slice(at + 1)) {
      const ofGroup = s.group !== null && instanceKey(s.group) === group;
      if (ofGroup && (s.outcome.kind === 'config' || isDrop(s))) break;
      if (ofGroup && s.outcome.kind === 'unplaced' && /\bFAILOVER\b/i.test(s.outcome.sql)) break;
      if (s.outcome.kind !== 'events' || s.connected !== true || s.server === null) continue;
      const server = instanceKey(s.server);
      for (const e of s.outcome.events) {
        const hadr = e.type === 'db.suspend' || e.type === 'db.resume';
        if (!ofGroup && e.type !== 'db.backup' && e.type !== 'db.join' && !hadr) continue;
        if (e.type === 'ag.failover' || e.type === 'ag.forceFailover') {
          primary = instanceKey(e.target);
          followsSuspension = false;
        }
        if (hadr && replicas.has(server) && databases.has(instanceKey(e.database))) {
          const database = instanceKey(e.database);
          const atPrimary = server === primary;
          const held = atPrimary ? suspendedAtPrimary : suspendedHere;
          const key = atPrimary ? database : `${server}\u0000${database}`;
          if (e.type === 'db.resume') held.delete(key);
          else if (!held.has(key)) held.set(key, { on: s.server, line: s.line, atPrimary });
        }
        if (e.type === 'replica.join' && instanceKey(e.replica) !== primary)
          joined.add(instanceKey(e.replica));
        if (e.type === 'db.add') databases.add(instanceKey(e.database));
        if (e.type === 'db.join' && ofGroup)
          copies.add(`${instanceKey(e.replica)}\u0000${instanceKey(e.database)}`);
        if (e.type !== 'db.backup' || server === primary || !joined.has(server)) continue;
        const database = instanceKey(e.database);
        const replica = replicas.get(server);
        const there =
          copies.has(`${server}\u0000${database}`) || replica?.seedingMode === 'AUTOMATIC';
        if (replica === undefined || !databases.has(database) || !there) continue;
        const onSecondary = backupTypeOnSecondary(config, e.backupType);
        if (!onSecondary.allowed) {
          found.push({
            line: s.line,
            column: s.column,
            text: `${s.text} runs on ${replica.name}, a secondary replica of ${config.name}: ${onSecondary.reason.message} (${refusal(config, e.backupType)}), so SQL Server refuses it there; ${remedy(config, e.backupType)}`,
          });
          continue;
        }
        const suspended = followsSuspension
          ? (suspendedHere.get(`${server}\u0000${database}`) ?? suspendedAtPrimary.get(database))
          : undefined;
        if (suspended !== undefined)
          found.push({
            line: s.line,
            column: s.column,
            text: `${s.text} runs on ${replica.name}, a secondary replica of ${config.name}, where ${suspendedText(e.database, replica.name, suspended)}`,
          });
      }
    }
    return found;
  });
