import { sameName } from '../../core/rules/facts-access.js';
import type { StatementResult } from './result.js';

/**
 * Two names SQL Server compares without regard to case (instances, groups, databases), as the
 * core compares them; a name the script does not give matches none.
 */
export const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
  a != null && b != null && sameName(a, b);

/** A statement on the group named `name`. */
export const sameGroup = (s: StatementResult, name: string): boolean => same(s.group, name);
