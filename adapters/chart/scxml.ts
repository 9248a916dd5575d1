import type { AnyStateMachine } from 'xstate';
import { type ChartEdge, type ChartGraph, type ChartNode, toGraph } from './graph.js';
import { lookup, makeIdMap, toNcName } from './ids.js';
import { ancestry, guardLabel, nodeIndex } from './labels.js';
import type { ActionRef } from './refs.js';

/**
 * W3C SCXML (core constructs; no datamodel).
 *
 * - The machine root is the one top-level `<state>` (or `<parallel>`), so root-level transitions,
 *   entry actions and tags have a home; `<scxml initial>` names it.
 * - Ids are XML names (`ids.ts`); the `name` of `<scxml>` is the machine id as written.
 * - A guard is the transition's `cond`, written as the guard's name with its params as JSON:
 *   `hasAtLeast({"count":2})`; combinators read `and(a, not(b))`.
 * - An eventless transition has no `event`. An `after` transition is what SCXML itself uses: a
 *   delayed `<send>` on entry, a `<cancel>` on exit and a transition on that event. `onDone` is
 *   `done.state.<id>`. Whitespace in an event name becomes `_`, since `event` is a list.
 * - Actions are `<ag:action type=… params=…/>` in the `urn:agstate:chart` namespace (SCXML allows
 *   executable content from other namespaces); tags are `<ag:tag name=…/>`.
 * - Descriptions are XML comments. A history state always has its default transition, as SCXML
 *   requires; XState's implicit default (the parent's initial state) is written out.
 * - `type="internal"` is set when XState does not exit the source and every target is a proper
 *   descendant; SCXML treats an internal transition targeting its own source as external.
 */

const AG_NAMESPACE = 'urn:agstate:chart';

const isXmlChar = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  cp >= 0x10000;

/** Replaces characters XML 1.0 cannot carry at all (control characters, lone surrogates). */
const xmlChars = (text: string): string =>
  Array.from(text, (c) => (isXmlChar(c.codePointAt(0) ?? 0) ? c : '\uFFFD')).join('');

export const xmlAttribute = (text: string): string =>
  xmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');

/** A comment may not contain `--`; the padding keeps a trailing `-` away from `-->`. */
export const xmlComment = (text: string): string =>
  `<!-- ${xmlChars(text).replace(/-(?=-)/g, '- ')} -->`;

type Attributes = readonly (readonly [string, string | undefined])[];

