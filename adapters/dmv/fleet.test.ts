import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { fleetVerdict } from '../../core/decide/fleet.js';
import { decideFleet, type FleetSnapshot } from './fleet.js';
import { snapshotTextToFactsWithNotes } from './read.js';
import { example, primaryJson } from './test-support.js';

/**
 * A fleet decided from its snapshots: the bundled examples are the rows the documented query
 * (docs/dmv-snapshot.md) returns on a primary, a secondary, during an outage and with a
 * disconnected synchronous secondary (sys.dm_hadr_availability_replica_states and
 * sys.dm_hadr_database_replica_states as "Always On availability groups dynamic management views"
 * describes them).
 */

const FILES = [
  'primary.json',
  'primary.csv',
  'secondary.json',
  'secondary.csv',
  'outage-resolving-secondary.json',
  'sync-secondary-disconnected.json',
];

const fleet = (): FleetSnapshot[] => FILES.map((source) => ({ source, text: example(source) }));

describe('decideFleet', () => {
  it('gives each group the verdict of its snapshot read alone, in order', () => {
    const decided = [...decideFleet(fleet())];
    expect(decided.map((d) => d.source)).toEqual(FILES);
    for (const group of decided) {
      const alone = snapshotTextToFactsWithNotes(example(group.source));
      if (E.isLeft(alone) || !group.ok) throw new Error(`${group.source} was not read`);
      expect(group.verdict).toEqual(fleetVerdict(alone.right.facts));
      expect(group.notes).toEqual(alone.right.notes);
    }
  });

  it('gives the problems of a snapshot it cannot read, and decides the groups after it', () => {
    const broken = primaryJson();
    delete broken['sys.dm_hadr_database_replica_states'];
    const decided = [
      ...decideFleet([
        { source: 'broken.json', text: JSON.stringify(broken) },
        { source: 'primary.json', text: example('primary.json') },
      ]),
    ];
    const [first, second] = decided;
    expect(first?.ok).toBe(false);
    if (first?.ok === false)
      expect(first.problems.map((p) => p.message)).toEqual([
        'missing view sys.dm_hadr_database_replica_states (the query in docs/dmv-snapshot.md selects it)',
      ]);
    expect(second?.ok).toBe(true);
  });

  it('decides each group of an instance hosting several, as --group would read it', () => {
    // One instance, primary of AGOK and of AGBAD (sql-docs "Availability replica is disconnected"
    // for AGBAD's secondary); see adapters/cli/decide-each.test.ts.
    const text = readFileSync('adapters/dmv/fixtures/docs-two-groups-one-instance.json', 'utf8');
    const decided = [...decideFleet([{ source: 'sql1.json', text }])];
    expect(decided.map((d) => (d.ok ? d.verdict.group : d.problems))).toEqual(['AGOK', 'AGBAD']);
    for (const d of decided) {
      const alone = snapshotTextToFactsWithNotes(text, { group: d.ok ? d.verdict.group : '' });
      if (E.isLeft(alone) || !d.ok) throw new Error('not read');
      expect(d.verdict).toEqual(fleetVerdict(alone.right.facts));
    }
  });

  it('reads a snapshot only when its group is asked for', () => {
    const read: string[] = [];
    function* snapshots(): Generator<FleetSnapshot> {
      for (const s of fleet()) {
        read.push(s.source);
        yield s;
      }
    }
    const groups = decideFleet(snapshots());
    const first = groups.next();
    expect(first.done).toBe(false);
    expect(read).toEqual(['primary.json']);
  });
});
