import { type IToken, tokenMatcher } from 'chevrotain';
import * as E from 'fp-ts/lib/Either.js';
import type { Config } from '../../core/model/config.js';
import type { ClusterEvent } from '../../core/model/events.js';
import type { Release } from '../../core/validation/limits.js';
import { parseLinkUrl } from '../../core/validation/urls.js';
import type { StatementNode } from './ast.js';
import { automaticOnPrimary } from './automatic-on-primary.js';
import { secondaryBackups } from './backup-on-secondary.js';
import { type Branches, enter, enterEndElse, isEndElse, leave, NO_BRANCHES } from './branches.js';
import { describeToken } from './clauses.js';
import { createToConfig, type Facts } from './config.js';
import { type ConfigAfterScript, configsAfterScript } from './configs-after.js';
import { containedWithoutListener } from './contained-listener.js';
import { setRecovery, unshownPrerequisites } from './database-prerequisites.js';
import { demotedPrimaries } from './demoted-primary.js';
import { deniedSeeding } from './denied-seeding.js';
import { secondaryGroupRouting } from './distributed-secondary-routing.js';
import {
  type BatchStrings,
  dynamicWarning,
  isDynamicExec,
  NO_STRINGS,
  stringRun,
  stringsAfter,
} from './dynamic-sql.js';
import { decodeScriptBytes } from './encoding.js';
import { byPosition, type Problem, problem, quote, type TsqlError, toTsqlError } from './errors.js';
import {
  alterGroupOutcome,
  type Context,
  hadrOutcome,
  isConnectionAddress,
  keptOf,
  mediaOutcome,
  unplacedReason,
} from './events.js';
import { filestreamFact, filestreamUnshown } from './filestream.js';
import { unjoinedForwarderRestores } from './forwarder-restores.js';
import { unchainedJoins } from './join-log-chain.js';
import { locOf, nameValue, sourceOf, stringValue, tokenize } from './lexer.js';
import { listenerNamesTaken } from './listener-name-taken.js';
import { listenerRoutingUrls } from './listener-routing-url.js';
import { looseRestoresOverSeeded } from './loose-restore-over-seeded.js';
import { restoresAfterPrimaryManual } from './manual-on-primary.js';
import { recoveredJoins } from './recovered-joins.js';
import { seedingsOverRecovered } from './recovered-seeding.js';
import { parseRecovering } from './recovery.js';
import { type RefusedMidBatch, refusedMidBatch } from './refused-in-batch.js';
import { type Named, placeOnReplica, replicasOf } from './replica-host.js';
import { restoresOverSeeded } from './restore-over-seeded.js';
import type { Kept, Outcome, Script, StatementResult, TsqlWarning } from './result.js';
import { parseCommand, substituteVariables } from './sqlcmd.js';
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
import { tdeCopiesWithoutCertificate, tdeFact } from './tde.js';
import {
  BracketId,
  Directive,
  Equals,
  Go,
  Placeholder,
  QuotedId,
  Semicolon,
  StringLiteral,
  UNTERMINATED,
  Variable,
} from './tokens.js';
import { globalTraceFlags } from './trace-flags.js';
import { undemotedPrimaries } from './undemoted-primary.js';
import { ungrantedAfterFailover } from './ungranted-after-failover.js';
import { ungrantedSeeding } from './ungranted-seeding.js';
import { ungrantedSwitches } from './ungranted-switch.js';
import { unjoinedDatabases } from './unjoined-databases.js';
import { unjoinedDistributed } from './unjoined-distributed.js';
import { unjoinedReplicas } from './unjoined-replicas.js';
import { unjoinedRestores } from './unjoined-restores.js';
import { unreadableRoutingTargets } from './unreadable-routing-targets.js';
import { distributedGroupOf, type PlacedReason, releaseOf, versionFindings } from './versions.js';

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
      return E.map(
        (config: Config): Outcome =>
          node.options.some((o) =>
            /^REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT$/i.test(o.name.text),
          )
            ? { kind: 'config', config }
            : { kind: 'config', config, rsstcLeftOut: true },
      )(
        // A connection address names no replica: the initial primary is then unknown (docs/tsql.md).
        createToConfig(node, ctx.facts, placedServer(ctx.server)),
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

/** The server a statement runs on, when it names a replica rather than a connection address. */
const placedServer = (server: string | null): string | null =>
  server !== null && isConnectionAddress(server) ? null : server;

/** The group a DROP AVAILABILITY GROUP names: a later CREATE may then reuse its name. */
const droppedGroup = (span: readonly IToken[]): string | null => {
  const name = span[3];
  return ['DROP', 'AVAILABILITY', 'GROUP'].every((w, i) => upper(span[i]) === w) &&
    name !== undefined
    ? nameValue(name.image)
    : null;
};

const groupOf = (node: StatementNode): string | null => {
  if (node.kind === 'createGroup' || node.kind === 'alterGroup') return node.name.text;
  if (node.kind === 'alterDatabaseHadr' && node.action.kind === 'join')
    return node.action.group.text;
  return null;
};

/**
 * A statement read with broken options cut out is checked for the values of the options it still
 * has; what it lacks may be what was cut, so a missing option is not reported from it.
 */
const isValueProblem = (p: Problem): boolean => !p.found.startsWith('no ');

const summary = (tokens: readonly IToken[]): string => {
  const text = sourceOf(tokens.slice(0, 12));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** The value of one procedure argument token: a string's text, or the token as written. */
const argumentValue = (token: IToken | undefined): string | undefined =>
  token === undefined
    ? undefined
    : tokenMatcher(token, StringLiteral)
      ? stringValue(token.image)
      : token.image;

/**
 * `EXEC [sys.]sp_set_session_context [@key =] N'…', [@value =] …`: the key and value it sets.
 * Pacemaker-managed groups (CLUSTER_TYPE = EXTERNAL) need `external_cluster` = 'yes' before a
 * manual FAILOVER (S30 "Manual failover" on Linux).
 */
const sessionContext = (
  span: readonly IToken[],
): { readonly key: string; readonly value: string } | null => {
  if (!['EXEC', 'EXECUTE'].includes(upper(span[0]))) return null;
  const at = span.findIndex((t, i) => i < 5 && t.image.toLowerCase() === 'sp_set_session_context');
  if (at < 0) return null;
  const named = new Map<string, string | undefined>();
  const positional: (string | undefined)[] = [];
  for (let i = at + 1; i < span.length; i++) {
    const token = span[i]!;
    if (tokenMatcher(token, Variable) && span[i + 1] && tokenMatcher(span[i + 1]!, Equals)) {
      named.set(token.image.toLowerCase(), argumentValue(span[i + 2]));
      i += 2;
    } else if (token.image !== ',') positional.push(argumentValue(token));
  }
  const key = named.get('@key') ?? positional[0];
  const value = named.get('@value') ?? positional[1];
  return key === undefined || value === undefined ? null : { key, value };
};

const PLACEHOLDER = /<[^<>\s][^<>]*>/g;

/** Template placeholders (`<AGName>`, `TCP://<node1>:<5022>`) in names and strings. */
const placeholderWarnings = (tokens: readonly IToken[], fileName: string): TsqlWarning[] =>
  tokens.flatMap((token) => {
    const quoted = [StringLiteral, BracketId, QuotedId, Placeholder].some((t) =>
      tokenMatcher(token, t),
    );
    const found = quoted ? (token.image.match(PLACEHOLDER) ?? []) : [];
    if (found.length === 0) return [];
    const text = `template placeholder${found.length === 1 ? '' : 's'} ${found.join(', ')} in ${quote(token.image)}: replace ${found.length === 1 ? 'it' : 'them'} with the real value before running the script`;
    return [warningAt(fileName, locOf(token), text)];
  });

const warningAt = (
  fileName: string,
  loc: { line: number; column: number },
  text: string,
): TsqlWarning => ({
  line: loc.line,
  column: loc.column,
  text,
  message: `${fileName}:${loc.line}:${loc.column}: warning: ${text}`,
});

/** The state of reading: where statements run, batches, and control-flow nesting. */
class Reader {
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

const read = (
  text: string,
  options: ReadOptions,
): { readonly script: Script; readonly problems: readonly Problem[] } => {
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
  const fileName = options.fileName ?? 'script.sql';
  const statements = reader.results;
  const warnings = placeholderWarnings(substituted.tokens, fileName);
  for (const h of reader.hostOnly) warnings.push(warningAt(fileName, h, h.text));
  const configs: Config[] = [];
  const events: ClusterEvent[] = [];
  for (const s of statements) {
    if (s.outcome.kind === 'config') configs.push(s.outcome.config);
    if (s.outcome.kind === 'config' && s.server !== null && placedServer(s.server) === null)
      warnings.push(
        warningAt(fileName, s, unplacedReason(s.server, 'CREATE AVAILABILITY GROUP') ?? ''),
      );
    if (s.outcome.kind === 'events') events.push(...s.outcome.events);
    if (s.outcome.kind === 'unplaced') warnings.push(warningAt(fileName, s, s.outcome.reason));
  }
  for (const u of reader.notices) warnings.push(warningAt(fileName, u, u.text));
  for (const u of unjoinedRestores(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of unjoinedForwarderRestores(statements))
    warnings.push(warningAt(fileName, u, u.text));
  for (const u of unchainedJoins(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of recoveredJoins(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of seedingsOverRecovered(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of ungrantedSeeding(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of ungrantedSwitches(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of deniedSeeding(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of tdeCopiesWithoutCertificate(statements))
    warnings.push(warningAt(fileName, u, u.text));
  for (const u of filestreamUnshown(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of ungrantedAfterFailover(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of restoresOverSeeded(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of looseRestoresOverSeeded(statements))
    warnings.push(warningAt(fileName, u, u.text));
  for (const u of restoresAfterPrimaryManual(statements))
    warnings.push(warningAt(fileName, u, u.text));
  for (const u of automaticOnPrimary(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of unjoinedReplicas(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of unjoinedDistributed(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of unjoinedDatabases(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of unshownPrerequisites(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of listenerNamesTaken(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of secondaryBackups(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of undemotedPrimaries(statements)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of demotedPrimaries(statements)) warnings.push(warningAt(fileName, u, u.text));
  // Judged on each group as the whole script leaves it (its listener, URLs and lists).
  const after = configsAfterScript({ statements, configs, events, warnings: [] });
  for (const u of listenerRoutingUrls(after)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of unreadableRoutingTargets(after)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of containedWithoutListener(after)) warnings.push(warningAt(fileName, u, u.text));
  for (const u of secondaryGroupRouting(after)) warnings.push(warningAt(fileName, u, u.text));
  warnings.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    script: { statements, configs, events, warnings },
    problems: [...problems].sort(byPosition),
  };
};

/** A whole script as far as it can be read, and every problem in it (./result.ts). */
export interface ScriptReport {
  /** Every statement that could be read; a statement with a problem is left out. */
  readonly script: Script;
  /** Every syntax and option error, in script order, each at its line and column. */
  readonly errors: readonly TsqlError[];
}

/**
 * Read any T-SQL script and never refuse it: every statement that can be read, with every
 * error, so that a caller can report syntax errors and rule violations together. Never throws.
 */
export const readScriptReport = (text: string, options: ReadOptions): ScriptReport => {
  const fileName = options.fileName ?? 'script.sql';
  try {
    const { script, problems } = read(text, options);
    return { script, errors: problems.map(toTsqlError(fileName)) };
  } catch (e) {
    // A defect in the reader must still reach the caller as a value, never as an exception.
    const detail = e instanceof Error ? e.message : String(e);
    return {
      script: { statements: [], configs: [], events: [], warnings: [] },
      errors: [
        toTsqlError(fileName)(
          problem(
            { line: 1, column: 1 },
            'a script agstate can read',
            `an internal error (${detail})`,
          ),
        ),
      ],
    };
  }
};

/**
 * Read a T-SQL deployment script: each statement with where it is, the `:Connect` server in
 * force and what it gave (a configuration, events, or why it was skipped). Left: every error,
 * when there is any. Never throws.
 */
export const readScript = (
  text: string,
  options: ReadOptions,
): E.Either<readonly TsqlError[], Script> => {
  const report = readScriptReport(text, options);
  return report.errors.length > 0 ? E.left(report.errors) : E.right(report.script);
};

/** Read a script file's bytes as editors and SSMS save them (see ./encoding.ts). */
export const readScriptBytes = (
  bytes: Uint8Array,
  options: ReadOptions,
): E.Either<readonly TsqlError[], Script> => readScript(decodeScriptBytes(bytes), options);

/** The script's one CREATE AVAILABILITY GROUP, or an error at the second one (or at 1:1 for none). */
const oneCreate = (
  script: Script,
  options: ReadOptions,
): E.Either<readonly TsqlError[], Config> => {
  const [config, ...others] = script.configs;
  if (config !== undefined && others.length === 0) return E.right(config);
  const at = script.statements.filter((s) => s.outcome.kind === 'config')[1] ?? {
    line: 1,
    column: 1,
  };
  const found = config === undefined ? 'none' : `${script.configs.length}`;
  return E.left([
    toTsqlError(options.fileName ?? 'script.sql')(
      problem({ line: at.line, column: at.column }, 'exactly one CREATE AVAILABILITY GROUP', found),
    ),
  ]);
};

/** Read a script that should hold exactly one CREATE AVAILABILITY GROUP; return its configuration. */
export const readCreate = (
  text: string,
  options: ReadOptions,
): E.Either<readonly TsqlError[], Config> =>
  E.flatMap(readScript(text, options), (script) => oneCreate(script, options));

/** The group a script deploys, and the statements SQL Server refuses on the way (validate's violations). */
export interface Deployed {
  readonly config: Config;
  readonly refused: ConfigAfterScript['notApplied'];
}

/**
 * The group as the whole script leaves it: the CREATE with the ALTER statements after it applied
 * in order (configsAfterScript: ADD DATABASE, MODIFY REPLICA, SET …), each statement SQL Server
 * refuses left out and kept in `refused`, with those of them whose batch goes on with a statement
 * that may not have run (refusedMidBatch). A script that drops its group is an error.
 */
const deployedGroup = (
  text: string,
  options: ReadOptions,
): E.Either<readonly TsqlError[], Deployed & { readonly midBatch: readonly RefusedMidBatch[] }> =>
  E.flatMap(readScript(text, options), (script) =>
    E.flatMap((created: Config) => {
      const [after] = configsAfterScript(script);
      if (after === undefined) return E.right({ config: created, refused: [], midBatch: [] });
      // A group the script drops is no group to search or simulate (S110).
      const drop = after.droppedLast
        ? after.dropped.find((d) => d.reason.code === 'GROUP_DROPPED')
        : undefined;
      if (drop !== undefined)
        return E.left([
          toTsqlError(options.fileName ?? 'script.sql')(
            problem(
              { line: drop.line, column: drop.column },
              'a script that leaves its group standing',
              `${drop.reason.message} [${drop.reason.code}]`,
            ),
          ),
        ]);
      return E.right({
        config: after.config,
        refused: after.notApplied,
        midBatch: refusedMidBatch(script, after.notApplied),
      });
    })(oneCreate(script, options)),
  );

/**
 * The group as the script deploys it, the statements SQL Server refuses left out and named, for
 * `check`. An error where a refused statement's batch goes on with a statement agstate reads:
 * whether that one ran depends on the error (S336), so the group deployed is not settled.
 */
export const readDeployedWithRefusals = (
  text: string,
  options: ReadOptions,
): E.Either<readonly TsqlError[], Deployed> =>
  E.flatMap(deployedGroup(text, options), ({ config, refused, midBatch }) =>
    midBatch.length === 0
      ? E.right({ config, refused })
      : E.left(
          midBatch.map(({ refused: n, later }) =>
            toTsqlError(options.fileName ?? 'script.sql')(
              problem(
                { line: n.line, column: n.column },
                'a statement SQL Server accepts, or a GO right after one it refuses',
                `${n.reason.message} [${n.reason.code}], and ${later.text} at ${later.line}:${later.column} follows it in its batch: whether SQL Server runs it depends on the error ("Batches": "Most run-time errors stop the current statement and the statements that follow it in the batch"), so the group the script deploys is not settled`,
              ),
            ),
          ),
        ),
  );

/**
 * The group as the whole script leaves it, which a scenario starts from; a statement SQL Server
 * refuses is an error at its place: the script does not deploy the group it describes, so nothing
 * is simulated from it (validate reports it as a violation; check searches the group without it).
 */
export const readDeployed = (
  text: string,
  options: ReadOptions,
): E.Either<readonly TsqlError[], Config> =>
  E.flatMap(deployedGroup(text, options), ({ config, refused }) =>
    refused.length === 0
      ? E.right(config)
      : E.left(
          refused.map((n) =>
            toTsqlError(options.fileName ?? 'script.sql')(
              problem(
                { line: n.line, column: n.column },
                'a statement SQL Server accepts',
                `${n.reason.message} [${n.reason.code}]`,
              ),
            ),
          ),
        ),
  );
