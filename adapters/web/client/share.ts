import { getScenario } from './api.js';
import { byId, fill } from './dom.js';

// A trace leaves the page as a scenario file (the format `agstate simulate` and the page load) or
// as a link that carries the same scenario in its fragment. The fragment never reaches the
// server, so a link shares the scenario and nothing else.

const FRAGMENT_KEY = 'scenario=';

const toBase64Url = (text: string): string => {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (text: string): string => {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

/** The scenario a link carries, or null when the page was opened without one. */
export const scenarioInLink = (hash: string): string | null => {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment.startsWith(FRAGMENT_KEY)) return null;
  try {
    return fromBase64Url(fragment.slice(FRAGMENT_KEY.length));
  } catch {
    return null;
  }
};

const scenarioText = async (): Promise<string> => {
  const answer = await getScenario();
  if (answer.status !== 200)
    throw new Error((answer.body as { error?: string }).error ?? 'no trace');
  return `${JSON.stringify(answer.body, null, 2)}\n`;
};

const fileName = (text: string): string => {
  const name = (JSON.parse(text) as { name?: unknown }).name;
  const base = typeof name === 'string' ? name.replace(/[^\w.-]+/g, '-') : 'trace';
  return `${base || 'trace'}.scenario.json`;
};

/** Offers the trace as a file to download. */
export const exportScenario = async (): Promise<void> => {
  const text = await scenarioText();
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName(text);
  link.click();
  // The download has started from the click; the object URL is no longer needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
};

/** Puts the trace's link in the address bar and in the share box, selected for copying. */
export const shareLink = async (): Promise<string> => {
  const text = await scenarioText();
  const link = new URL(window.location.href);
  link.hash = `${FRAGMENT_KEY}${toBase64Url(JSON.stringify(JSON.parse(text)))}`;
  history.replaceState(null, '', link);
  const box = byId<HTMLInputElement>('share-link');
  box.hidden = false;
  box.value = link.href;
  box.select();
  fill(byId('share-status'), 'The link holds the whole scenario; copy it from the box.');
  return link.href;
};

/** Reads a scenario (or configuration) file the reader chose. */
export const readChosenFile = (input: HTMLInputElement): Promise<string | null> =>
  input.files?.[0]?.text() ?? Promise.resolve(null);
