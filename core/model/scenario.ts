import * as t from 'io-ts';
import { ConfigInput } from './config.js';
import { RecoveryModel } from './enums.js';
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

/**
 * What the primary instance's catalog says about one database (sys.databases and the msdb backup
 * history): for a database of the group, or one outside it that `db.add` may add later. Every
 * field is optional; the defaults and their sources are in docs/seeding.md.
 */
export const CatalogDatabaseInput = strictObject(
  'CatalogDatabase',
  {},
  {
    recoveryModel: RecoveryModel,
    readOnly: t.boolean,
    online: t.boolean,
    sizeBytes: NonNegativeInteger,
    hasFullBackup: t.boolean,
    files: t.readonlyArray(t.string),
  },
);
export interface CatalogDatabaseInput extends t.TypeOf<typeof CatalogDatabaseInput> {}

export const ScenarioInput = strictObject(
  'Scenario',
  { config: ScenarioConfig, steps: t.readonlyArray(ScenarioStep) },
  {
    name: t.string,
    description: t.string,
    start: t.keyof({ synchronized: null, unprepared: null }),
    baseLsn: LsnFromString,
    /** The primary instance's databases by name, inside the group or not (db.add adds one). */
    catalog: t.record(t.string, CatalogDatabaseInput),
  },
);
export interface ScenarioInput extends t.TypeOf<typeof ScenarioInput> {}
