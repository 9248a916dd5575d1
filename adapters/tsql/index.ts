/** The T-SQL adapter: read deployment scripts into configurations and events, and write them back. */
export type { Facts } from './config.js';
export { decodeScriptBytes } from './encoding.js';
export type { TsqlError } from './errors.js';
export {
  commandEvents,
  defaultBackupFile,
  quoteName,
  quoteString,
  type RenderOptions,
  renderCreate,
  renderEvent,
  renderEvents,
} from './render.js';
export type { Outcome, Script, StatementResult } from './result.js';
export { type ReadOptions, readCreate, readScript, readScriptBytes } from './script.js';
