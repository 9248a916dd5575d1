import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { fleetVerdict } from '../../../core/decide/fleet.js';
import { snapshotTextToFactsWithNotes } from '../../dmv/read.js';
import { example } from '../../dmv/test-support.js';
import { type FleetInput, startFleetPool } from './fleet.js';

/**
 * The fleet's worker pool in real worker threads (bundled from the TypeScript source here): the
 * bundled snapshots (rows of the documented query, docs/dmv-snapshot.md) come back in the order
 * they went in, each with the verdict the library gives it on this thread.
 */

const FILES = [
  'primary.json',
  'secondary.csv',
  'outage-resolving-secondary.json',
  'sync-secondary-disconnected.json',
  'primary.csv',
  'secondary.json',
];

const bytesOf = (file: string): Uint8Array => new TextEncoder().encode(example(file));

async function* from(inputs: readonly FleetInput[]): AsyncGenerator<FleetInput> {
  for (const input of inputs) yield input;
}

/** The verdict this thread gives the file, as a structured clone carries it. */
const verdictHere = (file: string): unknown => {
  const read = snapshotTextToFactsWithNotes(example(file), { origin: file });
  if (E.isLeft(read)) throw new Error(`${file} was not read`);
  return structuredClone(fleetVerdict(read.right.facts));
};

describe('the fleet on worker threads', () => {
  it('answers every snapshot in the order given, as this thread does', async () => {
    const pool = await startFleetPool(2, {});
    try {
      // Each file three times, so that both workers hold several at once and finish out of order.
      const order = [...FILES, ...FILES.slice().reverse(), ...FILES];
      const decided = [];
      for await (const d of pool.decide(from(order.map((f) => ({ source: f, bytes: bytesOf(f) })))))
        decided.push(d);
      expect(decided.map((d) => d.source)).toEqual(order);
      for (const d of decided) {
        if (d.outcome.kind !== 'verdict') throw new Error(`${d.source} was not decided`);
        expect(d.outcome.verdict).toEqual(verdictHere(d.source));
      }
    } finally {
      await pool.close();
    }
  });

  it('hands back to decide what it was not given and what is no group snapshot', async () => {
    const pool = await startFleetPool(2, {});
    try {
      const inputs: FleetInput[] = [
        { source: 'not-read.json', bytes: null },
        { source: 'primary.json', bytes: bytesOf('primary.json') },
        { source: 'dag-global-primary.json', bytes: bytesOf('dag-global-primary.json') },
        {
          source: 'garbage.json',
          bytes: new TextEncoder().encode('{"sys.availability_groups": 5'),
        },
      ];
      const kinds = [];
      for await (const d of pool.decide(from(inputs))) kinds.push([d.source, d.outcome.kind]);
      expect(kinds).toEqual([
        ['not-read.json', 'decide'],
        ['primary.json', 'verdict'],
        ['dag-global-primary.json', 'decide'],
        ['garbage.json', 'decide'],
      ]);
    } finally {
      await pool.close();
    }
  });

  it('stops with the error of inputs that fail to come', async () => {
    const pool = await startFleetPool(1, {});
    async function* failing(): AsyncGenerator<FleetInput> {
      yield { source: 'primary.json', bytes: bytesOf('primary.json') };
      throw new Error('the disk went away');
    }
    try {
      const sources: string[] = [];
      await expect(
        (async () => {
          for await (const d of pool.decide(failing())) sources.push(d.source);
        })(),
      ).rejects.toThrow('the disk went away');
      expect(sources.length).toBeLessThanOrEqual(1);
    } finally {
      await pool.close();
    }
  });
});
