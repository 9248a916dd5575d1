import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { render } from 'state-machine-cat';
import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, setup } from 'xstate';
import { toDot } from './dot.js';
import { toGraph, toJsonGraph } from './graph.js';
import { toMermaid } from './mermaid.js';
import { chartFileExtensions, chartFormats, renderChart } from './render.js';
import { toScxml, xmlAttribute } from './scxml.js';
import { renderDot, toSvg } from './svg.js';
import { mermaidProblems, scxmlProblems, xmlProblems } from './well-formed.js';

// A replica reduced to the constructs the exporters must draw: parallel regions, deep history,
// a final state, tags, descriptions, guards with params, eventless and delayed transitions,
// targetless and cross-hierarchy transitions, and transitions on composite states.
const replica = setup({
  types: {
    events: {} as
      | { type: 'replica.crash' }
      | { type: 'replica.restart' }
      | { type: 'replica.remove' }
      | { type: 'failover.planned' }
      | { type: 'failover.forced' }
      | { type: 'link.lost' }
      | { type: 'link.restored' }
      | { type: 'log.harden' },
  },
  guards: {
    isCaughtUp: () => true,
    isSynchronousCommit: () => true,
    hasAtLeast: (_, params: { synchronized: number }) => params.synchronized > 0,
  },
  actions: {
    recordCrash: () => {},
    startRedo: () => {},
    stopRedo: () => {},
    acknowledge: () => {},
    notifyPartner: (_, _params: { role: string }) => {},
  },
  delays: { sessionTimeout: 10_000 },
}).createMachine({
  id: 'replica',
  description: 'One availability replica',
  initial: 'online',
  on: { 'replica.remove': '.removed' },
  states: {
    online: {
      type: 'parallel',
      description: 'The instance is up',
      on: { 'replica.crash': { target: 'offline', actions: 'recordCrash' } },
      states: {
        role: {
          initial: 'SECONDARY',
          states: {
            SECONDARY: {
              description: 'Applies the log shipped by the primary',
              tags: ['readable'],
              entry: 'startRedo',
              exit: 'stopRedo',
              on: {
                'failover.planned': {
                  target: 'PRIMARY',
                  guard: { type: 'hasAtLeast', params: { synchronized: 1 } },
                  actions: { type: 'notifyPartner', params: { role: 'PRIMARY' } },
                },
              },
            },
            PRIMARY: { description: 'Accepts writes', tags: ['writable', 'readable'] },
            previous: { type: 'history', history: 'deep' },
          },
          on: { 'failover.forced': { target: '.PRIMARY', reenter: true } },
        },
        connection: {
          initial: 'CONNECTED',
          states: {
            CONNECTED: {
              on: { 'link.lost': 'DISCONNECTED', 'log.harden': { actions: 'acknowledge' } },
            },
            DISCONNECTED: {
              after: {
                sessionTimeout: 'TIMED_OUT',
                5000: { target: 'CONNECTED', guard: 'isSynchronousCommit' },
              },
              on: { 'link.restored': 'CONNECTED' },
            },
            TIMED_OUT: { always: { target: 'CONNECTED', guard: 'isCaughtUp' } },
          },
        },
      },
    },
    offline: {
      description: 'The instance is down',
      on: {
        'replica.restart': { target: ['online.role.previous', 'online.connection.DISCONNECTED'] },
      },
    },
    removed: { type: 'final', description: 'Removed from the availability group' },
  },
});

// Automatic seeding: nested compound states, competing guarded transitions, an eventless chain,
// onDone, a reentering self-transition and a composite targeting its own child.
const seeding = setup({
  guards: {
    canSeed: () => true,
    isRestored: (_, _params: { mode: string }) => true,
  },
  actions: { sendBackup: () => {}, reportProgress: () => {} },
}).createMachine({
  id: 'seeding',
  initial: 'idle',
  states: {
    idle: {
      on: { 'seeding.start': [{ target: 'running', guard: 'canSeed' }, { target: 'failed' }] },
    },
    running: {
      initial: 'streaming',
      entry: 'sendBackup',
      onDone: 'done',
      on: { 'seeding.restart': '.streaming' },
      states: {
        streaming: {
          on: {
            'seeding.progress': { target: 'streaming', reenter: true, actions: 'reportProgress' },
            'seeding.complete': 'restoring',
          },
        },
        restoring: {
          always: {
            target: 'restored',
            guard: { type: 'isRestored', params: { mode: 'NORECOVERY' } },
          },
        },
        restored: { type: 'final' },
      },
    },
    done: { type: 'final' },
    failed: { on: { 'seeding.retry': 'idle' } },
  },
});

