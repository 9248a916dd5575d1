import type { Finding } from '../consistency/finding.js';
import type { FailoverVerdict } from '../failover/failover.js';
import type { PredictedLoss } from '../failover/forced-loss.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason, unknownReason } from '../model/source.js';
import { sameName } from '../rules/facts-access.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * A decision that reads a flagged fact is unknown: "contradictory snapshot". A failover to a
 * target reads the target's rows and the primary's; a finding about the group reads on all.
 */

const NEW_SNAPSHOT = 'a snapshot whose views agree (the query in docs/dmv-snapshot.md, run again)';

export const contradictionReason = (f: Finding): Reason =>
  unknownReason(
    'CONTRADICTORY_SNAPSHOT',
    `contradictory snapshot: ${f.message} (${f.place})`,
    f.rule,
    f.view !== null && f.column !== null ? [`${f.view}.${f.column}`, NEW_SNAPSHOT] : [NEW_SNAPSHOT],
  );

/** The findings a decision about `target` (and, when given, `database`) depends on; an impossible one, always. */
export const findingsFor = (
  facts: ClusterFacts,
  findings: readonly Finding[],
  target: string,
  database?: string,
): readonly Finding[] =>
  findings.filter(
    (f) =>
      // An impossible finding means the input is no real group: nothing in it can be relied on.
      f.severity === 'impossible' ||
      ((f.replica === null ||
        sameName(f.replica, target) ||
        (facts.primary !== null && sameName(f.replica, facts.primary))) &&
        (database === undefined || f.database === null || f.database === database)),
  );

/** A verdict that rests on flagged facts is never allowed: it becomes unknown, or keeps its refusal. */
export const flagVerdict = (v: FailoverVerdict, findings: readonly Finding[]): FailoverVerdict => {
  if (findings.length === 0) return v;
  const reasons = findings.map(contradictionReason);
  // An allowed verdict's reasons are notes that qualify it: they stay, after what makes it unknown.
  if (v.status === 'allowed')
    return { ...v, status: 'unknown', allowed: false, reasons: [...reasons, ...v.reasons] };
  if (v.status === 'refused') return { ...v, reasons: [...v.reasons, ...reasons] };
  const notes = v.reasons.filter((x) => !isUnknownReason(x));
  return { ...v, reasons: [...v.reasons.filter(isUnknownReason), ...reasons, ...notes] };
};

export const flagLoss = (loss: PredictedLoss, findings: readonly Finding[]): PredictedLoss =>
  findings.length === 0
    ? loss
    : { ...loss, extent: 'unknown', lsnRange: null, reasons: findings.map(contradictionReason) };

/** A failover to a flagged target is not advised. */
export const isFlaggedAction = (
  facts: ClusterFacts,
  findings: readonly Finding[],
  a: RecommendedAction,
): boolean =>
  (a.event.type === 'ag.failover' || a.event.type === 'ag.forceFailover') &&
  findingsFor(facts, findings, a.event.target).length > 0;
