import fc from 'fast-check';

/**
 * Every property runs at one fixed seed in `npm test`, so a run is the same on every machine and a
 * failure replays as printed. AGSTATE_SEED=random draws a fresh seed per property (fast-check's
 * default), for exploring; AGSTATE_SEED=<n> runs every property at seed n. A property that names
 * a seed of its own (`ownSeed`) keeps it in `npm test` and takes AGSTATE_SEED's when it is set.
 */
const chosen = process.env.AGSTATE_SEED ?? '20261204';
if (chosen !== 'random') {
  const seed = Number(chosen);
  if (!Number.isInteger(seed))
    throw new Error(`AGSTATE_SEED must be a whole number or 'random', found '${chosen}'`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
