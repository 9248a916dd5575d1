/**
 * The visualizer: the machines' charts beside a live cluster, served on loopback.
 *
 * @module agstate/web
 */
export { type Api, type ApiResponse, createApi } from './api.js';
export { type Example, listExamples } from './examples.js';
export { DEFAULT_TSQL_VERSION, type LoadFailure, LoadRequest, loadSession } from './load.js';
export { isLoopbackAddress, isLoopbackHost } from './loopback.js';
export { type OfferedEvent, offeredEvents } from './offered.js';
export { type ServeIo, type ServeOptions, type Serving, serve } from './serve.js';
export { DEFAULT_EXAMPLE, type RunningServer, type ServerOptions, startServer } from './server.js';
export {
  applyEvent,
  moveCursor,
  type Session,
  scenarioSession,
  startSession,
  type TraceStep,
} from './session.js';
export { type SessionView, sessionView } from './view.js';
