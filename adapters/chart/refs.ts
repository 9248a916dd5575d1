/**
 * Guards and actions as the chart sees them: by name, with static params as plain JSON. XState keeps
 * named references as data but turns combinators, built-ins and inline code into functions, so
 * every value here arrives as `unknown` and is narrowed.
 */

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** A guard or action referenced by name, as the project's machines are meant to be written. */
export interface NamedRef {
  readonly kind: 'named';
  readonly type: string;
  readonly params?: JsonValue;
  /** The params are a function of context and event, so only run time knows them. */
  readonly dynamicParams?: true;
}

export type GuardRef =
  | NamedRef
  | { readonly kind: 'inline' }
  | { readonly kind: 'and' | 'or'; readonly guards: readonly GuardRef[] }
  | { readonly kind: 'not'; readonly guard: GuardRef }
  | { readonly kind: 'stateIn'; readonly state: JsonValue };

export type ActionRef =
  | NamedRef
  | { readonly kind: 'inline' }
  /** An XState built-in such as `xstate.assign` or `xstate.raise`, written in the config. */
  | { readonly kind: 'builtin'; readonly type: string };

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null;

/** Reads one property of a value XState typed loosely (functions carry data as properties). */
export const prop = (u: unknown, key: string): unknown =>
  (typeof u === 'object' && u !== null) || typeof u === 'function'
    ? (u as Readonly<Record<string, unknown>>)[key]
    : undefined;

/**
 * A JSON-safe copy of a params value. Bigints become decimal strings, as LSNs do at every other
 * edge of the project; functions and cycles become markers rather than failing the export.
 */
export const toJson = (u: unknown, seen: ReadonlySet<object> = new Set()): JsonValue => {
  switch (typeof u) {
    case 'string':
    case 'boolean':
      return u;
    case 'number':
      return Number.isFinite(u) ? u : String(u);
    case 'bigint':
      return u.toString(10);
    case 'function':
      return '<function>';
    case 'undefined':
      return null;
    case 'symbol':
      return u.toString();
  }
  if (!isRecord(u)) return null;
  if (seen.has(u)) return '<cycle>';
  const inner = new Set(seen).add(u);
  if (Array.isArray(u)) return u.map((v: unknown) => toJson(v, inner));
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(u)) {
    if (v !== undefined) out[k] = toJson(v, inner);
  }
  return out;
};

const named = (type: string, params: unknown): NamedRef => {
  if (params === undefined) return { kind: 'named', type };
  if (typeof params === 'function') return { kind: 'named', type, dynamicParams: true };
  return { kind: 'named', type, params: toJson(params) };
};

const COMBINATORS = new Set(['and', 'or', 'not']);

export const readGuard = (guard: unknown): GuardRef => {
  if (typeof guard === 'string') return named(guard, undefined);
  if (typeof guard === 'function') {
    // XState's combinators are functions that carry their operands; anything else is inline code.
    const parts = prop(guard, 'guards');
    const check = prop(guard, 'check');
    if (typeof check === 'function' && Array.isArray(parts) && COMBINATORS.has(guard.name)) {
      const operands = parts.map((g: unknown) => readGuard(g));
      if (guard.name === 'not' && operands[0] !== undefined) {
        return { kind: 'not', guard: operands[0] };
      }
      return { kind: guard.name === 'or' ? 'or' : 'and', guards: operands };
    }
    const stateValue = prop(guard, 'stateValue');
    if (typeof check === 'function' && stateValue !== undefined) {
      return { kind: 'stateIn', state: toJson(stateValue) };
    }
    return { kind: 'inline' };
  }
  if (isRecord(guard) && typeof guard.type === 'string') return named(guard.type, guard.params);
  return { kind: 'inline' };
};

export const readAction = (action: unknown): ActionRef => {
  if (typeof action === 'string') return named(action, undefined);
  if (typeof action === 'function') {
    const type = prop(action, 'type');
    // Built-in action creators return functions tagged with a `type` and a `resolve`.
    if (typeof type === 'string' && typeof prop(action, 'resolve') === 'function') {
      return { kind: 'builtin', type };
    }
    return { kind: 'inline' };
  }
  if (isRecord(action) && typeof action.type === 'string') return named(action.type, action.params);
  return { kind: 'inline' };
};
