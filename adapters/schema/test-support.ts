import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/** The shipped schemas, compiled once, for tests that check documents against them. */

const FOLDER = new URL('../../schemas/', import.meta.url);

const ajv = new Ajv({ strict: true, allErrors: true });
const compiled = new Map<string, ValidateFunction>();

export const loadSchema = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(file, FOLDER), 'utf8')) as Record<string, unknown>;

export const validatorFor = (file: string): ValidateFunction => {
  const known = compiled.get(file);
  if (known !== undefined) return known;
  const validate = ajv.compile(loadSchema(file));
  compiled.set(file, validate);
  return validate;
};

/** Every place where `document` breaks the schema, as `pointer: message`; empty when it conforms. */
export const schemaProblems = (file: string, document: unknown): string[] => {
  const validate = validatorFor(file);
  return validate(document)
    ? []
    : (validate.errors ?? []).map(
        (e) => `${e.instancePath || '(root)'}: ${e.message ?? 'invalid'}`,
      );
};
