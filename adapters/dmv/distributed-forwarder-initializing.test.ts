import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFactsReadiness } from '../../core/distributed/facts-readiness.js';
import { mergeDistributedFacts, snapshotToDistributedFacts } from './distributed.js';
import { formatDmvProblem } from './problem.js';
import { readSnapshot } from './read.js';

/*
 * A DBA's Always On notes (public SQL file, code index file 11196735543; S138): "Error: Database is
 * stuck in "Initializing / In Recovery" and it is the primary replica of a secondary AG of a DAG.
 * Solution: Restart the VM -> database will go into Restoring mode -> restore t-logs -> add
 * database back to AG". The fixture is that moment on the bundled forwarder snapshot
 * (examples/snapshots/dag-forwarder.json, server3, primary of ag2): db1 is INITIALIZING in
 * distributedag and RECOVERING; what the notes do not give (ag2's own states, every LSN) is NULL.
 * With both sides, the bundled pair of snapshots is given the same state. 'Perform a forced manual failover' (S44), Limitations: "When a
 * secondary database is in the REVERTING or INITIALIZING state, forcing failover would cause the
 * database to fail to start as a primary database"; the forwarder is "essentially another
 * secondary replica of AG1" (S95). decide --target ag2 gave the loss of FORCE_FAILOVER_ALLOW_DATA_LOSS
 * as unknown, settled by ag1's last_hardened_lsn, and with ag1's snapshot merged as the log after
 * the forwarder's last_hardened_lsn only.
 */
const factsOf = (json: string) => {
  const s = readSnapshot(json);
  if (E.isLeft(s)) throw new Error(s.left.map(formatDmvProblem).join('\n'));
  const f = snapshotToDistributedFacts(s.right);
  if (E.isLeft(f)) throw new Error(f.left.map(formatDmvProblem).join('\n'));
  return f.right;
};
const fixture = readFileSync(
  new URL('./fixtures/notes-dag-forwarder-initializing.json', import.meta.url),
  'utf8',
);
const example = (name: string) =>
  readFileSync(new URL(`../../examples/snapshots/${name}`, import.meta.url), 'utf8');
const AG2 = '7B000000-0000-4000-8000-0000000000A2';

/** The snapshot with ag2's row of distributedag in the state given. */
const withForwarderState = (json: string, state: string) => {
  const doc = JSON.parse(json);
  for (const r of doc['sys.dm_hadr_database_replica_states'])
    if (r.replica_id === AG2) r.synchronization_state_desc = state;
  return JSON.stringify(doc);
};
const merged = (state: string) => {
  const m = mergeDistributedFacts(
    factsOf(withForwarderState(example('dag-global-primary.json'), state)),
    factsOf(withForwarderState(example('dag-forwarder.json'), state)),
  );
  if (E.isLeft(m)) throw new Error('the two sides merge');
  return m.right;
};
const loss = (r: ReturnType<typeof distributedFactsReadiness>) => ({
  whole: r.lossWhole.map((l) => [l.database, l.reasons.map((x) => x.code)]),
  ranges: r.predictedLoss,
  unknown: r.lossUnknown.map((l) => l.database),
});

describe('a forwarder copy INITIALIZING or REVERTING: the failover between the groups loses it whole (S44)', () => {
  it("on the forwarder's own snapshot, the whole database, not a loss unknown", () => {
    const r = distributedFactsReadiness(factsOf(fixture), { target: 'ag2' });
    expect(loss(r)).toEqual({
      whole: [['db1', ['DATABASE_CANNOT_COME_ONLINE']]],
      ranges: [],
      unknown: [],
    });
    expect(r.lossWhole[0]!.reasons[0]!.message).toContain(
      'db1 is INITIALIZING on the forwarder server3',
    );
    // The steps keep every reason: still refused, the global primary's LSN still unknown.
    expect(r.status).toBe('refused');
    expect(r.reasons.map((x) => x.code)).toContain('LAST_HARDENED_LSN_UNKNOWN');
  });

  it('with both sides, the whole database rather than the log after the forwarder’s LSN', () => {
    for (const state of ['INITIALIZING', 'REVERTING']) {
      const r = distributedFactsReadiness(merged(state), { target: 'ag2' });
      expect(loss(r)).toEqual({
        whole: [['db1', ['DATABASE_CANNOT_COME_ONLINE']]],
        ranges: [],
        unknown: [],
      });
      expect(r.reasons.map((x) => x.code)).toContain('LAST_HARDENED_LSN_DIFFERS');
    }
  });

  it('a SYNCHRONIZING forwarder copy loses the log it lacks, as before', () => {
    const r = distributedFactsReadiness(merged('SYNCHRONIZING'), { target: 'ag2' });
    expect(loss(r)).toEqual({
      whole: [],
      ranges: [
        {
          database: 'db1',
          ranges: [{ member: 'ag1', fromLsn: 34000000051200001n, toLsn: 34000000052800001n }],
        },
      ],
      unknown: [],
    });
  });
});
