import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { DistributedEvent } from '../../core/distributed/events.js';
import { decodeWith } from '../../core/model/decode.js';
import { ClusterEvent } from '../../core/model/events.js';
import { Integer } from '../../core/model/integer.js';
import { formatProblem } from '../../core/model/report.js';
import { machineCharts } from './charts.js';
import { eventLabel, observationText } from './describe.js';
import {
  applyDistributed,
  type DistributedSession,
  distributedEventLabel,
  distributedObservationText,
  distributedSession,
  distributedView,
  moveDistributedCursor,
} from './distributed.js';
import { findExample, listExamples } from './examples.js';
import { LoadRequest, loadSession, MAX_TRACE_STEPS } from './load.js';
import { noProgress, type Progress } from './progress.js';
import { sessionScenario } from './scenario-export.js';
import { applyEvent, moveCursor, type Session } from './session.js';
import { type SessionView, sessionView } from './view.js';

/**
 * The JSON API on the page's origin. It holds the one session (the trace and its cursor) and
 * answers with plain values; server.ts does the HTTP.
 *
 *   GET  /api/examples  the bundled examples
 *   GET  /api/charts    every machine's chart as SVG
 *   GET  /api/view      the view at the cursor (see view.ts)
 *   POST /api/load      { example } | { json } | { tsql, version? } | { snapshot }  → the new view
 *   POST /api/event     { event }   → accepted with the new view, or 409 with every reason
 *   POST /api/cursor    { to }      → the view at that step of the trace
 *   GET  /api/scenario  the whole trace as a scenario file (see scenario-export.ts)
 *
 * A distributed availability group has its own session (distributed.ts), beside the group's:
 *   POST /api/distributed/load    { example } | { json }  → its view
 *   GET  /api/distributed/view    the view at its cursor
 *   POST /api/distributed/event   { event } → accepted with the new view, or 409 with every reason
 *   POST /api/distributed/cursor  { to }    → the view at that step
 */

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface Api {
  readonly handle: (method: string, path: string, body: unknown) => Promise<ApiResponse>;
}

const ok = (body: unknown): ApiResponse => ({ status: 200, body });
const problem = (status: number, error: string, problems: readonly string[] = []): ApiResponse => ({
  status,
  body: { error, problems },
});

const EventRequest = t.strict({ event: t.unknown });
const CursorRequest = t.strict({ to: Integer });

/** Every route the API answers, as `METHOD /path`. */
export const ROUTES = {
  'GET /api/examples': 'examples',
  'GET /api/charts': 'charts',
  'GET /api/view': 'view',
  'POST /api/load': 'load',
  'POST /api/event': 'event',
  'POST /api/cursor': 'cursor',
  'GET /api/scenario': 'scenario',
  'POST /api/distributed/load': 'distributedLoad',
  'GET /api/distributed/view': 'distributedView',
  'POST /api/distributed/event': 'distributedEvent',
  'POST /api/distributed/cursor': 'distributedCursor',
} as const;

export const isApiPath = (path: string): boolean => path.startsWith('/api/');

