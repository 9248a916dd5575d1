import type { ConfigAfterScript } from './configs-after.js';
import type { Script, StatementResult } from './result.js';

/** A statement SQL Server refuses, and a later one of its batch that the group as read took. */
export interface RefusedMidBatch {
  readonly refused: ConfigAfterScript['notApplied'][number];
  readonly later: StatementResult;
}

/**
 * The refused statements whose batch goes on with a statement agstate reads, each with the first
 * such statement. Whether SQL Server ran that one depends on the error ("Batches": "Most run-time
 * errors stop the current statement and the statements that follow it in the batch. Some run-time
 * errors, such as constraint violations, stop only the current statement"), and no document says
 * which kind each availability group error is: the group the script deploys is then unsettled.
 * A statement agstate does not model (skipped) changes nothing it reads, whether it ran or not.
 */
export const refusedMidBatch = (
  script: Script,
  notApplied: ConfigAfterScript['notApplied'],
): readonly RefusedMidBatch[] =>
  notApplied.flatMap((refused) => {
    const at = script.statements.findIndex(
      (s) => s.line === refused.line && s.column === refused.column,
    );
    const statement = script.statements[at];
    if (statement === undefined) return [];
    const later = script.statements
      .slice(at + 1)
      .find(
        (s) =>
          s.batch === statement.batch &&
          (s.line > statement.line || (s.line === statement.line && s.column > statement.column)) &&
          s.outcome.kind !== 'skipped',
      );
    return later === undefined ? [] : [{ refused, later }];
  });
