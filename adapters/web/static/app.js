import * as api from './api.js';
import { lightCharts, renderCharts } from './charts.js';
import { byId, fill } from './dom.js';
import { renderEvents, showEventResult } from './events.js';
import { renderExamples, showLoadProblems, wireLoadForms } from './loader.js';
import { renderCluster, renderDecisions } from './panel.js';
import { renderTrace, replay, stopReplay } from './trace.js';

// The page: the server keeps the session; every answer carries the whole view at the cursor,
// and the page redraws from it.

let view = null;

const status = (text) => fill(byId('status'), text);

const show = (next) => {
  view = next;
  renderCluster(view);
  renderEvents(view.events, onEvent);
  renderDecisions(view.decisions, view.actionsTsql);
  renderTrace(view, pickStep);
  lightCharts(view.machines);
  status(`${view.source}: step ${view.cursor} of ${view.trace.length - 1}`);
};

const onEvent = async (event) => {
  stopReplay();
  const answer = await api.sendEvent(event);
  if (answer.status === 200 || answer.status === 409) {
    showEventResult(answer.body);
    show(answer.body.view);
  } else {
    status(answer.body.error);
  }
};

const onCursor = async (to) => {
  const answer = await api.moveCursor(to);
  if (answer.status === 200) show(answer.body);
  else status(answer.body.error);
};

const pickStep = (to) => {
  stopReplay();
  return onCursor(to);
};

const onLoad = async (what) => {
  stopReplay();
  const answer = await api.load(what);
  if (answer.status === 200) {
    showLoadProblems(null);
    showEventResult(null);
    show(answer.body);
  } else {
    showLoadProblems(answer.body);
  }
};

const start = async () => {
  const [examples, charts, current] = await Promise.all([
    api.getExamples(),
    api.getCharts(),
    api.getView(),
  ]);
  renderExamples(examples.body.examples);
  renderCharts(byId('chart-list'), charts.body.charts, () => view && lightCharts(view.machines));
  wireLoadForms(onLoad);
  byId('trace-back').addEventListener('click', () => pickStep(view.cursor - 1));
  byId('trace-forward').addEventListener('click', () => pickStep(view.cursor + 1));
  byId('trace-replay').addEventListener('click', () => replay(view, onCursor));
  if (current.status === 200) show(current.body);
  else status('Load a configuration to begin.');
  document.body.dataset.ready = 'true';
};

start().catch((e) => status(`The page could not start: ${e.message}`));
