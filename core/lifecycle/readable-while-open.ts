import { rebuild, withEntry, withLog } from '../cluster/ops.js';
import { copyPhase, replicaRole } from '../cluster/select.js';
import type { Cluster, DatabaseLog } from '../cluster/types.js';
import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';

/**
 * A secondary made readable while transactions are open on the primary takes connections at once,
 * but its queries wait for those transactions: 'Offload read-only workload to secondary replica'
 * (S16), Limitations and restrictions: "Any active transactions that existed on the primary replica
 * when the secondary replica was configured must commit or roll back. Until this process completes,
 * the transaction isolation level mapping on the secondary database is incomplete and queries are
 * temporarily blocked" (wait type HADR_DATABASE_WAIT_FOR_TRANSITION_TO_VERSIONING, S196; S256).
 * The model's open transactions end only by a rollback, which clears what this records.
 */

const READABLE_WITH_OPEN_TRANSACTIONS = source(
  'S16',
  'Limitations and restrictions: active transactions that existed on the primary replica when the secondary replica was configured must commit or roll back; until then queries are temporarily blocked',
);

const readable = (config: Config, name: string): boolean =>
  config.replicas.some(
    (r) => r.name.toLowerCase() === name.toLowerCase() && r.secondaryRole.allowConnections !== 'NO',
  );

/** Where `before` → `after` makes a secondary readable or unreadable, what its copies wait for. */
export const readableWhileOpen = (
  c: Cluster,
  before: Config,
): { readonly cluster: Cluster; readonly notes: readonly Reason[] } => {
  let logs = c.logs;
  const notes: Reason[] = [];
  for (const r of c.replicas) {
    const was = readable(before, r.name);
    const now = readable(c.config, r.name);
    if (was === now) continue;
    for (const database in c.logs) {
      const log = logs[database]!;
      const waits = withoutReplica(log, r.name);
      const open = log.openTransactions ?? [];
      const copy = r.databases[database];
      const starts =
        now &&
        open.length > 0 &&
        replicaRole(r) === 'SECONDARY' &&
        copy !== undefined &&
        copyPhase(copy) === 'JOINED';
      if (!starts && waits === log.readsWaitFor) continue;
      logs = withEntry(
        logs,
        database,
        withLog(log, { readsWaitFor: starts ? { ...waits, [r.name]: open } : (waits ?? {}) }),
      );
      if (starts) notes.push(waitingNote(r.name, database, open.length));
    }
  }
  return {
    cluster: logs === c.logs ? c : rebuild(c, c.replicas, c.journal, c.ag, logs),
    notes,
  };
};

const withoutReplica = (
  log: DatabaseLog,
  replica: string,
): DatabaseLog['readsWaitFor'] | undefined => {
  const waits = log.readsWaitFor;
  if (waits === undefined || !(replica in waits)) return waits;
  const { [replica]: _, ...rest } = waits;
  return rest;
};

const waitingNote = (replica: string, database: string, open: number): Reason =>
  reason(
    'READABLE_WITH_OPEN_TRANSACTIONS',
    `${replica} now takes connections to its copy of ${database}, but ${open === 1 ? 'a transaction is' : `${open} transactions are`} open on ${database} on the primary: until ${open === 1 ? 'it commits or rolls back' : 'they commit or roll back'} and ${replica} has redone that, queries on ${database} there are blocked (wait type HADR_DATABASE_WAIT_FOR_TRANSITION_TO_VERSIONING), since the row versions their snapshot isolation needs are not all there`,
    READABLE_WITH_OPEN_TRANSACTIONS,
  );
