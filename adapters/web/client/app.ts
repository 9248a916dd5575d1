import * as api from './api.js';
import { lightCharts, renderCharts } from './charts.js';
import { renderCluster } from './cluster.js';
import { renderDecisions } from './decisions.js';
import { leaveDistributed, loadDistributed } from './distributed.js';
import { byId, el, fill, reasonList } from './dom.js';
import { renderEvents, showStep } from './events.js';
import { renderExamples, showLoadProblems, wireLoadForms } from './loader.js';
import { exportScenario, scenarioInLink, shareLink } from './share.js';
import { renderTrace, replay, stopReplay } from './trace.js';
import type { Event, Problem, View } from './wire.js';

// The page: the server keeps the session; every answer carries the whole view at the cursor,
// and the page redraws from it.

let view: View | null = null;

const status = (text: string) => fill(byId('status'), text);

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && 'error' in body;

/** Events compare by their fields, whatever order the server wrote them in. */
const sameEvent = (a: Event, b: Event): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every(
    (k) =>
      JSON.stringify((a as Record<string, unknown>)[k]) ===
      JSON.stringify((b as Record<string, unknown>)[k]),
  );
};

const show = (next: View) => {
  leaveDistributed();
  view = next;
  const current = next;
  renderDecisions(
    current.decisions,
    current.actionsTsql,
    current.decisions.actions.map(
      (a) => current.events.find((o) => sameEvent(o.event, a.event))?.label ?? a.event.type,
    ),
    onEvent,
  );
  renderCluster(current);
  renderEvents(current.events, onEvent);
  showStep(current.trace[current.cursor]);
  renderTrace(current, pickStep);
  lightCharts(current, onEvent);
  status(`${current.source}: step ${current.cursor} of ${current.trace.length - 1}`);
};

const onEvent = async (event: Event): Promise<void> => {
  stopReplay();
  const answer = await api.sendEvent(event);
  const body = answer.body;
  if (isProblem(body)) {
    status(body.error);
    return;
  }
  show(body.view);
  if (!body.accepted)
    fill(
      byId('event-result'),
      el('strong', {}, `${body.label}: refused`),
      reasonList(body.refused),
    );
};

const onCursor = async (to: number): Promise<void> => {
  const answer = await api.moveCursor(to);
  if (isProblem(answer.body)) status(answer.body.error);
  else show(answer.body);
};

const pickStep = (to: number) => {
  stopReplay();
  void onCursor(to);
};

let distributedExamples = new Set<string>();

const onLoad = async (what: api.LoadRequest): Promise<boolean> => {
  stopReplay();
  if ('example' in what && distributedExamples.has(what.example)) {
    const problem = await loadDistributed(what);
    showLoadProblems(problem);
    if (problem === null) window.scrollTo({ top: 0 });
    return problem === null;
  }
  const answer = await api.load(what);
  if (isProblem(answer.body)) {
    showLoadProblems(answer.body);
    return false;
  }
  showLoadProblems(null);
  show(answer.body);
  // A new group: back to the top, where its decisions are.
  window.scrollTo({ top: 0 });
  return true;
};

const wireTrace = () => {
  byId('trace-back').addEventListener('click', () => view && pickStep(view.cursor - 1));
  byId('trace-forward').addEventListener('click', () => view && pickStep(view.cursor + 1));
  byId('trace-replay').addEventListener('click', () => view && void replay(view, onCursor));
  byId('trace-export').addEventListener('click', () =>
    exportScenario().catch((e: Error) => status(`The trace could not be exported: ${e.message}`)),
  );
  byId('trace-share').addEventListener('click', () =>
    shareLink().catch((e: Error) => status(`No link: ${e.message}`)),
  );
};

const start = async () => {
  const [examples, charts, current] = await Promise.all([
    api.getExamples(),
    api.getCharts(),
    api.getView(),
  ]);
  renderExamples(examples.body.examples);
  distributedExamples = new Set(
    examples.body.examples.filter((e) => e.kind === 'distributed').map((e) => e.name),
  );
  renderCharts(byId('chart-list'), charts.body.charts, () => view && lightCharts(view, onEvent));
  wireLoadForms((what) => void onLoad(what));
  wireTrace();
  const linked = scenarioInLink(window.location.hash);
  if (linked !== null) {
    if (!(await onLoad({ json: linked })))
      status('The link holds a scenario that could not be loaded.');
  } else if (isProblem(current.body)) status('Load a configuration to begin.');
  else show(current.body);
  document.body.dataset.ready = 'true';
};

start().catch((e: Error) => status(`The page could not start: ${e.message}`));
