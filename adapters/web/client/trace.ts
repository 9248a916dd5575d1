import { byId, el, fill, modelTime, reasonList } from './dom.js';
import type { View } from './wire.js';

// The trace: every step from the loaded configuration at its model time, the cursor on one of
// them, and a replay that walks the cursor from the start so the charts show the run again.

const REPLAY_STEP_MS = 700;

/** Scrolls the list, not the page, so that the cursor's step is visible in it. */
const keepInView = (list: HTMLElement, item: HTMLElement | null): void => {
  if (item === null) return;
  const offset = item.getBoundingClientRect().top - list.getBoundingClientRect().top;
  if (offset < 0 || offset + item.offsetHeight > list.clientHeight)
    list.scrollTop += offset - (list.clientHeight - item.offsetHeight) / 2;
};

export const renderTrace = (view: View, onCursor: (to: number) => void): void => {
  const list = byId('trace-list');
  fill(
    list,
    view.trace.map((t) => {
      const item = el(
        'li',
        { 'aria-current': t.index === view.cursor ? 'step' : false, 'data-index': t.index },
        el('span', { class: 'at' }, modelTime(t.atMs)),
        el('span', { class: 'label' }, t.label),
        t.note !== null && el('div', { class: 'observations' }, t.note),
        t.refused.length > 0 && el('div', { class: 'problems' }, 'refused:', reasonList(t.refused)),
      );
      item.addEventListener('click', () => onCursor(t.index));
      return item;
    }),
  );
  keepInView(list, list.querySelector<HTMLElement>('[aria-current="step"]'));
  fill(
    byId('trace-position'),
    `step ${view.cursor} of ${view.trace.length - 1}, model time ${modelTime(view.group.nowMs)}`,
  );
  byId<HTMLButtonElement>('trace-back').disabled = view.cursor === 0;
  byId<HTMLButtonElement>('trace-forward').disabled = view.cursor === view.trace.length - 1;
};

/** Moves the cursor from 0 to the last step, one step per tick; a new replay stops the old one. */
let replaying = 0;
export const replay = async (
  view: View,
  onCursor: (to: number) => Promise<void>,
): Promise<void> => {
  const run = ++replaying;
  const last = view.trace.length - 1;
  for (let i = 0; i <= last && run === replaying; i++) {
    await onCursor(i);
    if (i < last) await new Promise((resolve) => setTimeout(resolve, REPLAY_STEP_MS));
  }
};

export const stopReplay = (): void => {
  replaying++;
};
