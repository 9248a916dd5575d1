import { sameName } from '../../core/rules/facts-access.js';
import { instanceKey } from '../../core/validation/codes.js';
import type { StatementResult } from './result.js';

/**
 * Two names SQL Server compares without regard to case (instances, groups, databases), as the
 * core compares them; a name the script does not give matches none.
 */
export const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
  a != null && b != null && sameName(a, b);

/** A statement on the group named `name`. */
export const sameGroup = (s: StatementResult, name: string): boolean => same(s.group, name);

/** A key for one copy, a database on an instance, that compares both names as SQL Server does. */
export const copyKey = (replica: string, database: string): string =>
  `${instanceKey(replica)}\u0000${instanceKey(database)}`;
