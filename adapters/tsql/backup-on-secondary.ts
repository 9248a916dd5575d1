import { backupTypeOnSecondary } from '../../core/backup/backup.js';
import type { Config } from '../../core/model/config.js';
import type { BackupType } from '../../core/model/enums.js';
import { instanceKey } from '../../core/validation/codes.js';
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

const isDrop = (s: StatementResult): boolean =>
  s.outcome.kind === 'skipped' && /^DROP\s+AVAILABILITY\s+GROUP\b/i.test(s.text);

/**
 * BACKUP on an instance the script has joined as a secondary replica of a group it creates, of a
 * database of the group that is there (joined, or seeded automatically), of a type SQL Server does
 * not take on a secondary: 'Offload supported backups to secondary replicas of an availability
 * group' (S10), "BACKUP DATABASE supports only copy-only full backups of databases, files, or
 * filegroups when it's executed on secondary replicas", differential backups are not supported
 * there, nor copy-only log backups (ag-rules §5.1; full and differential from SQL Server 2025),
 * nor any backup on a basic group's secondary (S41); the warning quotes the sentence that refuses
 * that one and names what would run instead.
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
    for (const s of statements.slice(at + 1)) {
      const ofGroup = s.group !== null && instanceKey(s.group) === group;
      if (ofGroup && (s.outcome.kind === 'config' || isDrop(s))) break;
      if (ofGroup && s.outcome.kind === 'unplaced' && /\bFAILOVER\b/i.test(s.outcome.sql)) break;
      if (s.outcome.kind !== 'events' || s.connected !== true || s.server === null) continue;
      const server = instanceKey(s.server);
      for (const e of s.outcome.events) {
        if (!ofGroup && e.type !== 'db.backup' && e.type !== 'db.join') continue;
        if (e.type === 'ag.failover' || e.type === 'ag.forceFailover')
          primary = instanceKey(e.target);
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
        if (onSecondary.allowed) continue;
        found.push({
          line: s.line,
          column: s.column,
          text: `${s.text} runs on ${replica.name}, a secondary replica of ${config.name}: ${onSecondary.reason.message} (${refusal(config, e.backupType)}), so SQL Server refuses it there; ${remedy(config, e.backupType)}`,
        });
      }
    }
    return found;
  });
