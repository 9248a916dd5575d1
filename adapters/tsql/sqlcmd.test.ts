import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.js';
import { parseCommand, substituteVariables } from './sqlcmd.js';

describe('parseCommand', () => {
  it('reads :Connect with options and quoted server names', () => {
    expect(parseCommand(':Connect SQL1\\INST -U sa -P secret')).toEqual(
      E.right({ kind: 'connect', server: 'SQL1\\INST' }),
    );
    expect(parseCommand(':CONNECT "my ""server"""')).toEqual(
      E.right({ kind: 'connect', server: 'my "server"' }),
    );
    expect(parseCommand(':connect')).toEqual(E.left('a server name after :Connect'));
  });

  it('reads :setvar with plain and quoted values, and without a value', () => {
    expect(parseCommand(':setvar AG SalesAG')).toEqual(
      E.right({ kind: 'setvar', name: 'AG', value: 'SalesAG' }),
    );
    expect(parseCommand(':setvar Path "C:\\Program Files"')).toEqual(
      E.right({ kind: 'setvar', name: 'Path', value: 'C:\\Program Files' }),
    );
    expect(parseCommand(':setvar AG')).toEqual(
      E.right({ kind: 'setvar', name: 'AG', value: null }),
    );
  });

  it('reads the other commands', () => {
    expect(parseCommand(':on error exit')).toEqual(E.right({ kind: 'other', name: ':on' }));
    expect(parseCommand(':r setup.sql')).toEqual(E.right({ kind: 'include', file: 'setup.sql' }));
    expect(parseCommand(':EXIT')).toEqual(E.right({ kind: 'exit' }));
    expect(parseCommand(':reset')).toEqual(E.right({ kind: 'reset' }));
    expect(parseCommand('!! dir')).toEqual(E.right({ kind: 'other', name: '!!' }));
  });
});

describe('substituteVariables', () => {
  const images = (text: string, initial: Record<string, string> = {}) => {
    const { tokens, problems } = substituteVariables(
      tokenize(text).tokens,
      new Map(Object.entries(initial).map(([k, v]) => [k.toUpperCase(), v])),
    );
    return { images: tokens.map((t) => t.image), problems };
  };

  it('applies :setvar in script order, case-insensitively, inside names and strings', () => {
    const { images: out, problems } = images(
      ":setvar ag Sales\nALTER AVAILABILITY GROUP [$(AG)] FAILOVER\n:setvar AG Orders\nSELECT N'$(ag)', $(Ag)_x",
    );
    expect(problems).toEqual([]);
    expect(out).toEqual([
      ':setvar ag Sales',
      'ALTER',
      'AVAILABILITY',
      'GROUP',
      '[Sales]',
      'FAILOVER',
      ':setvar AG Orders',
      'SELECT',
      "N'Orders'",
      ',',
      'Orders_x',
    ]);
  });

  it('lexes a value that holds several tokens, at the place of the variable', () => {
    const { tokens } = substituteVariables(
      tokenize('SELECT\n  $(cols)').tokens,
      new Map([['COLS', 'a, b']]),
    );
    expect(tokens.slice(1).map((t) => [t.image, t.startLine, t.startColumn])).toEqual([
      ['a', 2, 3],
      [',', 2, 3],
      ['b', 2, 3],
    ]);
  });

  it('substitutes in sqlcmd commands and takes values given from outside', () => {
    expect(images(':Connect $(Primary)', { primary: 'SQL1' }).images).toEqual([':Connect SQL1']);
  });

  it('reports a variable no :setvar defined', () => {
    expect(images('SELECT\n [$(Missing)]').problems).toEqual([
      { loc: { line: 2, column: 2 }, variable: 'Missing' },
    ]);
  });
});
