import type { Reason } from '../model/source.js';
import {
  estimateSeeding as estimateSeedingEither,
  type SeedingEstimate,
  type SeedingEstimateInput,
} from '../seeding/seeding.js';
import { fromEither, type Result, valueOrThrow } from './result.js';

/**
 * The automatic-seeding time estimate as a plain result (SEED001: 5 TB over 1 Gb/s takes just over
 * 11 hours), with `…OrThrow` and `…Either` faces like the other entry points.
 */
export const estimateSeeding = (input: SeedingEstimateInput): Result<SeedingEstimate, Reason> =>
  fromEither(estimateSeedingEither(input));

export const estimateSeedingOrThrow = (input: SeedingEstimateInput): SeedingEstimate =>
  valueOrThrow(estimateSeeding(input), 'cannot estimate the seeding time', (r) => r.message);

export { estimateSeedingEither };
