import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { snapshotTextToFactsWithNotes } from './read.js';
import { example, factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/**
 * Snapshots taken during an outage, rebuilt from published error-log excerpts. Each error log
 * gives the old primary's "State information for database" line at the moment it lost the primary
 * role; the LSNs of that line, written (VLF:block:slot), are numeric(25,0) as the DMVs show them:
 * VLF × 10^15 + block × 10^5 + slot.
 */
const lsnOf = (triple: string): string => {
  const m = /^\((\d+):(\d+):(\d+)\)$/.exec(triple);
  if (m === null) throw new Error(`not an LSN triple: ${triple}`);
  return (BigInt(m[1]!) * 10n ** 15n + BigInt(m[2]!) * 10n ** 5n + BigInt(m[3]!)).toString();
};

const clone = (s: JsonSnapshot): JsonSnapshot => JSON.parse(JSON.stringify(s)) as JsonSnapshot;

describe('error-log LSN triples', () => {
  it('read as the DMVs write them', () => {
    expect(lsnOf('(34:664:1)')).toBe('34000000066400001');
    expect(lsnOf('(7672713:38265:1)')).toBe('7672713000003826500001');
  });
});

/*
 * "Availability group database level health detection failover option" (docs, section "Example
 * error log"): on the primary SQLSERVER-1 of Contoso-ag, database 'AutoHa-Sample' fails and
 *   State information for database 'AutoHa-Sample' - Hardened Lsn: '(34:664:1)'
 *   Commit LSN: '(34:656:1)' Commit Time: 'Apr 25 2016 12:19PM'
 * then the local replica goes from PRIMARY_NORMAL to RESOLVING_NORMAL. The group, replica ids and
 * names are the example's. examples/snapshots/outage-resolving-secondary.json is the snapshot a DBA
 * then takes on the synchronous partner SQLSERVER-0, RESOLVING, whose copy hardened the same log.
 */
describe('an outage snapshot on a RESOLVING secondary (S28 error-log example)', () => {
  const facts = factsOf(example('outage-resolving-secondary.json'));
  const target = decide(facts).failover.targets.find((t) => t.replica === 'SQLSERVER-0')!;

  it('knows the local replica is running and the quorum from sys.dm_hadr_cluster', () => {
    expect(facts.localReplica).toBe('SQLSERVER-0');
    expect(facts.replicas.find((r) => r.name === 'SQLSERVER-0')).toMatchObject({
      role: 'RESOLVING',
      isUp: true,
    });
    expect(facts.quorum).toBe('HEALTHY');
    expect(facts.groupState).toBe('RESOLVING');
    expect(facts.productVersion).toBe('13.0.1601.5');
  });

  it('allows the forced failover to it', () => {
    expect(target.forced.status).toBe('allowed');
    expect(target.forced.reasons.map((r) => r.code)).not.toContain('TARGET_STATE_UNKNOWN');
  });

  it('reads "no primary" only from a RESOLVING replica that can say so (S7 operational states)', () => {
    // RESOLVING and OFFLINE: "configuration current but no primary". FAILED: the replica cannot
    // read the cluster; PENDING_FAILOVER: a failover is being processed. For those two the missing
    // primary_replica says nothing ("NULL = ... unable to communicate with the WSFC", S49).
    for (const state of ['FAILED', 'PENDING_FAILOVER'] as const) {
      const snapshot = clone(
        JSON.parse(example('outage-resolving-secondary.json')) as JsonSnapshot,
      );
      for (const row of rowsOf(snapshot, 'sys.dm_hadr_availability_replica_states'))
        if (row.is_local === true) row.operational_state_desc = state;
      const unseen = factsOf(JSON.stringify(snapshot));
      expect(unseen.groupState, state).toBeUndefined();
      const decisions = decide(unseen);
      const planned = decisions.failover.targets.find((t) => t.replica === 'SQLSERVER-0')!.planned;
      expect(planned.reasons.map((r) => r.code)).toContain('NO_PRIMARY_VIEW');
      expect(planned.reasons.map((r) => r.code)).not.toContain('NO_PRIMARY');
      // Without a primary the copy, failover ready, would take a planned failover (S2): unknown;
      // a replica in a failed state takes none until it restarts (Msg 41143, S135).
      expect(planned.status).toBe(state === 'FAILED' ? 'refused' : 'unknown');
      expect(planned.reasons.some((r) => r.code === 'TARGET_REPLICA_FAILED')).toBe(
        state === 'FAILED',
      );
      const readWrite = decisions.routing.readWrite.reasons.map((r) => r.code);
      expect(readWrite).toContain('UNKNOWN_PRIMARY');
      expect(readWrite).not.toContain('LISTENER_NO_PRIMARY');
    }
  });

  it('allows the planned failover: no primary, and the copy is still marked synchronized in the cluster', () => {
    // S2, Terms and definitions: "When the target secondary replica is synchronized, manual
    // failover (without data loss) is possible even if the primary replica has crashed because
    // the secondary databases are ready for failover"; S44: "If the primary replica is still
    // unavailable after quorum is regained, you can perform a planned manual failover to a
    // synchronized secondary replica." Quorum is NORMAL_QUORUM and is_failover_ready is 1.
    expect(target.planned.status).toBe('allowed');
    expect(target.forced.reasons.map((r) => r.code)).toEqual(['FORCED_BEHAVES_AS_PLANNED']);
  });

  it('refuses the planned failover once is_failover_ready is 0: then only a forced one', () => {
    const outage = clone(JSON.parse(example('outage-resolving-secondary.json')) as JsonSnapshot);
    for (const c of rowsOf(outage, 'sys.dm_hadr_database_replica_cluster_states'))
      c.is_failover_ready = false;
    const t = decide(factsOf(JSON.stringify(outage))).failover.targets.find(
      (x) => x.replica === 'SQLSERVER-0',
    )!;
    expect(t.planned.status).toBe('refused');
    expect(t.planned.reasons.map((r) => r.code)).toEqual(['DATABASE_NOT_FAILOVER_READY']);
    expect(t.forced.reasons.map((r) => r.code)).toContain('POSSIBLE_DATA_LOSS');
  });

  it('keeps the notes of a forced failover it cannot settle: its loss, and a copy that may not start', () => {
    // SQLSERVER-1, the old primary, is seen from SQLSERVER-0 alone: whether it runs and its copy's
    // state are not shown. Forcing onto it is unknown (S44 needs the target running), and were it
    // running it would lose what it lacks (is_failover_ready = 0) and might not start its copy: a
    // REVERTING or INITIALIZING database "cannot" serve as primary (S6, synchronization_state).
    const forced = decide(facts).failover.targets.find((t) => t.replica === 'SQLSERVER-1')!.forced;
    expect(forced.status).toBe('unknown');
    // With no primary and SQLSERVER-0's node UP, the cluster may still be bringing the role
    // online there ("Troubleshoot Always On Availability Groups failover", S293).
    expect(forced.reasons.map((r) => r.code)).toEqual([
      'TARGET_STATE_UNKNOWN',
      'POSSIBLE_DATA_LOSS',
      'FORCE_CLUSTER_RECOVERY_UNKNOWN',
      'DATABASE_START_UNKNOWN',
    ]);
    expect(forced.reasons.at(-1)!.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.synchronization_state_desc',
    ]);
  });

  it('predicts no loss: the copy is failover ready, and estimates 0 s of data loss (S47)', () => {
    expect(target.forcedLoss[0]).toMatchObject({ database: 'AutoHa-Sample', extent: 'none' });
    expect(target.estimates.databases[0]).toMatchObject({
      dataLossSeconds: 0,
      recoverySeconds: 0,
    });
  });

  it('predicts the loss from the old primary once its last rows are merged in', () => {
    // The old primary's rows as the State information line gives them: no end of log.
    const outage = clone(JSON.parse(example('outage-resolving-secondary.json')) as JsonSnapshot);
    const [row] = rowsOf(outage, 'sys.dm_hadr_database_replica_states');
    // The partner had hardened less than the primary: 1 block behind, and not failover ready.
    // recovery_lsn at its hardened LSN: no revert needed (S6), so it holds what it hardened.
    Object.assign(row!, {
      last_hardened_lsn: lsnOf('(34:600:1)'),
      end_of_log_lsn: lsnOf('(34:600:1)'),
      recovery_lsn: lsnOf('(34:600:1)'),
      last_redone_lsn: lsnOf('(34:500:1)'),
      last_commit_lsn: lsnOf('(34:500:1)'),
    });
    for (const c of rowsOf(outage, 'sys.dm_hadr_database_replica_cluster_states'))
      c.is_failover_ready = false;
    const primary = clone(outage);
    primary['sys.dm_hadr_availability_replica_states'] = [
      {
        replica_id: '3EAE74D1-A22F-4D9F-8E9A-DEFF99B1F4D1',
        group_id: '24E6FE58-5EE8-4C4E-9746-491CFBB208C1',
        is_local: true,
        role_desc: 'PRIMARY',
        operational_state_desc: 'ONLINE',
        connected_state_desc: 'CONNECTED',
      },
    ];
    primary['sys.dm_hadr_database_replica_states'] = [
      {
        ...row,
        replica_id: '3EAE74D1-A22F-4D9F-8E9A-DEFF99B1F4D1',
        is_primary_replica: true,
        last_hardened_lsn: lsnOf('(34:664:1)'),
        last_commit_lsn: lsnOf('(34:656:1)'),
        end_of_log_lsn: null,
        last_commit_time: '2016-04-25T12:19:00',
      },
    ];
    primary['sys.dm_hadr_availability_group_states'] = [];
    const merged = mergeFacts(
      { source: 'primary.json', facts: factsOf(JSON.stringify(primary)) },
      { source: 'outage.json', facts: factsOf(JSON.stringify(outage)) },
    );
    const loss = decide(merged.facts).failover.targets.find((t) => t.replica === 'SQLSERVER-0')!
      .forcedLoss[0]!;
    expect(loss.bound).toBe('lowerBound');
    expect(loss.lsnRange).toEqual({
      afterLsn: 34000000060000001n,
      throughLsn: 34000000066400001n,
    });
    expect(loss.ranges.find((x) => x.bound === 'upperBound')?.throughLsn).toBe(34000000065600001n);
  });
});

