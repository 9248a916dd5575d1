import type { Cluster } from '../cluster/types.js';
import type { Config } from '../model/config.js';
import { type Reason, source, unknownReason } from '../model/source.js';
import { featureInRelease, use } from '../validation/features.js';
import { featureAvailability } from '../validation/limits.js';
import type { ConfigEvent } from './configure.js';

/**
 * A change of DTC_SUPPORT changes the resource manager (RMID) each database enlists with DTC
 * (S218, Manage unresolved transactions): "The outcome for the active transactions that exists
 * during RMID change cannot be recovered after a failover", and the database "goes into SUSPECT
 * state" on the new primary. Whether a transaction open now is a distributed one, the model's
 * db.begin does not say: unknown, for each database with one open.
 */
export const rmidChange = (c: Cluster, e: ConfigEvent): readonly Reason[] => {
  if (e.type !== 'ag.set' || e.options.dtcSupport === undefined) return [];
  const [from, to] = [c.config.dtcSupport, e.options.dtcSupport];
  if (from === to) return [];
  return Object.entries(c.logs).flatMap(([db, log]) => {
    const open = (log.openTransactions ?? []).length;
    if (open === 0) return [];
    return [
      unknownReason(
        'DTC_RMID_CHANGE_OPEN_TRANSACTION',
        `${open === 1 ? 'a transaction is' : `${open} transactions are`} open on ${db} while DTC_SUPPORT changes from ${from} to ${to}, which changes the resource manager ID (RMID) ${db} enlists with in DTC: if ${open === 1 ? 'it' : 'one'} is a distributed transaction, its outcome cannot be recovered after a failover: the new primary cannot get it from DTC and ${db} goes SUSPECT there, until it is committed or rolled back by hand (KILL '<UOW>' WITH COMMIT or WITH ROLLBACK, the UOW from the new primary's error log) and ALTER DATABASE [${db}] SET ONLINE runs; a local transaction is only rolled back`,
        source(
          'S218',
          'Manage unresolved transactions: a change of DTC_SUPPORT changes the RMID; "the database goes into SUSPECT state"',
        ),
        [
          `sys.dm_tran_active_transactions.transaction_type (4 = distributed transaction) and transaction_uow of the transactions sys.dm_tran_database_transactions shows open on ${db}, on the primary`,
        ],
      ),
    ];
  });
};

/**
 * SET (DTC_SUPPORT = …) on a running group needs SQL Server 2016 SP2 (S3; S218: "For SQL Server
 * 2016 versions before Service Pack 2, you need to drop, and recreate the availability group"), as
 * the T-SQL reader judges the statement: refused on an earlier build, unknown where only the major
 * version is known.
 */
export const dtcChange = (config: Config, e: ConfigEvent) => {
  if (e.type !== 'ag.set' || e.options.dtcSupport === undefined)
    return { refusals: [], unknown: [] };
  const reasons = featureInRelease(
    config,
    use(
      'ALTER_DTC_SUPPORT',
      `ALTER AVAILABILITY GROUP … SET (DTC_SUPPORT = ${e.options.dtcSupport})`,
    ),
  );
  return featureAvailability(config, 'ALTER_DTC_SUPPORT') === false
    ? { refusals: reasons, unknown: [] }
    : { refusals: [], unknown: reasons };
};
