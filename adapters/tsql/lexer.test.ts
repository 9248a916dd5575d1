import { describe, expect, it } from 'vitest';
import { nameValue, stringValue, tokenize } from './lexer.js';

const kinds = (text: string) => tokenize(text).tokens.map((t) => `${t.tokenType.name} ${t.image}`);

describe('tokenize', () => {
  it('reads keywords in any case, and longer words as names', () => {
    expect(
      kinds('create Availability GROUP Failover FORCE_FAILOVER_ALLOW_DATA_LOSS format'),
    ).toEqual([
      'CREATE create',
      'AVAILABILITY Availability',
      'GROUP GROUP',
      'FAILOVER Failover',
      'FORCE_FAILOVER_ALLOW_DATA_LOSS FORCE_FAILOVER_ALLOW_DATA_LOSS',
      'Identifier format',
    ]);
  });

  it('reads bracketed and quoted names with their escapes', () => {
    const [a, b] = tokenize('[a]]b c] "x""y"').tokens;
    expect(a?.tokenType.name).toBe('BracketId');
    expect(nameValue(a?.image ?? '')).toBe('a]b c');
    expect(b?.tokenType.name).toBe('QuotedId');
    expect(nameValue(b?.image ?? '')).toBe('x"y');
  });

  it("reads N'unicode' and 'plain' strings with doubled quotes", () => {
    const [a, b] = tokenize("N'it''s Café' 'plain'").tokens;
    expect(stringValue(a?.image ?? '')).toBe("it's Café");
    expect(stringValue(b?.image ?? '')).toBe('plain');
  });

  it('skips line comments and nested block comments', () => {
    const lexed = tokenize('SELECT /* a /* b */ still comment */ 1 -- to the end\nGO');
    expect(lexed.tokens.map((t) => t.image)).toEqual(['SELECT', '1', 'GO']);
    expect(lexed.comments.map((c) => c.image)).toEqual([
      '/* a /* b */ still comment */',
      '-- to the end',
    ]);
  });

  it('takes GO as a batch separator only alone on its line, with an optional count', () => {
    const separators = (text: string) =>
      tokenize(text)
        .tokens.filter((t) => t.tokenType.name === 'Go')
        .map((t) => t.image);
    expect(separators('SELECT 1\nGO\nSELECT 2\n  go 5 -- twice\nSELECT 3')).toEqual([
      'GO',
      'go 5 ',
    ]);
    expect(separators('SELECT 1 GO\nGO5\nSELECT go')).toEqual([]);
    expect(separators("SELECT 'a\nGO\nb'")).toEqual([]);
  });

  it('takes sqlcmd commands at the start of a line', () => {
    expect(kinds(':Connect SQL1 -U sa\n  :setvar x 1\nSELECT 1')).toEqual([
      'Directive :Connect SQL1 -U sa',
      'Directive :setvar x 1',
      'Identifier SELECT',
      'NumberLiteral 1',
    ]);
  });

  it('counts no-break spaces as white space and keeps positions', () => {
    const [a, b] = tokenize('ALTER\u00a0AVAILABILITY\n\u00a0\u00a0GROUP').tokens.slice(1);
    expect(a?.image).toBe('AVAILABILITY');
    expect(b).toMatchObject({ image: 'GROUP', startLine: 2, startColumn: 3 });
  });

  it('keeps sqlcmd variables inside names for later substitution', () => {
    expect(kinds('$(AG)_suffix [$(AG)]')).toEqual(['Identifier $(AG)_suffix', 'BracketId [$(AG)]']);
  });

  it('never fails: stray characters and unclosed quotes become tokens', () => {
    expect(kinds("` { 'open")).toEqual(['Unknown `', 'Unknown {', "UnterminatedString 'open"]);
  });
});