const element = (name: string, attributes: Attributes, content: readonly string[]): string[] => {
  const written = attributes
    .filter((a): a is readonly [string, string] => a[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttribute(v)}"`)
    .join('');
  return content.length === 0
    ? [`<${name}${written}/>`]
    : [`<${name}${written}>`, ...content.map((l) => `  ${l}`), `</${name}>`];
};

const actionElement = (action: ActionRef): string[] => {
  switch (action.kind) {
    case 'named': {
      const params = action.dynamicParams
        ? '<dynamic>'
        : action.params === undefined
          ? undefined
          : JSON.stringify(action.params);
      return element(
        'ag:action',
        [
          ['type', action.type],
          ['params', params],
        ],
        [],
      );
    }
    case 'builtin':
      return element('ag:action', [['type', action.type]], []);
    case 'inline':
      return element('ag:action', [['type', '<inline>']], []);
  }
};

const eventToken = (type: string): string => type.replace(/\s+/g, '_');

export const graphToScxml = (graph: ChartGraph): string => {
  const index = nodeIndex(graph);
  const timerEvents = graph.edges.flatMap((e) => (e.event.kind === 'after' ? [e.event.type] : []));
  // One namespace of XML ids for states, delayed sends and invocations.
  const ids = makeIdMap(
    [
      ...graph.nodes.map((n) => `state ${n.id}`),
      ...timerEvents.map((type) => `send ${type}`),
      ...graph.nodes.flatMap((n) => n.invoke.map((i) => `invoke ${i.id}`)),
    ],
    (key) => toNcName(key.slice(key.indexOf(' ') + 1)),
  );
  const stateId = (id: string): string => lookup(ids, `state ${id}`);

  const eventOf = (edge: ChartEdge): string | undefined => {
    switch (edge.event.kind) {
      case 'always':
        return undefined;
      case 'done':
        return `done.state.${stateId(edge.source)}`;
      default:
        return eventToken(edge.event.type);
    }
  };

  const isProperDescendant = (id: string, of: string): boolean =>
    id !== of && ancestry(index, id).some((n) => n.id === of);

  const transition = (edge: ChartEdge): string[] => {
    const internal =
      edge.internal &&
      edge.targets.length > 0 &&
      edge.targets.every((t) => isProperDescendant(t, edge.source));
    return [
      ...(edge.description === null ? [] : [xmlComment(edge.description)]),
      ...element(
        'transition',
        [
          ['event', eventOf(edge)],
          ['cond', edge.guard === null ? undefined : guardLabel(edge.guard)],
          ['target', edge.targets.length === 0 ? undefined : edge.targets.map(stateId).join(' ')],
          ['type', internal ? 'internal' : undefined],
        ],
        edge.actions.flatMap(actionElement),
      ),
    ];
  };

  const declare = (node: ChartNode): string[] => {
    const own = graph.edges.filter((e) => e.source === node.id);
    const timers = own.flatMap((e) => (e.event.kind === 'after' ? [e.event] : []));
    const onentry = [
      ...node.entry.flatMap(actionElement),
      ...timers.flatMap((t) =>
        element(
          'send',
          [
            ['event', eventToken(t.type)],
            ['id', lookup(ids, `send ${t.type}`)],
            ['delay', typeof t.delay === 'number' ? `${t.delay}ms` : undefined],
            ['delayexpr', typeof t.delay === 'string' ? t.delay : undefined],
          ],
          [],
        ),
      ),
    ];
    const onexit = [
      ...node.exit.flatMap(actionElement),
      ...timers.flatMap((t) => element('cancel', [['sendid', lookup(ids, `send ${t.type}`)]], [])),
    ];
    const children = node.children.flatMap((c) => {
      const child = index.get(c);
      return child === undefined ? [] : declare(child);
    });
    if (node.type === 'history') {
      const defaults = element(
        'transition',
        [['target', (node.historyTarget ?? []).map(stateId).join(' ')]],
        [],
      );
      return element(
        'history',
        [
          ['id', stateId(node.id)],
          ['type', node.history ?? 'shallow'],
        ],
        defaults,
      );
    }
    const content = [
      ...(node.description === null ? [] : [xmlComment(node.description)]),
      ...node.tags.flatMap((t) => element('ag:tag', [['name', t]], [])),
      ...(onentry.length === 0 ? [] : element('onentry', [], onentry)),
      ...(onexit.length === 0 ? [] : element('onexit', [], onexit)),
      ...node.invoke.flatMap((i) =>
        element(
          'invoke',
          [
            ['type', 'xstate'],
            ['src', i.src],
            ['id', lookup(ids, `invoke ${i.id}`)],
          ],
          [],
        ),
      ),
      ...own.flatMap(transition),
      ...children,
    ];
    const tag = node.type === 'parallel' ? 'parallel' : node.type === 'final' ? 'final' : 'state';
    return element(
      tag,
      [
        ['id', stateId(node.id)],
        ['initial', node.initial === null ? undefined : stateId(node.initial)],
      ],
      content,
    );
  };

  const root = index.get(graph.root);
  const scxml = element(
    'scxml',
    [
      ['xmlns', 'http://www.w3.org/2005/07/scxml'],
      ['xmlns:ag', AG_NAMESPACE],
      ['version', '1.0'],
      ['name', graph.machine],
      ['initial', stateId(graph.root)],
    ],
    root === undefined ? [] : declare(root),
  );
  return `${['<?xml version="1.0" encoding="UTF-8"?>', ...scxml].join('\n')}\n`;
};

export const toScxml = (machine: AnyStateMachine): string => graphToScxml(toGraph(machine));
