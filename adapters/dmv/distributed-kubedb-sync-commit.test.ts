import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { distributedFactsReadiness } from '../../core/distributed/facts-readiness.js';
import { mergeDistributedFacts, snapshotToDistributedFacts } from './distributed.js';
import { readSnapshot } from './read.js';

/*
 * kubedb/docs, docs/guides/mssqlserver/clustering/dag_cluster.md, "KubeDB - Microsoft SQL Server
 * Distributed Availability Group (DAG) Cluster" (SQL Server 2022 CU16 on Linux; ag1 on ag1-0..2,
 * ag2 on ag2-0..2, distributed group dag, database agdb), Performing Data Center Failover, Step 1,
 * after the MODIFY to SYNCHRONOUS_COMMIT on both sides: "We should check last_hardened_lsn it has to
 * be the same for all databases on and both AG, the state should be in “SYNCHRONIZED” status. Check
 * by running this query on global primary and forwarder." The query it runs selects
 * synchronization_state_desc and end_of_log_lsn, not last_hardened_lsn. On ag1-2 (the global
 * primary) it returned ag1's three rows and one row of dag, ag2's, SYNCHRONIZED at
 * 42000000155200001; on ag2-0 (the forwarder) ag2's three rows and none of dag. The fixtures are
 * those rows with the roles and modes the same page printed (ids as published; endpoint URLs,
 * group_database_id and the other catalog columns invented). Neither side shows a last_hardened_lsn,
 * and decide named only the global primary's, "take one there too", though a snapshot of it was
 * given and the forwarder's was missing as well.
 */
const facts = (name: string) => {
  const s = readSnapshot(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
  if (E.isLeft(s)) throw new Error('the snapshot reads');
  const f = snapshotToDistributedFacts(s.right);
  if (E.isLeft(f)) throw new Error('the snapshot is a distributed group');
  return f.right;
};
const GLOBAL = facts('kubedb-dag-sync-commit-global-primary.json');
const FORWARDER = facts('kubedb-dag-sync-commit-forwarder.json');
const both = () => {
  const m = mergeDistributedFacts(GLOBAL, FORWARDER);
  if (E.isLeft(m)) throw new Error(m.left);
  return m.right;
};
const step = (r: ReturnType<typeof distributedFactsReadiness>, name: string) =>
  r.steps.find((s) => s.step === name)!;

describe('KubeDB’s failover check, end_of_log_lsn only, on both sides (S58 steps 2 and 4)', () => {
  it('names the last_hardened_lsn of each side that lacks it, not the first one only', () => {
    const r = distributedFactsReadiness(both());
    expect(r.status).toBe('refused'); // ag1 is not demoted yet
    expect(step(r, 'SYNCHRONOUS_COMMIT').met).toBe(true);
    for (const name of ['SYNCHRONIZED', 'LAST_HARDENED_LSN_EQUAL'])
      expect(step(r, name).reasons.map((x) => [x.code, x.settledBy])).toEqual([
        [
          'LAST_HARDENED_LSN_UNKNOWN',
          ["sys.dm_hadr_database_replica_states.last_hardened_lsn on ag1's primary"],
        ],
        [
          'LAST_HARDENED_LSN_UNKNOWN',
          [
            "sys.dm_hadr_database_replica_states.last_hardened_lsn of ag2's row in dag, on ag1's primary (the global primary) or on ag2's primary (the forwarder)",
          ],
        ],
      ]);
    expect(r.lossUnknown.map((l) => [l.database, l.reasons.length])).toEqual([['agdb', 2]]);
    expect(r.predictedLoss).toEqual([]);
  });

  it('does not ask for a snapshot of the global primary when one was given', () => {
    const r = distributedFactsReadiness(both());
    const messages = step(r, 'LAST_HARDENED_LSN_EQUAL').reasons.map((x) => x.message);
    expect(messages).toEqual([
      'agdb: the snapshot taken on the global primary (ag1) does not show its last_hardened_lsn',
      'agdb: last_hardened_lsn of the forwarder (ag2) is not in the snapshots',
    ]);
  });
});

/*
 * The same check with last_hardened_lsn added to KubeDB's query, as the reasons above ask, and still
 * without is_primary_replica (a state column a query may leave out, docs/dmv-snapshot.md): on the
 * global primary the view holds ag2's row of dag only (S43), so ag1's end of log is its primary
 * database's row in ag1, the local row of the replica sys.dm_hadr_availability_replica_states shows
 * PRIMARY (S6: is_primary_replica is 1 when "the replica is primary"). It was read only where
 * is_primary_replica said 1, so the global primary's LSN stayed unknown. The LSNs are invented,
 * equal to the end_of_log_lsn the page printed.
 */
const withHardened = (name: string) => {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const json = JSON.parse(text) as Record<string, Record<string, unknown>[]>;
  for (const row of json['sys.dm_hadr_database_replica_states']!)
    row.last_hardened_lsn = row.end_of_log_lsn;
  const s = readSnapshot(JSON.stringify(json));
  if (E.isLeft(s)) throw new Error('the snapshot reads');
  const f = snapshotToDistributedFacts(s.right);
  if (E.isLeft(f)) throw new Error('the snapshot is a distributed group');
  return f.right;
};

describe('the check with last_hardened_lsn and without is_primary_replica', () => {
  it('reads the global primary’s end of log from its primary database in its own group', () => {
    const g = withHardened('kubedb-dag-sync-commit-global-primary.json');
    expect(g.databases.find((d) => d.member === 'ag1')?.lastHardenedLsn).toBe(42000000155200001n);
    const m = mergeDistributedFacts(g, withHardened('kubedb-dag-sync-commit-forwarder.json'));
    if (E.isLeft(m)) throw new Error(m.left);
    const r = distributedFactsReadiness(m.right);
    expect(r.steps.map((s) => [s.step, s.reasons.map((x) => x.code)])).toEqual([
      ['SYNCHRONOUS_COMMIT', []],
      ['SYNCHRONIZED', []],
      ['GLOBAL_PRIMARY_DEMOTED', ['GLOBAL_PRIMARY_NOT_DEMOTED']],
      ['LAST_HARDENED_LSN_EQUAL', []],
      ['FORWARDER_RUNNING', []],
    ]);
    expect(r.lossUnknown).toEqual([]);
  });

  it('from the forwarder alone (no row of dag there), agdb is its primary database in ag2', () => {
    const r = distributedFactsReadiness(FORWARDER, { target: 'ag2' });
    expect(r.lossUnknown.map((l) => [l.database, l.reasons.map((x) => x.code)])).toEqual([
      ['agdb', ['LAST_HARDENED_LSN_UNKNOWN', 'LAST_HARDENED_LSN_UNKNOWN']],
    ]);
  });
});
