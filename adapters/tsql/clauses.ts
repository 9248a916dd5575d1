import {
  EmbeddedActionsParser,
  EOF,
  type IParserErrorMessageProvider,
  type IToken,
  type ParserMethod,
  type TokenType,
  tokenLabel,
  tokenMatcher,
} from 'chevrotain';
import type {
  DeviceNode,
  IpNode,
  ListenerChange,
  ListenerNode,
  Located,
  NameNode,
  OptionNode,
  SpecNode,
  ValueNode,
} from './ast.js';
import { type Problem, quote } from './errors.js';
import { locOf, nameValue, sourceOf, stringValue } from './lexer.js';
import {
  ALL_TOKENS,
  BracketId,
  Comma,
  Equals,
  HexNumber,
  Keyword as K,
  LParen,
  Minus,
  Name,
  NonParen,
  NumberLiteral,
  Placeholder,
  Plus,
  QuotedId,
  RParen,
  StringLiteral,
  Variable,
  Word,
} from './tokens.js';

/** How a token is quoted in messages: `'SYNC'`, or where the batch ends. */
export const describeToken = (token: IToken): string =>
  token.tokenType === EOF ? 'the end of the batch' : quote(token.image);

const firstTokens = (paths: readonly (readonly TokenType[])[]): string[] =>
  paths.flatMap((path) => (path[0] === undefined ? [] : [tokenLabel(path[0])]));

const unique = (labels: readonly string[]): string =>
  [...new Set(labels)].join(' | ') || 'something else';

/** Messages are the "expected" half only; the reader adds what was found and where. */
export const expectations: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => tokenLabel(expected),
  buildNotAllInputParsedMessage: () => 'the end of the statement',
  buildNoViableAltMessage: ({ expectedPathsPerAlt, customUserDescription }) =>
    customUserDescription ?? unique(expectedPathsPerAlt.flatMap(firstTokens)),
  buildEarlyExitMessage: ({ expectedIterationPaths, customUserDescription }) =>
    customUserDescription ?? unique(firstTokens(expectedIterationPaths)),
};

/** Words that open a clause of CREATE / ALTER AVAILABILITY GROUP (S4, S3 syntax). */
const CLAUSE_WORDS = new Set(['FOR', 'REPLICA', 'AVAILABILITY', 'LISTENER', 'DATABASE']);

export const SERVER = { ERR_MSG: "a server instance name in quotes ('SERVER\\INSTANCE')" };
export const GROUP_NAME = { ERR_MSG: "an availability group name in quotes ('ag')" };
export const DNS_NAME = { ERR_MSG: "a listener DNS name in quotes ('ag-listener')" };
export const IP_ADDRESS = { ERR_MSG: "an IP address in quotes ('10.0.0.10')" };
/**
 * The clauses the statements share: names, values, option lists, replica specs, listeners and
 * backup media. Options are read generically (`NAME = value`, `NAME ( … )`, flags) and checked by
 * name and meaning afterwards (./options.ts), which gives better messages than a grammar listing
 * every option. ./parser.ts adds the statements and runs chevrotain's self-analysis.
 */
export class ClauseParser extends EmbeddedActionsParser {
  /** Problems found by grammar actions (an empty slot in an option list) rather than by chevrotain. */
  problems: Problem[] = [];

  constructor() {
    super(ALL_TOKENS, {
      recoveryEnabled: false,
      maxLookahead: 3,
      errorMessageProvider: expectations,
    });
  }

  /** The last token consumed so far. */
  lastToken(): IToken {
    return this.LA(0);
  }

  /** Location and source text from `first` to the last consumed token. */
  protected span(first: IToken): Located {
    const input = this.input;
    const from = input.indexOf(first);
    const to = input.indexOf(this.LA(0));
    return {
      loc: locOf(first),
      source: from < 0 || to < from ? first.image : sourceOf(input.slice(from, to + 1)),
    };
  }

  protected nameFrom(token: IToken, text: string): NameNode {
    return { loc: locOf(token), source: token.image, text };
  }

  /** An object name: `abc`, `[a b]`, `"a"`. */
  name = this.RULE('name', (): NameNode => {
    const token = this.CONSUME(Name, { ERR_MSG: 'a name' });
    return this.ACTION(() => this.nameFrom(token, nameValue(token.image)));
  });

  /** A string where the syntax asks for a quoted name (a server, a listener, an address). */
  quoted = this.RULE('quoted', (what?: { ERR_MSG: string }): NameNode => {
    const token = this.CONSUME(StringLiteral, what ?? { ERR_MSG: "a string ('…')" });
    return this.ACTION(() => this.nameFrom(token, stringValue(token.image)));
  });

