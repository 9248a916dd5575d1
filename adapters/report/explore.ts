import type { Observation } from '../../core/cluster/observation.js';
import type { Answer, ExploreResult, TraceStep } from '../../core/explore/index.js';

/** Explorer results as text and as Mermaid sequence diagrams. */

const observed = (o: Observation): string | null => {
  switch (o.type) {
    case 'commit.acknowledged':
      return `acknowledged ${o.database} LSN ${o.fromLsn + 1n}..${o.toLsn} (hardened on ${o.hardenedOn.join(', ')})`;
    case 'commit.abandoned':
      return `abandoned ${o.database} LSN ${o.fromLsn + 1n}..${o.toLsn} (never acknowledged)`;
    case 'failover.completed': {
      const lost = o.lost.flatMap((l) =>
        l.ranges.map((r) => `${l.database} LSN ${r.fromLsn + 1n}..${r.toLsn}`),
      );
      return `${o.form} failover ${o.from ?? '(none)'} → ${o.to}${lost.length > 0 ? `, LOST acknowledged ${lost.join(', ')}` : ''}`;
    }
    case 'failover.notPossible':
      return `no automatic failover: ${o.reasons.map((r) => r.code).join(', ')}`;
    case 'replica.disconnected':
      return `${o.replica} DISCONNECTED (${o.reason.code})`;
    default:
      return null;
  }
};

/** A numbered trace, one line per step with what it caused. */
export const traceText = (trace: readonly TraceStep[]): string =>
  trace
    .map((s, i) => {
      const notes = s.observations.map(observed).filter((x): x is string => x !== null);
      return `  ${String(i + 1).padStart(2)}. ${s.label}${notes.length > 0 ? `\n      ${notes.join('\n      ')}` : ''}`;
    })
    .join('\n');

const participant = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_');

/** A Mermaid sequence diagram of a trace: the operator, the application and every replica the trace names. */
export const sequenceDiagram = (
  trace: readonly TraceStep[],
  replicas: readonly string[],
): string => {
  const lines = [
    'sequenceDiagram',
    '  participant App as Application',
    '  participant Ops as Operator / cluster',
  ];
  for (const r of replicas) lines.push(`  participant ${participant(r)} as ${r}`);
  const primaryOf = (events: TraceStep['events']): string => {
    for (const e of events) {
      if ('replica' in e && typeof e.replica === 'string') return participant(e.replica);
      if ('target' in e && typeof e.target === 'string') return participant(e.target);
    }
    return participant(replicas[0] ?? 'AG');
  };
  for (const s of trace) {
    const to = primaryOf(s.events);
    const from = s.kind === 'commit' ? 'App' : 'Ops';
    lines.push(`  ${from}->>${to}: ${s.label.replace(/[;#]/g, ' ')}`);
    for (const note of s.observations.map(observed).filter((x): x is string => x !== null))
      lines.push(`  Note over ${to}: ${note.replace(/[;#]/g, ' ')}`);
  }
  return lines.join('\n');
};

const verdict = (a: Answer): string => (a.answer ? 'YES' : 'no');

/** The whole result for a terminal. */
export const exploreText = (r: ExploreResult, replicas: readonly string[]): string => {
  const out = [
    `${r.group}: ${r.statesExplored.toLocaleString('en-US')} states, ${r.transitions.toLocaleString('en-US')} transitions, depth ${r.depth}, within ${r.faults} fault(s) and ${r.commits} commit(s)${r.complete ? '' : ' (stopped early: the search is incomplete)'}`,
  ];
  for (const a of Object.values(r.answers)) {
    out.push(`\n${a.question} ${verdict(a)}`);
    if (a.trace !== null)
      out.push(traceText(a.trace), '', '```mermaid', sequenceDiagram(a.trace, replicas), '```');
  }
  for (const v of r.violations)
    out.push(
      `\nINVARIANT BROKEN: ${v.violation.invariant}: ${v.violation.message}`,
      traceText(v.trace),
    );
  return out.join('\n');
};
