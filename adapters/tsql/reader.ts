import { type IToken, tokenMatcher } from 'chevrotain';
import * as E from 'fp-ts/lib/Either.js';
import type { Release } from '../../core/validation/limits.js';
import { parseLinkUrl } from '../../core/validation/urls.js';
import { type Branches, enter, enterEndElse, isEndElse, leave, NO_BRANCHES } from './branches.js';
import { describeToken } from './clauses.js';
import type { Facts } from './config.js';
import { setRecovery } from './database-prerequisites.js';
import {
  type BatchStrings,
  dynamicWarning,
  isDynamicExec,
  NO_STRINGS,
  stringRun,
  stringsAfter,
} from './dynamic-sql.js';
import { type Problem, problem, quote } from './errors.js';
import { type Context, keptOf } from './events.js';
import { filestreamFact } from './filestream.js';
import { locOf } from './lexer.js';
import { parseRecovering } from './recovery.js';
import { type Named, placeOnReplica, replicasOf } from './replica-host.js';
import type { Kept, Outcome, StatementResult } from './result.js';
import { parseCommand } from './sqlcmd.js';
import {
  droppedGroup,
  groupOf,
  isValueProblem,
  MAX_REPEAT,
  outcomeOf,
  sessionContext,
  summary,
} from './statement-outcome.js';
import {
  type Blocks,
  blocksAfter,
  isControlHeader,
  NO_BLOCKS,
  parseLimit,
  skipReason,
  startsStatement,
  statementEnd,
  understoodRule,
  upper,
} from './statements.js';
import { tdeFact } from './tde.js';
import { Directive, Go, Semicolon } from './tokens.js';
import { globalTraceFlags } from './trace-flags.js';
import { distributedGroupOf, type PlacedReason, releaseOf, versionFindings } from './versions.js';

/** The state of reading: where statements run, batches, and control-flow nesting. */
export class Reader {
  readonly problems: Problem[] = [];
  readonly results: StatementResult[] = [];
  private batch: StatementResult[] = [];
  private batchNumber = 0;
  private server: string | null;
  /** The server was named by a `:Connect` in the script, not given to the reader. */
  private connected = false;
  private blocks: Blocks = NO_BLOCKS;
  private afterControlHeader = false;
  /** IF … ELSE branches open here (./branches.ts). */
  private branches: Branches = NO_BRANCHES;
  /**
   * Statements the reader leaves out and says so: modelled statements in an ELSE branch not read
   * (its IF's condition is not evaluated), and strings run as statements (./dynamic-sql.ts).
   */
  readonly notices: { line: number; column: number; text: string }[] = [];
  /** Strings of this batch that hold an availability group statement. */
  private groupStrings: BatchStrings = NO_STRINGS;
  /** `sp_set_session_context 'external_cluster', 'yes'` ran on the current connection. */
  private externalCluster = false;
  /** Groups created DISTRIBUTED so far (lower case): their ALTERs take the distributed rules. */
  private readonly distributed = new Set<string>();
  private readonly links = new Set<string>();
  private readonly release: Release;
  /** `:Connect`s read as reaching a named instance they do not name, each with where it counts. */
  readonly hostOnly: { line: number; column: number; text: string }[] = [];

  constructor(
    private readonly tokens: readonly IToken[],
    private readonly facts: Facts,
    server: string | undefined,
  ) {
    this.server = server ?? null;
    this.release = releaseOf(facts);
  }

