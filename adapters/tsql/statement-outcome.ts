import { type IToken, tokenMatcher } from 'chevrotain';
import * as E from 'fp-ts/lib/Either.js';
import type { Config } from '../../core/model/config.js';
import type { StatementNode } from './ast.js';
import { createToConfig } from './config.js';
import { type Problem, quote } from './errors.js';
import {
  alterGroupOutcome,
  type Context,
  hadrOutcome,
  isConnectionAddress,
  mediaOutcome,
} from './events.js';
import { locOf, nameValue, sourceOf, stringValue } from './lexer.js';
import type { Outcome, TsqlWarning } from './result.js';
import { upper } from './statements.js';
import { BracketId, Equals, Placeholder, QuotedId, StringLiteral, Variable } from './tokens.js';

/**
 * What the reader makes of one statement and its tokens: the outcome (a configuration, an event,
 * a refusal), the group it names, its summary for the trace, the session context it sets, and
 * the warnings placed at a line and column (./reader.ts).
 */

export const UNCLOSED: Record<string, string> = {
  UnterminatedString: "a closing ' for the string",
  UnterminatedBracket: 'a closing ] for the name',
  UnterminatedQuotedId: 'a closing " for the name',
};

export const MAX_REPEAT = 1000;

export const isClosedComment = (image: string): boolean => {
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

export const outcomeOf = (node: StatementNode, ctx: Context): E.Either<Problem[], Outcome> => {
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
export const placedServer = (server: string | null): string | null =>
  server !== null && isConnectionAddress(server) ? null : server;

/** The group a DROP AVAILABILITY GROUP names: a later CREATE may then reuse its name. */
export const droppedGroup = (span: readonly IToken[]): string | null => {
  const name = span[3];
  return ['DROP', 'AVAILABILITY', 'GROUP'].every((w, i) => upper(span[i]) === w) &&
    name !== undefined
    ? nameValue(name.image)
    : null;
};

export const groupOf = (node: StatementNode): string | null => {
  if (node.kind === 'createGroup' || node.kind === 'alterGroup') return node.name.text;
  if (node.kind === 'alterDatabaseHadr' && node.action.kind === 'join')
    return node.action.group.text;
  return null;
};

/**
 * A statement read with broken options cut out is checked for the values of the options it still
 * has; what it lacks may be what was cut, so a missing option is not reported from it.
 */
export const isValueProblem = (p: Problem): boolean => !p.found.startsWith('no ');

export const summary = (tokens: readonly IToken[]): string => {
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
export const sessionContext = (
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

export const PLACEHOLDER = /<[^<>\s][^<>]*>/g;

/** Template placeholders (`<AGName>`, `TCP://<node1>:<5022>`) in names and strings. */
export const placeholderWarnings = (tokens: readonly IToken[], fileName: string): TsqlWarning[] =>
  tokens.flatMap((token) => {
    const quoted = [StringLiteral, BracketId, QuotedId, Placeholder].some((t) =>
      tokenMatcher(token, t),
    );
    const found = quoted ? (token.image.match(PLACEHOLDER) ?? []) : [];
    if (found.length === 0) return [];
    const text = `template placeholder${found.length === 1 ? '' : 's'} ${found.join(', ')} in ${quote(token.image)}: replace ${found.length === 1 ? 'it' : 'them'} with the real value before running the script`;
    return [warningAt(fileName, locOf(token), text)];
  });

export const warningAt = (
  fileName: string,
  loc: { line: number; column: number },
  text: string,
): TsqlWarning => ({
  line: loc.line,
  column: loc.column,
  text,
  message: `${fileName}:${loc.line}:${loc.column}: warning: ${text}`,
});
