import { byId, el, fill, reasonList } from './dom.js';

// The trace: every step from the loaded configuration, the cursor on one of them, and a replay
// that walks the cursor from the start so the charts show the run again.

const REPLAY_STEP_MS = 700;

export const renderTrace = (view, onCursor) => {
  const list = byId('trace-list');
  fill(
    list,
    view.trace.map((t) => {
      const item = el(
        'li',
        { 'aria-current': t.index === view.cursor ? 'step' : false, 'data-index': t.index },
        `${t.label} (at ${t.atMs / 1000} s)`,
        t.note && el('div', { class: 'observations' }, t.note),
        t.observations.length > 0 &&
          el(
            'ul',
            { class: 'observations' },
            t.observations.map((o) => el('li', {}, o)),
          ),
        t.refused.length > 0 && el('div', { class: 'problems' }, 'refused:', reasonList(t.refused)),
      );
      item.addEventListener('click', () => onCursor(t.index));
      return item;
    }),
  );
  list.querySelector('[aria-current="step"]')?.scrollIntoView({ block: 'nearest' });
  fill(byId('trace-position'), `step ${view.cursor} of ${view.trace.length - 1}`);
  byId('trace-back').disabled = view.cursor === 0;
  byId('trace-forward').disabled = view.cursor === view.trace.length - 1;
};

/** Moves the cursor from 0 to the last step, one step per tick; a new replay stops the old one. */
let replaying = 0;
export const replay = async (view, onCursor) => {
  const run = ++replaying;
  const last = view.trace.length - 1;
  for (let i = 0; i <= last && run === replaying; i++) {
    await onCursor(i);
    if (i < last) await new Promise((resolve) => setTimeout(resolve, REPLAY_STEP_MS));
  }
};

export const stopReplay = () => {
  replaying++;
};
