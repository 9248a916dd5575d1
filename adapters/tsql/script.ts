import { type IToken, tokenMatcher } from 'chevrotain';
import * as E from 'fp-ts/lib/Either.js';
import type { Config } from '../../core/model/config.js';
import type { ClusterEvent } from '../../core/model/events.js';
import type { StatementNode } from './ast.js';
import { describeToken } from './clauses.js';
import { createToConfig, type Facts } from './config.js';
import { decodeScriptBytes } from './encoding.js';
import { byPosition, type Problem, problem, quote, type TsqlError, toTsqlError } from './errors.js';
import { alterGroupOutcome, type Context, hadrOutcome, mediaOutcome } from './events.js';
import { locOf, sourceOf, tokenize } from './lexer.js';
import { parseStatement } from './parser.js';
import type { Outcome, Script, StatementResult } from './result.js';
import { parseCommand, substituteVariables } from './sqlcmd.js';
import {
  blockDelta,
  isControlHeader,
  parseLimit,
  skipReason,
  startsStatement,
  statementEnd,
  understoodRule,
} from './statements.js';
import { Directive, Go, Semicolon, UNTERMINATED } from './tokens.js';

export interface ReadOptions extends Facts {
  /** The name used in error messages (`script.sql:12:5: …`). */
  readonly fileName?: string;
  /** The server the script runs against before any `:Connect`, as `sqlcmd -S` gives it. */
  readonly server?: string;
  /** sqlcmd variables defined outside the script, as `sqlcmd -v name=value` gives them. */
  readonly variables?: Readonly<Record<string, string>>;
}

const UNCLOSED: Record<string, string> = {
  UnterminatedString: "a closing ' for the string",
  UnterminatedBracket: 'a closing ] for the name',
  UnterminatedQuotedId: 'a closing " for the name',
};

const MAX_REPEAT = 1000;

const isClosedComment = (image: string): boolean => {
  if (image.startsWith('--')) return true;
  let depth = 0;
  for (let i = 0; i < image.length; i++) {
    if (image.startsWith('/*', i)) {
      depth++;
      i++;
    } else if (image.startsWith('*/', i)) {
      depth--;
      i++;
    }
  }
  return depth === 0;
};

const outcomeOf = (node: StatementNode, ctx: Context): E.Either<Problem[], Outcome> => {
  switch (node.kind) {
    case 'createGroup':
      return E.map((config: Config): Outcome => ({ kind: 'config', config }))(
        createToConfig(node, ctx.facts),
      );
    case 'alterGroup':
      return alterGroupOutcome(node, ctx);
    case 'alterDatabaseHadr':
      return hadrOutcome(node, ctx);
    case 'backup':
    case 'restore':
      return mediaOutcome(node, ctx);
  }
};

const groupOf = (node: StatementNode): string | null => {
  if (node.kind === 'createGroup' || node.kind === 'alterGroup') return node.name.text;
  if (node.kind === 'alterDatabaseHadr' && node.action.kind === 'join')
    return node.action.group.text;
  return null;
};

