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
  readonly kind: 'configuration' | 'scenario';
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
  ...jsonFiles(join(examplesDir, 'scenarios'))
    // The page does not show distributed availability groups yet: `agstate simulate` runs those.
    .filter((f) => {
      const doc = readJson(join(examplesDir, 'scenarios', f));
      return !(typeof doc === 'object' && doc !== null && 'distributed' in doc);
    })
    .map((f): Example => {
      const file = join(examplesDir, 'scenarios', f);
      const doc = readJson(file);
      const name = `scenarios/${basename(f, '.json')}`;
      return {
        name,
        kind: 'scenario',
        title: text(doc, 'name') ?? name,
        description: text(doc, 'description'),
        file,
      };
    }),
];

export const findExample = (examplesDir: string, name: string): Example | undefined =>
  listExamples(examplesDir).find((e) => e.name === name);
