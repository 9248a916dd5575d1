import { createRequire } from 'node:module';
import type { Reason } from '../../../core/model/source.js';

/**
 * picocolors, loaded with require: importing a CommonJS package from an ES module costs Node 20 a
 * scan of its source for export names (bench/README.md, CLI).
 */
export const pc = createRequire(import.meta.url)('picocolors') as typeof import('picocolors');

/** Colours for text output; every function is the identity when colour is off. */
export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly good: (s: string) => string;
  readonly bad: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly name: (s: string) => string;
}

export const styleFor = (color: boolean): Style => {
  const c = pc.createColors(color);
  return { bold: c.bold, dim: c.dim, good: c.green, bad: c.red, warn: c.yellow, name: c.cyan };
};

/** A reason as two lines: what and why (with its code), then the document and section it encodes. */
export const reasonLines = (style: Style, reason: Reason, indent: string): string[] => [
  `${indent}- ${reason.message} ${style.dim(`[${reason.code}]`)}`,
  `${indent}  ${style.dim(`${reason.rule.document}: ${reason.rule.section}`)}`,
];

export const reasonsLines = (style: Style, reasons: readonly Reason[], indent: string): string[] =>
  reasons.flatMap((r) => reasonLines(style, r, indent));

/** Lines joined into output text, ending with a newline. */
export const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;

export const list = (names: readonly string[]): string =>
  names.length === 0 ? 'none' : names.join(', ');

/**
 * Where an automatic failover would go: the target, unless replicas before it in configuration
 * order have unknown verdicts (then any of them may be chosen); "no replica" only when none is
 * undecided; unknown when the snapshot contradicts itself.
 */
export const automaticText = (
  target: string | null,
  undecided: readonly string[],
  contradictory: boolean,
): string =>
  undecided.length > 0
    ? `unknown: ${list(target === null ? undecided : [...undecided, target])} (the automatic verdict${undecided.length === 1 ? '' : 's'} of ${list(undecided)} ${undecided.length === 1 ? 'is' : 'are'} unknown)`
    : (target ?? (contradictory ? 'unknown (contradictory snapshot)' : 'no replica'));
