import Panzoom, { type PanzoomObject } from '@panzoom/panzoom';
import { el, fill } from './dom.js';
import type { Chart, Event, OfferedEvent, View } from './wire.js';

// Every machine's chart, with the states of one instance lit and the transitions that instance
// can take now marked: clicking one fires its event. The SVGs come from the server's Graphviz
// rendering of the machines; they are parsed as XML and adopted, never set as HTML. Zoom and pan
// are @panzoom/panzoom's, on the drawing inside a fixed frame.

type Instance = View['machines'][keyof View['machines']][number];

interface ChartState {
  readonly chooser: HTMLSelectElement;
  readonly litStates: HTMLElement;
  readonly drawing: HTMLElement;
  readonly menu: HTMLElement;
  labels: readonly string[];
}

const charts = new Map<string, ChartState>();

const parseSvg = (text: string): SVGSVGElement => {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') throw new Error('the server sent a chart that is not SVG');
  const adopted = document.importNode(svg, true) as unknown as SVGSVGElement;
  // The frame sets the size; the viewBox keeps the drawing's proportions inside it.
  adopted.setAttribute('width', '100%');
  adopted.setAttribute('height', '100%');
  return adopted;
};

const ZOOM_STEP = 0.3;

const zoomControls = (panzoom: PanzoomObject, name: string) => {
  const button = (label: string, title: string, act: () => void) => {
    const b = el('button', { type: 'button', title, 'data-zoom': label }, label);
    b.addEventListener('click', act);
    return b;
  };
  return el(
    'div',
    { class: 'zoom', role: 'group', 'aria-label': `zoom the ${name} chart` },
    button('+', 'zoom in', () => panzoom.zoomIn({ step: ZOOM_STEP })),
    button('−', 'zoom out', () => panzoom.zoomOut({ step: ZOOM_STEP })),
    button('fit', 'show the whole chart', () => panzoom.reset()),
  );
};

/** Builds one figure per machine: a heading, a chooser of the instance, the drawing. */
export const renderCharts = (
  container: HTMLElement,
  machineCharts: readonly Chart[],
  onChoose: () => void,
): void => {
  fill(container);
  charts.clear();
  for (const chart of machineCharts) {
    const chooser = el('select', { 'aria-label': `${chart.name} instance`, class: 'instance' });
    chooser.addEventListener('change', () => onChoose());
    const litStates = el('p', { class: 'lit-states' });
    const svg = parseSvg(chart.svg);
    const drawing = el('div', { class: 'chart-drawing' }, svg);
    const menu = el('div', { class: 'fire-menu', role: 'group', hidden: true });
    const figure = el(
      'figure',
      { class: 'chart', 'data-machine': chart.name },
      el(
        'figcaption',
        {},
        el('h3', {}, chart.name),
        el('p', { class: 'hint' }, chart.purpose),
        el('div', { class: 'row' }, el('label', {}, 'Lit: ', chooser)),
        litStates,
      ),
      menu,
      drawing,
    );
    container.append(figure);
    const panzoom = Panzoom(svg as unknown as HTMLElement, {
      maxScale: 12,
      minScale: 0.5,
      step: ZOOM_STEP,
      excludeClass: 'enabled',
    });
    drawing.addEventListener('wheel', (e) => {
      // Plain wheel scrolls the page; with Ctrl (or a pinch) it zooms the chart.
      if (e.ctrlKey) panzoom.zoomWithWheel(e);
    });
    figure.querySelector('figcaption .row')?.append(zoomControls(panzoom, chart.name));
    charts.set(chart.name, { chooser, litStates, drawing, menu, labels: [] });
  }
};

/** Keeps the chosen instance when it is still offered, else picks the first. */
const offerInstances = (chart: ChartState, instances: readonly Instance[]): void => {
  const labels = instances.map((i) => i.label);
  if (JSON.stringify(labels) === JSON.stringify(chart.labels)) return;
  const previous = chart.labels[Number(chart.chooser.value)];
  fill(
    chart.chooser,
    labels.map((label, index) => el('option', { value: String(index) }, label)),
  );
  chart.chooser.value = String(Math.max(0, previous === undefined ? 0 : labels.indexOf(previous)));
  chart.labels = labels;
  chart.chooser.disabled = labels.length <= 1;
};

const replicaOf = (e: Event): string | undefined =>
  'replica' in e ? e.replica : 'target' in e ? e.target : undefined;
const databaseOf = (e: Event): string | undefined =>
  'database' in e && typeof e.database === 'string' ? e.database : undefined;

/** The offered events a transition of this instance stands for, possible now. */
const firing = (type: string, instance: Instance, events: readonly OfferedEvent[]) =>
  events.filter(
    (o) =>
      o.possible &&
      o.event.type === type &&
      (instance.replica === null || replicaOf(o.event) === instance.replica) &&
      (instance.database === null || databaseOf(o.event) === instance.database),
  );

const showMenu = (
  chart: ChartState,
  choices: readonly OfferedEvent[],
  onEvent: (event: Event) => void,
): void => {
  chart.menu.hidden = false;
  const close = el('button', { type: 'button', class: 'close' }, 'cancel');
  close.addEventListener('click', () => {
    chart.menu.hidden = true;
  });
  fill(
    chart.menu,
    el('span', {}, 'Fire: '),
    choices.map((c) => {
      const b = el('button', { type: 'button' }, c.label);
      b.addEventListener('click', () => {
        chart.menu.hidden = true;
        onEvent(c.event);
      });
      return b;
    }),
    close,
  );
};

/**
 * Lights, on every chart, the states of the chosen instance (by data-state-id), and marks the
 * transitions it can take now (by data-event and data-source) as buttons that fire them.
 */
export const lightCharts = (view: View, onEvent: (event: Event) => void): void => {
  for (const [name, chart] of charts) {
    const instances = view.machines[name as keyof View['machines']] ?? [];
    offerInstances(chart, instances);
    chart.menu.hidden = true;
    const chosen = instances[Number(chart.chooser.value)];
    const active = new Set(chosen?.active ?? []);
    const within = new Set(chosen?.within ?? []);
    for (const state of chart.drawing.querySelectorAll('[data-state-id]')) {
      const id = state.getAttribute('data-state-id') ?? '';
      state.classList.toggle('lit', active.has(id));
      state.classList.toggle('lit-within', within.has(id));
    }
    for (const edge of chart.drawing.querySelectorAll<SVGGElement>('g[data-event]')) {
      const source = edge.getAttribute('data-source') ?? '';
      const choices =
        chosen !== undefined && (active.has(source) || within.has(source))
          ? firing(edge.getAttribute('data-event') ?? '', chosen, view.events)
          : [];
      edge.classList.toggle('enabled', choices.length > 0);
      edge.onclick =
        choices.length === 0
          ? null
          : () =>
              choices.length === 1 ? onEvent(choices[0]!.event) : showMenu(chart, choices, onEvent);
      edge
        .querySelector('title')
        ?.replaceChildren(
          document.createTextNode(
            choices.length === 0
              ? `${edge.getAttribute('data-event')}: not possible for this instance now`
              : `click to fire: ${choices.map((c) => c.label).join(' or ')}`,
          ),
        );
    }
    chart.litStates.textContent = chosen?.active.join(', ') ?? '';
  }
};
