import type { IToken } from 'chevrotain';
import type {
  AlterAction,
  AlterDatabaseHadrNode,
  AlterGroupNode,
  BackupNode,
  CreateGroupNode,
  ListenerChange,
  ListenerNode,
  NameNode,
  OptionNode,
  SpecNode,
} from './ast.js';
import { ClauseParser, DNS_NAME, describeToken, GROUP_NAME, SERVER } from './clauses.js';
import type { Problem } from './errors.js';
import { locOf } from './lexer.js';
import { Comma, Equals, Keyword as K, LParen, RParen } from './tokens.js';

export const ALTER_VERBS =
  'SET, ADD, REMOVE, MODIFY, JOIN, GRANT, DENY, FAILOVER, FORCE_FAILOVER_ALLOW_DATA_LOSS, ' +
  'RESTART LISTENER or OFFLINE';

/**
 * The statements agstate understands, as a chevrotain embedded-actions parser building ./ast.ts
 * nodes. Chevrotain's error recovery is off: ./recovery.ts resumes after a broken option inside
 * a statement, and the script reader resynchronises between statements.
 */
class StatementParser extends ClauseParser {
  constructor() {
    super();
    this.performSelfAnalysis();
  }

  createGroup = this.RULE('createGroup', (): CreateGroupNode => {
    const first = this.CONSUME(K.CREATE);
    this.CONSUME(K.AVAILABILITY);
    this.CONSUME(K.GROUP);
    const name = this.SUBRULE(this.name);
    let options: OptionNode[] = [];
    let databases: NameNode[] | null = null;
    let replicas: SpecNode[] | null = null;
    let members: SpecNode[] | null = null;
    let listener: ListenerNode | null = null;
    this.OPTION(() => {
      this.CONSUME(K.WITH);
      options = this.SUBRULE(this.optionList);
    });
    this.OPTION1(() => {
      this.CONSUME(K.FOR);
      this.OPTION2(() => {
        this.CONSUME(K.DATABASE);
        databases = this.SUBRULE(this.names);
      });
    });
    // The documented syntax lists REPLICA ON and AVAILABILITY GROUP ON one after the other;
    // a statement needs at least one of them.
    const next = this.LA(1);
    this.OPTION4(() => {
      this.CONSUME(K.REPLICA);
      this.CONSUME(K.ON);
      replicas = this.SUBRULE(this.specs, { ARGS: [SERVER] });
    });
    this.OPTION5(() => {
      this.CONSUME1(K.AVAILABILITY);
      this.CONSUME1(K.GROUP);
      this.CONSUME1(K.ON);
      members = this.SUBRULE1(this.specs, { ARGS: [GROUP_NAME] });
    });
    this.ACTION(() => {
      if (replicas === null && members === null) {
        this.problems.push({
          loc: locOf(next),
          expected: 'REPLICA ON or AVAILABILITY GROUP ON',
          found: describeToken(next),
        });
      }
    });
    this.OPTION3(() => {
      this.CONSUME(K.LISTENER);
      listener = this.SUBRULE(this.listener);
    });
    return this.ACTION(() => ({
      kind: 'createGroup' as const,
      name,
      options,
      databases,
      replicas,
      members,
      listener,
      ...this.span(first),
    }));
  });

  alterSet = this.RULE('alterSet', (): AlterAction => {
    const first = this.CONSUME(K.SET);
    const options = this.SUBRULE(this.optionList);
    return this.ACTION(() => ({ kind: 'set' as const, options, ...this.span(first) }));
  });

