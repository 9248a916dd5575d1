import * as E from 'fp-ts/lib/Either.js';
import type { Config } from '../../core/model/config.js';
import type { ClusterEvent } from '../../core/model/events.js';
import { automaticOnPrimary } from './automatic-on-primary.js';
import { secondaryBackups } from './backup-on-secondary.js';
import type { Facts } from './config.js';
import { type ConfigAfterScript, configsAfterScript } from './configs-after.js';
import { containedWithoutListener } from './contained-listener.js';
import { unshownPrerequisites } from './database-prerequisites.js';
import { demotedPrimaries } from './demoted-primary.js';
import { deniedSeeding } from './denied-seeding.js';
import { secondaryGroupRouting } from './distributed-secondary-routing.js';
import { decodeScriptBytes } from './encoding.js';
import { byPosition, type Problem, problem, type TsqlError, toTsqlError } from './errors.js';
import { unplacedReason } from './events.js';
import { filestreamUnshown } from './filestream.js';
import { unjoinedForwarderRestores } from './forwarder-restores.js';
import { unchainedJoins } from './join-log-chain.js';
import { locOf, tokenize } from './lexer.js';
import { listenerNamesTaken } from './listener-name-taken.js';
import { listenerRoutingUrls } from './listener-routing-url.js';
import { looseRestoresOverSeeded } from './loose-restore-over-seeded.js';
import { restoresAfterPrimaryManual } from './manual-on-primary.js';
import { Reader } from './reader.js';
import { recoveredJoins } from './recovered-joins.js';
import { seedingsOverRecovered } from './recovered-seeding.js';
import { type RefusedMidBatch, refusedMidBatch } from './refused-in-batch.js';
import { restoresOverSeeded } from './restore-over-seeded.js';
import type { Script } from './result.js';
import { scriptWarnings } from './script-warnings.js';
import { substituteVariables } from './sqlcmd.js';
import {
  isClosedComment,
  placedServer,
  placeholderWarnings,
  UNCLOSED,
  warningAt,
} from './statement-outcome.js';
import { tdeCopiesWithoutCertificate } from './tde.js';
import { UNTERMINATED } from './tokens.js';
import { undemotedPrimaries } from './undemoted-primary.js';
import { ungrantedAfterFailover } from './ungranted-after-failover.js';
import { ungrantedSeeding } from './ungranted-seeding.js';
import { ungrantedSwitches } from './ungranted-switch.js';
import { unjoinedDatabases } from './unjoined-databases.js';
import { unjoinedDistributed } from './unjoined-distributed.js';
import { unjoinedReplicas } from './unjoined-replicas.js';
import { unjoinedRestores } from './unjoined-restores.js';
import { unreadableRoutingTargets } from './unreadable-routing-targets.js';

export interface ReadOptions extends Facts {
  /** The name used in error messages (`script.sql:12:5: …`). */
  readonly fileName?: string;
  /** The server the script runs against before any `:Connect`, as `sqlcmd -S` gives it. */
  readonly server?: string;
  /** sqlcmd variables defined outside the script, as `sqlcmd -v name=value` gives them. */
  readonly variables?: Readonly<Record<string, string>>;
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
  /** The script's warnings, each placed (./script-warnings.ts). */
  readonly warnings: readonly string[];
  /** What the script leaves unknown about its group (for instance RSSTC_LEFT_OUT_UNKNOWN). */
  readonly unknown: ConfigAfterScript['unknown'];
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
      const groups = configsAfterScript(script);
      const [after] = groups;
      const warnings = scriptWarnings(script, groups);
      if (after === undefined)
        return E.right({ config: created, refused: [], warnings, unknown: [], midBatch: [] });
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
        warnings,
        unknown: after.unknown,
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
  E.flatMap(deployedGroup(text, options), ({ midBatch, ...deployed }) =>
    midBatch.length === 0
      ? E.right(deployed)
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
