/**
 * SQL Server names its objects with sysname, nvarchar(128): at most 128 characters. A name that is
 * blank or holds a control character (U+0000–U+001F, U+007F–U+009F) names nothing a DBA could type,
 * and printed raw it would drive the terminal instead; agstate refuses it at every door.
 */
const isControl = (code: number): boolean => code <= 0x1f || (code >= 0x7f && code <= 0x9f);

/** What is wrong with a name as a sysname, or null when it is one. */
export const sysnameProblem = (name: string): string | null => {
  if (name.trim() === '') return 'it is blank';
  if (name.length > 128) return `it has ${name.length} characters, more than sysname's 128`;
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    if (isControl(code))
      return `it holds the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return null;
};
