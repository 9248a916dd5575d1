import {
  distributedFactsReadiness,
  factsLinkEnds,
} from '../../../core/distributed/facts-readiness.js';
import { distributedFactsSequence } from '../../../core/distributed/facts-sequence.js';
import type { DistributedFailoverReadiness } from '../../../core/distributed/readiness.js';
import type { SequenceStatement } from '../../../core/distributed/sequence.js';
import { renderDistributedSequence } from '../../tsql/distributed.js';
import { badInput, reportBadInput } from '../bad-input.js';
import { EXIT, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';
import { jsonResult } from '../render/json.js';
import { reasonLines, styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';
import type { DistributedDecideOptions, DistributedInput } from './decide-distributed.js';

/**
 * `agstate decide`'s answer about a distributed group: the failover's readiness step by step, the
 * predicted loss and the documented sequence. Loaded only once decide has found a distributed
 * group in its input.
 */

/** The host of a member's LISTENER_URL: a connection to it reaches that group's primary. */
const listenerHost = (url: string | undefined): string | null =>
  url?.match(/^tcp:\/\/([^:/]+)/i)?.[1] ?? null;

/** What decide says about a distributed group: its readiness and the sequence from here. */
export interface DistributedJudgement {
  readonly group: string;
  readonly readiness: DistributedFailoverReadiness;
  readonly sequence: readonly SequenceStatement[];
  readonly takenOn: readonly string[] | null;
}

const judged = async (
  input: DistributedInput,
  target: string | undefined,
): Promise<DistributedJudgement> => {
  if (input.kind === 'model')
    return (await import('./decide-distributed-model.js')).judgedModel(input.distributed);
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

export const runDistributedDecide = async (
  io: Io,
  input: DistributedInput,
  options: DistributedDecideOptions,
  envelopeInput: Readonly<Record<string, unknown>>,
): Promise<ExitCode> => {
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
  const { group, readiness, sequence, takenOn } = await judged(input, options.target);
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
      // reasonLines gives an unknown reason its 'settled by' line.
      ...s.reasons.flatMap((r) => reasonLines(style, r, '    ')),
    ]),
    '',
    style.bold('Predicted loss if the failover ran now'),
    ...(readiness.predictedLoss.length === 0 &&
    readiness.lossUnknown.length === 0 &&
    readiness.lossWhole.length === 0
      ? ['  none']
      : [
          ...readiness.lossWhole.flatMap((l) => [
            `  ${l.database}: the whole database`,
            ...l.reasons.flatMap((r) => reasonLines(style, r, '    ')),
          ]),
          ...readiness.predictedLoss.flatMap((l) =>
            l.ranges.map(
              (r) =>
                `  ${l.database}: the log after LSN ${r.fromLsn} through ${r.toLsn}, written on ${r.member}${input.kind === 'facts' ? ' (the forwarder has not hardened it)' : ' (acknowledged to clients)'}`,
            ),
          ),
          ...readiness.lossUnknown.flatMap((l) => [
            `  ${l.database}: ${style.warn('unknown')}`,
            ...l.reasons.flatMap((r) => reasonLines(style, r, '    ')),
          ]),
        ]),
    ...(pending.length === 0
      ? []
      : ['', style.bold('The documented sequence from here'), ...tsql.trimEnd().split('\n')]),
  ];
  io.stdout(await terminalText(lines, io));
  return EXIT.ok;
};
