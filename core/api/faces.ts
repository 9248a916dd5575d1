import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { createCluster as buildCluster, type CreateClusterOptions } from '../cluster/build.js';
import type { Cluster } from '../cluster/types.js';
import type { Config } from '../model/config.js';
import { decodeConfig as decodeConfigE, decodeWith as decodeWithE } from '../model/decode.js';
import { fromJSONEither } from '../model/json.js';
import { type DecodeProblem, formatProblem } from '../model/report.js';
import type { Reason } from '../model/source.js';
import { validateConfig } from '../validation/validate.js';
import { fromEither, type Result, valueOrThrow } from './result.js';

/**
 * The public faces of the entry points that can fail: a plain result (no fp-ts needed), an
 * `…OrThrow` variant, and an `…Either` variant for fp-ts users.
 */

const reasonText = (r: Reason): string => `${r.message} [${r.code}]`;

/** Decode a configuration document (parsed JSON) and apply the documented defaults. */
export const decodeConfigEither: (u: unknown) => E.Either<readonly DecodeProblem[], Config> =
  decodeConfigE;
export const decodeConfig = (u: unknown): Result<Config, DecodeProblem> =>
  fromEither(decodeConfigE(u));
export const decodeConfigOrThrow = (u: unknown): Config =>
  valueOrThrow(decodeConfig(u), 'not a configuration', formatProblem);

/** Decode any value with one of agstate's codecs, problems placed by JSON pointer. */
export const decodeWithEither = decodeWithE;
export const decodeWith =
  <A, O>(codec: t.Type<A, O, unknown>) =>
  (u: unknown): Result<A, DecodeProblem> =>
    fromEither(decodeWithE(codec)(u));

/** JSON text through a codec: LSN fields become exact bigints; bad JSON is a problem, not a throw. */
export const fromJSON = <A, O>(
  codec: t.Type<A, O, unknown>,
  text: string,
): Result<A, DecodeProblem> => fromEither(fromJSONEither(codec, text));
export const fromJSONOrThrow = <A, O>(codec: t.Type<A, O, unknown>, text: string): A =>
  valueOrThrow(fromJSON(codec, text), `not a ${codec.name}`, formatProblem);
export { fromJSONEither };

/**
 * A running availability group for a configuration, or every documented rule it breaks: the model
 * encodes documented behaviour, and a group SQL Server would refuse to create has none.
 */
export const createClusterEither = (
  config: Config,
  options: CreateClusterOptions = {},
): E.Either<readonly Reason[], Cluster> => {
  const violations = validateConfig(config);
  return violations.length > 0 ? E.left(violations) : E.right(buildCluster(config, options));
};
export const createCluster = (
  config: Config,
  options: CreateClusterOptions = {},
): Result<Cluster, Reason> => fromEither(createClusterEither(config, options));
export const createClusterOrThrow = (config: Config, options: CreateClusterOptions = {}): Cluster =>
  valueOrThrow(
    createCluster(config, options),
    `${config.name} breaks documented rules`,
    reasonText,
  );