const summary = (tokens: readonly IToken[]): string => {
  const text = sourceOf(tokens.slice(0, 12));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** The state of reading: where statements run, batches, and control-flow nesting. */
class Reader {
  readonly problems: Problem[] = [];
  readonly results: StatementResult[] = [];
  private batch: StatementResult[] = [];
  private server: string | null;
  private depth = 0;
  private afterControlHeader = false;

  constructor(
    private readonly tokens: readonly IToken[],
    private readonly facts: Facts,
    server: string | undefined,
  ) {
    this.server = server ?? null;
  }

  /** Read every statement; returns early at `:exit`. */
  run(): void {
    const tokens = this.tokens;
    let i = 0;
    let end = -1;
    while (i < tokens.length) {
      const token = tokens[i]!;
      if (tokenMatcher(token, Go)) {
        this.endBatch(this.repeat(token));
        i++;
      } else if (tokenMatcher(token, Directive)) {
        if (!this.command(token)) return;
        i++;
      } else if (tokenMatcher(token, Semicolon)) {
        i++;
      } else {
        if (end < i) end = this.batchEnd(i);
        i = this.statement(i, end);
      }
    }
    this.endBatch(1);
  }

  /** Where the batch that holds `from` ends: at GO or at a sqlcmd command. */
  private batchEnd(from: number): number {
    let k = from;
    const isEnd = (t: IToken) => tokenMatcher(t, Go) || tokenMatcher(t, Directive);
    while (k < this.tokens.length && !isEnd(this.tokens[k]!)) k++;
    return k;
  }

  /** `GO n` runs the batch n times; agstate repeats a batch at most MAX_REPEAT times. */
  private repeat(go: IToken): number {
    const count = Number.parseInt(go.image.slice(2).trim(), 10);
    if (Number.isNaN(count) || count < 1) return 1;
    if (count <= MAX_REPEAT) return count;
    this.problems.push(problem(locOf(go), `a GO count of at most ${MAX_REPEAT}`, quote(go.image)));
    return 1;
  }

  private endBatch(times: number): void {
    for (let n = 0; n < times; n++) this.results.push(...this.batch);
    this.batch = [];
    this.depth = 0;
    this.afterControlHeader = false;
  }

  /** Act on a sqlcmd command; false at `:exit` / `:quit`. */
  private command(token: IToken): boolean {
    const parsed = parseCommand(token.image);
    if (E.isLeft(parsed)) {
      this.problems.push(problem(locOf(token), parsed.left, quote(token.image)));
      return true;
    }
    const command = parsed.right;
    switch (command.kind) {
      case 'connect':
        this.server = command.server;
        return true;
      case 'include':
        this.problems.push(
          problem(
            locOf(token),
            'the included statements in this script (agstate reads one file)',
            quote(token.image),
          ),
        );
        return true;
      case 'reset':
        this.batch = [];
        return true;
      case 'exit':
        // `:exit(…)` runs the batch first; a bare `:exit` drops it.
        if (token.image.includes('(')) this.endBatch(1);
        return false;
      default:
        return true;
    }
  }

  private record(
    start: IToken,
    text: string,
    group: string | null,
    outcome: Outcome,
    span: readonly IToken[],
  ): void {
    const loc = locOf(start);
    this.batch.push({
      line: loc.line,
      column: loc.column,
      text,
      server: this.server,
      group,
      nested: this.depth > 0 || this.afterControlHeader,
      outcome,
    });
    this.depth = Math.max(0, this.depth + blockDelta(span));
    this.afterControlHeader = outcome.kind === 'skipped' && isControlHeader(span);
  }

  /** Read the statement at `i` (the batch ends at `end`); returns where the next one starts. */
  private statement(i: number, end: number): number {
    const tokens = this.tokens;
    const start = tokens[i]!;
    const rule = understoodRule(tokens, i);
    if (rule === null) {
      const next = statementEnd(tokens, i, i + 1, end);
      const span = tokens.slice(i, next);
      this.record(start, summary(span), null, { kind: 'skipped', reason: skipReason(span) }, span);
      return next;
    }
    const parsed = parseStatement(rule, tokens.slice(i, parseLimit(tokens, i, end)));
    if (parsed.node === undefined || parsed.last === undefined) {
      this.problems.push(...parsed.problems);
      const at = parsed.last === undefined ? end : tokens.indexOf(parsed.last, i);
      return statementEnd(tokens, i, at < 0 ? end : at, end);
    }
    const next = tokens.indexOf(parsed.last, i) + 1;
    const follower = tokens[next];
    if (
      next < end &&
      follower !== undefined &&
      !tokenMatcher(follower, Semicolon) &&
      !startsStatement(tokens, next)
    ) {
      this.problems.push(...parsed.problems);
      const at = locOf(follower);
      const known = parsed.problems.some(
        (p) => p.loc.line === at.line && p.loc.column === at.column,
      );
      if (!known)
        this.problems.push(problem(at, "';' or the next statement", describeToken(follower)));
      return statementEnd(tokens, i, next, end);
    }
    // A statement with a recoverable slip (an empty option slot) is still read, so that every
    // problem in it is reported at once.
    this.problems.push(...parsed.problems);
    const ctx: Context = { server: this.server, facts: this.facts };
    const outcome = outcomeOf(parsed.node, ctx);
    if (E.isLeft(outcome)) this.problems.push(...outcome.left);
    else if (parsed.problems.length === 0) {
      const span = tokens.slice(i, next);
      this.record(start, summary(span), groupOf(parsed.node), outcome.right, span);
    }
    return next;
  }
}

const read = (text: string, options: ReadOptions): E.Either<readonly Problem[], Script> => {
  const lexed = tokenize(text);
  const problems: Problem[] = [];
  for (const comment of lexed.comments) {
    if (!isClosedComment(comment.image)) {
      problems.push(problem(locOf(comment), "'*/' to close the comment", 'the end of the script'));
    }
  }
  let tokens = lexed.tokens;
  const last = tokens[tokens.length - 1];
  if (last !== undefined && UNTERMINATED.has(last.tokenType)) {
    problems.push(
      problem(
        locOf(last),
        UNCLOSED[last.tokenType.name] ?? 'a closing quote',
        'the end of the script',
      ),
    );
    tokens = tokens.slice(0, -1);
  }
  const initial = new Map(
    Object.entries(options.variables ?? {}).map(([k, v]) => [k.toUpperCase(), v]),
  );
  const substituted = substituteVariables(tokens, initial);
  for (const p of substituted.problems) {
    problems.push(
      problem(p.loc, `a :setvar for $(${p.variable}) before this line`, `$(${p.variable})`),
    );
  }
  const reader = new Reader(substituted.tokens, options, options.server);
  reader.run();
  problems.push(...reader.problems);
  if (problems.length > 0) return E.left([...problems].sort(byPosition));
  const statements = reader.results;
  const configs: Config[] = [];
  const events: ClusterEvent[] = [];
  for (const s of statements) {
    if (s.outcome.kind === 'config') configs.push(s.outcome.config);
    if (s.outcome.kind === 'events') events.push(...s.outcome.events);
  }
  return E.right({ statements, configs, events });
};

/**
 * Read a T-SQL deployment script: each statement with where it is, the `:Connect` server in
 * force and what it gave (a configuration, events, or why it was skipped). Never throws.
 */
export const readScript = (
  text: string,
  options: ReadOptions,
): E.Either<readonly TsqlError[], Script> => {
  const fileName = options.fileName ?? 'script.sql';
  try {
    return E.mapLeft((ps: readonly Problem[]) => ps.map(toTsqlError(fileName)))(
      read(text, options),
    );
  } catch (e) {
    // A defect in the reader must still reach the caller as a value, never as an exception.
    const detail = e instanceof Error ? e.message : String(e);
    return E.left([
      toTsqlError(fileName)(
        problem(
          { line: 1, column: 1 },
          'a script agstate can read',
          `an internal error (${detail})`,
        ),
      ),
    ]);
  }
};

/** Read a script file's bytes as editors and SSMS save them (see ./encoding.ts). */
export const readScriptBytes = (
  bytes: Uint8Array,
  options: ReadOptions,
): E.Either<readonly TsqlError[], Script> => readScript(decodeScriptBytes(bytes), options);

/** Read a script that should hold exactly one CREATE AVAILABILITY GROUP; return its configuration. */
export const readCreate = (
  text: string,
  options: ReadOptions,
): E.Either<readonly TsqlError[], Config> =>
  E.flatMap(readScript(text, options), (script) => {
    const [config, ...others] = script.configs;
    if (config !== undefined && others.length === 0) return E.right(config);
    const at = script.statements.filter((s) => s.outcome.kind === 'config')[1] ?? {
      line: 1,
      column: 1,
    };
    const found = config === undefined ? 'none' : `${script.configs.length}`;
    return E.left([
      toTsqlError(options.fileName ?? 'script.sql')(
        problem(
          { line: at.line, column: at.column },
          'exactly one CREATE AVAILABILITY GROUP',
          found,
        ),
      ),
    ]);
  });
