import { createRequire } from 'node:module';
import { automaticChooser } from '../../../core/failover/chooser.js';

export { automaticHeading } from '../../../core/failover/chooser.js';

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

/**
 * A reason as two lines: what and why (with its code), then the document and section it encodes;
 * an unknown one adds a third, what settles it, which the JSON carries as settledBy.
 */
export const reasonLines = (style: Style, reason: Reason, indent: string): string[] => [
  `${indent}- ${reason.message} ${style.dim(`[${reason.code}]`)}`,
  `${indent}  ${style.dim(`${reason.rule.document}: ${reason.rule.section}`)}`,
  ...(reason.settledBy === undefined || reason.settledBy.length === 0
    ? []
    : [`${indent}  settled by ${reason.settledBy.join('; ')}`]),
];

export const reasonsLines = (style: Style, reasons: readonly Reason[], indent: string): string[] =>
  reasons.flatMap((r) => reasonLines(style, r, indent));

/** Lines joined into output text, ending with a newline. */
export const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;

export const list = (names: readonly string[]): string =>
  names.length === 0 ? 'none' : names.join(', ');

/**
 * Where an automatic failover would go: the one qualifying replica, unless others' verdicts are
 * unknown (then any of them may be chosen) or several qualify (the cluster chooses among them);
 * "no replica" only when none is undecided; unknown when the snapshot is impossible (a flagged
 * replica that qualifies is among the undecided).
 */
export const automaticText = (
  target: string | null,
  undecided: readonly string[],
  among: readonly string[],
  contradictory: boolean,
  clusterType?: string,
  unlistedBeyond?: string,
): string => {
  const qualifying = among.length > 0 ? among : target === null ? [] : [target];
  const why = [
    ...(among.length > 0
      ? [`${list(among)} qualify: ${automaticChooser(clusterType)}, which no view shows`]
      : []),
    ...(undecided.length > 0
      ? [
          `the automatic verdict${undecided.length === 1 ? '' : 's'} of ${list(undecided)} ${undecided.length === 1 ? 'is' : 'are'} unknown`,
        ]
      : []),
    ...(unlistedBeyond === undefined
      ? []
      : [
          `the snapshot was taken on ${unlistedBeyond}, with no quorum there, and lists only the replicas there: one on a node that kept quorum may take the role`,
        ]),
  ];
  const named = [...undecided, ...qualifying];
  if (why.length > 0)
    return named.length > 0
      ? `unknown: ${list(named)} (${why.join('; ')})`
      : `unknown: ${why.join('; ')}`;
  return target ?? (contradictory ? 'unknown (contradictory snapshot)' : 'no replica');
};
