/**
 * How many runs a property makes. `npm test` uses the base count; a soak sets AGSTATE_SOAK to a
 * multiplier (`AGSTATE_SOAK=10 npx vitest run properties`) to run the same properties longer.
 */
const soakFactor = (): number => {
  const raw = process.env.AGSTATE_SOAK;
  if (raw === undefined || raw === '') return 1;
  const factor = Number(raw);
  if (!Number.isInteger(factor) || factor < 1)
    throw new Error(`AGSTATE_SOAK must be a whole number of at least 1, found '${raw}'`);
  return factor;
};

export const SOAK_FACTOR = soakFactor();

/** The run count for a property whose `npm test` count is `base`. */
export const propertyRuns = (base: number): number => base * SOAK_FACTOR;

/**
 * The seed a property names for `npm test`, so that its known cases stay covered. A soak that sets
 * AGSTATE_SEED (a number, or `random`) runs it at that seed instead, so that every property meets
 * new cases too; a failure prints the seed and path to replay.
 */
export const ownSeed = (seed: number): { readonly seed?: number } =>
  process.env.AGSTATE_SEED === undefined || process.env.AGSTATE_SEED === '' ? { seed } : {};
