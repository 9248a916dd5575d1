import type { Observation } from '../../../core/cluster/observation.js';
import type { TraceEntry } from '../../../core/cluster/simulate.js';
import type { ClusterEvent } from '../../../core/model/events.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../../../core/model/facts.js';
import { toJSON } from '../../../core/model/json.js';
import { rangesText } from './decisions.js';
import { list, reasonLines, reasonsLines, type Style } from './style.js';

/** A simulation trace as text: each step, what it caused, and every replica's state after it. */

const compact = (v: unknown): string => (typeof v === 'string' ? v : toJSON(v));

export const eventText = (e: ClusterEvent): string =>
  [
    e.type,
    ...Object.entries(e)
      .filter(([k]) => k !== 'type')
      .map(([k, v]) => `${k}=${compact(v)}`),
  ].join(' ');

export const observationLines = (style: Style, o: Observation, indent: string): string[] => {
  switch (o.type) {
    case 'commit.acknowledged':
      return [
        `${indent}${style.good('acknowledged')}: ${o.database} ${rangesText([o])}, hardened on ${list(o.hardenedOn)}`,
      ];
    case 'commit.pending':
      return [
        `${indent}${style.warn('pending')}: the commit at LSN ${o.lsn} on ${o.database} waits for ${list(o.waitingFor)}`,
      ];
    case 'commit.abandoned':
      return [
        `${indent}${style.bad('abandoned')}: ${o.database} LSNs after ${o.fromLsn} through ${o.toLsn} were never acknowledged`,
      ];
    case 'failover.completed': {
      const lost = o.lost.filter((l) => l.ranges.length > 0);
      return [
        `${indent}${style.bold(`${o.form} failover`)} from ${o.from ?? 'no primary'} to ${style.name(o.to)}`,
        lost.length === 0
          ? `${indent}  lost: ${style.good('no acknowledged commit')}`
          : `${indent}  lost: ${style.bad(lost.map((l) => `${l.database} ${rangesText(l.ranges)}`).join('; '))}`,
        ...reasonsLines(style, o.reasons, `${indent}  `),
      ];
    }
    case 'failover.notPossible':
      return [
        `${indent}${style.bad('no failover possible')}`,
        ...reasonsLines(style, o.reasons, `${indent}  `),
      ];
    case 'replica.disconnected':
      return [`${indent}${o.replica} disconnected`, ...reasonLines(style, o.reason, `${indent}  `)];
    case 'replica.connected':
      return [`${indent}${o.replica} connected`];
    case 'state.changed':
      return [`${indent}${style.dim(`${o.entity}: ${o.from} -> ${o.to}`)}`];
    case 'page.repaired':
      return [
        `${indent}page ${o.page} of ${o.database} on ${o.replica} repaired from ${style.name(o.from)}`,
      ];
    case 'page.unrepaired':
      return [
        `${indent}${style.bad(`page ${o.page} of ${o.database} on ${o.replica} not repaired`)}`,
        ...reasonsLines(style, o.reasons, `${indent}  `),
      ];
    case 'errorlog':
      return [
        `${indent}${style.name(o.server)} SQL Server Log: ${o.message}${o.verbatim ? '' : ` ${style.dim('(wording of the model)')}`}`,
      ];
    case 'xevent':
      return [
        `${indent}${style.dim(
          `xevent ${o.name} on ${o.server}: ${Object.entries(o.fields)
            .map(([k, v]) => `${k}=${v === null ? 'NULL' : String(v)}`)
            .join(' ')}`,
        )}`,
      ];
    case 'replica.stateChanged':
      return [
        `${indent}${style.name(o.server)} SQL Server Log at ${o.atMs} ms: The state of the local availability replica in availability group '${o.group}' has changed from '${o.from}' to '${o.to}'`,
      ];
    case 'note':
      return reasonLines(style, o.reason, indent);
  }
};

const copyText = (d: DatabaseReplicaFacts): string => {
  const flags = [
    d.isJoined === false ? 'not joined' : '',
    d.isSuspended === true
      ? `SUSPENDED${d.suspendReason === null ? '' : ` (${d.suspendReason})`}`
      : '',
    d.isSeeding === true ? 'seeding' : '',
    // S2: without quorum, or with forced quorum, the DMVs cannot say what was committed.
    d.isJoined === true && d.lastCommitLsn === null ? 'last_commit_lsn NULL' : '',
  ].filter((f) => f !== '');
  const hardened = d.lastHardenedLsn === null ? '' : ` hardened ${d.lastHardenedLsn}`;
  const health = d.synchronizationHealth == null ? '' : ` ${d.synchronizationHealth}`;
  return `${d.database} ${d.synchronizationState ?? 'unknown'}${health}${flags.map((f) => ` ${f}`).join('')}${hardened}`;
};

/**
 * The group's synchronization health, then one line per replica: role, up or down, connection,
 * synchronization health, and each database copy with its state and health.
 */
export const statesLines = (facts: ClusterFacts, indent: string): string[] => {
  const width = Math.max(...facts.replicas.map((r) => r.name.length), 0);
  const group =
    facts.synchronizationHealth == null
      ? []
      : [`${indent}${facts.config.name} synchronization health ${facts.synchronizationHealth}`];
  return [
    ...group,
    ...facts.replicas.map((r) => {
      const copies = facts.databaseReplicas.filter((d) => d.replica === r.name).map(copyText);
      const up = r.isUp === false ? 'down' : r.isUp === true ? 'up' : 'unknown';
      const health = r.synchronizationHealth ?? '';
      return `${indent}${r.name.padEnd(width)}  ${(r.role ?? 'unknown').padEnd(9)} ${up.padEnd(4)} ${(r.connectedState ?? '').padEnd(12)} ${health.padEnd(17)} ${copies.join('; ')}`.trimEnd();
    }),
  ];
};

export const traceEntryLines = (style: Style, e: TraceEntry): string[] => [
  `${style.bold(`#${e.index + 1}`)} at ${e.atMs} ms: ${style.name(eventText(e.event))}`,
  ...(e.note === null ? [] : [`    ${style.dim(e.note)}`]),
  ...(e.refused.length === 0
    ? []
    : [`    ${style.bad('refused')}`, ...reasonsLines(style, e.refused, '      ')]),
  ...e.observations.flatMap((o) => observationLines(style, o, '    ')),
  ...statesLines(e.facts, '    | '),
];
