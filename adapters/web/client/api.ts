import type { Chart, Event, EventAnswer, ExampleEntry, Problem, View } from './wire.js';

/** The server's JSON API, on the page's own origin (adapters/web/api.ts lists it). */

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
}

const request = async <T>(method: string, path: string, body?: unknown): Promise<Answer<T>> => {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
};

export type LoadRequest =
  | { readonly example: string }
  | { readonly json: string }
  | { readonly tsql: string; readonly version: number }
  | { readonly snapshot: string };

export const getExamples = () =>
  request<{ readonly examples: readonly ExampleEntry[] }>('GET', '/api/examples');
export const getCharts = () => request<{ readonly charts: readonly Chart[] }>('GET', '/api/charts');
export const getView = () => request<View | Problem>('GET', '/api/view');
export const load = (what: LoadRequest) => request<View | Problem>('POST', '/api/load', what);
export const sendEvent = (event: Event) =>
  request<EventAnswer | Problem>('POST', '/api/event', { event });
export const moveCursor = (to: number) => request<View | Problem>('POST', '/api/cursor', { to });
/** The trace as a scenario file: the configuration, how it started, and every step with its time. */
export const getScenario = () => request<unknown>('GET', '/api/scenario');
