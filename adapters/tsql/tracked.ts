import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { renderActual, reportErrors } from '../../core/model/report.js';
import { type Problem, problem } from './errors.js';
import type { Loc } from './lexer.js';

/**
 * Where each part of a document built from T-SQL came from. The io-ts codecs report failures by
 * JSON pointer; a tracker turns them back into a line, a column and the words of the script.
 */
export interface Place {
  readonly loc: Loc;
  /** What the script has there, quoted. */
  readonly found: string;
  /** What would be accepted there, in T-SQL words. */
  readonly expected: string;
}

/** What to say when a required key is missing: its T-SQL option and the accepted values. */
export interface KeyText {
  readonly tsql: string;
  readonly expected: string;
}

export class Tracker {
  private readonly places = new Map<string, Place>();
  private readonly refused = new Set<string>();

  constructor(private readonly keyText: (key: string) => KeyText | undefined) {}

  at(pointer: string, place: Place): void {
    this.places.set(pointer, place);
  }

  /** An option written but refused where it stands: its key is not reported again as missing. */
  refusedAt(pointer: string): void {
    this.refused.add(pointer);
  }

  /** The place of a pointer, or of its nearest tracked ancestor. */
  nearest(pointer: string): Place | undefined {
    let p = pointer;
    for (;;) {
      const place = this.places.get(p);
      if (place !== undefined || p === '') return place;
      p = p.slice(0, Math.max(0, p.lastIndexOf('/')));
    }
  }

  /** Decode a built document; failures come back at the place in the script they concern. */
  decode<A, O>(codec: t.Type<A, O, unknown>, doc: unknown): E.Either<Problem[], A> {
    const result = codec.decode(doc);
    if (E.isRight(result)) return E.right(result.right);
    const missing = renderActual(undefined);
    const problems = reportErrors(result.left).flatMap((p): Problem[] => {
      const key = p.pointer.slice(p.pointer.lastIndexOf('/') + 1).replaceAll('~1', '/');
      if (p.actual === missing) {
        if (this.refused.has(p.pointer)) return [];
        const owner = this.nearest(p.pointer.slice(0, p.pointer.lastIndexOf('/')));
        const text = this.keyText(key);
        return [
          problem(
            owner?.loc ?? { line: 1, column: 1 },
            text?.expected ?? p.expected,
            `no ${text?.tsql ?? key} in ${owner?.found ?? 'the statement'}`,
          ),
        ];
      }
      const place = this.nearest(p.pointer);
      // A key the codec does not know (io-ts names its type `never`): the option is valid T-SQL
      // elsewhere but not in this statement, so its value is not what is wrong.
      if (p.expected === 'never') {
        const tsql = this.keyText(key)?.tsql ?? key;
        return [
          problem(
            place?.loc ?? { line: 1, column: 1 },
            'an option this statement accepts',
            `${tsql}, which this statement does not take`,
          ),
        ];
      }
      return [
        place === undefined
          ? problem({ line: 1, column: 1 }, p.expected, p.actual)
          : problem(place.loc, place.expected, place.found),
      ];
    });
    return E.left(dedupe(problems));
  }
}

const dedupe = (problems: readonly Problem[]): Problem[] => {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.loc.line}:${p.loc.column}:${p.expected}:${p.found}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
