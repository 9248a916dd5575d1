import { describe, expect, it } from 'vitest';
import { and, assign, not, or, setup, stateIn } from 'xstate';
import { type ChartEdge, type ChartGraph, toGraph, toJsonGraph } from './graph.js';
import { guardLabel, transitionLabel } from './labels.js';

const edge = (graph: ChartGraph, source: string, event: string): ChartEdge => {
  const found = graph.edges.find(
    (e) => e.source === source && (e.event.kind === 'always' ? 'always' : e.event.type) === event,
  );
  if (found === undefined) throw new Error(`no ${event} edge from ${source}`);
  return found;
};

describe('toGraph', () => {
  const timers = setup({
    guards: { isReady: () => true },
    actions: { log: () => {} },
    delays: { grace: 250 },
  }).createMachine({
    id: 'timers',
    initial: 'waiting',
    states: {
      waiting: {
        entry: 'log',
        after: { 1000: 'late', grace: { target: 'ready', guard: 'isReady' } },
      },
      ready: { always: [{ target: 'done', guard: 'isReady' }, { target: 'late' }] },
      late: {},
      done: { type: 'final' },
    },
  });

  it('reads delayed transitions as `after` with their delay, numeric or named', () => {
    const graph = toGraph(timers);
    const delayed = graph.edges.filter((e) => e.event.kind === 'after');
    expect(delayed.map((e) => [e.event, e.targets])).toEqual([
      [{ kind: 'after', type: 'xstate.after.1000.timers.waiting', delay: 1000 }, ['timers.late']],
      [
        { kind: 'after', type: 'xstate.after.grace.timers.waiting', delay: 'grace' },
        ['timers.ready'],
      ],
    ]);
    expect(delayed.map(transitionLabel)).toEqual(['after 1000ms', 'after grace [isReady]']);
  });

  it('keeps only the entry actions the config names, not the timers XState schedules', () => {
    const waiting = toGraph(timers).nodes.find((n) => n.id === 'timers.waiting');
    expect(waiting?.entry).toEqual([{ kind: 'named', type: 'log' }]);
    expect(waiting?.exit).toEqual([]);
  });

  it('reads eventless transitions in priority order', () => {
    const always = toGraph(timers).edges.filter((e) => e.event.kind === 'always');
    expect(always.map((e) => [e.targets, e.guard])).toEqual([
      [['timers.done'], { kind: 'named', type: 'isReady' }],
      [['timers.late'], null],
    ]);
  });

  it('reports inline guards and actions as <inline> and combinators by their shape', () => {
    const loose = setup({
      types: { context: {} as { n: number } },
      guards: { isA: () => true, isB: (_, _p: { n: number }) => true },
    }).createMachine({
      id: 'loose',
      context: { n: 0 },
      initial: 'a',
      states: {
        a: {
          on: {
            INLINE: { target: 'b', guard: ({ context }) => context.n > 0, actions: () => {} },
            COMBINED: { target: 'b', guard: and(['isA', not({ type: 'isB', params: { n: 2 } })]) },
            EITHER: { target: 'b', guard: or(['isA', stateIn('#loose.b')]) },
            BUILTIN: { actions: assign({ n: 1 }) },
          },
        },
        b: {},
      },
    });
    const graph = toGraph(loose);
    const inline = edge(graph, 'loose.a', 'INLINE');
    expect(inline.guard).toEqual({ kind: 'inline' });
    expect(inline.actions).toEqual([{ kind: 'inline' }]);
    expect(transitionLabel(inline)).toBe('INLINE [<inline>] / <inline>');
    const combined = edge(graph, 'loose.a', 'COMBINED').guard;
    expect(combined).toEqual({
      kind: 'and',
      guards: [
        { kind: 'named', type: 'isA' },
        { kind: 'not', guard: { kind: 'named', type: 'isB', params: { n: 2 } } },
      ],
    });
    expect(combined && guardLabel(combined)).toBe('and(isA, not(isB({"n":2})))');
    const either = edge(graph, 'loose.a', 'EITHER').guard;
    expect(either && guardLabel(either)).toBe('or(isA, stateIn("#loose.b"))');
    expect(edge(graph, 'loose.a', 'BUILTIN').actions).toEqual([
      { kind: 'builtin', type: 'xstate.assign' },
    ]);
  });

  it('marks params computed at run time as dynamic and makes static params JSON', () => {
    const params = setup({
      guards: { isAt: (_, _p: { lsn: bigint }) => true },
      actions: { note: (_, _p: { text: string }) => {} },
    }).createMachine({
      id: 'params',
      initial: 'a',
      states: {
        a: {
          on: {
            GO: {
              guard: { type: 'isAt', params: { lsn: 39000000034400001n } },
              actions: { type: 'note', params: ({ event }) => ({ text: event.type }) },
            },
          },
        },
      },
    });
    const go = edge(toGraph(params), 'params.a', 'GO');
    expect(go.guard).toEqual({ kind: 'named', type: 'isAt', params: { lsn: '39000000034400001' } });
    expect(go.actions).toEqual([{ kind: 'named', type: 'note', dynamicParams: true }]);
    expect(transitionLabel(go)).toBe('GO [isAt({"lsn":"39000000034400001"})] / note(<dynamic>)');
  });

  const nested = setup({}).createMachine({
    id: 'nested',
    initial: 'outer',
    states: {
      outer: {
        initial: 'x',
        onDone: 'after',
        on: {
          DOWN: '.y',
          AGAIN: { target: '.y', reenter: true },
          SELF: { target: 'outer' },
          STAY: {},
        },
        states: {
          x: { on: { NEXT: 'y' } },
          y: { on: { END: 'z' } },
          z: { type: 'final' },
          back: { type: 'history' },
          deepBack: { history: 'deep', target: 'y' },
        },
      },
      after: { on: { RESUME: 'outer.back' } },
      both: {
        type: 'parallel',
        states: { left: { type: 'history' }, one: {}, two: {} },
      },
    },
  });

  it('says which transitions leave their source', () => {
    const graph = toGraph(nested);
    const internal = (event: string) => edge(graph, 'nested.outer', event).internal;
    expect(internal('DOWN')).toBe(true);
    expect(internal('AGAIN')).toBe(false);
    expect(internal('SELF')).toBe(true);
    expect(internal('STAY')).toBe(true);
    expect(edge(graph, 'nested.outer', 'STAY').targets).toEqual([]);
    expect(edge(graph, 'nested.after', 'RESUME').internal).toBe(false);
  });

  it('reads onDone as a done event of its own state', () => {
    const done = toGraph(nested).edges.find((e) => e.event.kind === 'done');
    expect(done?.source).toBe('nested.outer');
    expect(done?.event).toEqual({ kind: 'done', type: 'xstate.done.state.nested.outer' });
  });

  it('resolves where a history state goes before it has any history', () => {
    const nodes = new Map(toGraph(nested).nodes.map((n) => [n.id, n]));
    expect(nodes.get('nested.outer.back')).toMatchObject({
      type: 'history',
      history: 'shallow',
      historyTarget: ['nested.outer.x'],
    });
    expect(nodes.get('nested.outer.deepBack')).toMatchObject({
      history: 'deep',
      historyTarget: ['nested.outer.y'],
    });
    expect(nodes.get('nested.both.left')?.historyTarget).toEqual(['nested.both']);
  });

  it('lists nodes in document order with parents, paths and initial children', () => {
    const graph = toGraph(nested);
    expect(graph.nodes.map((n) => n.id)).toEqual([
      'nested',
      'nested.outer',
      'nested.outer.x',
      'nested.outer.y',
      'nested.outer.z',
      'nested.outer.back',
      'nested.outer.deepBack',
      'nested.after',
      'nested.both',
      'nested.both.left',
      'nested.both.one',
      'nested.both.two',
    ]);
    expect(graph.nodes[1]).toMatchObject({
      key: 'outer',
      parent: 'nested',
      path: ['outer'],
      type: 'compound',
      initial: 'nested.outer.x',
    });
    expect(graph.nodes.find((n) => n.id === 'nested.both')?.initial).toBeNull();
  });

  it('is plain data: the JSON export parses back to the same graph', () => {
    expect(JSON.parse(toJsonGraph(nested))).toEqual(toGraph(nested));
    expect(toJsonGraph(nested)).toBe(toJsonGraph(nested));
  });
});
