import * as E from 'fp-ts/lib/Either.js';
import { decideDistributed } from '../../../core/distributed/decide.js';
import { distributedFailoverReadiness } from '../../../core/distributed/readiness.js';
import type { DistributedObservation } from '../../../core/distributed/result.js';
import { type DistributedState, simulateDistributed } from '../../../core/distributed/scenario.js';
import { distributedFailoverSequence } from '../../../core/distributed/sequence.js';
import { renderDistributedSequence } from '../../tsql/distributed.js';
import { EXIT, type ExitCode } from '../exit.js';
import type { DistributedScenario } from '../input/distributed-scenario.js';
import type { Io } from '../io.js';
import { configSummary, violationsLines } from '../render/config.js';
import { jsonResult } from '../render/json.js';
import { reasonLines, reasonsLines, type Style, styleFor } from '../render/style.js';
import { terminalText } from '../render/terminal.js';
import { eventText, observationLines } from '../render/trace.js';

/** `agstate simulate` of a distributed availability group: both groups, the link, the roles. */

const rangeText = (r: { member: string; fromLsn: bigint; toLsn: bigint }) =>
  `LSNs after ${r.fromLsn} through ${r.toLsn} (acknowledged on ${r.member})`;

export const distributedObservationLines = (
  style: Style,
  o: DistributedObservation,
  indent: string,
): string[] => {
  switch (o.type) {
    case 'member':
      return observationLines(style, o.observation, `${indent}${style.dim(`[${o.member}]`)} `);
    case 'distributed.acknowledged':
      return [`${indent}${style.good('acknowledged')}: ${o.database} ${rangeText(o)}`];
    case 'distributed.pending':
      return [
        `${indent}${style.warn('pending')}: the commit at LSN ${o.lsn} on ${o.database} waits for ${o.waitingFor.join(', ')}`,
      ];
    case 'distributed.abandoned':
      return [
        `${indent}${style.bad('abandoned')}: ${o.database} LSNs after ${o.fromLsn} through ${o.toLsn} were never acknowledged`,
      ];
    case 'distributed.lost':
      return [`${indent}${style.bad('lost')}: ${o.database} ${o.ranges.map(rangeText).join('; ')}`];
    case 'distributed.roleChanged':
      return [`${indent}${style.bold(`${o.member}: ${o.from} -> ${o.to}`)}`];
    case 'note':
      return reasonLines(style, o.reason, indent);
  }
};

const stateLines = (style: Style, s: DistributedState, indent: string): string[] => [
  `${indent}global primary ${style.name(s.globalPrimary ?? 'none')}, forwarder ${style.name(s.forwarder ?? 'none')}`,
  ...s.members.map(
    (m) =>
      `${indent}${m.name.padEnd(8)} ${m.role.padEnd(9)} ${m.availabilityMode.padEnd(19)} primary ${m.primary ?? 'none'}: ${
        m.copies.map((c) => `${c.replica} ${c.database} ${copyText(c)}`).join('; ') ||
        'no database copies'
      }`,
  ),
  ...s.link.databases.map(
    (l) =>
      `${indent}link ${s.link.from} -> ${s.link.to}${s.link.connected ? '' : ' (disconnected)'}: ${l.database} ${l.synchronizationState}, last_hardened_lsn ${l.globalPrimaryLastHardenedLsn ?? 'unknown'} on the global primary, ${forwarderText(l)}`,
  ),
];

type StateCopy = DistributedState['members'][number]['copies'][number];
type LinkDatabase = DistributedState['link']['databases'][number];

/** A copy not joined has no synchronization state nor last_hardened_lsn; a restored one ends somewhere. */
const copyText = (c: StateCopy): string =>
  c.lastHardenedLsn !== null
    ? `${c.synchronizationState ?? 'not joined'} ${c.lastHardenedLsn}`
    : c.restoredLsn !== null
      ? `RESTORING to ${c.restoredLsn} (not joined)`
      : 'not joined';

const forwarderText = (l: LinkDatabase): string =>
  l.forwarderLastHardenedLsn !== null
    ? `${l.forwarderLastHardenedLsn} on the forwarder`
    : l.forwarderRestoredLsn !== null
      ? `the forwarder's copy restored to ${l.forwarderRestoredLsn}, not joined`
      : 'no copy on the forwarder';

export const runDistributedSimulate = async (
  io: Io,
  file: string,
  scenario: DistributedScenario,
  options: { readonly json: boolean; readonly traceOnly: boolean },
  input: Readonly<Record<string, unknown>>,
): Promise<ExitCode> => {
  const style = styleFor(io.color);
  if (E.isLeft(scenario.start)) {
    const violations = scenario.start.left;
    if (options.json)
      io.stdout(jsonResult(io, 'simulate', input, { simulated: false, violations }));
    else
      io.stdout(
        await terminalText(
          [
            `${file}: not simulated: the configuration breaks documented rules: ${configSummary(scenario.config)}`,
            ...violationsLines(style, violations),
          ],
          io,
        ),
      );
    return EXIT.no;
  }
  const run = simulateDistributed(scenario.start.right, scenario.steps);
  const readiness = distributedFailoverReadiness(run.final);
  const sequence = distributedFailoverSequence(run.final);
  if (options.json) {
    io.stdout(
      jsonResult(io, 'simulate', input, {
        name: scenario.name,
        description: scenario.description,
        simulated: true,
        config: scenario.config,
        initial: run.initial,
        trace: run.trace,
        ...(options.traceOnly ? {} : { decisions: decideDistributed(run.final) }),
      }),
    );
    return EXIT.ok;
  }
  const header = options.traceOnly
    ? []
    : [
        style.bold(scenario.name),
        ...(scenario.description === null ? [] : [style.dim(scenario.description)]),
        `distributed availability group ${scenario.config.name} (SQL Server ${scenario.config.version}): ${scenario.config.members.map((m) => m.name).join(' and ')}`,
        '',
        'At the start:',
        ...stateLines(style, run.initial, '    | '),
        '',
      ];
  const steps = run.trace.flatMap((t) => [
    `${style.bold(`${t.index + 1}.`)} ${eventTextOf(t.event)}${t.note === null ? '' : ` ${style.dim(`-- ${t.note}`)}`}`,
    ...(t.refused.length > 0
      ? [`    ${style.bad('refused')}`, ...reasonsLines(style, t.refused, '      ')]
      : t.observations.flatMap((o) => distributedObservationLines(style, o, '    '))),
    ...stateLines(style, t.state, '    | '),
  ]);
  const pending = sequence.filter((s) => !s.done);
  const footer = options.traceOnly
    ? []
    : [
        '',
        style.bold('Failover between the groups, after the last step'),
        `  ${readiness.status === 'allowed' ? style.good('ready: no acknowledged commit would be lost') : style.warn(readiness.status)}`,
        ...readiness.steps.map(
          (s) => `  ${s.met ? style.good('met') : style.bad('not met')} ${s.step}`,
        ),
        ...reasonsLines(style, readiness.reasons, '    '),
        ...(pending.length === 0
          ? []
          : [
              '',
              style.bold('The documented sequence from here'),
              ...renderDistributedSequence(pending).split('\n'),
            ]),
      ];
  io.stdout(await terminalText([...header, ...steps, ...footer], io));
  return EXIT.ok;
};

const eventTextOf = (e: DistributedScenario['steps'][number]['event']): string =>
  e.type === 'distributed.member'
    ? `${e.member}: ${eventText(e.event)}`
    : [
        e.type,
        ...Object.entries(e)
          .filter(([k]) => k !== 'type')
          .map(([k, v]) => `${k}=${String(v)}`),
      ].join(' ');
