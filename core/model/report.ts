import type * as t from 'io-ts';

/** One decoding failure, for humans and programs: where (a JSON pointer), what was expected, what was found. */
export interface DecodeProblem {
  readonly pointer: string;
  readonly expected: string;
  readonly actual: string;
  readonly message: string;
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

const BRANCHING = new Set(['UnionType', 'IntersectionType']);

const tagOf = (type: t.Decoder<unknown, unknown>): string | undefined =>
  (type as unknown as { _tag?: string })._tag;

/** Render a found value compactly; bigint-safe, never throws. */
export const renderActual = (u: unknown): string => {
  if (u === undefined) return 'nothing (the key is missing)';
  if (typeof u === 'bigint') return `${u}n`;
  let text: string;
  try {
    text = JSON.stringify(u, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(u);
  } catch {
    text = String(u);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** The pointer and expected type of one io-ts error, skipping union and intersection branch markers. */
const locate = (context: t.Context): { pointer: string; expected: string } => {
  const segments: string[] = [];
  let expected = context[0]?.type.name ?? 'value';
  let expectedAtDepth = -1;
  for (let i = 1; i < context.length; i++) {
    const entry = context[i]!;
    const parent = context[i - 1]!;
    const parentTag = tagOf(parent.type);
    if (parentTag !== undefined && BRANCHING.has(parentTag)) continue;
    segments.push(escapePointer(entry.key));
    // The outermost type at a pointer names what was expected there (a union, not its branch).
    if (segments.length > expectedAtDepth) {
      expected = entry.type.name;
      expectedAtDepth = segments.length;
    }
  }
  if (segments.length === 0 && context[0]) expected = context[0].type.name;
  return { pointer: segments.length === 0 ? '' : `/${segments.join('/')}`, expected };
};

/**
 * Turn io-ts validation errors into problems, one per place: errors of the branches of one union
 * at the same pointer are merged into a single problem naming the union.
 */
export const reportErrors = (errors: t.Errors): readonly DecodeProblem[] => {
  const byPointer = new Map<string, DecodeProblem>();
  for (const e of errors) {
    const { pointer, expected } = locate(e.context);
    const existing = byPointer.get(pointer);
    const message = e.message ?? `expected ${expected}, got ${renderActual(e.value)}`;
    if (existing === undefined) {
      byPointer.set(pointer, { pointer, expected, actual: renderActual(e.value), message });
    } else if (e.message !== undefined && existing.message !== e.message) {
      byPointer.set(pointer, { ...existing, message: `${existing.message}; ${e.message}` });
    }
  }
  return [...byPointer.values()];
};

/** One line per problem: `at /replicas/0/backupPriority: expected Int, got "high"`. */
export const formatProblem = (p: DecodeProblem): string =>
  `at ${p.pointer === '' ? '(root)' : p.pointer}: ${p.message}`;
