import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * The bundled examples: configurations in examples/*.json and scenarios in
 * examples/scenarios/*.json. A name is looked up in this listing, never joined into a path, so a
 * request cannot reach any other file.
 */

export interface Example {
  /** `resync-three-replicas`, or `scenarios/resync-walkthrough`. */
  readonly name: string;
  /** A distributed group's scenario loads into its own session (POST /api/distributed/load). */
  readonly kind: 'configuration' | 'scenario' | 'distributed';
  readonly title: string;
  readonly description: string | null;
  readonly file: string;
}

const jsonFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

const text = (u: unknown, key: string): string | null => {
  const v = typeof u === 'object' && u !== null ? (u as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : null;
};

export const listExamples = (examplesDir: string): readonly Example[] => [
  ...jsonFiles(examplesDir).map((f): Example => {
    const file = join(examplesDir, f);
    const name = basename(f, '.json');
    return {
      name,
      kind: 'configuration',
      title: text(readJson(file), 'name') ?? name,
      description: null,
      file,
    };
  }),
  ...jsonFiles(join(examplesDir, 'scenarios')).map((f): Example => {
    const file = join(examplesDir, 'scenarios', f);
    const doc = readJson(file);
    const name = `scenarios/${basename(f, '.json')}`;
    const distributed = typeof doc === 'object' && doc !== null && 'distributed' in doc;
    return {
      name,
      kind: distributed ? 'distributed' : 'scenario',
      title: text(doc, 'name') ?? name,
      description: text(doc, 'description'),
      file,
    };
  }),
];

export const findExample = (examplesDir: string, name: string): Example | undefined =>
  listExamples(examplesDir).find((e) => e.name === name);