export const createApi = (
  examplesDir: string,
  initial: Session | null,
  progress: Progress = noProgress,
): Api => {
  let session = initial;
  // A view depends on the trace, the cursor and the source only; the page asks for the same one
  // again and again (reloads, stepping back and forth), and a large group's takes seconds.
  const views = new WeakMap<Session['trace'], Map<string, SessionView>>();
  const view = (s: Session): SessionView => {
    let byCursor = views.get(s.trace);
    if (byCursor === undefined) {
      byCursor = new Map();
      views.set(s.trace, byCursor);
    }
    const key = `${s.cursor}\u0000${s.source}`;
    const known = byCursor.get(key);
    if (known !== undefined) return known;
    const made = sessionView(s, progress);
    byCursor.set(key, made);
    return made;
  };

  const nothingLoaded = () => problem(409, 'no configuration is loaded: load one first');

  const load = (body: unknown): ApiResponse => {
    const request = LoadRequest.decode(body);
    if (E.isLeft(request))
      return problem(
        400,
        'expected { "example": name }, { "json": text }, { "tsql": text } or { "snapshot": text }',
      );
    const loaded = loadSession(request.right, examplesDir, progress);
    if (E.isLeft(loaded)) return problem(422, loaded.left.message, loaded.left.problems);
    session = loaded.right;
    return ok(view(session));
  };

  const event = (current: Session, body: unknown): ApiResponse => {
    if (!EventRequest.is(body)) return problem(400, 'expected { "event": { "type": … } }');
    const decoded = decodeWith(ClusterEvent)(body.event);
    if (E.isLeft(decoded))
      return problem(400, 'not an event agstate knows', decoded.left.map(formatProblem));
    if (current.cursor + 1 >= MAX_TRACE_STEPS)
      return problem(
        422,
        `the trace holds ${MAX_TRACE_STEPS} steps, the most the page keeps: load the configuration again to start a new one`,
      );
    const applied = applyEvent(current, decoded.right);
    if (!applied.accepted)
      return {
        status: 409,
        body: {
          accepted: false,
          label: eventLabel(decoded.right),
          refused: applied.refused,
          view: view(current),
        },
      };
    session = applied.session;
    return ok({
      accepted: true,
      label: eventLabel(decoded.right),
      observations: applied.step.observations.map(observationText),
      view: view(session),
    });
  };

  const cursor = (current: Session, body: unknown): ApiResponse => {
    if (!CursorRequest.is(body)) return problem(400, 'expected { "to": step number }');
    session = moveCursor(current, body.to);
    return ok(view(session));
  };

  let distributed: DistributedSession | null = null;
  const DistributedLoadRequest = t.union([
    t.strict({ example: t.string }),
    t.strict({ json: t.string }),
  ]);

  const distributedLoad = (body: unknown): ApiResponse => {
    if (!DistributedLoadRequest.is(body))
      return problem(400, 'expected { "example": name } or { "json": text }');
    let source: string;
    let text: string;
    if ('example' in body) {
      const example = findExample(examplesDir, body.example);
      if (example === undefined || example.kind !== 'distributed')
        return problem(422, `no bundled distributed availability group is named ${body.example}`);
      source = example.name;
      text = readFileSync(example.file, 'utf8');
    } else {
      source = 'pasted JSON';
      text = body.json;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return problem(422, `${source}: not JSON`, [(e as Error).message]);
    }
    const loaded = distributedSession(source, doc);
    if (E.isLeft(loaded)) return problem(422, loaded.left.message, loaded.left.problems);
    distributed = loaded.right;
    return ok(distributedView(distributed));
  };

  const distributedEvent = (current: DistributedSession, body: unknown): ApiResponse => {
    if (!EventRequest.is(body)) return problem(400, 'expected { "event": { "type": … } }');
    const decoded = decodeWith(DistributedEvent)(body.event);
    if (E.isLeft(decoded))
      return problem(
        400,
        'not a distributed group event agstate knows',
        decoded.left.map(formatProblem),
      );
    if (current.cursor + 1 >= MAX_TRACE_STEPS)
      return problem(422, `the trace holds ${MAX_TRACE_STEPS} steps, the most the page keeps`);
    const label = distributedEventLabel(decoded.right);
    const applied = applyDistributed(current, decoded.right);
    if (!applied.accepted)
      return {
        status: 409,
        body: { accepted: false, label, refused: applied.refused, view: distributedView(current) },
      };
    distributed = applied.session;
    const last = applied.session.trace[applied.session.cursor]!;
    return ok({
      accepted: true,
      label,
      observations: last.observations.map(distributedObservationText),
      view: distributedView(applied.session),
    });
  };

  const handleDistributed = (
    route: 'distributedView' | 'distributedEvent' | 'distributedCursor',
    body: unknown,
  ): ApiResponse => {
    if (distributed === null)
      return problem(409, 'no distributed availability group is loaded: load one first');
    switch (route) {
      case 'distributedView':
        return ok(distributedView(distributed));
      case 'distributedEvent':
        return distributedEvent(distributed, body);
      case 'distributedCursor':
        if (!CursorRequest.is(body)) return problem(400, 'expected { "to": step number }');
        distributed = moveDistributedCursor(distributed, body.to);
        return ok(distributedView(distributed));
    }
  };

  const handle = async (method: string, path: string, body: unknown): Promise<ApiResponse> => {
    const route = ROUTES[`${method} ${path}` as keyof typeof ROUTES];
    switch (route) {
      case 'distributedLoad':
        return distributedLoad(body);
      case 'distributedView':
      case 'distributedEvent':
      case 'distributedCursor':
        return handleDistributed(route, body);
      case undefined:
        return problem(404, `no ${method} ${path}`);
      case 'examples':
        return ok({
          examples: listExamples(examplesDir).map(({ file: _file, ...rest }) => rest),
        });
      case 'charts':
        return ok({ charts: await machineCharts() });
      case 'load':
        return load(body);
    }
    if (session === null) return nothingLoaded();
    switch (route) {
      case 'view':
        return ok(view(session));
      case 'event':
        return event(session, body);
      case 'cursor':
        return cursor(session, body);
      case 'scenario':
        return ok(sessionScenario(session));
    }
  };

  return { handle };
};