/*
 * "MSSQLSERVER_9001" (docs, "Resolve full transaction log errors"): the log of 'ContosoDb' is full
 * because of AVAILABILITY_REPLICA, and the primary logs
 *   State information for database 'ContosoDb' - Hardened Lsn: '(7672713:38265:1)'
 *   Commit LSN: '(7672712:1683087:46)' Commit Time: 'Jul  1 2021  5:51AM'
 * before its connection with the secondary on 'PRDAT1ANLYSQL05' terminates. The secondary was
 * behind (that is why the log was full); the snapshot below is taken on it, RESOLVING.
 */
describe('a lagging asynchronous secondary after the primary failed (MSSQLSERVER_9001 error log)', () => {
  const base = JSON.parse(example('outage-resolving-secondary.json')) as JsonSnapshot;
  const outage = clone(base);
  rowsOf(outage, 'sys.availability_groups')[0]!.name = 'AG-Contoso';
  const replicas = rowsOf(outage, 'sys.availability_replicas');
  Object.assign(replicas[0]!, { replica_server_name: 'PRDAT1ANLYSQL04' });
  Object.assign(replicas[1]!, {
    replica_server_name: 'PRDAT1ANLYSQL05',
    availability_mode_desc: 'ASYNCHRONOUS_COMMIT',
    failover_mode_desc: 'MANUAL',
  });
  const secondaryRow = {
    ...rowsOf(outage, 'sys.dm_hadr_database_replica_states')[0]!,
    database_name: 'ContosoDb',
    last_received_lsn: lsnOf('(7672712:1600000:1)'),
    last_hardened_lsn: lsnOf('(7672712:1600000:1)'),
    end_of_log_lsn: lsnOf('(7672712:1600000:1)'),
    recovery_lsn: lsnOf('(7672712:1600000:1)'),
    last_redone_lsn: lsnOf('(7672712:1500000:1)'),
    last_commit_lsn: lsnOf('(7672712:1500000:1)'),
    last_commit_time: '2021-07-01T05:48:30',
    redo_queue_size: 6000,
    redo_rate: 1500,
  };
  outage['sys.dm_hadr_database_replica_states'] = [secondaryRow];
  for (const c of rowsOf(outage, 'sys.dm_hadr_database_replica_cluster_states'))
    Object.assign(c, { database_name: 'ContosoDb', is_failover_ready: false });
  outage['sys.dm_hadr_cluster_members'] = [
    { member_name: 'PRDAT1ANLYSQL04', member_state_desc: 'DOWN', number_of_quorum_votes: 1 },
    { member_name: 'PRDAT1ANLYSQL05', member_state_desc: 'UP', number_of_quorum_votes: 1 },
    { member_name: 'Cloud Witness', member_state_desc: 'UP', number_of_quorum_votes: 1 },
  ];
  const primary = clone(outage);
  primary['sys.dm_hadr_availability_replica_states'] = [];
  primary['sys.dm_hadr_database_replica_states'] = [
    {
      ...secondaryRow,
      replica_id: rowsOf(outage, 'sys.availability_replicas')[0]!.replica_id,
      is_primary_replica: true,
      last_hardened_lsn: lsnOf('(7672713:38265:1)'),
      last_commit_lsn: lsnOf('(7672712:1683087:46)'),
      end_of_log_lsn: null,
      last_commit_time: '2021-07-01T05:51:00',
    },
  ];
  primary['sys.dm_hadr_availability_group_states'] = [
    {
      ...rowsOf(outage, 'sys.dm_hadr_availability_group_states')[0]!,
      primary_replica: 'PRDAT1ANLYSQL04',
    },
  ];

  it('alone: allows the forced failover; the loss is unknown and says which columns settle it', () => {
    const facts = factsOf(JSON.stringify(outage));
    // Its node DOWN, the old primary is out of the cluster; whether its instance runs is not shown.
    expect(facts.replicas.find((r) => r.name === 'PRDAT1ANLYSQL04')).toMatchObject({
      nodeDown: true,
      isUp: null,
    });
    const t = decide(facts).failover.targets.find((x) => x.replica === 'PRDAT1ANLYSQL05')!;
    expect(t.forced.status).toBe('allowed');
    expect(t.forcedLoss[0]?.extent).toBe('unknown');
    expect(t.forcedLoss[0]?.reasons[0]?.settledBy).toEqual(
      expect.arrayContaining([expect.stringContaining('end_of_log_lsn')]),
    );
    // Redo of 6000 KB at 1500 KB/s: 4 s (S47, redo_queue_size / redo_rate).
    expect(t.estimates.databases[0]?.recoverySeconds).toBe(4);
  });

  it('with the primary rows of the error log: lower and upper bounds, and 150 s of data loss', () => {
    const merged = mergeFacts(
      { source: 'primary', facts: factsOf(JSON.stringify(primary)) },
      { source: 'outage', facts: factsOf(JSON.stringify(outage)) },
    );
    const t = decide(merged.facts).failover.targets.find((x) => x.replica === 'PRDAT1ANLYSQL05')!;
    const loss = t.forcedLoss[0]!;
    expect(loss.bound).toBe('lowerBound');
    expect(loss.ranges.map((x) => [x.bound, x.throughLsn])).toEqual([
      ['lowerBound', 7672713000003826500001n],
      ['upperBound', 7672712000168308700046n],
    ]);
    // 05:51:00 on the primary, 05:48:30 on the secondary: DATEDIFF(ss) = 150.
    expect(t.estimates.databases[0]?.dataLossSeconds).toBe(150);
  });
});