// Names that every format must escape: quotes, markup, ampersands, spaces, dots, keywords,
// comment and entity markers, and keys that sanitise to the same identifier.
const awkward = setup({
  guards: { 'is<ok> & "fine"': (_, _params: { text: string }) => true },
  actions: { 'say "hi" & <bye>': () => {} },
}).createMachine({
  id: 'ag "main" <1> & co',
  description: 'A -- tricky --> machine ]]> <!-- with\nnewlines; colons: and %% percent # hash',
  initial: 'v1.0',
  states: {
    'v1.0': {
      id: 'version one',
      tags: ['a & b', '<tag>'],
      on: {
        'go now': {
          target: 'has space',
          guard: { type: 'is<ok> & "fine"', params: { text: 'a "b" <c> & d; e: f # g' } },
          actions: 'say "hi" & <bye>',
        },
        'x"y': 'a-b',
        'a<b': 'a_b',
      },
    },
    'has space': { description: 'it\'s <b>bold</b> & "quoted"', on: { end: 'state' } },
    'a-b': {},
    a_b: {},
    state: { type: 'final' },
  },
});

// Shapes the layout rules must survive: a parallel root with a targetless root transition, a
// transition between regions, a composite inside a region, a history state directly in a
// parallel state, and transitions into, out of and within composites at several depths.
const corners = setup({}).createMachine({
  id: 'corners',
  type: 'parallel',
  on: { TICK: {} },
  states: {
    left: {
      initial: 'inner',
      states: {
        inner: {
          initial: 'x',
          on: { UP: '#corners.right.deep.y', HOME: '.x', SELF: { target: 'inner', reenter: true } },
          states: {
            x: { on: { OUT: '#corners.left.flat', PARENT: '#corners.left.inner' } },
            y: {},
          },
        },
        flat: { on: { ACROSS: '#corners.right', INTO: 'inner.y' } },
      },
    },
    right: {
      initial: 'deep',
      states: { deep: { initial: 'y', states: { y: {} } } },
    },
    resume: { type: 'history', history: 'deep' },
  },
});

const samples: readonly (readonly [string, AnyStateMachine])[] = [
  ['replica', replica],
  ['seeding', seeding],
  ['awkward', awkward],
];

const GOLDEN = new URL('./__golden__/', import.meta.url);

/** Compares with the golden file, or rewrites it when UPDATE_GOLDEN=1. */
const expectGolden = (file: string, actual: string): void => {
  const path = new URL(file, GOLDEN);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
  }
  if (!existsSync(path)) throw new Error(`no golden file ${file}: run with UPDATE_GOLDEN=1`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
};

describe.each(samples)('charts of %s', (name, machine) => {
  it.each(chartFormats)('match the golden %s file', async (format) => {
    expectGolden(
      `${name}.golden.${chartFileExtensions[format]}`,
      await renderChart(machine, format),
    );
  });

  it('are the same on every run', async () => {
    expect(toMermaid(machine)).toBe(toMermaid(machine));
    expect(toDot(machine)).toBe(toDot(machine));
    expect(toScxml(machine)).toBe(toScxml(machine));
    expect(await toSvg(machine)).toBe(await toSvg(machine));
  });

  it('Mermaid: every arrow and note stays in the block that declares its states', () => {
    expect(mermaidProblems(toMermaid(machine))).toEqual([]);
  });

  it('SCXML: well-formed XML with unique XML-name ids and resolvable targets', () => {
    expect(xmlProblems(toScxml(machine))).toEqual([]);
    expect(scxmlProblems(toScxml(machine))).toEqual([]);
  });

  it('DOT: Graphviz lays it out without errors or warnings', async () => {
    const { svg, warnings } = await renderDot(toDot(machine));
    expect(warnings).toEqual([]);
    expect(xmlProblems(svg)).toEqual([]);
  });

  it('SVG: every state carries its exact id', async () => {
    const svg = await toSvg(machine);
    for (const node of toGraph(machine).nodes) {
      expect(svg).toContain(`data-state-id="${xmlAttribute(node.id)}"`);
    }
    expect(svg.match(/data-state-id=/g)?.length).toBe(toGraph(machine).nodes.length);
  });

  it('JSON: the graph export is the graph', () => {
    expect(JSON.parse(toJsonGraph(machine))).toEqual(toGraph(machine));
  });
});

