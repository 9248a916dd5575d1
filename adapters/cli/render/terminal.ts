/**
 * Text bound for a terminal. Names come from the user's files and snapshots and may hold control
 * characters (ESC, CR, OSC sequences): those are printed escaped, never raw, so a name cannot
 * retitle the terminal, move the cursor or overwrite a line. Colour is agstate's own SGR codes.
 */

// The styles of ./style.ts: bold/dim (1, 2, 22) and the foreground colours (31, 32, 33, 36, 39).
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes kept
const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|36|39)m/y;

/** C0 controls except newline, DEL, C1 controls, and the bidirectional overrides and isolates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const escapeChar = (c: string): string => {
  switch (c) {
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default: {
      const code = c.codePointAt(0) ?? 0;
      return code <= 0xff
        ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
        : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
};

/** Every control character escaped, except agstate's own colour codes when colour is on. */
export const escapeControls = (text: string, keepOwnColours: boolean): string => {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (keepOwnColours) {
      OWN_SGR.lastIndex = i;
      const own = OWN_SGR.exec(text);
      if (own !== null) {
        out += own[0];
        i += own[0].length;
        continue;
      }
    }
    const c = text[i]!;
    out += CONTROL.test(c) ? escapeChar(c) : c;
    i += 1;
  }
  return out;
};

export interface TerminalOptions {
  /** Whether agstate's colour codes are in the text (they are kept; every other control is escaped). */
  readonly color: boolean;
  /** The terminal's width, or null when the output is not a terminal (then nothing is wrapped). */
  readonly width: number | null;
}

/**
 * Lines as output text: control characters escaped, wrapped to the terminal, newline-ended. The
 * wrapping code (wrap-ansi and its width tables, about 30 ms to load) is loaded only for a
 * terminal: output to a pipe or a file is never wrapped.
 */
export const terminalText = async (
  lines: readonly string[],
  options: TerminalOptions,
): Promise<string> => {
  const { width } = options;
  const safe = lines.map((l) => escapeControls(l, options.color));
  if (width === null) return `${safe.join('\n')}\n`;
  const { wrapLine } = await import('./wrap.js');
  return `${safe.map((l) => wrapLine(l, width)).join('\n')}\n`;
};
