import type { ScenarioInput } from '../../core/model/scenario.js';
import type { Session } from './session.js';

/**
 * The session's trace as a scenario, the file `agstate simulate` runs and the page loads: the
 * configuration, how the group started, and every step at the model time it happened, so that
 * loading the file rebuilds the same trace. Every step is kept, refused ones too (they are
 * refused again, with the same reasons); steps past the cursor are kept as well, as on the page.
 */
export const sessionScenario = (s: Session): ScenarioInput => {
  const first = s.trace[0]!.cluster;
  const steps = s.trace.slice(1).map((t) => {
    const event = t.event!;
    // Only time.advance moves the clock: the step happened at its time before the advance.
    const at =
      event.type === 'time.advance' && t.refused.length === 0
        ? t.cluster.nowMs - event.ms
        : t.cluster.nowMs;
    return { at, event, ...(t.note === null ? {} : { note: t.note }) };
  });
  return {
    name: s.source,
    config: first.config,
    ...(s.options.start === undefined ? {} : { start: s.options.start }),
    ...(s.options.baseLsn === undefined ? {} : { baseLsn: s.options.baseLsn }),
    steps,
  };
};
