import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { CLUSTER_EVENT_TYPES, ClusterEvent } from '../../core/model/events.js';
import { result, run } from '../cli/test-support.js';
import { loadSchema, schemaProblems } from './test-support.js';

/** docs/scenarios.md: every event of the vocabulary, one example each, all of them valid. */

const doc = readFileSync(new URL('../../docs/scenarios.md', import.meta.url), 'utf8');

/** Each `#### \`type\`` heading with the JSON block that follows it. */
const documented = [...doc.matchAll(/^#### `([^`]+)`\n[\s\S]*?```json\n([\s\S]*?)```/gm)].map(
  (m) => ({ type: m[1] ?? '', example: JSON.parse(m[2] ?? 'null') as unknown }),
);

describe('docs/scenarios.md', () => {
  it('documents every event type once, and nothing else', () => {
    expect(documented.map((d) => d.type).sort()).toEqual([...CLUSTER_EVENT_TYPES].sort());
  });

  it('names every field of a scenario in its table, catalog too', () => {
    // 'Add a database to an availability group' needs a database outside the group on the primary
    // instance; only `catalog` says so, and a scenario without it gets DATABASE_NOT_FOUND.
    const table = doc.slice(doc.indexOf('| field '), doc.indexOf('`at` is model time'));
    const rows = [...table.matchAll(/^\| `(\w+)`/gm)].map((m) => m[1]);
    const definitions = loadSchema('scenario.schema.json').definitions as Record<
      string,
      { properties: Record<string, unknown> }
    >;
    expect(rows.sort()).toEqual(Object.keys(definitions.Scenario?.properties ?? {}).sort());
  });

  it('says what ag.failover stands for under CLUSTER_TYPE = EXTERNAL, as the step takes it', async () => {
    // Msg 47104 (S111): "This operation cannot be performed on the availability group '%.*ls'
    // because it has EXTERNAL cluster type. Use the cluster management tools to perform the
    // operation." The step takes the event as that move (pcs resource move, S30), and accepts it.
    const entry = /^#### `ag\.failover`\n([\s\S]*?)```json/m.exec(doc)?.[1] ?? '';
    expect(entry).toMatch(/CLUSTER_TYPE = EXTERNAL it stands for the cluster manager's move/);
    expect(entry).toMatch(/Msg 47104/);
    const replica = (name: string) => ({
      name,
      endpointUrl: `TCP://${name}:5022`,
      availabilityMode: 'SYNCHRONOUS_COMMIT',
      failoverMode: 'EXTERNAL',
    });
    const scenario = {
      config: {
        name: 'ag1',
        version: 2019,
        clusterType: 'EXTERNAL',
        databases: ['db1'],
        replicas: ['node1', 'node2', 'node3'].map(replica),
      },
      steps: [{ event: { type: 'ag.failover', target: 'node2' } }],
    };
    const r = await run(['simulate', 'external.json', '--json'], {
      files: { 'external.json': JSON.stringify(scenario) },
    });
    expect(r.code).toBe(0);
    const [step] = result(r).trace as { refused: unknown[]; observations: { type: string }[] }[];
    expect(step?.refused).toEqual([]);
    expect(step?.observations.map((o) => o.type)).toContain('failover.completed');
  });

  it('gives each event an example the decoder and the shipped schema accept', () => {
    for (const { type, example } of documented) {
      expect((example as { type?: unknown }).type, type).toBe(type);
      expect(E.isRight(ClusterEvent.decode(example)), type).toBe(true);
      const scenario = { config: { tsql: 'x.sql' }, steps: [{ event: example }] };
      expect(schemaProblems('scenario.schema.json', scenario), type).toEqual([]);
    }
  });

  it('opens with a scenario that runs: commits made while DR is cut off are lost by forcing a failover to it', async () => {
    // Failover and failover modes (S2): a forced failover may lose data, the commits the target
    // had not received.
    const first = /```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const r = await run(
      ['simulate', 'examples/scenarios/doc.json', '--sql-version', '2019', '--json'],
      {
        files: { 'examples/scenarios/doc.json': first },
      },
    );
    expect(r.code).toBe(0);
    const trace = result(r).trace as {
      event: { type: string };
      refused: unknown[];
      observations: { lost?: { database: string; ranges: unknown[] }[] }[];
    }[];
    expect(trace.flatMap((t) => t.refused)).toEqual([]);
    const forced = trace.at(-1);
    expect(forced?.event.type).toBe('ag.forceFailover');
    const lost = forced?.observations
      .flatMap((o) => o.lost ?? [])
      .filter((l) => l.ranges.length > 0);
    expect(lost?.map((l) => l.database)).toEqual(['Sales']);
  });
});
