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