  value: ParserMethod<[], ValueNode> = this.RULE('value', (): ValueNode => {
    const first = this.LA(1);
    return this.OR({
      ERR_MSG: 'a value',
      DEF: [
        {
          ALT: () => {
            const t = this.CONSUME(StringLiteral);
            return this.ACTION(() => ({
              kind: 'string' as const,
              text: stringValue(t.image),
              ...this.span(first),
            }));
          },
        },
        {
          ALT: () => {
            this.OPTION(() =>
              this.OR1([{ ALT: () => this.CONSUME(Minus) }, { ALT: () => this.CONSUME(Plus) }]),
            );
            this.OR2([
              { ALT: () => this.CONSUME(NumberLiteral) },
              { ALT: () => this.CONSUME(HexNumber) },
            ]);
            return this.ACTION(() => {
              const at = this.span(first);
              return { kind: 'number' as const, text: at.source.replaceAll(' ', ''), ...at };
            });
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(Variable);
            return this.ACTION(() => ({
              kind: 'variable' as const,
              text: t.image,
              ...this.span(first),
            }));
          },
        },
        {
          ALT: () => {
            const t = this.OR3([
              { ALT: () => this.CONSUME(BracketId) },
              { ALT: () => this.CONSUME(QuotedId) },
              { ALT: () => this.CONSUME(Placeholder) },
            ]);
            return this.ACTION(() => ({
              kind: 'quoted' as const,
              text: nameValue(t.image),
              ...this.span(first),
            }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(Word);
            return this.ACTION(() => ({
              kind: 'word' as const,
              text: t.image,
              ...this.span(first),
            }));
          },
        },
        {
          ALT: () => {
            const items: ValueNode[] = [];
            this.CONSUME(LParen);
            this.MANY_SEP({
              SEP: Comma,
              DEF: () => {
                const item = this.SUBRULE(this.value);
                this.ACTION(() => items.push(item));
              },
            });
            this.CONSUME(RParen, { ERR_MSG: "',' or ')'" });
            return this.ACTION(() => ({ kind: 'list' as const, items, ...this.span(first) }));
          },
        },
      ],
    });
  });

  /**
   * A word that opens the statement's next clause, never an option name (save `LISTENER = …`,
   * which MODIFY AVAILABILITY GROUP ON takes) nor a modifier: in `WITH (A = 1, FOR DATABASE d`
   * the list is not closed, and FOR is where it goes wrong.
   */
  private opensClause(at: number): boolean {
    const word = this.LA(at);
    return CLAUSE_WORDS.has(word.image.toUpperCase()) && tokenMatcher(word, Word);
  }

  private isOptionStart(): boolean {
    return !this.opensClause(1) || tokenMatcher(this.LA(2), Equals);
  }

  /**
   * What may close an option list opened at `opener`: after a ',' another option or ')', after an
   * option ',' or ')'; before a clause word, the list is said to be open.
   */
  private closeExpected(opener: IToken | undefined): { ERR_MSG: string } {
    const afterComma = tokenMatcher(this.LA(0), Comma);
    const expected = afterComma ? "an option name or ')'" : "',' or ')'";
    const head = opener === undefined ? '' : `${opener.image.toUpperCase()} `;
    return {
      ERR_MSG: this.opensClause(1) ? `${expected} (the ${head}( list is not closed)` : expected,
    };
  }

  optionItem: ParserMethod<[], OptionNode> = this.RULE('optionItem', (): OptionNode => {
    const first = this.CONSUME(Word, { ERR_MSG: 'an option name' });
    let value: ValueNode | null = null;
    let nested: OptionNode[] | null = null;
    const modifiers: NameNode[] = [];
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Equals);
          value = this.SUBRULE(this.value);
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen);
          nested = this.SUBRULE(this.optionItems);
          this.CONSUME(RParen, this.closeExpected(first));
        },
      },
      {
        ALT: () =>
          this.MANY({
            GATE: () => !this.opensClause(1),
            DEF: () => {
              const word = this.CONSUME1(Word);
              this.ACTION(() => modifiers.push(this.nameFrom(word, word.image)));
            },
          }),
      },
    ]);
    return this.ACTION(() => ({
      name: this.nameFrom(first, first.image),
      value,
      nested,
      modifiers,
      ...this.span(first),
    }));
  });

  /** Comma-separated options; an empty slot (`A = 1, )`) is reported and skipped. */
  optionItems: ParserMethod<[], OptionNode[]> = this.RULE('optionItems', (): OptionNode[] => {
    const items: OptionNode[] = [];
    const slot = (index: number) => {
      const next = this.LA(1);
      const item = this.option(index, {
        GATE: () => this.isOptionStart(),
        DEF: () => this.subrule(index, this.optionItem),
      });
      this.ACTION(() => {
        if (item !== undefined) items.push(item);
        // Before a clause word the list is not closed: the ')' it lacks is the one error.
        else if (this.isOptionStart())
          this.problems.push({
            loc: locOf(next),
            expected: 'an option name',
            found: describeToken(next),
          });
      });
    };
    slot(0);
    this.MANY(() => {
      this.CONSUME(Comma);
      slot(1);
    });
    return items;
  });

  optionList = this.RULE('optionList', (): OptionNode[] => {
    const opener = this.LA(0);
    this.CONSUME(LParen);
    const items = this.SUBRULE(this.optionItems);
    this.CONSUME(RParen, this.closeExpected(opener));
    return items;
  });

  /** `'server' WITH ( options )`, for a replica or a member availability group. */
  spec = this.RULE('spec', (what?: { ERR_MSG: string }): SpecNode => {
    const first = this.LA(1);
    const name = this.SUBRULE(this.quoted, { ARGS: [what ?? SERVER] });
    this.CONSUME(K.WITH);
    const options = this.SUBRULE(this.optionList);
    return this.ACTION(() => ({ name, options, ...this.span(first) }));
  });

  specs = this.RULE('specs', (what?: { ERR_MSG: string }): SpecNode[] => {
    const specs: SpecNode[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const spec = this.SUBRULE(this.spec, { ARGS: [what ?? SERVER] });
        this.ACTION(() => specs.push(spec));
      },
    });
    return specs;
  });

  names = this.RULE('names', (): NameNode[] => {
    const names: NameNode[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const name = this.SUBRULE(this.name);
        this.ACTION(() => names.push(name));
      },
    });
    return names;
  });

  ip = this.RULE('ip', (): IpNode => {
    const first = this.CONSUME(LParen);
    const address = this.SUBRULE(this.quoted, { ARGS: [IP_ADDRESS] });
    let mask: NameNode | null = null;
    this.OPTION(() => {
      this.CONSUME(Comma);
      mask = this.SUBRULE1(this.quoted, {
        ARGS: [{ ERR_MSG: "a subnet mask in quotes ('255.255.255.0')" }],
      });
    });
    this.CONSUME(RParen, { ERR_MSG: "',' or ')'" });
    return this.ACTION(() => ({ address, mask, ...this.span(first) }));
  });

  /** `'dns' ( WITH DHCP [ON (ip, mask)] | WITH IP ((ip, mask) | (ipv6), …) [, PORT = n] )`. */
  listener = this.RULE('listener', (): ListenerNode => {
    const first = this.LA(1);
    const name = this.SUBRULE(this.quoted, { ARGS: [DNS_NAME] });
    let dhcp: { network: IpNode | null } | null = null;
    const addresses: IpNode[] = [];
    let port: ValueNode | null = null;
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      ERR_MSG: 'WITH DHCP, WITH IP or PORT',
      DEF: () =>
        this.OR({
          ERR_MSG: 'WITH DHCP, WITH IP or PORT',
          DEF: [
            {
              ALT: () => {
                this.CONSUME(K.WITH);
                this.CONSUME(K.DHCP);
                let network: IpNode | null = null;
                this.OPTION(() => {
                  this.CONSUME(K.ON);
                  network = this.SUBRULE(this.ip);
                });
                this.ACTION(() => {
                  dhcp = { network };
                });
              },
            },
            {
              ALT: () => {
                this.CONSUME1(K.WITH);
                this.CONSUME(K.IP);
                this.CONSUME1(LParen);
                this.AT_LEAST_ONE_SEP1({
                  SEP: Comma,
                  DEF: () => {
                    const ip = this.SUBRULE1(this.ip);
                    this.ACTION(() => addresses.push(ip));
                  },
                });
                this.CONSUME1(RParen, { ERR_MSG: "',' or ')'" });
              },
            },
            {
              ALT: () => {
                this.CONSUME(K.PORT);
                this.CONSUME(Equals);
                port = this.SUBRULE(this.value);
              },
            },
          ],
        }),
    });
    this.CONSUME(RParen, { ERR_MSG: "',' or ')'" });
    return this.ACTION(() => ({ name, dhcp, addresses, port, ...this.span(first) }));
  });

  listenerChange = this.RULE('listenerChange', (): ListenerChange => {
    const first = this.LA(1);
    return this.OR({
      ERR_MSG: 'ADD IP, REMOVE IP or PORT',
      DEF: [
        {
          ALT: () => {
            this.CONSUME(K.ADD);
            this.CONSUME(K.IP);
            const ip = this.SUBRULE(this.ip);
            return this.ACTION(() => ({ kind: 'addIp' as const, ip, ...this.span(first) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.REMOVE);
            this.CONSUME1(K.IP);
            const ip = this.SUBRULE1(this.ip);
            return this.ACTION(() => ({ kind: 'removeIp' as const, ip, ...this.span(first) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.PORT);
            this.CONSUME(Equals);
            const port = this.SUBRULE(this.value);
            return this.ACTION(() => ({ kind: 'port' as const, port, ...this.span(first) }));
          },
        },
      ],
    });
  });

  /** A database name or a variable holding one. */
  databaseName = this.RULE(
    'databaseName',
    (): NameNode =>
      this.OR([
        { ALT: () => this.SUBRULE(this.name) },
        {
          ALT: () => {
            const t = this.CONSUME(Variable);
            return this.ACTION(() => this.nameFrom(t, t.image));
          },
        },
      ]),
  );

  /** FILE = / FILEGROUP = / PAGE = / READ_WRITE_FILEGROUPS: the statement is partial. */
  partialList = this.RULE('partialList', (): boolean => {
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () =>
        this.OR([
          {
            ALT: () => {
              this.OR1([
                { ALT: () => this.CONSUME(K.FILE) },
                { ALT: () => this.CONSUME(K.FILEGROUP) },
                { ALT: () => this.CONSUME(K.PAGE) },
              ]);
              this.CONSUME(Equals);
              this.SUBRULE(this.value);
            },
          },
          { ALT: () => this.CONSUME(K.READ_WRITE_FILEGROUPS) },
        ]),
    });
    return true;
  });

  device = this.RULE('device', (): DeviceNode => {
    const first = this.LA(1);
    return this.OR({
      ERR_MSG: "DISK = 'file', URL = 'url' or a backup device name",
      DEF: [
        {
          ALT: () => {
            const type = this.CONSUME(Word);
            this.CONSUME(Equals);
            const value = this.SUBRULE(this.value);
            return this.ACTION(() => ({
              type: type.image.toUpperCase(),
              value,
              ...this.span(first),
            }));
          },
        },
        {
          ALT: () => {
            const name = this.SUBRULE(this.databaseName);
            return this.ACTION(() => ({
              type: null,
              value: { kind: 'word' as const, text: name.text, loc: name.loc, source: name.source },
              ...this.span(first),
            }));
          },
        },
      ],
    });
  });

  devices = this.RULE('devices', (): DeviceNode[] => {
    const devices: DeviceNode[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const device = this.SUBRULE(this.device);
        this.ACTION(() => devices.push(device));
      },
    });
    return devices;
  });

  balanced: ParserMethod<[], void> = this.RULE('balanced', (): void => {
    this.CONSUME(LParen);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.balanced) }, { ALT: () => this.CONSUME(NonParen) }]),
    );
    this.CONSUME(RParen);
  });

  /** A BACKUP / RESTORE option: `NAME`, `NAME = v`, `NAME ( … )`, `MOVE 'a' TO 'b'`. */
  mediaOption = this.RULE('mediaOption', (): OptionNode => {
    const first = this.CONSUME(Word, { ERR_MSG: 'an option name' });
    let value: ValueNode | null = null;
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Equals);
            value = this.SUBRULE(this.value);
            this.OPTION1(() => {
              this.CONSUME(K.AFTER);
              this.SUBRULE1(this.value);
            });
          },
        },
        { ALT: () => this.SUBRULE(this.balanced) },
        {
          ALT: () => {
            this.CONSUME(StringLiteral);
            this.CONSUME(K.TO);
            this.CONSUME1(StringLiteral);
          },
        },
      ]),
    );
    return this.ACTION(() => ({
      name: this.nameFrom(first, first.image),
      value,
      nested: null,
      modifiers: [],
      ...this.span(first),
    }));
  });

  mediaOptions = this.RULE('mediaOptions', (): OptionNode[] => {
    const options: OptionNode[] = [];
    this.CONSUME(K.WITH);
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const option = this.SUBRULE(this.mediaOption);
        this.ACTION(() => options.push(option));
      },
    });
    return options;
  });
}
