import * as t from 'io-ts';
import { ConfigInput } from './config.js';
import { ClusterEvent } from './events.js';
import { NonNegativeInteger } from './integer.js';
import { LsnFromString } from './lsn.js';
import { strictObject } from './strict.js';

/**
 * A scenario: a configuration and the events that happen to it, each at a time in milliseconds
 * from the start. Simulating it yields the trace of states, acknowledgements and decisions.
 */
export const ScenarioStep = strictObject(
  'ScenarioStep',
  { event: ClusterEvent },
  { at: NonNegativeInteger, note: t.string },
);
export interface ScenarioStep extends t.TypeOf<typeof ScenarioStep> {}

/** The configuration as a document, or as the path of a T-SQL script (read by the adapters). */
export const ScenarioConfig = t.union([
  ConfigInput,
  strictObject('TsqlConfigRef', { tsql: t.string }, {}),
]);

export const ScenarioInput = strictObject(
  'Scenario',
  { config: ScenarioConfig, steps: t.readonlyArray(ScenarioStep) },
  {
    name: t.string,
    description: t.string,
    start: t.keyof({ synchronized: null, unprepared: null }),
    baseLsn: LsnFromString,
  },
);
export interface ScenarioInput extends t.TypeOf<typeof ScenarioInput> {}
