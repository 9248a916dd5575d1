import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../core/model/config.js';
import { decodeConfig, decodeWith } from '../../core/model/decode.js';
import { ScenarioInput } from '../../core/model/scenario.js';
import { scenarioStepProblems } from '../../core/model/scenario-check.js';
import { validateConfig } from '../../core/validation/validate.js';
import { clusterConfigArb, clusterEventArb } from '../../properties/cluster-arbitraries.js';
import { ownSeed, propertyRuns } from '../../properties/runs.js';
import { snapshotTextToFacts } from '../dmv/read.js';
import { readScriptReport } from '../tsql/script.js';
import { EXIT_MEANINGS, type ExitCommand } from './exit.js';
import { decodeText } from './input/read.js';
import { expectConforming, linesOf, type Run, readExample, run } from './test-support.js';

/**
 * Whatever the input (bytes, broken files, arbitrary arguments), `main` answers: it never throws,
 * accepts with exit 0 or 1 and nothing on stderr, or rejects with exit 2 and one line on stderr
 * per problem, each naming the command. With --json, whatever is on stdout is one JSON document,
 * and a refusal's envelope lists exactly the problems stderr has lines for.
 */
const answersProperly = (r: Run, json: boolean): boolean => {
  if (r.code === 0 || r.code === 1) {
    expect(r.stderr).toBe('');
  } else {
    expect(r.code).toBe(2);
    expect(r.stderr.endsWith('\n')).toBe(true);
    for (const line of linesOf(r.stderr)) expect(line).toMatch(/^agstate[ :]/);
  }
  if (json && r.stdout !== '') {
    const doc = JSON.parse(r.stdout) as { error: { problems: readonly string[] } | null };
    expectConforming(doc);
    if (r.code === 2 && doc.error !== null)
      expect(linesOf(r.stderr)).toHaveLength(doc.error.problems.length);
  }
  return true;
};

const RUNS = { numRuns: propertyRuns(150), ...ownSeed(20_251_204) };

/** Splice random text into a valid file: deletions, insertions and replacements at random places. */
const mutatedText = (text: string) =>
  fc
    .array(
      fc.tuple(fc.nat(text.length), fc.nat(40), fc.string({ unit: 'binary', maxLength: 12 })),
      {
        minLength: 1,
        maxLength: 4,
      },
    )
    .map((edits) =>
      edits.reduce(
        (t, [at, remove, insert]) => t.slice(0, at) + insert + t.slice(at + remove),
        text,
      ),
    );

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const pathsOf = (
  value: Json,
  prefix: readonly (string | number)[] = [],
): (readonly (string | number)[])[] => {
  const here = [prefix];
  if (Array.isArray(value))
    return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
};

const edit = (
  value: Json,
  path: readonly (string | number)[],
  replacement: Json | undefined,
): Json => {
  const [key, ...rest] = path;
  if (key === undefined) return replacement ?? null;
  if (Array.isArray(value) && typeof key === 'number') {
    const copy = [...value];
    if (rest.length === 0 && replacement === undefined) copy.splice(key, 1);
    else copy[key] = edit(value[key] ?? null, rest, replacement);
    return copy;
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof key === 'string'
  ) {
    const copy = { ...value };
    if (rest.length === 0 && replacement === undefined) delete copy[key];
    else copy[key] = edit(value[key] ?? null, rest, replacement);
    return copy;
  }
  return value;
};

