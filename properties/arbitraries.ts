/**
 * fast-check arbitraries, one per codec of core/model, in the manner of io-ts's test/Arbitrary.ts:
 * each yields values of the codec's type, so `decode(encode(x))` can be checked for any x. They
 * cover the whole type, not only sensible values. `validConfigArb` is different: it yields only
 * configurations that pass validateConfig, for suites that need a valid group to start from.
 */
export * from './arbitraries-events.js';
export * from './arbitraries-facts.js';
export * from './arbitraries-model.js';
export * from './arbitraries-valid.js';
