// The server's JSON API, on the page's own origin.

const request = async (method, path, body) => {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

export const getExamples = () => request('GET', '/api/examples');
export const getCharts = () => request('GET', '/api/charts');
export const getView = () => request('GET', '/api/view');
export const load = (what) => request('POST', '/api/load', what);
export const sendEvent = (event) => request('POST', '/api/event', { event });
export const moveCursor = (to) => request('POST', '/api/cursor', { to });
