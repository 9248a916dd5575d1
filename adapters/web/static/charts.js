import { el, fill } from './dom.js';

// Every machine's chart, with the states of one instance lit. The SVGs come from the server's
// Graphviz rendering of the machines; they are parsed as XML and adopted, never set as HTML.

const charts = new Map();

const parseSvg = (text) => {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') throw new Error('the server sent a chart that is not SVG');
  return document.importNode(svg, true);
};

/** Builds one figure per machine: a heading, a chooser of the instance, the drawing. */
export const renderCharts = (container, machineCharts, onChoose) => {
  fill(container);
  for (const chart of machineCharts) {
    const chooser = el('select', { 'aria-label': `${chart.name} instance`, class: 'instance' });
    chooser.addEventListener('change', () => onChoose());
    const litStates = el('p', { class: 'lit-states' });
    const drawing = el('div', { class: 'chart-drawing' }, parseSvg(chart.svg));
    const fullSize = el('button', { type: 'button', 'aria-pressed': 'false' }, 'Full size');
    fullSize.addEventListener('click', () => {
      const on = drawing.classList.toggle('full-size');
      fullSize.setAttribute('aria-pressed', String(on));
    });
    const figure = el(
      'figure',
      { class: 'chart', 'data-machine': chart.name },
      el(
        'figcaption',
        {},
        el('h3', {}, chart.name),
        el('p', { class: 'hint' }, chart.purpose),
        el('div', { class: 'row' }, el('label', {}, 'Lit: ', chooser), fullSize),
        litStates,
      ),
      drawing,
    );
    container.append(figure);
    charts.set(chart.name, { chooser, litStates, drawing, labels: [] });
  }
};

/** Keeps the chosen instance when it is still offered, else picks the first. */
const offerInstances = (chart, instances) => {
  const labels = instances.map((i) => i.label);
  if (JSON.stringify(labels) === JSON.stringify(chart.labels)) return;
  const previous = chart.labels[Number(chart.chooser.value)];
  fill(
    chart.chooser,
    labels.map((label, index) => el('option', { value: String(index) }, label)),
  );
  chart.chooser.value = String(Math.max(0, labels.indexOf(previous)));
  chart.labels = labels;
  chart.chooser.disabled = labels.length <= 1;
};

/** Lights, on every chart, the states of the chosen instance (by data-state-id). */
export const lightCharts = (machines) => {
  for (const [name, chart] of charts) {
    const instances = machines[name] ?? [];
    offerInstances(chart, instances);
    const chosen = instances[Number(chart.chooser.value)] ?? { active: [], within: [] };
    const active = new Set(chosen.active);
    const within = new Set(chosen.within);
    for (const state of chart.drawing.querySelectorAll('[data-state-id]')) {
      const id = state.getAttribute('data-state-id');
      state.classList.toggle('lit', active.has(id));
      state.classList.toggle('lit-within', within.has(id));
    }
    chart.litStates.textContent = chosen.active.join(', ');
  }
};
