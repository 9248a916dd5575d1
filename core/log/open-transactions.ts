import { source } from '../model/source.js';

/** Where the rules about open transactions come from. */
export const OPEN_TRANSACTION_RULES = {
  /** An active transaction keeps the log from its first record (log_reuse_wait_desc ACTIVE_TRANSACTION). */
  open: source(
    'S6',
    'truncation_lsn; sys.databases log_reuse_wait_desc = ACTIVE_TRANSACTION: an open transaction delays log truncation',
  ),
  /** The new primary rolls back the transactions that had not committed (SEED004). */
  rolledBack: source(
    'SEED004',
    'Automatic failover: the new primary rolls back any uncommitted transactions',
  ),
};
