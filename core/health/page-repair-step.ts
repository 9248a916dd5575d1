import { stepFacts } from '../cluster/facts.js';
import { sendCopy } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import {
  copyPhase,
  findReplica,
  isReplicaUp,
  joinedState,
  primaryName,
} from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import type { EventOf } from '../model/events.js';
import { reason, source } from '../model/source.js';
import { pageRepairSource } from './page-repair.js';

/**
 * db.pageError: a replica cannot read a data page (SEED003 "Automatic Page Repair"). The page is
 * replaced from the copy core/health/page-repair.ts names. When no copy can supply it, a secondary's
 * redo cannot pass the page, so its copy is suspended (SUSPEND_FROM_REDO, S6); on the primary the
 * page stays unreadable and the database stays online.
 */
const REPAIR = source('SEED003', 'Automatic Page Repair');

export const pageError = (c: Cluster, e: EventOf<'db.pageError'>): StepResult => {
  const r = findReplica(c, e.replica);
  if (r === undefined)
    return refused(c, [
      reason('UNKNOWN_REPLICA', `${e.replica} is not a replica of ${c.config.name}`, REPAIR),
    ]);
  const copy = r.databases[e.database];
  if (
    !c.config.databases.includes(e.database) ||
    copy === undefined ||
    copyPhase(copy) !== 'JOINED'
  )
    return refused(c, [
      reason(
        'DATABASE_NOT_JOINED',
        `${e.database} is not an availability database on ${r.name}`,
        REPAIR,
      ),
    ]);
  if (!isReplicaUp(r))
    return refused(c, [reason('REPLICA_DOWN', `${r.name} is not running`, REPAIR)]);
  const verdict = pageRepairSource(stepFacts(c), r.name, e.database);
  if (verdict.from !== null)
    return accepted(c, [
      {
        type: 'page.repaired',
        replica: r.name,
        database: e.database,
        page: e.page,
        from: verdict.from,
      },
    ]);
  const unrepaired = {
    type: 'page.unrepaired' as const,
    replica: r.name,
    database: e.database,
    page: e.page,
    reasons: verdict.reasons,
  };
  if (r.name === primaryName(c) || joinedState(copy) === 'SUSPENDED')
    return accepted(c, [unrepaired]);
  const next = sendCopy(c, r.name, e.database, { type: 'db.suspend', reason: 'SUSPEND_FROM_REDO' });
  return accepted(next, [unrepaired]);
};
