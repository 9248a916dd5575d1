import * as E from 'fp-ts/lib/Either.js';

/**
 * Plain results for callers who do not use fp-ts: `ok` tells which, `value` or `problems` holds
 * the rest. Inside the core, fp-ts `Either` stays the working type; these are its public face.
 */
export type Result<A, P> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly problems: readonly P[] };

export const fromEither = <P, A>(e: E.Either<readonly P[], A>): Result<A, P> =>
  E.isRight(e) ? { ok: true, value: e.right } : { ok: false, problems: e.left };

export const toEither = <A, P>(r: Result<A, P>): E.Either<readonly P[], A> =>
  r.ok ? E.right(r.value) : E.left(r.problems);

/** The error an `…OrThrow` function throws: its message lists every problem, `problems` holds them. */
export class AgstateError<P = unknown> extends Error {
  override readonly name = 'AgstateError';
  readonly problems: readonly P[];
  constructor(what: string, problems: readonly P[], describe: (p: P) => string) {
    super(`${what}: ${problems.map(describe).join('; ')}`);
    this.problems = problems;
  }
}

/** The value of a result, or an AgstateError naming every problem. */
export const valueOrThrow = <A, P>(
  result: Result<A, P>,
  what: string,
  describe: (p: P) => string,
): A => {
  if (result.ok) return result.value;
  throw new AgstateError(what, result.problems, describe);
};
