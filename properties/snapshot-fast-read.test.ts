import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { readSnapshotFacts } from '../adapters/dmv/facts.js';
import { parseJsonSnapshot } from '../adapters/dmv/json.js';
import { parseJsonSnapshotFast } from '../adapters/dmv/json-fast.js';
import { snapshotTextToFactsWithNotes } from '../adapters/dmv/read.js';
import { clusterAndDroppedColumns, snapshotsOf, without } from './cluster-snapshot.js';
import { propertyRuns } from './runs.js';

/**
 * Reading a snapshot with JSON.parse gives what the located reader gives, on the snapshots every
 * replica of a simulated cluster would show, with state columns left out, written on one line
 * and pretty-printed: the same facts (origins included) and notes, or the same problems.
 */

const located = (text: string) => {
  const snapshot = parseJsonSnapshot(text);
  return E.isLeft(snapshot) ? snapshot : readSnapshotFacts(snapshot.right, { origin: 'a.json' });
};

describe('the JSON.parse reading of a snapshot', () => {
  it('answers as the located reader does', () => {
    fc.assert(
      fc.property(clusterAndDroppedColumns(20), ({ cluster, dropped }) => {
        for (const { snapshot } of snapshotsOf(cluster))
          for (const text of [
            JSON.stringify(snapshot),
            JSON.stringify(without(snapshot, dropped), null, 2),
          ]) {
            expect(parseJsonSnapshotFast(text)).toBeDefined();
            expect(snapshotTextToFactsWithNotes(text, { origin: 'a.json' })).toEqual(located(text));
          }
      }),
      { numRuns: propertyRuns(40) },
    );
  });
});
