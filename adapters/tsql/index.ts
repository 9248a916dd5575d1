/**
 * T-SQL deployment scripts read into configurations and events, and events written back as T-SQL.
 *
 * @module agstate/tsql
 */
import { fromEither, type Result, valueOrThrow } from '../../core/api/result.js';
import type { Config } from '../../core/model/config.js';
import {
  type DistributedScriptConfig,
  type DistributedScriptProblem,
  distributedConfigOfScript as distributedConfigOfScriptEither,
} from './distributed-read.js';
import type { TsqlError } from './errors.js';
import type { Script } from './result.js';
import {
  type ReadOptions,
  readCreate as readCreateEither,
  readDeployed as readDeployedEither,
  readScriptBytes as readScriptBytesEither,
  readScript as readScriptEither,
} from './script.js';

/**
 * The T-SQL adapter: read deployment scripts into configurations and events, and write them back.
 * The readers return plain results; `…OrThrow` and `…Either` (fp-ts) variants exist.
 */
export type { Facts } from './config.js';
export { type ConfigAfterScript, configsAfterScript } from './configs-after.js';
export { type RenderSequenceOptions, renderDistributedSequence } from './distributed.js';
export {
  type DistributedScriptConfig,
  type DistributedScriptEvents,
  type DistributedScriptProblem,
  distributedConfigOfScript as distributedConfigOfScriptEither,
  distributedEventsOfScript,
} from './distributed-read.js';
export { decodeScriptBytes } from './encoding.js';
export type { TsqlError } from './errors.js';
export { isConnectionAddress } from './events.js';
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
export { renderScript } from './render-script.js';
export type {
  Kept,
  MemberOptions,
  Outcome,
  Script,
  StatementResult,
  TsqlWarning,
} from './result.js';
export { readScriptReport, type ScriptReport } from './script.js';
export {
  type ReadOptions,
  readCreateEither,
  readDeployedEither,
  readScriptBytesEither,
  readScriptEither,
};

const orThrow = <A>(r: Result<A, TsqlError>): A =>
  valueOrThrow(r, 'the script cannot be read', (e) => e.message);

/** Every statement of a deployment script with what it gave. Never throws. */
export const readScript = (text: string, options: ReadOptions): Result<Script, TsqlError> =>
  fromEither(readScriptEither(text, options));
/** A script file's bytes, in whatever encoding editors and SSMS save. */
export const readScriptBytes = (
  bytes: Uint8Array,
  options: ReadOptions,
): Result<Script, TsqlError> => fromEither(readScriptBytesEither(bytes, options));
/** The distributed group a script creates, with its two member groups: where the distributed model starts. */
export const distributedConfigOfScript = (
  script: Script,
  options: { readonly name?: string; readonly fileName?: string } = {},
): Result<DistributedScriptConfig, DistributedScriptProblem> =>
  fromEither(distributedConfigOfScriptEither(script, options));
/** The configuration of a script holding exactly one CREATE AVAILABILITY GROUP. */
export const readCreate = (text: string, options: ReadOptions): Result<Config, TsqlError> =>
  fromEither(readCreateEither(text, options));
export const readCreateOrThrow = (text: string, options: ReadOptions): Config =>
  orThrow(readCreate(text, options));
/** The group of a script holding exactly one CREATE, as the whole script leaves it. */
export const readDeployed = (text: string, options: ReadOptions): Result<Config, TsqlError> =>
  fromEither(readDeployedEither(text, options));
export const readScriptOrThrow = (text: string, options: ReadOptions): Script =>
  orThrow(readScript(text, options));
