/**
 * A value built once per key object, remembered for the last key only: a decision asks thousands
 * of questions of one facts value in a row, and an identity test answers them. (One value per
 * index, whatever the number of facts values decided.) Keys are immutable values, so a value
 * remembered for one can never go stale.
 *
 * Not a weak map of every key: V8 keeps a weak map's entry whose key is young until a full
 * collection, so every facts value the cluster step made (one per event) survived young
 * collections with its indexes and was promoted, a sixth of a search's time; deciding a fleet,
 * each group's indexes likewise (bench/README.md, "Weak maps keep young facts").
 */
export const memoLast = <K extends object, V>(build: (key: K) => V): ((key: K) => V) => {
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  return (key) => {
    if (key !== lastKey) {
      lastValue = build(key);
      lastKey = key;
    }
    return lastValue as V;
  };
};
