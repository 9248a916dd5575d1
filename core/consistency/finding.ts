import type { RuleSource } from '../model/source.js';

/**
 * A finding of the consistency checks. `impossible`: no real server produces the input, so it is
 * refused. `suspicious`: a real server can produce it (views read at slightly different instants),
 * so it is kept, and every decision that depends on it becomes unknown.
 */
export type Severity = 'impossible' | 'suspicious';

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where: the row's origin (file, row, view) when the facts carry it, else a JSON pointer into the checked value. */
  readonly place: string;
  /** The DMV view and column the contradicting value is read from, when it is one. */
  readonly view: string | null;
  readonly column: string | null;
  /** The replica and database the finding is about; null when it concerns the whole group. */
  readonly replica: string | null;
  readonly database: string | null;
  readonly rule: RuleSource;
}

export const isImpossible = (f: Finding): boolean => f.severity === 'impossible';

/** One line for a person: `place: message [CODE]`. */
export const formatFinding = (f: Finding): string => `${f.place}: ${f.message} [${f.code}]`;
