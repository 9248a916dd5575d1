import type { Decisions } from '../core/decide/decide.js';
import type { Reason } from '../core/model/source.js';

/**
 * Where two `decide` answers on the same group differ: each failover form per target, commits per
 * database, the backup action per database and replica, and each listener connection. The second
 * answer's status and reasons come with each, so a property can ask that it be "unknown" and say
 * why.
 */
export interface AnswerDifference {
  readonly what: string;
  readonly was: string;
  readonly became: string;
  readonly reasons: readonly Reason[];
}

export const answerDifferences = (full: Decisions, part: Decisions): AnswerDifference[] => {
  const out: AnswerDifference[] = [];
  const note = (what: string, was: string, became: string, reasons: readonly Reason[]) => {
    if (was !== became) out.push({ what, was, became, reasons });
  };
  for (const t of full.failover.targets) {
    const u = part.failover.targets.find((x) => x.replica === t.replica);
    if (u === undefined) continue;
    for (const form of ['automatic', 'planned', 'forced'] as const)
      note(`${form} failover to ${t.replica}`, t[form].status, u[form].status, u[form].reasons);
  }
  for (const c of full.commit) {
    const u = part.commit.find((x) => x.database === c.database);
    if (u !== undefined)
      note(`commits on ${c.database}`, c.acknowledgement, u.acknowledgement, u.reasons);
  }
  for (const b of full.backup)
    for (const d of b.decisions) {
      const u = part.backup
        .find((x) => x.database === b.database)
        ?.decisions.find((x) => x.replica === d.replica)?.decision;
      if (u !== undefined)
        note(`a backup of ${b.database} on ${d.replica}`, d.decision.action, u.action, u.reasons);
    }
  const connection = (c: { outcome: string; replica?: string }) =>
    `${c.outcome}${c.replica === undefined ? '' : ` ${c.replica}`}`;
  const unknownOr = (c: { outcome: string; replica?: string }) =>
    c.outcome === 'unknown' ? 'unknown' : connection(c);
  note(
    'a read-write connection',
    connection(full.routing.readWrite),
    unknownOr(part.routing.readWrite),
    part.routing.readWrite.reasons,
  );
  for (const [i, c] of full.routing.readOnlyByDatabase.entries()) {
    const u = part.routing.readOnlyByDatabase[i];
    if (u !== undefined && u.database === c.database)
      note(
        `a read-intent connection to ${c.database}`,
        connection(c.connection),
        unknownOr(u.connection),
        u.connection.reasons,
      );
  }
  return out;
};

export const describeDifference = (d: AnswerDifference): string =>
  `${d.what}: ${d.was} became ${d.became} (${d.reasons.map((r) => r.code).join(', ')})`;
