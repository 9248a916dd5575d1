import { isImpossible } from '../../../core/consistency/finding.js';
import {
  databaseReasonText,
  type FleetForm,
  type FleetTarget,
  type FleetVerdict,
} from '../../../core/decide/fleet.js';
import type { VerdictStatus } from '../../../core/failover/failover.js';
import type { Reason } from '../../../core/model/source.js';
import { automaticHeading, automaticText, list, reasonsLines, type Style } from './style.js';

/**
 * A group's fleet verdict as text (`agstate decide --each`): the primary and whether it takes
 * writes, how commits are acknowledged, where automatic failover would go, each secondary's three
 * forms on one line with the reasons of those not allowed, and what is unknown with what would
 * settle it.
 */

const statusText = (style: Style, status: VerdictStatus): string =>
  status === 'allowed'
    ? style.good('yes')
    : status === 'unknown'
      ? style.warn('unknown')
      : style.bad('no');

const databaseLines = (style: Style, target: string, form: FleetForm, indent: string): string[] =>
  form.databases.flatMap((d) => [
    `${indent}- ${databaseReasonText(target, d)} ${style.dim(`[${d.code}]`)}`,
    `${indent}  ${style.dim(`${d.rule.document}: ${d.rule.section}`)}`,
  ]);

const formLines = (style: Style, name: string, target: string, form: FleetForm): string[] =>
  form.status === 'allowed' && form.databases.length === 0
    ? []
    : [
        `    ${name}: ${statusText(style, form.status)}`,
        ...reasonsLines(style, form.reasons, '      '),
        ...databaseLines(style, target, form, '      '),
      ];

const targetLines = (style: Style, t: FleetTarget): string[] => [
  `  ${style.name(t.replica)}: automatic ${statusText(style, t.automatic.status)}, planned ${statusText(style, t.planned.status)}, forced ${statusText(style, t.forced.status)}`,
  // A forced failover's notes (possible data loss, split brain) qualify a yes: shown too.
  ...formLines(style, 'automatic', t.replica, t.automatic),
  ...formLines(style, 'planned', t.replica, t.planned),
  // Its notes about single databases (a copy that cannot start, or may not) qualify it alike.
  ...(t.forced.status === 'allowed'
    ? [
        ...reasonsLines(style, t.forced.reasons, '    '),
        ...databaseLines(style, t.replica, t.forced, '    '),
      ]
    : formLines(style, 'forced', t.replica, t.forced)),
];

// A synchronous secondary catching up can hold commit processing (HADR_SYNCHRONIZING_THROTTLE, S196).
const immediateText = (reasons: readonly Reason[]): string =>
  reasons.some((r) => r.code === 'COMMIT_THROTTLED_WHILE_CATCHING_UP')
    ? 'acknowledged once the primary hardens it; commit processing may be held while a secondary catches up'
    : 'acknowledged at once';

export const fleetLines = (style: Style, v: FleetVerdict): string[] => [
  `${style.bold(`Availability group ${v.group}`)}: primary ${v.primary ?? (v.primaryUnseen ? 'unknown' : 'none')}, quorum ${v.quorum ?? 'unknown'}, a writable primary: ${statusText(style, v.writable.status)}`,
  ...reasonsLines(style, v.writable.reasons, '  '),
  ...(v.findings.length === 0
    ? []
    : [
        style.bold('Contradictions in the snapshot (decisions that read them are unknown)'),
        ...v.findings.map(
          (f) => `  ${style.warn(f.severity)} ${f.place}: ${f.message} [${f.code}]`,
        ),
      ]),
  style.bold('Commits'),
  ...v.commit.flatMap((g) => [
    `  ${list(g.databases)}: ${g.acknowledgement === 'afterHardening' ? 'acknowledged after hardening' : g.acknowledgement === 'immediately' ? immediateText(g.reasons) : g.acknowledgement === 'blocked' ? style.bad('blocked') : g.acknowledgement === 'unknown' ? 'unknown' : style.bad('refused')}`,
    ...reasonsLines(style, g.reasons, '    '),
  ]),
  style.bold('Failover'),
  `  ${automaticHeading(v)}: ${automaticText(v.automaticTarget, v.automaticUndecided, v.automaticAmong, v.findings.some(isImpossible), v.clusterType, v.automaticUnlistedBeyond)}`,
  ...(v.automaticQuorum === undefined ? [] : reasonsLines(style, [v.automaticQuorum], '    ')),
  ...(v.automaticHealthLogin === undefined
    ? []
    : reasonsLines(style, [v.automaticHealthLogin], '    ')),
  ...v.targets.flatMap((t) => targetLines(style, t)),
  ...(v.unknowns.length === 0
    ? []
    : [
        style.bold('Unknown'),
        ...v.unknowns.map(
          (u) =>
            `  ${style.warn(u.code)} for ${list(u.targets)}: settled by ${u.settledBy.join('; ')}`,
        ),
      ]),
];
