import type { ConfigAfterScript } from './configs-after.js';
import type { Script, TsqlWarning } from './result.js';

const placedWarning = (w: TsqlWarning): string => `${w.line}:${w.column}: warning: ${w.text}`;

/**
 * A script's warnings, each placed, in the order of its lines. A group the script drops is judged
 * as it stood before, saying so (S110); a statement run on a read-scale group's old primary that a
 * forced failover left primary is not applied (S45). The CLI prints them; the page notes them.
 */
export const scriptWarnings = (
  script: Script,
  after: readonly ConfigAfterScript[],
): readonly string[] =>
  [
    ...script.warnings.map((w) => ({ line: w.line, text: placedWarning(w) })),
    ...after.flatMap((a) =>
      [...a.dropped, ...a.warnings].map((d) => ({
        line: d.line,
        text: `${d.line}:${d.column}: warning: ${d.reason.message} [${d.reason.code}]`,
      })),
    ),
  ]
    .sort((a, b) => a.line - b.line)
    .map((w) => w.text);
