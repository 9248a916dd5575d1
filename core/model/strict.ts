import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

type StrictOf<R extends t.Props, O extends t.Props> = t.TypeOf<t.TypeC<R>> &
  t.TypeOf<t.PartialC<O>>;
type StrictOutput<R extends t.Props, O extends t.Props> = t.OutputOf<t.TypeC<R>> &
  t.OutputOf<t.PartialC<O>>;

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * An object codec with required and optional properties that refuses unknown keys. io-ts's own
 * `t.exact` strips unknown keys silently, and a misspelt option in a configuration must not be
 * silently dropped. The two halves are validated side by side (not through `t.intersection`) so
 * that error paths hold only real keys.
 */
/** A strict object codec, with its halves kept for readers of the codec (JSON Schema). */
export type StrictObjectType<R extends t.Props, O extends t.Props> = t.Type<
  StrictOf<R, O>,
  StrictOutput<R, O>,
  unknown
> & { readonly strictObject: true; readonly required: R; readonly optional: O };

export const isStrictObject = (
  codec: t.Mixed,
): codec is t.Mixed & { readonly required: t.Props; readonly optional: t.Props } =>
  (codec as { strictObject?: unknown }).strictObject === true;

export const strictObject = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): StrictObjectType<R, O> => {
  const req = t.type(required);
  const opt = t.partial(optional);
  const known = new Set([...Object.keys(required), ...Object.keys(optional)]);
  const knownList = [...known].join(', ');
  const codec = new t.Type<StrictOf<R, O>, StrictOutput<R, O>, unknown>(
    name,
    (u): u is StrictOf<R, O> =>
      isRecord(u) && req.is(u) && opt.is(u) && Object.keys(u).every((k) => known.has(k)),
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c, `expected an object (${name})`);
      const errors: t.ValidationError[] = [];
      const a = req.validate(u, c);
      const b = opt.validate(u, c);
      if (E.isLeft(a)) errors.push(...a.left);
      if (E.isLeft(b)) errors.push(...b.left);
      for (const k of Object.keys(u)) {
        if (!known.has(k)) {
          errors.push({
            value: u[k],
            context: [...c, { key: k, type: t.never, actual: u[k] }],
            message: `unknown key "${k}"; expected one of: ${knownList}`,
          });
        }
      }
      if (errors.length > 0 || E.isLeft(a) || E.isLeft(b)) return t.failures(errors);
      // Take each key from the half that decoded it: io-ts returns the input object itself when
      // nothing changed, so merging the halves would put raw values over decoded ones.
      const out: Record<string, unknown> = {};
      const decodedRequired = a.right as Record<string, unknown>;
      const decodedOptional = b.right as Record<string, unknown>;
      for (const k of Object.keys(required)) out[k] = decodedRequired[k];
      for (const k of Object.keys(optional)) {
        if (decodedOptional[k] !== undefined) out[k] = decodedOptional[k];
      }
      return t.success(out as StrictOf<R, O>);
    },
    (a) => {
      // Encode each key with its own codec (each half alone would copy the other's raw values).
      const value = a as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, codec] of Object.entries({ ...required, ...optional })) {
        if (value[k] !== undefined) out[k] = codec.encode(value[k]);
      }
      return out as StrictOutput<R, O>;
    },
  );
  return Object.assign(codec, { strictObject: true as const, required, optional });
};
