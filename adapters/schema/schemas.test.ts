import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigInput } from '../../core/model/config.js';
import { toJSON } from '../../core/model/json.js';
import { ScenarioInput } from '../../core/model/scenario.js';
import { scenarioInputArb, validConfigArb } from '../../properties/arbitraries.js';
import { ownSeed, propertyRuns } from '../../properties/runs.js';
import { schemaDocuments } from './documents.js';
import { loadSchema, schemaProblems } from './test-support.js';

/** The shipped JSON Schemas: current, valid for every example, and in step with the decoders. */

const root = new URL('../../', import.meta.url);
const read = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), 'utf8'));
const filesIn = (folder: string): string[] =>
  readdirSync(new URL(folder, root))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${folder}${f}`);

describe('the schemas in schemas/', () => {
  it('are the ones the codecs generate (npm run schemas rewrites them)', () => {
    const generated = schemaDocuments();
    expect(readdirSync(new URL('schemas/', root)).sort()).toEqual(Object.keys(generated).sort());
    for (const [file, schema] of Object.entries(generated))
      expect(loadSchema(file), `${file} is stale: npm run schemas`).toEqual(schema);
  });

  it('accept every configuration, scenario and snapshot in examples/', () => {
    const examples = [
      ['config.schema.json', ['examples/resync-three-replicas.json']],
      ['scenario.schema.json', filesIn('examples/scenarios/')],
      ['snapshot.schema.json', filesIn('examples/snapshots/')],
    ] as const;
    for (const [schema, files] of examples) {
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(schemaProblems(schema, read(file)), file).toEqual([]);
    }
  });

  it('refuse what the decoders refuse: a misspelt option, a wrong enum value, an LSN as a number', () => {
    const config = read('examples/resync-three-replicas.json') as Record<string, unknown>;
    expect(
      schemaProblems('config.schema.json', { ...config, automatedBackupPrefernce: 'NONE' }),
    ).toEqual(['(root): must NOT have additional properties']);
    expect(
      schemaProblems('config.schema.json', { ...config, clusterType: 'KUBERNETES' }),
    ).toContain('/clusterType: must be equal to one of the allowed values');
    expect(ConfigInput.is({ ...config, clusterType: 'KUBERNETES' })).toBe(false);
    const scenario = read('examples/scenarios/resync-walkthrough.json') as Record<string, unknown>;
    // sys.dm_hadr_database_replica_states: LSNs are numeric(25,0), past what a JSON number holds.
    expect(
      schemaProblems('scenario.schema.json', { ...scenario, baseLsn: 39000000034400000 }),
    ).toContain('/baseLsn: must be string');
    expect(
      schemaProblems('scenario.schema.json', {
        ...scenario,
        steps: [{ at: 0, event: { type: 'replica.explode', replica: 'SQLNODE1' } }],
      }),
    ).not.toEqual([]);
  });

  it('accept every scenario and configuration the decoders accept', () => {
    fc.assert(
      fc.property(scenarioInputArb, (scenario) => {
        const document = JSON.parse(toJSON(ScenarioInput.encode(scenario))) as unknown;
        expect(schemaProblems('scenario.schema.json', document)).toEqual([]);
      }),
      { numRuns: propertyRuns(100), ...ownSeed(15) },
    );
    fc.assert(
      fc.property(validConfigArb, (config) => {
        const document = JSON.parse(toJSON(config)) as unknown;
        expect(schemaProblems('config.schema.json', document)).toEqual([]);
      }),
      { numRuns: propertyRuns(50), ...ownSeed(15) },
    );
  });
});
