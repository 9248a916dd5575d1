import { stepFacts } from '../cluster/facts.js';
import { NOTHING_OBSERVED, type Observation } from '../cluster/observation.js';
import { rebuild, withEntry, withLog } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import { findReplica, isReplicaUp, primaryName, primaryReplica } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import type { EventOf } from '../model/events.js';
import { reason } from '../model/source.js';
import { writeRefusals } from './commit.js';
import { OPEN_TRANSACTION_RULES } from './open-transactions.js';

/**
 * Open transactions: begun by the application on the primary and not committed. The model's log
 * records are commits, so a begun transaction adds none; it is never acknowledged, it holds log
 * truncation from where it began, and it is rolled back when its primary stops serving it.
 */

/** db.begin: a transaction begins on the primary's database at its current end of log. */
export const beginTransaction = (c: Cluster, e: EventOf<'db.begin'>): StepResult => {
  const refusals = writeRefusals(stepFacts(c), e.database);
  if (refusals.length > 0) return refused(c, refusals);
  const end = primaryReplica(c)?.databases[e.database]?.hardened;
  const log = c.logs[e.database];
  if (end === undefined || log === undefined) return refused(c, refusals);
  const open = [...(log.openTransactions ?? []), end.lsn];
  const logs = withEntry(c.logs, e.database, withLog(log, { openTransactions: open }));
  return accepted(rebuild(c, c.replicas, c.journal, c.ag, logs), [
    {
      type: 'note',
      reason: reason(
        'TRANSACTION_BEGUN',
        `a transaction on ${e.database} began at LSN ${end.lsn} and is open: never acknowledged until it commits, and the log from LSN ${end.lsn} is kept on every replica`,
        OPEN_TRANSACTION_RULES.open,
      ),
    },
  ]);
};

/**
 * After a step: when the primary that held open transactions no longer serves them (a failover,
 * or its instance went down), they are rolled back: by the new primary's recovery (SEED004), or
 * by the old primary's own recovery when it restarts.
 */
export const rollBackOpenTransactions = (
  before: Cluster,
  after: Cluster,
): { cluster: Cluster; observations: readonly Observation[] } => {
  const was = primaryName(before);
  if (was === null) return { cluster: after, observations: NOTHING_OBSERVED };
  const now = primaryName(after);
  const wasReplica = findReplica(after, was);
  if (now === was && wasReplica !== undefined && isReplicaUp(wasReplica))
    return { cluster: after, observations: NOTHING_OBSERVED };
  let observations: Observation[] | undefined;
  let logs = after.logs;
  for (const database in after.logs) {
    const log = after.logs[database]!;
    const open = log.openTransactions ?? [];
    if (open.length === 0) continue;
    // Reads that waited for them on a secondary made readable meanwhile wait no more (S16).
    logs = withEntry(logs, database, withLog(log, { openTransactions: [], readsWaitFor: {} }));
    observations ??= [];
    observations.push({
      type: 'note',
      reason: reason(
        'OPEN_TRANSACTIONS_ROLLED_BACK',
        now !== null && now !== was
          ? `${open.length} open transaction${open.length === 1 ? '' : 's'} on ${database} rolled back on the new primary ${now}: never committed, never acknowledged`
          : `${open.length} open transaction${open.length === 1 ? '' : 's'} on ${database} rolled back: ${was} stopped serving them before they committed`,
        OPEN_TRANSACTION_RULES.rolledBack,
      ),
    });
  }
  return {
    cluster:
      logs === after.logs ? after : rebuild(after, after.replicas, after.journal, after.ag, logs),
    observations: observations ?? NOTHING_OBSERVED,
  };
};

/** Where the oldest open transaction of a database holds the log, or null. */
export const oldestOpenTransaction = (c: Cluster, database: string): bigint | null => {
  const open = c.logs[database]?.openTransactions ?? [];
  return open.length === 0 ? null : open.reduce((a, b) => (b < a ? b : a));
};
