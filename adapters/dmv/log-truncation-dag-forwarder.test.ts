import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decideMember } from '../../core/distributed/facts-member.js';
import { snapshotTextToFactsWithNotes } from './read.js';

/*
 * KB2922898 (S94), Troubleshooting, Scenario 2: "compare the truncation_lsn column of the
 * sys.dm_hadr_database_replica_states dynamic management view across the multiple secondaries to
 * identify which secondary database is delaying log truncation the most"; SQLskills, "The Curious
 * Case of… log truncation in a distributed availability group" (S95): "The primary replica of AG2
 * is essentially another secondary replica of AG1". The fixture is examples/snapshots/
 * dag-global-primary.json (server1, global primary of ag1 in distributedag) with truncation_lsn
 * on every row of db1: server2, ag1's secondary, at 34000000052000001; distributedag's row of ag2
 * (the forwarder, is_local = 0) at 34000000048000001. That row was left unread: the holder was
 * unknown (FORWARDER_TRUNCATION_UNKNOWN) though the snapshot shows it.
 */
const fixture = readFileSync(
  new URL('./fixtures/kb2922898-dag-forwarder-row.json', import.meta.url),
  'utf8',
);
const FORWARDER_ROW = '7B000000-0000-4000-8000-0000000000A2';

const holderWith = (forwarderLsn: string | null) => {
  const snapshot = JSON.parse(fixture) as Record<string, Record<string, unknown>[]>;
  for (const r of snapshot['sys.dm_hadr_database_replica_states']!)
    if (r.replica_id === FORWARDER_ROW) r.truncation_lsn = forwarderLsn;
  const read = snapshotTextToFactsWithNotes(JSON.stringify(snapshot), { group: 'ag1' });
  if (E.isLeft(read)) throw new Error('the snapshot reads');
  return decideMember(read.right.facts, read.right.distributed).logTruncation[0]!;
};

describe("the forwarder's truncation_lsn row on the global primary (S94, S95)", () => {
  it('lower than every copy of ag1: the forwarder holds the log', () => {
    const h = holderWith('34000000048000001');
    expect(h).toMatchObject({ status: 'known', holders: ['ag2'], heldAtLsn: 34000000048000001n });
    expect(h.reasons.map((r) => r.code)).toEqual(['FORWARDER_HOLDS_TRUNCATION']);
  });

  it('as low as server2: both hold it', () => {
    const h = holderWith('34000000052000001');
    expect(h).toMatchObject({ status: 'known', holders: ['server2', 'ag2'] });
    expect(h.reasons.map((r) => r.code)).toEqual([
      'LOG_TRUNCATION_HELD_BY_COPY',
      'FORWARDER_HOLDS_TRUNCATION',
    ]);
  });

  it("above server2: ag1's own holder stands", () => {
    const h = holderWith('34000000052800001');
    expect(h).toMatchObject({
      status: 'known',
      holders: ['server2'],
      heldAtLsn: 34000000052000001n,
    });
    expect(h.reasons.at(-1)!.code).toBe('FORWARDER_TRUNCATION_ABOVE');
  });

  it('without the row it stays unknown, naming the column', () => {
    const h = holderWith(null);
    expect(h.status).toBe('unknown');
    expect(h.reasons.at(-1)!.code).toBe('FORWARDER_TRUNCATION_UNKNOWN');
  });
});