describe('charts of unusual shapes', () => {
  it('stay well-formed in every format, and Graphviz lays them out without warnings', async () => {
    expect(mermaidProblems(toMermaid(corners))).toEqual([]);
    expect(xmlProblems(toScxml(corners))).toEqual([]);
    expect(scxmlProblems(toScxml(corners))).toEqual([]);
    expect((await renderDot(toDot(corners))).warnings).toEqual([]);
  });

  it('Mermaid: draws cross-region and inward transitions on the enclosing state, saying where they go', () => {
    const mermaid = toMermaid(corners);
    expect(mermaid).toContain('corners --> corners : UP (from left.inner to right.deep.y)');
    expect(mermaid).toContain('corners_left_inner --> corners_left_inner : HOME (to inner.x)');
    expect(mermaid).toContain('corners_left_inner --> corners_left_inner : PARENT (from inner.x)');
    expect(mermaid).toContain('corners_left_flat --> corners_left_inner : INTO (to inner.y)');
    expect(mermaid).toContain('corners : TICK');
  });

  it('DOT: clips at a cluster only when the other end lies outside it', () => {
    const dot = toDot(corners);
    const line = (id: string) => dot.split('\n').find((l) => l.includes(`id="transition:${id}"`));
    expect(line('corners.left.flat:0')).toContain('lhead="cluster_corners.right"');
    expect(line('corners.left.inner:0')).toContain('ltail="cluster_corners.left.inner"');
    expect(line('corners.left.inner:1')).not.toMatch(/ltail|lhead/);
    expect(line('corners.left.inner.x:1')).not.toMatch(/ltail|lhead/);
  });

  it('SCXML: a parallel root is the top <parallel>, and a history state keeps its default', () => {
    const scxml = toScxml(corners);
    expect(scxml).toContain('<scxml xmlns="http://www.w3.org/2005/07/scxml"');
    expect(scxml).toMatch(/<parallel id="corners">/);
    expect(scxml).toMatch(
      /<history id="corners.resume" type="deep">\s*<transition target="corners"\/>/,
    );
    expect(scxml).toContain('<transition event="TICK"/>');
  });
});

interface SmcatState {
  readonly name: string;
  readonly type: string;
  readonly statemachine?: SmcatMachine;
}
interface SmcatMachine {
  readonly states: readonly SmcatState[];
  readonly transitions?: readonly { from: string; to: string; event?: string }[];
}

const flattenStates = (m: SmcatMachine): SmcatState[] =>
  m.states.flatMap((s) => [s, ...(s.statemachine ? flattenStates(s.statemachine) : [])]);
const flattenTransitions = (m: SmcatMachine): string[] => [
  ...(m.transitions ?? []).map((t) => `${t.from} -> ${t.to} on ${t.event ?? '(none)'}`),
  ...m.states.flatMap((s) => (s.statemachine ? flattenTransitions(s.statemachine) : [])),
];

/** The machine's states and transitions read from XState itself, not through the walker. */
const fromXState = (machine: AnyStateMachine) => {
  const states: string[] = [];
  const transitions: string[] = [];
  const visit = (node: AnyStateMachine['root']): void => {
    states.push(node.id);
    const defs = [
      ...[...node.transitions].flatMap(([event, ts]) => ts.map((t) => ({ event, t }))),
      ...(node.always ?? []).map((t) => ({ event: '(none)', t })),
    ];
    for (const { event, t } of defs) {
      const scxmlEvent = event.replace(/^xstate\.done\.state\./, 'done.state.');
      for (const to of t.target?.map((x) => x.id) ?? [node.id]) {
        transitions.push(`${node.id} -> ${to} on ${scxmlEvent}`);
      }
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return { states: states.sort(), transitions: transitions.sort() };
};

describe('SCXML read back by state-machine-cat', () => {
  it.each([
    ['replica', replica],
    ['seeding', seeding],
  ] as const)('%s has the same states and transitions', async (_name, machine) => {
    const out: unknown = await render(toScxml(machine), { inputType: 'scxml', outputType: 'json' });
    const parsed = (typeof out === 'string' ? JSON.parse(out) : out) as SmcatMachine;
    const expected = fromXState(machine);
    const states = flattenStates(parsed).filter((s) => s.type !== 'initial');
    expect(states.map((s) => s.name).sort()).toEqual(expected.states);
    const transitions = flattenTransitions(parsed).filter((t) => !/^initial /.test(t));
    expect(transitions.sort()).toEqual(expected.transitions);
  });

  it('reads the awkward names as one state and one transition each', async () => {
    const out: unknown = await render(toScxml(awkward), { inputType: 'scxml', outputType: 'json' });
    const parsed = (typeof out === 'string' ? JSON.parse(out) : out) as SmcatMachine;
    const expected = fromXState(awkward);
    const states = flattenStates(parsed).filter((s) => s.type !== 'initial');
    expect(states).toHaveLength(expected.states.length);
    expect(new Set(states.map((s) => s.name)).size).toBe(expected.states.length);
    const transitions = flattenTransitions(parsed).filter((t) => !/^initial /.test(t));
    expect(transitions).toHaveLength(expected.transitions.length);
  });
});

describe('renderChart', () => {
  it('offers every format the CLI lists', () => {
    expect(chartFormats).toEqual(['mermaid', 'dot', 'scxml', 'json', 'svg']);
  });

  it('renders the same text as the named exporters', async () => {
    expect(await renderChart(seeding, 'mermaid')).toBe(toMermaid(seeding));
    expect(await renderChart(seeding, 'dot')).toBe(toDot(seeding));
    expect(await renderChart(seeding, 'scxml')).toBe(toScxml(seeding));
    expect(await renderChart(seeding, 'json')).toBe(toJsonGraph(seeding));
    expect(await renderChart(seeding, 'svg')).toBe(await toSvg(seeding));
  });
});