/*
 * KB3057876 (SQL Server 2014): after a restart the secondary logs
 *   State information for database 'Database_Name' - Hardended Lsn: '(0:0:0)' Commit LSN: '(0:0:0)'
 * and stays NOT SYNCHRONIZING. A zero LSN is a sentinel: unknown, never a position.
 */
describe('sentinel LSNs (KB3057876 error log)', () => {
  it('reads (0:0:0), and negative LSNs, as unknown for that row', () => {
    const s = JSON.parse(example('outage-resolving-secondary.json')) as JsonSnapshot;
    Object.assign(rowsOf(s, 'sys.dm_hadr_database_replica_states')[0]!, {
      last_hardened_lsn: lsnOf('(0:0:0)'),
      last_commit_lsn: lsnOf('(0:0:0)'),
      end_of_log_lsn: '-1',
    });
    for (const c of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
      c.is_failover_ready = false;
    const facts = factsOf(JSON.stringify(s));
    expect(facts.databaseReplicas.find((d) => d.replica === 'SQLSERVER-0')).toMatchObject({
      lastHardenedLsn: null,
      lastCommitLsn: null,
      endOfLogLsn: null,
    });
    const loss = decide(facts).failover.targets.find((t) => t.replica === 'SQLSERVER-0')!
      .forcedLoss[0]!;
    expect(loss.extent).toBe('unknown');
    // The copy's own position and the group's end of log are both unknown: both are named. The
    // snapshot's primary_replica is NULL: the other joined copy's row holds the end, not a primary's.
    expect(loss.reasons.flatMap((r) => r.settledBy)).toEqual([
      'sys.dm_hadr_database_replica_states.last_hardened_lsn',
      'sys.dm_hadr_database_replica_states.end_of_log_lsn (the rows of SQLSERVER-1, in snapshots taken there)',
      'sys.dm_hadr_database_replica_cluster_states.is_failover_ready',
    ]);
  });
});

/*
 * "Fail over the primary replica on a read-scale availability group" (Perform a planned manual
 * failover of an availability group, S45): "Forced manual failover with data loss. Use this method
 * when the primary replica isn't available and can't be recovered": FORCE_FAILOVER_ALLOW_DATA_LOSS
 * on the target, with no quorum condition (CLUSTER_TYPE NONE has no cluster manager). The snapshot
 * is the one a DBA takes on the target node2 of that page's ag1: SECONDARY, DISCONNECTED from the
 * lost primary, db1 NOT SYNCHRONIZING, no sys.dm_hadr_cluster (adapters/dmv/fixtures).
 */
describe('a read-scale group whose primary is lost (CLUSTER_TYPE NONE, S45)', () => {
  const text = readFileSync(
    new URL('./fixtures/docs-read-scale-primary-lost.json', import.meta.url),
    'utf8',
  );
  const node2 = decide(factsOf(text)).failover.targets.find((t) => t.replica === 'node2')!;

  it('allows the forced failover: no cluster, so no quorum to ask about', () => {
    expect(node2.forced.allowed).toBe(true);
    expect(node2.forced.reasons.map((r) => r.code)).not.toContain('QUORUM_UNKNOWN');
  });

  it('refuses the planned failover, the page names forcing as the way', () => {
    expect(node2.planned.allowed).toBe(false);
    expect(node2.planned.reasons.map((r) => r.code)).toContain('CLUSTER_TYPE_NONE_PLANNED');
  });
});

/*
 * sqlgeekspro.com, "force manual failover of AlwaysOn Group" (tag force-quorum): a two-node WSFC,
 * "SQLP1 (Primary) is unavailable. WSFC is down and AG is inaccessible. SQLP2 (Replica) is up",
 * the dashboard showing the group RESOLVING; the DBA forces quorum before forcing the failover. The
 * snapshot taken on SQLP2 then holds no sys.dm_hadr_cluster row: "If the WSFC node has no quorum,
 * no row is returned" (sys.dm_hadr_cluster (Transact-SQL)), which FOR JSON writes as null.
 */
describe('a two-node WSFC without quorum, the secondary RESOLVING (published walk-through)', () => {
  const text = readFileSync(
    new URL('./fixtures/blog-two-node-quorum-lost.json', import.meta.url),
    'utf8',
  );
  const facts = factsOf(text, { version: 2016 });

  it('reads the cluster view without a row as quorum lost, and refuses even the forced failover', () => {
    expect(facts.quorum).toBe('LOST');
    const sqlp2 = decide(facts).failover.targets.find((t) => t.replica === 'SQLP2')!;
    expect(sqlp2.forced.allowed).toBe(false);
    expect(sqlp2.forced.reasons.map((r) => r.code)).toEqual(['QUORUM_LOST']);
  });

  it('the same rows written as [] read alike, and no column is said to be left out', () => {
    const empty = text.replace('"sys.dm_hadr_cluster": null', '"sys.dm_hadr_cluster": []');
    const r = snapshotTextToFactsWithNotes(empty, { version: 2016 });
    expect(E.isRight(r) && r.right.facts.quorum).toBe('LOST');
    expect(E.isRight(r) && r.right.notes.map((n) => n.message).join('\n')).not.toMatch(
      /quorum_state_desc/,
    );
  });
});

/*
 * "Failover and failover modes" (Why forced failover is required after forcing quorum): Node C,
 * disconnected while SYNCHRONIZED, fell behind; "if quorum is forced on Node C", its secondary is
 * "incorrectly shown as SYNCHRONIZED". "Perform a forced manual failover" (S44): "If the restored
 * node wasn't up at the time quorum was lost, is_failover_ready might not reflect the cluster's
 * actual state", and when "quorum has been forced, you can't assess the amount of potential data
 * loss". The snapshot is NodeC's after forcing quorum: FORCED_QUORUM, RESOLVING, db1 marked ready.
 */
describe('after quorum was forced on a node whose cluster state is stale (S44, Node C)', () => {
  const text = readFileSync(
    new URL('./fixtures/docs-forced-quorum-node-c.json', import.meta.url),
    'utf8',
  );
  const facts = factsOf(text, { version: 2016 });
  const nodeC = decide(facts).failover.targets.find((t) => t.replica === 'NodeC')!;

  it('allows only the forced failover', () => {
    expect(facts.quorum).toBe('FORCED');
    expect([nodeC.automatic.allowed, nodeC.planned.allowed, nodeC.forced.allowed]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('does not take the failover-ready mark as no loss: the loss is unknown, and says why', () => {
    const loss = nodeC.forcedLoss.find((l) => l.database === 'db1')!;
    expect(loss.extent).toBe('unknown');
    const why = loss.reasons.find((r) => r.code === 'LOSS_FORCED_QUORUM_UNKNOWN');
    expect(why?.settledBy?.length).toBeGreaterThan(0);
  });
});

/*
 * KB2833707 (Troubleshoot automatic failover problems): automatic failover was refused because the
 * group's cluster role had failed over more often than its threshold allows ("failoverCount 3 …
 * computedFailoverThreshold 2"), a count the cluster log shows and no DMV does.
 */
describe('the failures of the primary in the period, from a snapshot', () => {
  it('are unknown, naming where the cluster keeps them, not 0', () => {
    const { health } = decide(factsOf(example('primary.json')));
    expect(health.failuresInPeriod).toBeNull();
    expect(health.failuresUnknown?.code).toBe('FAILURE_COUNT_UNKNOWN');
    expect(health.failuresUnknown?.settledBy?.length).toBeGreaterThan(0);
  });
});

/*
 * Brent Ozar, "Why Your SQL Server's Network Connection Matters" (brentozar.com, June 2012):
 * SQL2012PROD1 is the primary, SQL2012PROD2 an asynchronous secondary; "If I disconnect the network
 * connection for SQL2012PROD1 ... all of the databases in my availability groups roll back all open
 * transactions and then go offline." The snapshot is the one taken on SQL2012PROD1 afterwards: its
 * node has lost quorum (sys.dm_hadr_cluster without a row), the replica RESOLVING, FAILED_NO_QUORUM.
 * The database name and the failover modes are invented.
 */
describe('a primary cut off from the network: its own node without quorum (published post)', () => {
  const text = readFileSync(
    new URL('./fixtures/blog-network-pulled-primary-isolated.json', import.meta.url),
    'utf8',
  );
  const decisions = decide(factsOf(text));
  const target = (name: string) => decisions.failover.targets.find((t) => t.replica === name)!;

  it('refuses a forced failover to the isolated replica: its node has no quorum', () => {
    expect(target('SQL2012PROD1').forced.reasons.map((r) => r.code)).toEqual(['QUORUM_LOST']);
  });

  it('leaves one to the other node unknown: that side of the partition may have kept quorum', () => {
    const forced = target('SQL2012PROD2').forced;
    expect(forced.status).toBe('unknown');
    const quorum = forced.reasons.find((r) => r.code === 'QUORUM_LOST_ON_SNAPSHOT_NODE');
    expect(quorum?.settledBy).toEqual(['sys.dm_hadr_cluster.quorum_state_desc on SQL2012PROD2']);
    expect(forced.reasons.map((r) => r.code)).not.toContain('QUORUM_LOST');
  });

  // Its node's lost quorum and NULL primary_replica do not show the other node's side (S107,
  // S49): a forced failover on SQL2012PROD2 would take transactions there.
  it('leaves commits unknown: the other side of the partition may hold a primary', () => {
    expect(decisions.commit.map((c) => c.acknowledgement)).toEqual(['unknown']);
    expect(decisions.commit[0]?.reasons.map((r) => r.code)).toEqual([
      'QUORUM_LOST_ON_SNAPSHOT_NODE',
      'NO_PRIMARY_VIEW',
    ]);
  });
});

/*
 * dba.stackexchange.com q/249171, "SQL Server Always On Availability Groups LeaseTimeout": error
 * 19407 ("The lease between availability group ... and the Windows Server Failover Cluster has
 * expired"), then "primary role changed to resolving"; "This is a 5 node cluster all having votes
 * within quorum." The snapshot is taken on the former primary NODE1 while RESOLVING, with the five
 * nodes in sys.dm_hadr_cluster_members; names and the two replicas are invented. "Configure the
 * flexible automatic failover policy": "the default value for the maximum number of failures
 * during this period is n-1, where n is the number of WSFC nodes".
 */
describe('a lease time-out on a five-node cluster (dba.stackexchange q/249171)', () => {
  const text = readFileSync(
    new URL('./fixtures/dbase-lease-timeout-five-nodes.json', import.meta.url),
    'utf8',
  );

  it('takes the failure threshold from the WSFC nodes, not the replicas', () => {
    const facts = factsOf(text);
    expect(facts.config.replicas).toHaveLength(2);
    expect(facts.clusterNodes).toBe(5);
    expect(decide(facts).health).toMatchObject({
      maxFailuresInPeriod: 4,
      maxFailuresUnknown: null,
    });
  });

  it('without the nodes listed, the threshold is unknown, with what settles it', () => {
    const snapshot = JSON.parse(text) as JsonSnapshot;
    delete snapshot['sys.dm_hadr_cluster_members'];
    const health = decide(factsOf(JSON.stringify(snapshot))).health;
    expect(health.maxFailuresInPeriod).toBeNull();
    expect(health.maxFailuresUnknown?.code).toBe('FAILURE_THRESHOLD_UNKNOWN');
    expect(health.maxFailuresUnknown?.settledBy?.[0]).toMatch(/sys.dm_hadr_cluster_members/);
  });

  it('merged with a snapshot that lacks the nodes, still counts the five nodes; with none, unknown', () => {
    const snapshot = JSON.parse(text) as JsonSnapshot;
    delete snapshot['sys.dm_hadr_cluster_members'];
    const unlisted = factsOf(JSON.stringify(snapshot));
    const health = (a: ClusterFacts, b: ClusterFacts) =>
      decide(mergeFacts({ source: 'a', facts: a }, { source: 'b', facts: b }).facts).health;
    expect(health(unlisted, factsOf(text))).toMatchObject({
      maxFailuresInPeriod: 4,
      maxFailuresUnknown: null,
    });
    expect(health(unlisted, unlisted).maxFailuresUnknown?.code).toBe('FAILURE_THRESHOLD_UNKNOWN');
  });
});