  alterAdd = this.RULE('alterAdd', (): AlterAction => {
    const first = this.CONSUME(K.ADD);
    return this.OR({
      ERR_MSG: 'DATABASE, REPLICA ON or LISTENER',
      DEF: [
        {
          ALT: () => {
            this.CONSUME(K.DATABASE);
            const databases = this.SUBRULE(this.names);
            return this.ACTION(() => ({
              kind: 'addDatabase' as const,
              databases,
              ...this.span(first),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.REPLICA);
            this.CONSUME(K.ON);
            const specs = this.SUBRULE(this.specs, { ARGS: [SERVER] });
            return this.ACTION(() => ({ kind: 'addReplica' as const, specs, ...this.span(first) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.LISTENER);
            const listener = this.SUBRULE(this.listener);
            return this.ACTION(() => ({
              kind: 'addListener' as const,
              listener,
              ...this.span(first),
            }));
          },
        },
      ],
    });
  });

  alterRemove = this.RULE('alterRemove', (): AlterAction => {
    const first = this.CONSUME(K.REMOVE);
    return this.OR({
      ERR_MSG: 'DATABASE, REPLICA ON or LISTENER',
      DEF: [
        {
          ALT: () => {
            this.CONSUME(K.DATABASE);
            const databases = this.SUBRULE(this.names);
            return this.ACTION(() => ({
              kind: 'removeDatabase' as const,
              databases,
              ...this.span(first),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.REPLICA);
            this.CONSUME(K.ON);
            const servers: NameNode[] = [];
            this.AT_LEAST_ONE_SEP({
              SEP: Comma,
              DEF: () => {
                const server = this.SUBRULE(this.quoted, { ARGS: [SERVER] });
                this.ACTION(() => servers.push(server));
              },
            });
            return this.ACTION(() => ({
              kind: 'removeReplica' as const,
              servers,
              ...this.span(first),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.LISTENER);
            const name = this.SUBRULE1(this.quoted, { ARGS: [DNS_NAME] });
            return this.ACTION(() => ({
              kind: 'removeListener' as const,
              name,
              ...this.span(first),
            }));
          },
        },
      ],
    });
  });

  alterModify = this.RULE('alterModify', (): AlterAction => {
    const first = this.CONSUME(K.MODIFY);
    return this.OR({
      ERR_MSG: 'REPLICA ON, AVAILABILITY GROUP ON or LISTENER',
      DEF: [
        {
          ALT: () => {
            this.CONSUME(K.REPLICA);
            this.CONSUME(K.ON);
            const specs = this.SUBRULE(this.specs, { ARGS: [SERVER] });
            return this.ACTION(() => ({
              kind: 'modifyReplica' as const,
              specs,
              ...this.span(first),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.AVAILABILITY);
            this.CONSUME(K.GROUP);
            this.CONSUME1(K.ON);
            const specs = this.SUBRULE1(this.specs, { ARGS: [GROUP_NAME] });
            return this.ACTION(() => ({
              kind: 'modifyGroups' as const,
              specs,
              ...this.span(first),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.LISTENER);
            const name = this.SUBRULE(this.quoted, { ARGS: [DNS_NAME] });
            const changes: ListenerChange[] = [];
            this.CONSUME(LParen);
            this.AT_LEAST_ONE_SEP({
              SEP: Comma,
              DEF: () => {
                const change = this.SUBRULE(this.listenerChange);
                this.ACTION(() => changes.push(change));
              },
            });
            this.CONSUME(RParen, { ERR_MSG: "',' or ')'" });
            return this.ACTION(() => ({
              kind: 'modifyListener' as const,
              name,
              changes,
              ...this.span(first),
            }));
          },
        },
      ],
    });
  });

  alterJoin = this.RULE('alterJoin', (): AlterAction => {
    const first = this.CONSUME(K.JOIN);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(K.AVAILABILITY);
          this.CONSUME(K.GROUP);
          this.CONSUME(K.ON);
          const specs = this.SUBRULE(this.specs, { ARGS: [GROUP_NAME] });
          return this.ACTION(() => ({ kind: 'joinGroups' as const, specs, ...this.span(first) }));
        },
      },
      {
        ALT: () => {
          let options: OptionNode[] = [];
          this.OPTION(() => {
            this.CONSUME(K.WITH);
            options = this.SUBRULE(this.optionList);
          });
          return this.ACTION(() => ({ kind: 'join' as const, options, ...this.span(first) }));
        },
      },
    ]);
  });

  alterPermission = this.RULE('alterPermission', (): AlterAction => {
    const first = this.LA(1);
    const verb = this.OR([
      { ALT: () => this.CONSUME(K.GRANT) },
      { ALT: () => this.CONSUME(K.DENY) },
    ]);
    this.CONSUME(K.CREATE, { ERR_MSG: 'CREATE ANY DATABASE' });
    this.CONSUME(K.ANY, { ERR_MSG: 'ANY DATABASE' });
    this.CONSUME(K.DATABASE, { ERR_MSG: 'DATABASE' });
    return this.ACTION(() => ({
      kind:
        verb.tokenType === K.GRANT
          ? ('grantCreateDatabase' as const)
          : ('denyCreateDatabase' as const),
      ...this.span(first),
    }));
  });

  alterCommand = this.RULE('alterCommand', (): AlterAction => {
    const first = this.LA(1);
    const verb = this.OR([
      { ALT: () => this.CONSUME(K.FAILOVER) },
      { ALT: () => this.CONSUME(K.FORCE_FAILOVER_ALLOW_DATA_LOSS) },
      { ALT: () => this.CONSUME(K.OFFLINE) },
    ]);
    return this.ACTION(() => {
      const kind =
        verb.tokenType === K.FAILOVER
          ? ('failover' as const)
          : verb.tokenType === K.OFFLINE
            ? ('offline' as const)
            : ('forceFailover' as const);
      return { kind, ...this.span(first) };
    });
  });

  alterRestart = this.RULE('alterRestart', (): AlterAction => {
    const first = this.CONSUME(K.RESTART);
    this.CONSUME(K.LISTENER);
    const name = this.SUBRULE(this.quoted, { ARGS: [DNS_NAME] });
    return this.ACTION(() => ({ kind: 'restartListener' as const, name, ...this.span(first) }));
  });

  alterAction = this.RULE(
    'alterAction',
    (): AlterAction =>
      this.OR({
        ERR_MSG: ALTER_VERBS,
        DEF: [
          { ALT: () => this.SUBRULE(this.alterSet) },
          { ALT: () => this.SUBRULE(this.alterAdd) },
          { ALT: () => this.SUBRULE(this.alterRemove) },
          { ALT: () => this.SUBRULE(this.alterModify) },
          { ALT: () => this.SUBRULE(this.alterJoin) },
          { ALT: () => this.SUBRULE(this.alterPermission) },
          { ALT: () => this.SUBRULE(this.alterCommand) },
          { ALT: () => this.SUBRULE(this.alterRestart) },
        ],
      }),
  );

  alterGroup = this.RULE('alterGroup', (): AlterGroupNode => {
    const first = this.CONSUME(K.ALTER);
    this.CONSUME(K.AVAILABILITY);
    this.CONSUME(K.GROUP);
    const name = this.SUBRULE(this.name);
    const action = this.SUBRULE(this.alterAction);
    return this.ACTION(() => ({ kind: 'alterGroup' as const, name, action, ...this.span(first) }));
  });

  alterDatabaseHadr = this.RULE('alterDatabaseHadr', (): AlterDatabaseHadrNode => {
    const first = this.CONSUME(K.ALTER);
    this.CONSUME(K.DATABASE);
    const database = this.SUBRULE(this.name);
    this.CONSUME(K.SET);
    this.CONSUME(K.HADR);
    const action = this.OR({
      ERR_MSG: 'AVAILABILITY GROUP = name, OFF, SUSPEND or RESUME',
      DEF: [
        {
          ALT: () => {
            this.CONSUME(K.AVAILABILITY);
            this.CONSUME(K.GROUP);
            this.CONSUME(Equals);
            const group = this.SUBRULE1(this.name);
            return this.ACTION(() => ({ kind: 'join' as const, group }));
          },
        },
        {
          ALT: () => {
            const verb = this.OR1([
              { ALT: () => this.CONSUME(K.OFF) },
              { ALT: () => this.CONSUME(K.SUSPEND) },
              { ALT: () => this.CONSUME(K.RESUME) },
            ]);
            return this.ACTION(() => ({
              kind:
                verb.tokenType === K.OFF
                  ? ('off' as const)
                  : verb.tokenType === K.SUSPEND
                    ? ('suspend' as const)
                    : ('resume' as const),
            }));
          },
        },
      ],
    });
    return this.ACTION(() => ({
      kind: 'alterDatabaseHadr' as const,
      database,
      action,
      ...this.span(first),
    }));
  });

  mediaTarget = this.RULE('mediaTarget', (): 'DATABASE' | 'LOG' => {
    const token = this.OR([
      { ALT: () => this.CONSUME(K.DATABASE) },
      { ALT: () => this.CONSUME(K.LOG) },
    ]);
    return this.ACTION(() => (token.tokenType === K.LOG ? 'LOG' : 'DATABASE'));
  });

  /** BACKUP { DATABASE | LOG } name [files] TO devices [MIRROR TO devices …] [WITH options]. */
  backup = this.RULE('backup', (): BackupNode => {
    const first = this.CONSUME(K.BACKUP);
    const target = this.SUBRULE(this.mediaTarget);
    const database = this.SUBRULE(this.databaseName);
    const partial = this.OPTION(() => this.SUBRULE(this.partialList)) ?? false;
    this.CONSUME(K.TO);
    const devices = this.SUBRULE(this.devices);
    this.MANY(() => {
      this.CONSUME(K.MIRROR);
      this.CONSUME1(K.TO);
      this.SUBRULE1(this.devices);
    });
    const options = this.OPTION1(() => this.SUBRULE(this.mediaOptions)) ?? [];
    return this.ACTION(() => ({
      kind: 'backup' as const,
      target,
      database,
      partial,
      devices,
      options,
      ...this.span(first),
    }));
  });

  /** RESTORE { DATABASE | LOG } name [files] [FROM devices] [WITH options]. */
  restore = this.RULE('restore', (): BackupNode => {
    const first = this.CONSUME(K.RESTORE);
    const target = this.SUBRULE(this.mediaTarget);
    const database = this.SUBRULE(this.databaseName);
    const partial = this.OPTION(() => this.SUBRULE(this.partialList)) ?? false;
    const devices =
      this.OPTION1(() => {
        this.CONSUME(K.FROM);
        return this.SUBRULE(this.devices);
      }) ?? [];
    const options = this.OPTION2(() => this.SUBRULE(this.mediaOptions)) ?? [];
    return this.ACTION(() => ({
      kind: 'restore' as const,
      target,
      database,
      partial,
      devices,
      options,
      ...this.span(first),
    }));
  });
}

const parser = new StatementParser();

export type StatementRule =
  | 'createGroup'
  | 'alterGroup'
  | 'alterDatabaseHadr'
  | 'backup'
  | 'restore';

export interface ParseOutcome<A> {
  /** The statement, when it parsed. */
  readonly node: A | undefined;
  /** The last token the statement used (to continue reading after it). */
  readonly last: IToken | undefined;
  readonly problems: readonly Problem[];
}

export type RuleNode = {
  createGroup: CreateGroupNode;
  alterGroup: AlterGroupNode;
  alterDatabaseHadr: AlterDatabaseHadrNode;
  backup: BackupNode;
  restore: BackupNode;
};

/**
 * Parse one statement from the start of `tokens` (which may hold more statements after it).
 * Only the statement's own syntax problems are returned; what follows it is the caller's.
 */
export const parseStatement = <R extends StatementRule>(
  rule: R,
  tokens: readonly IToken[],
): ParseOutcome<RuleNode[R]> => {
  parser.input = [...tokens];
  parser.problems = [];
  const node = parser[rule]() as RuleNode[R] | undefined;
  const errors = parser.errors.filter((e) => e.name !== 'NotAllInputParsedException');
  // At the end of the batch chevrotain's EOF token has no position: report just after the
  // statement's last token instead.
  const last = tokens[tokens.length - 1];
  const end = { line: last?.endLine ?? 1, column: (last?.endColumn ?? 0) + 1 };
  const placed = (p: Problem): Problem => (Number.isNaN(p.loc.line) ? { ...p, loc: end } : p);
  const problems: Problem[] = [
    ...errors.map((e) => ({
      loc: locOf(e.token),
      expected: e.message,
      found: describeToken(e.token),
    })),
    ...parser.problems,
  ].map(placed);
  if (errors.length > 0) return { node: undefined, last: errors[0]?.token, problems };
  return { node, last: node === undefined ? undefined : parser.lastToken(), problems };
};
