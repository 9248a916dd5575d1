import { instanceKey } from '../../core/validation/codes.js';
import type { StatementResult } from './result.js';

/** A copy's key in `preparedCopies`: its replica and database, as SQL Server compares names. */
export const copyKeyOf = (replica: string, database: string): string =>
  `${instanceKey(replica)}|${instanceKey(database)}`;

/**
 * Every copy the script prepares by hand anywhere in it (a RESTORE or a join on that replica), so
 * a seeding rule does not warn about a copy the script makes another way.
 */
export const preparedCopies = (statements: readonly StatementResult[]): ReadonlySet<string> => {
  const prepared = new Set<string>();
  for (const s of statements)
    if (s.outcome.kind === 'events')
      for (const e of s.outcome.events)
        if (e.type === 'db.restore' || e.type === 'db.join')
          prepared.add(copyKeyOf(e.replica, e.database));
  return prepared;
};
