import * as t from 'io-ts';
import { DISTRIBUTED_EVENT_CODECS, DistributedEvent } from '../../core/distributed/events.js';
import { DistributedScenarioInput } from '../../core/distributed/scenario.js';
import { ConfigInput } from '../../core/model/config.js';
import { ClusterEvent, EVENT_CODECS } from '../../core/model/events.js';
import { ClusterFacts } from '../../core/model/facts.js';
import { ScenarioInput } from '../../core/model/scenario.js';
import { envelopeCodec, RESULTS } from '../cli/render/contract.js';
import type { CommandName } from '../cli/render/json.js';
import { COLUMNS_BY_VIEW } from '../dmv/columns.js';
import { ALL_VIEWS } from '../dmv/snapshot.js';
import { codecSchema, type JsonSchema } from './from-codec.js';

/**
 * Every schema agstate ships, by file name: the inputs (configurations, scenarios, DMV
 * snapshots), the cluster facts, and the document of each command's --json output. Generated
 * from the codecs by `npm run schemas` into schemas/; a test keeps the files current.
 */

const aliases = new Map<t.Mixed, t.Mixed>([
  [
    ClusterEvent,
    t.union(EVENT_CODECS as unknown as [t.Mixed, t.Mixed, ...t.Mixed[]], 'ClusterEvent'),
  ],
  [
    DistributedEvent,
    t.union(
      DISTRIBUTED_EVENT_CODECS as unknown as [t.Mixed, t.Mixed, ...t.Mixed[]],
      'DistributedEvent',
    ),
  ],
]);

const id = (file: string): string => `urn:agstate:schemas:${file}`;

/** A DMV snapshot in its JSON form (docs/dmv-snapshot.md): rows per view, flat or nested. */
const snapshotSchema = (): JsonSchema => {
  const rows = (view: (typeof ALL_VIEWS)[number]): JsonSchema => {
    const row = {
      type: 'object',
      properties: Object.fromEntries(
        Object.keys(COLUMNS_BY_VIEW[view]).map((column) => [column, {}]),
      ),
    };
    return { anyOf: [{ type: 'array', items: row }, row, { type: 'null' }] };
  };
  const dotted = ALL_VIEWS.filter((v) => v.startsWith('sys.'));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: id('snapshot.schema.json'),
    title: 'agstate DMV snapshot (JSON form)',
    description:
      'The result sets of the snapshot query, one array of rows per view, keyed by the view name (flat) or under "sys" (as FOR JSON PATH nests dotted aliases). Columns agstate reads are listed; others are ignored. docs/dmv-snapshot.md.',
    type: 'object',
    properties: {
      ...Object.fromEntries(ALL_VIEWS.map((v) => [v, rows(v)])),
      sys: {
        type: 'object',
        properties: Object.fromEntries(dotted.map((v) => [v.slice('sys.'.length), rows(v)])),
      },
    },
  };
};

const COMMANDS = Object.keys(RESULTS) as CommandName[];

export const commandSchemaFile = (command: CommandName): string => `cli-${command}.schema.json`;

export const schemaDocuments = (): Readonly<Record<string, JsonSchema>> => ({
  'config.schema.json': codecSchema(ConfigInput, {
    id: id('config.schema.json'),
    title: 'agstate availability group configuration',
    description:
      'What CREATE / ALTER AVAILABILITY GROUP can say; options left out take their documented defaults (docs/rules.md).',
    aliases,
  }),
  'scenario.schema.json': codecSchema(t.union([ScenarioInput, DistributedScenarioInput]), {
    id: id('scenario.schema.json'),
    title: 'agstate scenario',
    description:
      'A configuration and the events that happen to it, each at a time in milliseconds from the start (docs/scenarios.md); or a distributed availability group, its two member groups and their events (docs/model.md).',
    aliases,
  }),
  'facts.schema.json': codecSchema(ClusterFacts, {
    id: id('facts.schema.json'),
    title: 'agstate cluster facts',
    description:
      'What the decision engine reads: from a DMV snapshot or a simulated cluster. LSNs are decimal strings.',
    aliases,
  }),
  'snapshot.schema.json': snapshotSchema(),
  ...Object.fromEntries(
    COMMANDS.map((command) => [
      commandSchemaFile(command),
      codecSchema(envelopeCodec(command), {
        id: id(commandSchemaFile(command)),
        title: `agstate ${command} --json`,
        description: `The document agstate ${command} --json prints: the envelope every command shares (docs/cli.md), with this command's result.`,
        aliases,
      }),
    ]),
  ),
});
