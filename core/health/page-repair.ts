import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import {
  databaseReplicaFacts,
  isReplicaUp,
  replicaFacts,
  sameName,
} from '../rules/facts-access.js';

/**
 * Automatic page repair (SEED003 "Automatic Page Repair"): a replica that cannot read a data page
 * asks for a fresh copy. A secondary asks the primary; the primary broadcasts to every secondary
 * and takes the page from the first to answer. Repair travels only between copies that exchange
 * data: never to or from a suspended, disconnected or unjoined database.
 */

const REPAIR = source('SEED003', 'Automatic Page Repair');
const SUSPENDED = source('S50', 'SET HADR SUSPEND: data movement stops');

export interface PageRepairVerdict {
  /** The replica whose copy supplies the page, or null when none can. */
  readonly from: string | null;
  /** Every replica asked, in order, and why each could or could not answer. */
  readonly asked: readonly {
    readonly replica: string;
    readonly canAnswer: boolean;
    readonly reasons: readonly Reason[];
  }[];
  readonly reasons: readonly Reason[];
}

/** Why the copy of `database` on `replica` cannot exchange pages with the primary now (empty when it can). */
const exchangeBlockers = (
  facts: ClusterFacts,
  replica: string,
  database: string,
  side: string,
): Reason[] => {
  const out: Reason[] = [];
  const row = databaseReplicaFacts(facts, replica, database);
  const r = replicaFacts(facts, replica);
  if (isReplicaUp(r) === false)
    out.push(reason('REPLICA_DOWN', `${side} ${replica} is not running`, REPAIR));
  if (row === undefined || row.isJoined !== true)
    out.push(
      reason('DATABASE_NOT_JOINED', `${database} is not joined on ${side} ${replica}`, REPAIR),
    );
  else if (row.isSuspended === true)
    out.push(
      reason(
        'DATABASE_SUSPENDED',
        `${database} is suspended on ${side} ${replica}: no data moves, pages neither`,
        SUSPENDED,
      ),
    );
  if (
    facts.primary !== null &&
    !sameName(replica, facts.primary) &&
    r?.connectedState !== 'CONNECTED'
  )
    out.push(
      reason('REPLICA_DISCONNECTED', `${side} ${replica} is not connected to the primary`, REPAIR),
    );
  return out;
};

/** Where a replica that cannot read a page of `database` gets a fresh copy, if anywhere. */
export const pageRepairSource = (
  facts: ClusterFacts,
  replica: string,
  database: string,
): PageRepairVerdict => {
  const primary = facts.primary;
  if (primary === null)
    return {
      from: null,
      asked: [],
      reasons: [
        reason('NO_PRIMARY', 'no replica holds the primary role: no page can be exchanged', REPAIR),
      ],
    };
  const own = exchangeBlockers(
    facts,
    replica,
    database,
    sameName(replica, primary) ? 'the primary' : 'the secondary',
  );
  if (!sameName(replica, primary)) {
    // A secondary asks the primary.
    const fromPrimary = exchangeBlockers(facts, primary, database, 'the primary');
    const reasons = [...own, ...fromPrimary];
    const canAnswer = reasons.length === 0;
    return {
      from: canAnswer ? primary : null,
      asked: [{ replica: primary, canAnswer, reasons: fromPrimary }],
      reasons: canAnswer
        ? [
            reason(
              'REPAIRED_FROM_PRIMARY',
              `${replica} gets a fresh copy of the page from the primary ${primary}`,
              REPAIR,
            ),
          ]
        : reasons,
    };
  }
  // The primary broadcasts; the first secondary to answer (in configuration order) supplies it.
  const asked = facts.config.replicas
    .filter((r) => !sameName(r.name, primary) && r.availabilityMode !== 'CONFIGURATION_ONLY')
    .map((r) => {
      const reasons = exchangeBlockers(facts, r.name, database, 'the secondary');
      return { replica: r.name, canAnswer: reasons.length === 0, reasons };
    });
  const first = asked.find((a) => a.canAnswer);
  return {
    from: first?.replica ?? null,
    asked,
    reasons:
      first === undefined
        ? [
            reason(
              'NO_REPLICA_ANSWERS',
              `no secondary can send a fresh copy of the page: the page of ${database} stays unreadable on the primary`,
              REPAIR,
            ),
            ...asked.flatMap((a) => a.reasons),
          ]
        : [
            reason(
              'REPAIRED_FROM_SECONDARY',
              `the primary broadcasts the request and takes the page from ${first.replica}, the first to answer`,
              REPAIR,
            ),
          ],
  };
};