  /** Read every statement; returns early at `:exit`. */
  run(): void {
    const tokens = this.tokens;
    let i = 0;
    let end = -1;
    while (i < tokens.length) {
      const token = tokens[i]!;
      if (tokenMatcher(token, Go)) {
        this.endBatch(this.repeat(token), token);
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
    this.endBatch(1, null);
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

  /**
   * Send the batch `times` times, as GO does. A batch whose BEGIN … END blocks do not close within
   * it does not compile, and SQL Server runs none of its statements ("Batches": "A compile error,
   * such as a syntax error, prevents the compilation of the execution plan. Therefore, no
   * statements in the batch are executed."): it is reported and dropped. `at` is the GO, or null
   * at the end of the script.
   */
  private endBatch(times: number, at: IToken | null): void {
    const { open, strayEnd } = this.blocks;
    const [first] = open;
    if (first !== undefined) {
      const opened = locOf(first);
      this.problems.push(
        problem(
          at === null ? this.endLoc() : locOf(at),
          `END for the ${upper(first)} at ${opened.line}:${opened.column} in the same batch (a block cannot span batches; SQL Server runs no statement of a batch that does not compile)`,
          at === null ? 'the end of the script' : quote(at.image),
        ),
      );
    }
    if (strayEnd !== null)
      this.problems.push(
        problem(
          locOf(strayEnd),
          'a BEGIN before this END in the same batch (SQL Server runs no statement of a batch that does not compile)',
          quote(strayEnd.image),
        ),
      );
    if (first === undefined && strayEnd === null)
      for (let n = 0; n < times; n++) this.results.push(...this.batch);
    this.batch = [];
    this.batchNumber++;
    this.blocks = NO_BLOCKS;
    this.afterControlHeader = false;
    this.branches = NO_BRANCHES;
    this.groupStrings = NO_STRINGS;
  }

  /** Where the script ends: after its last token. */
  private endLoc(): { readonly line: number; readonly column: number } {
    const last = this.tokens[this.tokens.length - 1];
    return last === undefined
      ? { line: 1, column: 1 }
      : { line: last.endLine ?? last.startLine ?? 1, column: (last.endColumn ?? 0) + 1 };
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
        this.server = this.placed(command.server, locOf(token));
        this.connected = true;
        this.externalCluster = false;
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
        if (token.image.includes('(')) this.endBatch(1, token);
        return false;
      default:
        return true;
    }
  }

  /**
   * The replica a `:Connect` server names by its endpoint's host, among the groups read so far,
   * or the server as written (adapters/tsql/replica-host.ts).
   */
  private placed(server: string, at: { line: number; column: number }): string {
    const replicas = [...this.results, ...this.batch].flatMap((s) =>
      s.outcome.kind === 'config'
        ? replicasOf([s.outcome.config])
        : s.outcome.kind === 'events'
          ? s.outcome.events.flatMap((e) => (e.type === 'replica.add' ? [e.spec] : []))
          : [],
    );
    return this.placeAt(replicas, server, at) ?? server;
  }

  /** The replica `server` runs on among `replicas`, noting a host-only reading at `at`. */
  private placeAt(
    replicas: readonly Named[],
    server: string,
    at: { line: number; column: number },
  ): string | undefined {
    const placed = placeOnReplica(replicas, server);
    if (placed?.warning !== undefined) this.hostOnly.push({ ...at, text: placed.warning });
    return placed?.replica;
  }

  /**
   * A CREATE run on the host of one of its own replicas' ENDPOINT_URL runs on that replica, which
   * becomes the primary; the connection then stays on it.
   */
  private placeCreate(outcome: Outcome, at: { line: number; column: number }): Outcome {
    if (outcome.kind !== 'config' || outcome.config.kind === 'DISTRIBUTED') return outcome;
    const on = outcome.config.createdOn;
    if (typeof on !== 'string') return outcome;
    const replica = this.placeAt(outcome.config.replicas, on, at);
    if (replica === undefined) return outcome;
    this.server = replica;
    return { ...outcome, config: { ...outcome.config, createdOn: replica } };
  }

  private record(
    start: IToken,
    text: string,
    group: string | null,
    outcome: Outcome,
    span: readonly IToken[],
    kept?: Kept,
    findings: readonly PlacedReason[] = [],
  ): void {
    const loc = locOf(start);
    const header = outcome.kind === 'skipped' && isControlHeader(span);
    const endElse = outcome.kind === 'skipped' && isEndElse(span);
    const depth = this.blocks.open.length;
    const entered = endElse
      ? enterEndElse(this.branches, span, depth, loc.line)
      : enter(this.branches, span, depth, loc.line);
    const unread = header || endElse ? null : entered.unread;
    if (unread?.unevaluated === true && outcome.kind !== 'skipped')
      this.notices.push({
        ...loc,
        text: `${text} is not read: ${unread.reason}; SQL Server runs this statement instead of that branch when the condition is false or NULL`,
      });
    this.batch.push({
      line: loc.line,
      column: loc.column,
      text,
      server: this.server,
      ...(this.connected ? { connected: true as const } : {}),
      group,
      nested: this.blocks.open.length > 0 || this.afterControlHeader,
      batch: this.batchNumber,
      outcome: unread === null ? outcome : { kind: 'skipped', reason: unread.reason },
      ...(kept === undefined || unread !== null ? {} : { kept }),
      ...(findings.length === 0 ? {} : { findings }),
    });
    this.blocks = blocksAfter(this.blocks, span);
    this.afterControlHeader = header;
    this.branches =
      header || endElse ? entered.state : leave(entered.state, this.blocks.open.length);
  }

  /** Read the statement at `i` (the batch ends at `end`); returns where the next one starts. */
  private statement(i: number, end: number): number {
    const tokens = this.tokens;
    const start = tokens[i]!;
    const rule = understoodRule(tokens, i);
    if (rule === null) {
      const next = statementEnd(tokens, i, i + 1, end);
      const span = tokens.slice(i, next);
      const context = sessionContext(span);
      if (context !== null && context.key.toLowerCase() === 'external_cluster')
        this.externalCluster = context.value.toLowerCase() === 'yes';
      const flags = globalTraceFlags(span);
      const recovery = setRecovery(span);
      const tde = tdeFact(span);
      const filestream = filestreamFact(span);
      this.groupStrings = stringsAfter(this.groupStrings, span);
      const built = isDynamicExec(span) ? stringRun(this.groupStrings, span) : undefined;
      if (built !== undefined)
        this.notices.push({ ...locOf(start), text: dynamicWarning(summary(span), built) });
      const outcome: Outcome =
        context !== null
          ? { kind: 'session', ...context }
          : flags !== null
            ? { kind: 'traceFlags', ...flags }
            : {
                kind: 'skipped',
                reason: skipReason(span),
                ...(recovery === null ? {} : { recoveryModel: recovery }),
                ...(tde === null ? {} : { tde }),
                ...(filestream === null ? {} : { filestream }),
              };
      this.record(start, summary(span), droppedGroup(span), outcome, span);
      return next;
    }
    const parsed = parseRecovering(rule, tokens.slice(i, parseLimit(tokens, i, end)));
    if (parsed.node === undefined || parsed.last === undefined) {
      this.problems.push(...parsed.problems);
      const at = parsed.last === undefined ? end : tokens.indexOf(parsed.last, i);
      return statementEnd(tokens, i, at < 0 ? end : at, end);
    }
    const next = tokens.indexOf(parsed.last, i) + 1;
    if (parsed.repaired) {
      // Read with broken parts cut out: not the statement, so not recorded; what is left of it
      // is still checked. Reading resumes where the statement ends in the script.
      this.problems.push(...parsed.problems);
      const outcome = outcomeOf(parsed.node, {
        server: this.server,
        facts: this.facts,
        statement: parsed.node.source,
      });
      if (E.isLeft(outcome)) this.problems.push(...outcome.left.filter(isValueProblem));
      return statementEnd(tokens, i, next, end);
    }
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
    const ctx: Context = {
      server: this.server,
      facts: this.facts,
      statement: parsed.node.source,
    };
    const outcome = E.map((o: Outcome) => this.placeCreate(o, locOf(start)))(
      outcomeOf(parsed.node, ctx),
    );
    if (E.isLeft(outcome)) this.problems.push(...outcome.left);
    else if (parsed.problems.length === 0) {
      const span = tokens.slice(i, next);
      const kept = keptOf(parsed.node, this.server, this.externalCluster);
      const findings = versionFindings(parsed.node, {
        release: this.release,
        distributedGroups: this.distributed,
        linkGroups: this.links,
      });
      const distributed = distributedGroupOf(parsed.node);
      if (distributed !== null) this.distributed.add(distributed);
      const o = outcome.right;
      if (
        o.kind === 'config' &&
        o.config.kind === 'DISTRIBUTED' &&
        o.config.members.some((m) => parseLinkUrl(m.listenerUrl) !== undefined)
      )
        this.links.add(o.config.name.toLowerCase());
      this.record(start, summary(span), groupOf(parsed.node), outcome.right, span, kept, findings);
    }
    return next;
  }
}
