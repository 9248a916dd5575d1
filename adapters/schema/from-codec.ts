import type * as t from 'io-ts';
import { Integer, NonNegativeInteger, PositiveInteger } from '../../core/model/integer.js';
import { BigintFromString, LsnFromString } from '../../core/model/lsn.js';
import { isStrictObject } from '../../core/model/strict.js';

/**
 * JSON Schema (draft-07, the draft editors complete best) from io-ts codecs, so the schemas say
 * exactly what the decoders accept. Named object codecs become definitions; a codec this walker
 * does not know is an error here, never a schema that silently accepts anything.
 */

export type JsonSchema = { readonly [key: string]: unknown };

export interface SchemaOptions {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Custom codecs (t.Type values without a tag) and the tagged codec each decodes like. */
  readonly aliases?: ReadonlyMap<t.Mixed, t.Mixed>;
}

const BUILT_IN: ReadonlyMap<unknown, JsonSchema> = new Map<unknown, JsonSchema>([
  [
    Integer,
    { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
  ],
  [NonNegativeInteger, { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }],
  [PositiveInteger, { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }],
  [
    LsnFromString,
    {
      type: 'string',
      pattern: '^[0-9]{1,25}$',
      description: 'An LSN: numeric(25,0) as a decimal string (a JSON number would be rounded).',
    },
  ],
  [
    BigintFromString,
    {
      type: 'string',
      pattern: '^[0-9]{1,19}$',
      description: 'A BIGINT as a decimal string (a JSON number would be rounded).',
    },
  ],
]);

interface Walk {
  readonly definitions: Record<string, JsonSchema>;
  readonly names: Map<t.Mixed, string>;
  readonly aliases: ReadonlyMap<unknown, t.Mixed>;
}

type Tagged = t.Mixed & {
  readonly _tag?: string;
  readonly type?: t.Mixed;
  readonly types?: readonly t.Mixed[];
  readonly props?: t.Props;
  readonly keys?: Record<string, unknown>;
  readonly value?: unknown;
  readonly codomain?: t.Mixed;
};

/** A definition's name: the codec's own, made unique. */
const nameFor = (w: Walk, codec: t.Mixed): string => {
  const existing = w.names.get(codec);
  if (existing !== undefined) return existing;
  const base = codec.name.replace(/[^A-Za-z0-9_.-]+/g, '_');
  let name = base;
  for (let i = 2; name in w.definitions || [...w.names.values()].includes(name); i++)
    name = `${base}_${i}`;
  w.names.set(codec, name);
  return name;
};

const reference = (w: Walk, codec: t.Mixed, build: () => JsonSchema): JsonSchema => {
  const known = w.names.get(codec);
  if (known !== undefined) return { $ref: `#/definitions/${known}` };
  const name = nameFor(w, codec);
  w.definitions[name] = {};
  w.definitions[name] = build();
  return { $ref: `#/definitions/${name}` };
};

const objectSchema = (
  w: Walk,
  required: t.Props,
  optional: t.Props,
  closed: boolean,
): JsonSchema => ({
  type: 'object',
  properties: Object.fromEntries(
    Object.entries({ ...required, ...optional }).map(([k, c]) => [k, walk(w, c)]),
  ),
  ...(Object.keys(required).length === 0 ? {} : { required: Object.keys(required) }),
  ...(closed ? { additionalProperties: false } : {}),
});

const walk = (w: Walk, codec: t.Mixed): JsonSchema => {
  const known = BUILT_IN.get(codec);
  if (known !== undefined) return known;
  const alias = w.aliases.get(codec);
  if (alias !== undefined)
    return reference(w, codec, () => ({ title: codec.name, ...walk(w, alias) }));
  if (isStrictObject(codec))
    return reference(w, codec, () => ({
      title: codec.name,
      ...objectSchema(w, codec.required, codec.optional, true),
    }));
  const c = codec as Tagged;
  switch (c._tag) {
    case 'StringType':
      return { type: 'string' };
    case 'NumberType':
      return { type: 'number' };
    case 'BooleanType':
      return { type: 'boolean' };
    case 'NullType':
      return { type: 'null' };
    case 'UnknownType':
      return {};
    case 'UnknownRecordType':
    case 'AnyDictionaryType':
      return { type: 'object' };
    case 'AnyArrayType':
      return { type: 'array' };
    case 'LiteralType':
      return { const: c.value };
    case 'KeyofType':
      return reference(w, codec, () => ({ title: codec.name, enum: Object.keys(c.keys ?? {}) }));
    case 'UnionType': {
      const members = (c.types ?? []).map((m) => walk(w, m));
      return members.every((m) => 'const' in m)
        ? { enum: members.map((m) => m.const) }
        : { anyOf: members };
    }
    case 'IntersectionType':
      return { allOf: (c.types ?? []).map((m) => walk(w, m)) };
    case 'InterfaceType':
      return objectSchema(w, c.props ?? {}, {}, false);
    case 'PartialType':
      return objectSchema(w, {}, c.props ?? {}, false);
    case 'ExactType':
    case 'StrictType': {
      const inner = walk(w, c.type as t.Mixed);
      return { ...inner, additionalProperties: false };
    }
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return { type: 'array', items: walk(w, c.type as t.Mixed) };
    case 'ReadonlyType':
    case 'RefinementType':
      return walk(w, c.type as t.Mixed);
    case 'DictionaryType':
      return { type: 'object', additionalProperties: walk(w, c.codomain as t.Mixed) };
    default:
      throw new Error(`schema: no JSON Schema for the codec ${codec.name} (${c._tag ?? 'custom'})`);
  }
};

/** One self-contained schema document for a codec. */
export const codecSchema = (codec: t.Mixed, options: SchemaOptions): JsonSchema => {
  const w: Walk = {
    definitions: {},
    names: new Map(),
    aliases: options.aliases ?? new Map(),
  };
  const walked = walk(w, codec);
  // In draft-07 the keywords beside a $ref are ignored, so a root reference goes in an allOf.
  const root = '$ref' in walked ? { allOf: [walked] } : walked;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: options.id,
    title: options.title,
    description: options.description,
    ...root,
    definitions: w.definitions,
  };
};
