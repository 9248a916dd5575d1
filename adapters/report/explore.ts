import type { Observation } from '../../core/cluster/observation.js';
import type { TraceStep } from '../../core/explore/index.js';

/** An explorer trace as a Mermaid sequence diagram (GitHub renders it in Markdown). */

const participant = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_');

/** Mermaid message text: no semicolons or hashes, which end or escape a message. */
const message = (s: string): string => s.replace(/[;#]/g, ' ');

const observed = (o: Observation): string | null => {
  switch (o.type) {
    case 'commit.acknowledged':
      return `acknowledged ${o.database} LSN ${o.fromLsn + 1n}..${o.toLsn} on ${o.hardenedOn.join(', ')}`;
    case 'commit.abandoned':
      return `abandoned ${o.database} LSN ${o.fromLsn + 1n}..${o.toLsn}`;
    case 'failover.completed': {
      const lost = o.lost.flatMap((l) =>
        l.ranges.map((r) => `${l.database} LSN ${r.fromLsn + 1n}..${r.toLsn}`),
      );
      return `${o.form} failover to ${o.to}${lost.length > 0 ? `, LOST acknowledged ${lost.join(', ')}` : ''}`;
    }
    case 'failover.notPossible':
      return `no automatic failover (${o.reasons.map((r) => r.code).join(', ')})`;
    case 'replica.disconnected':
      return `${o.replica} DISCONNECTED (${o.reason.code})`;
    default:
      return null;
  }
};

/** Where an action lands: the replica or target it names, else the first replica. */
const receiver = (step: TraceStep, replicas: readonly string[]): string => {
  for (const e of step.events) {
    if ('replica' in e && typeof e.replica === 'string') return participant(e.replica);
    if ('target' in e && typeof e.target === 'string') return participant(e.target);
  }
  return participant(replicas[0] ?? 'group');
};

export const sequenceDiagram = (
  trace: readonly TraceStep[],
  replicas: readonly string[],
  primary: string | undefined = replicas[0],
  // What holds where the trace ends, noted over the primary of that moment.
  endNotes: readonly string[] = [],
): string => {
  const lines = [
    'sequenceDiagram',
    '  participant App as Application',
    '  participant Ops as Operator or cluster',
  ];
  for (const r of replicas) lines.push(`  participant ${participant(r)} as ${message(r)}`);
  // The application begins and commits transactions on the primary of the moment: the one the
  // group started with, then the target of each completed failover.
  let current = primary;
  for (const s of trace) {
    const to =
      s.kind === 'commit' && current !== undefined ? participant(current) : receiver(s, replicas);
    lines.push(`  ${s.kind === 'commit' ? 'App' : 'Ops'}->>${to}: ${message(s.label)}`);
    for (const note of s.observations.map(observed).filter((x): x is string => x !== null))
      lines.push(`  Note over ${to}: ${message(note)}`);
    for (const o of s.observations) if (o.type === 'failover.completed') current = o.to;
  }
  const over = current === undefined ? 'Ops' : participant(current);
  for (const note of endNotes) lines.push(`  Note over ${over}: ${message(note)}`);
  return lines.join('\n');
};