/** Change a valid document's values: replace any value with arbitrary JSON, or remove it. */
const mutatedDocument = (doc: Json, interesting: fc.Arbitrary<Json> = fc.constant(null)) => {
  const paths = pathsOf(doc);
  return fc
    .array(
      fc.tuple(
        fc.nat(paths.length - 1),
        fc.option(fc.oneof(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, interesting), {
          nil: undefined,
        }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((edits) =>
      edits.reduce((d, [i, replacement]) => edit(d, paths[i] ?? [], replacement), doc),
    );
};

const files = {
  config: await readExample('examples/resync-three-replicas.json'),
  tsql: await readExample('examples/tsql/three-replica-wsfc.sql'),
  dmvJson: await readExample('examples/snapshots/primary.json'),
  dmvCsv: await readExample('examples/snapshots/primary.csv'),
  scenario: await readExample('examples/scenarios/resync-walkthrough.json'),
};

/** An input kind: the command that reads it and the file name that says its kind. */
const KINDS = [
  { kind: 'config JSON', argv: ['validate', 'in.json'], file: 'in.json', text: files.config },
  {
    kind: 'config JSON (explain)',
    argv: ['explain', 'in.json'],
    file: 'in.json',
    text: files.config,
  },
  {
    kind: 'T-SQL',
    argv: ['validate', 'in.sql', '--version', '2019'],
    file: 'in.sql',
    text: files.tsql,
  },
  {
    kind: 'T-SQL (explain)',
    argv: ['explain', 'in.sql', '--version', '2022'],
    file: 'in.sql',
    text: files.tsql,
  },
  { kind: 'DMV JSON', argv: ['decide', 'in.json'], file: 'in.json', text: files.dmvJson },
  { kind: 'DMV CSV', argv: ['decide', 'in.csv'], file: 'in.csv', text: files.dmvCsv },
  { kind: 'scenario JSON', argv: ['simulate', 'in.json'], file: 'in.json', text: files.scenario },
] as const;

const runWith = async (
  argv: readonly string[],
  file: string,
  content: string | Uint8Array,
  json: boolean,
) =>
  answersProperly(
    await run(json ? [...argv, '--json'] : argv, { files: { [file]: content } }),
    json,
  );

describe('every input kind, whatever its bytes', () => {
  for (const { kind, argv, file, text } of KINDS) {
    it(`${kind}: arbitrary bytes`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, json) =>
          runWith(argv, file, bytes, json),
        ),
        RUNS,
      );
    });

    it(`${kind}: a valid file with random edits`, async () => {
      await fc.assert(
        fc.asyncProperty(mutatedText(text), fc.boolean(), (mutated, json) =>
          runWith(argv, file, mutated, json),
        ),
        RUNS,
      );
    });
  }

  for (const { kind, argv, file, text } of KINDS.filter((k) => k.file.endsWith('.json'))) {
    it(`${kind}: a valid document with values replaced or removed`, async () => {
      const doc = JSON.parse(text) as Json;
      const interesting = fc.constantFrom<Json>(
        'SQLNODE1',
        'SalesDB',
        '0',
        '18446744073709551616',
        -1,
        1e308,
        2 ** 53 + 1,
      );
      await fc.assert(
        fc.asyncProperty(mutatedDocument(doc, interesting), fc.boolean(), (mutated, json) =>
          runWith(argv, file, JSON.stringify(mutated), json),
        ),
        RUNS,
      );
    });
  }

  it('scenario JSON: random groups with random valid events', async () => {
    const scenarios = clusterConfigArb.chain((config) =>
      fc.record({
        config: fc.constant(config),
        baseLsn: fc.bigInt({ min: 0n, max: 10n ** 24n }).map(String),
        steps: fc.array(
          fc.record(
            { event: clusterEventArb(config), at: fc.nat(100_000) },
            { requiredKeys: ['event'] },
          ),
          { maxLength: 40 },
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(scenarios, fc.boolean(), (scenario, json) =>
        runWith(['simulate', 'in.json'], 'in.json', JSON.stringify(scenario), json),
      ),
      { numRuns: 60 },
    );
  });
});

describe('arbitrary arguments', () => {
  const token = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'validate',
        'explain',
        'decide',
        'simulate',
        'chart',
        'serve',
        'help',
      ),
    },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '--json',
        '--version',
        '--target',
        '--database',
        '--backup-type',
        '--group',
        '--trace-only',
        '--faults',
        '--commits',
        '--max-states',
        '--forced-failover',
        '--format',
        '--port',
        '--host',
        '--example',
        '-h',
        '--help',
        '-V',
        '--',
        '-',
      ),
    },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        'examples/resync-three-replicas.json',
        'examples/tsql/three-replica-wsfc.sql',
        'examples/snapshots/primary.json',
        'examples/snapshots/secondary.csv',
        'examples/scenarios/resync-walkthrough.json',
        'examples',
        '2019',
        '2000',
        'SQLNODE2',
        'SalesDB',
        'FULL',
        'mermaid',
        'dot',
        'replica',
        '8080',
        '0.0.0.0',
      ),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  );

  it('never throw and always answer with a proper exit code and stderr', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 7 }), async (argv) => {
        // The SVG renderer is slow, and so is a search without a bound: both are kept small.
        const chartsFast = argv.map((a) => (a === 'svg' ? 'dot' : a));
        const safe = chartsFast.includes('check')
          ? [...chartsFast, '--max-states', '200']
          : chartsFast;
        // Help and --version are text even beside --json; the JSON documents are checked above.
        return answersProperly(await run(safe), false);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Every exit code means what docs/cli.md and `--help` say (exit.ts, EXIT_MEANINGS), checked
 * against the library's own decoders on the same bytes: 2 exactly when the decoder of that input
 * kind rejects it; otherwise 0, or 1 exactly when the command's 1 means "breaks documented rules"
 * and validateConfig finds a violation; never 3, whatever the input. With --json, the envelope
 * carries the error exactly on exit 2 and the result otherwise.
 */
type Verdict =
  | { readonly decoded: false }
  | { readonly decoded: true; readonly violations: number };

const rejected: Verdict = { decoded: false };
const accepted = (violations: number): Verdict => ({ decoded: true, violations });

const jsonDocument = (text: string): E.Either<unknown, unknown> => {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  if (body.trim() === '') return E.left('empty');
  try {
    return E.right(JSON.parse(body));
  } catch (e) {
    return E.left(e);
  }
};

const configVerdict = (text: string): Verdict => {
  const doc = jsonDocument(text);
  if (E.isLeft(doc)) return rejected;
  const config = decodeConfig(doc.right);
  return E.isLeft(config) ? rejected : accepted(validateConfig(config.right).length);
};

/**
 * validate and explain take any script (docs/tsql.md): bad input exactly when the reader reports
 * an error; otherwise the violations of every group the script creates.
 */
const tsqlVerdict =
  (version: 2019 | 2022) =>
  (text: string): Verdict => {
    const { script, errors } = readScriptReport(text, { version, fileName: 'in.sql' });
    return errors.length > 0
      ? rejected
      : accepted(script.configs.reduce((n, c) => n + validateConfig(c).length, 0));
  };

const snapshotVerdict = (text: string): Verdict =>
  E.isLeft(snapshotTextToFacts(text)) ? rejected : accepted(0);

const scenarioVerdict = (text: string): Verdict => {
  const doc = jsonDocument(text);
  if (E.isLeft(doc)) return rejected;
  const scenario = decodeWith(ScenarioInput)(doc.right);
  // A scenario naming a T-SQL file would read another file: the generated ones never do.
  if (E.isLeft(scenario) || 'tsql' in scenario.right.config) return rejected;
  const config = resolveConfig(scenario.right.config);
  // A step that names a replica or database the group lacks is refused when read (scenario-check).
  if (scenarioStepProblems(config, scenario.right.steps).length > 0) return rejected;
  return accepted(validateConfig(config).length);
};

interface Door {
  readonly command: ExitCommand;
  readonly argv: readonly string[];
  readonly file: string;
  readonly text: string;
  readonly verdict: (text: string) => Verdict;
}

const DOORS: readonly Door[] = [
  {
    command: 'validate',
    argv: ['validate', 'in.json'],
    file: 'in.json',
    text: files.config,
    verdict: configVerdict,
  },
  {
    command: 'explain',
    argv: ['explain', 'in.json'],
    file: 'in.json',
    text: files.config,
    verdict: configVerdict,
  },
  {
    command: 'validate',
    argv: ['validate', 'in.sql', '--sql-version', '2019'],
    file: 'in.sql',
    text: files.tsql,
    verdict: tsqlVerdict(2019),
  },
  {
    command: 'explain',
    argv: ['explain', 'in.sql', '--sql-version', '2022'],
    file: 'in.sql',
    text: files.tsql,
    verdict: tsqlVerdict(2022),
  },
  {
    command: 'decide',
    argv: ['decide', 'in.json'],
    file: 'in.json',
    text: files.dmvJson,
    verdict: snapshotVerdict,
  },
  {
    command: 'decide',
    argv: ['decide', 'in.csv'],
    file: 'in.csv',
    text: files.dmvCsv,
    verdict: snapshotVerdict,
  },
  {
    command: 'simulate',
    argv: ['simulate', 'in.json'],
    file: 'in.json',
    text: files.scenario,
    verdict: scenarioVerdict,
  },
];

/** The exit code the documentation promises for a verdict. */
const promised = (command: ExitCommand, v: Verdict): number => {
  if (!v.decoded) return 2;
  // A command whose 1 means "breaks documented rules" says so; the others answer 0 regardless.
  const [, no] = EXIT_MEANINGS[command];
  return no !== null && /breaks documented rules|violations/.test(no) && v.violations > 0 ? 1 : 0;
};

const meansWhatItSays = async (door: Door, content: string | Uint8Array, json: boolean) => {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const expected = promised(door.command, door.verdict(await decodeText(bytes)));
  const r = await run(json ? [...door.argv, '--json'] : door.argv, {
    files: { [door.file]: content },
  });
  expect(r.code, `${door.argv.join(' ')}: ${r.stderr}`).toBe(expected);
  expect(r.stderr.startsWith('agstate: internal error')).toBe(false);
  if (json) {
    const envelope = JSON.parse(r.stdout) as { result: unknown; error: unknown };
    expect(envelope.error === null).toBe(expected !== 2);
    expect(envelope.result === null).toBe(expected === 2);
  }
  return true;
};

describe('every exit code means what the documentation says, for every decoder', () => {
  for (const door of DOORS) {
    const kind = `${door.argv.join(' ')}`;
    it(`${kind}: arbitrary bytes`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, json) =>
          meansWhatItSays(door, bytes, json),
        ),
        { numRuns: propertyRuns(60), ...ownSeed(17) },
      );
    });

    it(`${kind}: a valid file with random edits`, async () => {
      await fc.assert(
        fc.asyncProperty(mutatedText(door.text), fc.boolean(), (text, json) =>
          meansWhatItSays(door, text, json),
        ),
        { numRuns: propertyRuns(60), ...ownSeed(17) },
      );
    });

    if (door.file.endsWith('.json'))
      it(`${kind}: a valid document with values replaced or removed`, async () => {
        const doc = JSON.parse(door.text) as Json;
        await fc.assert(
          fc.asyncProperty(mutatedDocument(doc), fc.boolean(), (mutated, json) =>
            meansWhatItSays(door, JSON.stringify(mutated), json),
          ),
          { numRuns: propertyRuns(80), ...ownSeed(17) },
        );
      });
  }
});
