import wrapAnsi from 'wrap-ansi';

/** Wrapping text output to a terminal's width; loaded only when the output is a terminal. */

// biome-ignore lint/suspicious/noControlCharactersInRegex: leading colour codes are kept aside
const LEADING = /^((?:\u001b\[[0-9;]*m)*)( *(?:[-|] )?)(.*)$/s;

/** Below this many columns after the indent, wrapping would make text harder to read, not easier. */
const NARROWEST = 24;

/**
 * A line wrapped to `width` columns; continuation lines hang under the text after the line's
 * indent and its list marker ("- " or "| "), so reasons stay readable as blocks.
 */
export const wrapLine = (line: string, width: number): string => {
  const [, colours = '', indent = '', rest = ''] = LEADING.exec(line) ?? [];
  const room = width - indent.length;
  if (room < NARROWEST) return line;
  return `${colours}${indent}${wrapAnsi(rest, room, { hard: false, trim: true })
    .split('\n')
    .join(`\n${' '.repeat(indent.length)}`)}`;
};
