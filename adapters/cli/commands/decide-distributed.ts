import * as E from 'fp-ts/lib/Either.js';
import type { DistributedFacts } from '../../../core/distributed/facts.js';
import {
  distributedFactsReadiness,
  factsLinkEnds,
} from '../../../core/distributed/facts-readiness.js';
import { distributedFactsSequence } from '../../../core/distributed/facts-sequence.js';
import type { DistributedFailoverReadiness } from '../../../core/distributed/readiness.js';
import { distributedFailoverReadiness } from '../../../core/distributed/readiness.js';
import { simulateDistributed } from '../../../core/distributed/scenario.js';
import {
  distributedFailoverSequence,
  type SequenceStatement,
} from '../../../core/distributed/sequence.js';
import { runDistributed } from '../../../core/distributed/step.js';
import type { DistributedCluster } from '../../../core/distributed/types.js';
import type { SqlServerVersion } from '../../../core/model/enums.js';
import { isUnknownReason } from '../../../core/model/source.js';
import {
  hasDistributedGroup,
  mergeDistributedFacts,
  snapshotToDistributedFacts,
} from '../../dmv/distributed.js';
import { formatDmvProblem } from '../../dmv/problem.js';
import { readSnapshot } from '../../dmv/read.js';
import { renderDistributedSequence } from '../../tsql/distributed.js';
import { type BadInput, badInput, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import {
  distributedScenarioFrom,
  isDistributedScenarioDocument,
} from '../input/distributed-scenario.js';
import { parseJson } from '../input/json.js';
import { readText } from '../input/read.js';
import type { Io } from '../io.js';
import { jsonResult } from '../render/json.js';
import { reasonLines, styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';

/**
 * `agstate decide` on a distributed availability group: the readiness of the failover between
 * its groups, step by step as "Fail over to a secondary availability group" (S58) lists them, the
 * predicted loss, and the documented sequence as T-SQL with :Connect. The input is a DMV snapshot
 * with is_distributed = 1 (one side's, or one from each side), a distributed scenario file (decided
 * after its steps), or a T-SQL script that creates the group (decided after the statements it runs
 * on it).
 */

export interface DistributedDecideOptions {
  readonly json: boolean;
  readonly target?: string;
  readonly group?: string;
  readonly version?: SqlServerVersion;
  readonly server?: string;
}

/** What decide judges: the facts of snapshots, or a running model group. */
export type DistributedInput =
  | { readonly kind: 'facts'; readonly facts: DistributedFacts }
  | {
      readonly kind: 'model';
      readonly distributed: DistributedCluster;
      /** Statements of a script the model refused, each with its reasons, one line each. */
      readonly refused: readonly string[];
    };

const isSql = (file: string, text: string) =>
  file.toLowerCase().endsWith('.sql') ||
  /^\s*(?:--[^\n]*\n\s*)*CREATE\s+AVAILABILITY\s+GROUP/i.test(text);

/** One file as a distributed input, or null when it is not about a distributed group. */
const loadOne = async (
  io: Io,
  file: string,
  options: DistributedDecideOptions,
): Promise<E.Either<BadInput, DistributedInput> | null> => {
  const text = await readText(io, file);
  if (E.isLeft(text)) return null; // the ordinary reader reports it
  if (isSql(file, text.right)) {
    const { readScriptReport } = await import('../../tsql/script.js');
    const { distributedConfigOfScript, distributedEventsOfScript } = await import(
      '../../tsql/distributed-read.js'
    );
    const report = readScriptReport(text.right, {
      version: options.version ?? 2022,
      fileName: file,
      ...(options.server === undefined ? {} : { server: options.server }),
    });
    if (report.errors.length > 0)
      return E.left(badInput(file, ...report.errors.map((e) => e.message)));
    const config = distributedConfigOfScript(report.script, {
      fileName: file,
      ...(options.group === undefined ? {} : { name: options.group }),
    });
    if (E.isLeft(config))
      return E.left(
        report.script.configs.some((c) => c.kind === 'DISTRIBUTED')
          ? badInput(file, ...config.left.map((p) => p.message))
          : badInput(
              file,
              'decide reads DMV snapshots; a T-SQL script only when it creates a distributed availability group (CREATE AVAILABILITY GROUP … WITH (DISTRIBUTED)). To ask about an ordinary group described in T-SQL, use explain, or write a scenario and run simulate',
            ),
      );
    const { createDistributedEither } = await import('../../../core/distributed/build.js');
    const start = createDistributedEither(config.right.distributed, config.right.members);
    if (E.isLeft(start)) return E.left(badInput(file, ...start.left.map((r) => r.message)));
    const { events, unread } = distributedEventsOfScript(report.script, config.right, {
      fileName: file,
    });
    if (unread.length > 0) return E.left(badInput(file, ...unread.map((p) => p.message)));
    const run = runDistributed(start.right, events);
    const refused = run.flatMap((r, i) =>
      r.refused.length === 0
        ? []
        : [
            `${file}: ${events[i]?.type} refused: ${r.refused.map((x) => `${x.message} [${x.code}]`).join('; ')}`,
          ],
    );
    return E.right({
      kind: 'model',
      distributed: run.at(-1)?.distributed ?? start.right,
      refused,
    });
  }
  if (text.right.trimStart().startsWith('{')) {
    const doc = parseJson(file, text.right);
    if (E.isLeft(doc)) return null;
    if (isDistributedScenarioDocument(doc.right)) {
      const scenario = distributedScenarioFrom(file, doc.right);
      if (E.isLeft(scenario)) return scenario;
      const start = scenario.right.start;
      if (E.isLeft(start)) return E.left(badInput(file, ...start.left.map((r) => r.message)));
      const final = simulateDistributed(start.right, scenario.right.steps).final;
      return E.right({ kind: 'model', distributed: final, refused: [] });
    }
  }
  const snapshot = readSnapshot(text.right);
  if (E.isLeft(snapshot) || !hasDistributedGroup(snapshot.right)) return null;
  const facts = snapshotToDistributedFacts(snapshot.right, {
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.group === undefined ? {} : { group: options.group }),
  });
  return E.isLeft(facts)
    ? E.left(badInput(file, ...facts.left.map(formatDmvProblem)))
    : E.right({ kind: 'facts', facts: facts.right });
};

/**
 * The distributed input of the files, or null when the first is not about a distributed group
 * (then decide reads them as snapshots of an ordinary group). Two snapshots merge, one per side.
 */
export const loadDistributedInput = async (
  io: Io,
  files: readonly string[],
  options: DistributedDecideOptions,
): Promise<E.Either<BadInput, DistributedInput> | null> => {
  const [first, ...others] = files;
  if (first === undefined) return null;
  const loaded = await loadOne(io, first, options);
  if (loaded === null || E.isLeft(loaded) || others.length === 0) return loaded;
  let merged = loaded.right;
  for (const file of others) {
    const next = await loadOne(io, file, options);
    if (next !== null && E.isLeft(next)) return next;
    if (merged.kind !== 'facts' || next === null || next.right.kind !== 'facts')
      return E.left(
        badInput(
          file,
          'expected a DMV snapshot of the same distributed group, taken on its other side',
        ),
      );
    const both = mergeDistributedFacts(merged.facts, next.right.facts);
    if (E.isLeft(both)) return E.left(badInput(file, both.left));
    merged = { kind: 'facts', facts: both.right };
  }
  return E.right(merged);
};

/** The host of a member's LISTENER_URL: a connection to it reaches that group's primary. */
const listenerHost = (url: string | undefined): string | null =>
  url?.match(/^tcp:\/\/([^:/]+)/i)?.[1] ?? null;

const judged = (
  input: DistributedInput,
  target: string | undefined,
): {
  readonly group: string;
  readonly readiness: DistributedFailoverReadiness;
  readonly sequence: readonly SequenceStatement[];
  readonly takenOn: readonly string[] | null;
} => {
  if (input.kind === 'model')
    return {
      group: input.distributed.config.name,
      readiness: distributedFailoverReadiness(input.distributed),
      sequence: distributedFailoverSequence(input.distributed),
      takenOn: null,
    };
  const f = input.facts;
  const options = target === undefined ? {} : { target };
  const { from, to } = factsLinkEnds(f, options);
  const urlOf = (name: string | undefined) =>
    f.config.members.find((m) => m.name === name)?.listenerUrl;
  // A side the snapshots do not name is reached through its group's listener.
  const sequence = distributedFactsSequence(f, options).map((s) => ({
    ...s,
    server: s.server ?? listenerHost(urlOf(s.runsOn === 'global primary' ? from?.name : to?.name)),
  }));
  return {
    group: f.config.name,
    readiness: distributedFactsReadiness(f, options),
    sequence,
    takenOn: f.takenOn,
  };
};

export const runDistributedDecide = (
  io: Io,
  input: DistributedInput,
  options: DistributedDecideOptions,
  envelopeInput: Readonly<Record<string, unknown>>,
): ExitCode => {
  if (input.kind === 'facts' && options.target !== undefined) {
    const names = input.facts.members.map((m) => m.name);
    if (!names.some((n) => n.toLowerCase() === options.target!.toLowerCase()))
      return reportBadInput(
        io,
        'decide',
        badInput(
          '--target',
          `${input.facts.config.name} has no member group named ${JSON.stringify(options.target)}; expected one of ${names.join(', ')}`,
        ),
        options.json,
        envelopeInput,
      );
  }
  const { group, readiness, sequence, takenOn } = judged(input, options.target);
  const pending = sequence.filter((s) => !s.done);
  const tsql = renderDistributedSequence(pending);
  if (options.json) {
    io.stdout(
      jsonResult(io, 'decide', envelopeInput, {
        distributed: {
          group,
          takenOn,
          readiness,
          sequence,
          tsql,
          refused: input.kind === 'model' ? input.refused : [],
        },
      }),
    );
    return EXIT.ok;
  }
  const style = styleFor(io.color);
  const mark = (met: boolean, reasons: readonly { settledBy?: readonly string[] }[]) =>
    met
      ? style.good('met')
      : reasons.every((r) => r.settledBy !== undefined)
        ? style.warn('unknown')
        : style.bad('not met');
  const refused = input.kind === 'model' ? input.refused : [];
  const lines = [
    ...refused.map((r) => style.warn(r)),
    style.bold(`Distributed availability group ${group}`),
    ...(takenOn === null
      ? []
      : [
          `  snapshot${takenOn.length === 1 ? '' : 's'} taken on ${takenOn.join(' and ') || 'no member group'}`,
        ]),
    `  global primary ${readiness.globalPrimary ?? 'unknown'}, forwarder ${readiness.forwarder ?? 'unknown'}`,
    '',
    style.bold(
      `Failover between the groups${readiness.target === null ? '' : ` to ${readiness.target}`}`,
    ),
    `  ${readiness.status === 'allowed' ? style.good('allowed: every documented step is met, no acknowledged commit would be lost') : readiness.status === 'unknown' ? style.warn('unknown: the input does not say') : style.bad('refused')}`,
    ...readiness.steps.flatMap((s) => [
      `  ${mark(s.met, s.reasons)} ${s.step}`,
      ...s.reasons.flatMap((r) => [
        ...reasonLines(style, r, '    '),
        ...(isUnknownReason(r)
          ? [`      ${style.dim(`settled by: ${(r.settledBy ?? []).join('; ')}`)}`]
          : []),
      ]),
    ]),
    '',
    style.bold('Predicted loss if the failover ran now'),
    ...(readiness.predictedLoss.length === 0
      ? ['  none']
      : readiness.predictedLoss.flatMap((l) =>
          l.ranges.map(
            (r) =>
              `  ${l.database}: the log after LSN ${r.fromLsn} through ${r.toLsn}, written on ${r.member}${input.kind === 'facts' ? ' (the forwarder has not hardened it)' : ' (acknowledged to clients)'}`,
          ),
        )),
    ...(pending.length === 0
      ? []
      : ['', style.bold('The documented sequence from here'), ...tsql.trimEnd().split('\n')]),
  ];
  io.stdout(terminalText(lines, io));
  return EXIT.ok;
};
