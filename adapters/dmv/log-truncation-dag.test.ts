import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { decideMember } from '../../core/distributed/facts-member.js';
import { snapshotTextToFactsWithNotes } from './read.js';

/*
 * SQLskills, "The Curious Case of… log truncation in a distributed availability group" (S95):
 * "Imagine we have a DAG from AG1 to AG2. ... The primary replica of AG2 is essentially another
 * secondary replica of AG1, and functions as a log forwarder to its own secondary replica. You can
 * think of a DAG as an AG of AGs." KB2922898 (S94): compare truncation_lsn across the secondaries.
 * The snapshot is examples/snapshots/dag-global-primary.json (server1, the global primary of ag1 in
 * distributedag) with a truncation_lsn on ag1's rows of db1: server2, ag1's own secondary, shows one.
 */
const example = readFileSync(
  new URL('../../examples/snapshots/dag-global-primary.json', import.meta.url),
  'utf8',
);
type Row = Record<string, unknown>;
const snapshot = JSON.parse(example) as Record<string, Row[]>;
const ag1 = snapshot['sys.availability_groups']!.find((g) => g.name === 'ag1')!.group_id;
for (const r of snapshot['sys.dm_hadr_database_replica_states']!)
  if (r.group_id === ag1) r.truncation_lsn = '15000000001600001';
const read = snapshotTextToFactsWithNotes(JSON.stringify(snapshot), { group: 'ag1' });
if (E.isLeft(read)) throw new Error('the snapshot reads');
const { facts, distributed } = read.right;

describe("which copy holds the global primary's log (S94, S95)", () => {
  it('ag1 alone names its own secondary', () => {
    const [h] = decide(facts).logTruncation;
    expect(h).toMatchObject({ status: 'known', holders: ['server2'] });
  });

  it('as the global primary of distributedag it is unknown: the forwarder holds the log too', () => {
    const [h] = decideMember(facts, distributed).logTruncation;
    expect(h!.status).toBe('unknown');
    const last = h!.reasons.at(-1)!;
    expect(last.code).toBe('FORWARDER_TRUNCATION_UNKNOWN');
    expect(last.settledBy?.[0]).toContain('in distributedag, on server1');
  });
});
