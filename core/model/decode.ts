import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { type Config, ConfigInput, resolveConfig } from './config.js';
import { type DecodeProblem, reportErrors } from './report.js';

/** Decode a configuration document (parsed JSON) and apply the documented defaults. */
export const decodeConfig = (u: unknown): E.Either<readonly DecodeProblem[], Config> =>
  pipe(ConfigInput.decode(u), E.mapLeft(reportErrors), E.map(resolveConfig));

/** Decode any value with a codec, reporting failures as JSON-pointer problems. */
export const decodeWith =
  <A, O>(codec: t.Type<A, O, unknown>) =>
  (u: unknown): E.Either<readonly DecodeProblem[], A> =>
    pipe(codec.decode(u), E.mapLeft(reportErrors));
