/**
 * Telling a distributed scenario from other JSON, apart from decoding it: decide asks this of
 * every JSON file, and decoding loads the model group (the cluster step and the machines).
 */

/** A scenario file of a distributed availability group: it names its group under `distributed`. */
export const isDistributedScenarioDocument = (doc: unknown): boolean =>
  typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'distributed' in doc;
