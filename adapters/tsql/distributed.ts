import type { SequenceAction, SequenceStatement } from '../../core/distributed/sequence.js';
import { connectLine, quoteName, quoteString } from './render.js';

/**
 * The failover of a distributed availability group as a sqlcmd script: each statement after a
 * `:Connect` to the instance it must run on, in the order of "Fail over to a secondary
 * availability group" (S58). Statements already true of the state are left out unless asked for.
 */

/** The documentation's check of synchronization_state_desc and last_hardened_lsn, per database. */
const CHECK_SYNCHRONIZATION = `SELECT ag.name, drs.database_id, DB_NAME(drs.database_id) AS database_name,
       drs.group_id, drs.replica_id, drs.synchronization_state_desc, drs.last_hardened_lsn
FROM sys.dm_hadr_database_replica_states AS drs
INNER JOIN sys.availability_groups AS ag ON drs.group_id = ag.group_id;`;

const CHECK_LAST_HARDENED_LSN = `SELECT ag.name, drs.database_id, DB_NAME(drs.database_id) AS database_name,
       drs.group_id, drs.replica_id, drs.last_hardened_lsn
FROM sys.dm_hadr_database_replica_states AS drs
INNER JOIN sys.availability_groups AS ag ON drs.group_id = ag.group_id;`;

const statement = (group: string, action: SequenceAction): string => {
  const dag = quoteName(group);
  switch (action.kind) {
    case 'setAvailabilityMode':
      return `ALTER AVAILABILITY GROUP ${dag}\nMODIFY\nAVAILABILITY GROUP ON\n${action.members
        .map((m) => `    ${quoteString(m)} WITH (AVAILABILITY_MODE = ${action.mode})`)
        .join(',\n')};`;
    case 'checkSynchronization':
      return CHECK_SYNCHRONIZATION;
    case 'checkLastHardenedLsn':
      return CHECK_LAST_HARDENED_LSN;
    case 'setRoleSecondary':
      return `ALTER AVAILABILITY GROUP ${dag} SET (ROLE = SECONDARY);`;
    case 'setRequiredSecondaries':
      return `ALTER AVAILABILITY GROUP ${dag} SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${action.value});`;
    case 'forceFailover':
      return `ALTER AVAILABILITY GROUP ${dag} FORCE_FAILOVER_ALLOW_DATA_LOSS;`;
    case 'linkFailover':
      return linkFailover(dag, action.tsql, action.removesLink);
    case 'backupBeforeDemotion':
      // Where the backup goes is the user's: the statement is left to write, database by database.
      return action.databases
        .map(
          (db) =>
            `-- BACKUP LOG ${quoteName(db)} TO <backup device> (a tail-log backup: Tail-log backups (SQL Server))`,
        )
        .join('\n');
  }
};

// A Managed Instance link fails over by Transact-SQL from SQL Server 2022 CU13 (S104).
const WIZARD =
  "SSMS's Failover between SQL Server and Managed Instance wizard (or the script it generates)";

const linkFailover = (dag: string, tsql: boolean | 'unknown', removesLink: boolean): string => {
  const statement = `ALTER AVAILABILITY GROUP ${dag} FAILOVER;`;
  if (tsql === true) return statement;
  if (tsql === 'unknown')
    return `-- by Transact-SQL from SQL Server 2022 CU 13 (16.0.4125.3; SERVERPROPERTY('ProductVersion') tells); before it, ${WIZARD}\n${statement}`;
  return [
    `-- not by Transact-SQL before SQL Server 2022 CU 13 (16.0.4125.3): use ${WIZARD}`,
    ...(removesLink
      ? [
          '-- on SQL Server 2019 and earlier the failover breaks and removes the link: no failing back',
        ]
      : []),
  ].join('\n');
};

export interface RenderSequenceOptions {
  /** Keep the statements already true of the state, marked as done (default: leave them out). */
  readonly includeDone?: boolean;
}

export const renderDistributedSequence = (
  statements: readonly SequenceStatement[],
  options: RenderSequenceOptions = {},
): string =>
  statements
    .filter((s) => options.includeDone === true || !s.done)
    .map((s) => {
      const head = `-- Step ${s.step} on the ${s.runsOn}: ${s.purpose}${s.done ? ' (already done)' : ''}`;
      const connect =
        s.server === null
          ? `-- no instance to connect to: the ${s.runsOn} is down, or not in the input (name the side with --target, or take a snapshot there)`
          : connectLine(s.server);
      return `${head}\n${connect}\n${statement(s.group, s.action)}\nGO\n`;
    })
    .join('\n');
