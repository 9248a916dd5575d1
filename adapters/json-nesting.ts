/**
 * Where a JSON text nests deeper than any agstate document can: configurations, scenarios and
 * snapshots are a few levels deep (a scenario event inside a step inside a list is the deepest,
 * at six). JSON.parse copes with deep nesting, but every recursive walk after it (the io-ts
 * decoders, the snapshot parser) would run out of stack; this scan is a loop, so it does not.
 */

/** Far above the deepest real document, far below what a recursive walk can take. */
export const MAX_JSON_DEPTH = 64;

export interface TooDeep {
  /** The offset of the bracket that went one level too deep. */
  readonly offset: number;
  /** line and column of that bracket, counted from 1. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const OPENERS = new Set([91, 123]); // [ {
const CLOSERS = new Set([93, 125]); // ] }

export const jsonTooDeep = (
  text: string,
  maxDepth: number = MAX_JSON_DEPTH,
): TooDeep | undefined => {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      line++;
      lineStart = i + 1;
    } else if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPENERS.has(c)) {
      depth++;
      if (depth > maxDepth)
        return {
          offset: i,
          line,
          column: i - lineStart + 1,
          message: `the JSON is nested too deeply (more than ${maxDepth} levels); agstate's documents are a few levels deep`,
        };
    } else if (CLOSERS.has(c)) depth = Math.max(0, depth - 1);
  }
  return undefined;
};
