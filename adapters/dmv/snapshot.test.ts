import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { ClusterFacts } from '../../core/model/facts.js';
import { formatDmvProblem } from './problem.js';
import { snapshotTextToFactsWithNotes } from './read.js';
import {
  example,
  factsOf,
  type JsonSnapshot,
  primaryJson,
  rowsOf,
  withoutOrigins,
} from './test-support.js';

const dbFacts = (facts: ClusterFacts, replica: string) => {
  const found = facts.databaseReplicas.find(
    (d) => d.replica === replica && d.database === 'SalesDB',
  );
  if (found === undefined) throw new Error(`no database facts for ${replica}`);
  return found;
};

describe('a snapshot taken on the primary', () => {
  const fromJson = factsOf(example('primary.json'));

  it('gives the same facts from JSON and from sqlcmd CSV', () => {
    expect(withoutOrigins(factsOf(example('primary.csv')))).toEqual(withoutOrigins(fromJson));
  });

  it('gives facts the core codec accepts', () => {
    expect(ClusterFacts.is(fromJson)).toBe(true);
  });

  it('reads the configuration from the catalog views', () => {
    const c = fromJson.config;
    expect(c).toMatchObject({
      name: 'AGSales',
      version: 2019,
      clusterType: 'WSFC',
      dbFailover: 'ON',
      dtcSupport: 'NONE',
      kind: 'STANDARD',
      databases: ['SalesDB'],
    });
    expect(
      c.replicas.map((r) => [r.name, r.availabilityMode, r.failoverMode, r.backupPriority]),
    ).toEqual([
      ['SQLNODE1', 'SYNCHRONOUS_COMMIT', 'AUTOMATIC', 50],
      ['SQLNODE2', 'SYNCHRONOUS_COMMIT', 'AUTOMATIC', 50],
      ['SQLDR1', 'ASYNCHRONOUS_COMMIT', 'MANUAL', 60],
    ]);
    expect(c.listener).toEqual({
      name: 'agsales-lsn',
      port: 1433,
      dhcp: false,
      addresses: [{ address: '10.0.0.50', subnetMask: '255.255.255.0' }],
    });
  });

  it('turns equal routing priorities into a load-balanced set', () => {
    const lists = fromJson.config.replicas.map((r) => r.primaryRole.readOnlyRoutingList);
    expect(lists).toEqual([
      [['SQLNODE2', 'SQLDR1'], 'SQLNODE1'],
      [['SQLNODE1', 'SQLDR1'], 'SQLNODE2'],
      [],
    ]);
  });

  it('reads roles, states and the primary', () => {
    expect(fromJson.primary).toBe('SQLNODE1');
    expect(fromJson.replicas.map((r) => [r.name, r.role, r.connectedState])).toEqual([
      ['SQLNODE1', 'PRIMARY', 'CONNECTED'],
      ['SQLNODE2', 'SECONDARY', 'CONNECTED'],
      ['SQLDR1', 'SECONDARY', 'CONNECTED'],
    ]);
    expect(dbFacts(fromJson, 'SQLDR1')).toMatchObject({
      synchronizationState: 'SYNCHRONIZING',
      isFailoverReady: false,
      isJoined: true,
    });
  });

  it('keeps LSNs above 2^53 exact, and distinct where a double would merge them', () => {
    const primary = dbFacts(fromJson, 'SQLNODE1').lastCommitLsn;
    const secondary = dbFacts(fromJson, 'SQLNODE2').lastCommitLsn;
    expect(primary).toBe(1025000004418300005n);
    expect(secondary).toBe(1025000004418300004n);
    expect(Number(primary)).toBe(Number(secondary));
    expect(dbFacts(fromJson, 'SQLNODE2').lastHardenedLsn).toBe(1025000004418400001n);
  });

  it('reads the nested object FOR JSON PATH makes of dotted aliases', () => {
    const flat = primaryJson();
    const nested: Record<string, unknown> = { sys: {} };
    for (const [view, rows] of Object.entries(flat)) {
      if (view.startsWith('sys.')) (nested.sys as Record<string, unknown>)[view.slice(4)] = rows;
      else nested[view] = rows;
    }
    expect(withoutOrigins(factsOf(JSON.stringify(nested)))).toEqual(withoutOrigins(fromJson));
  });

  it('reads synchronization_health_desc at database and replica level when the snapshot has it (S6, S7)', () => {
    const s = primaryJson();
    for (const row of rowsOf(s, 'sys.dm_hadr_availability_replica_states'))
      row.synchronization_health_desc = row.is_local === true ? 'HEALTHY' : 'PARTIALLY_HEALTHY';
    for (const row of rowsOf(s, 'sys.dm_hadr_database_replica_states'))
      row.synchronization_health_desc = 'NOT_HEALTHY';
    const facts = factsOf(JSON.stringify(s));
    expect(facts.replicas.map((r) => r.synchronizationHealth)).toEqual([
      'HEALTHY',
      'PARTIALLY_HEALTHY',
      'PARTIALLY_HEALTHY',
    ]);
    expect(dbFacts(facts, 'SQLNODE2').synchronizationHealth).toBe('NOT_HEALTHY');
    // Without the column, the facts say nothing, and the rules derive it from the states.
    expect(fromJson.replicas[0]).not.toHaveProperty('synchronizationHealth');
  });

  it('rejects a synchronization_health_desc SQL Server never reports, naming the place', () => {
    const s = primaryJson();
    rowsOf(s, 'sys.dm_hadr_availability_replica_states')[0]!.synchronization_health_desc = 'OK';
    expect(() => factsOf(JSON.stringify(s))).toThrow(/synchronization_health_desc/);
  });

  it('ignores columns it does not read, as real queries return more', () => {
    const s = primaryJson();
    for (const row of rowsOf(s, 'sys.dm_hadr_database_replica_states')) {
      row.database_id = 5;
      row.is_commit_participant = true;
      row.ItemArray = [1, 2, 3];
      row.Table = { TableName: '' };
    }
    expect(withoutOrigins(factsOf(JSON.stringify(s)))).toEqual(withoutOrigins(fromJson));
  });

  it('reads what PowerShell writes: one row as an object, ints as text, {} for NULL', () => {
    const s: JsonSnapshot = primaryJson();
    const group = rowsOf(s, 'sys.availability_groups')[0]!;
    group.health_check_timeout = '30000';
    for (const row of rowsOf(s, 'sys.availability_replicas')) row.read_write_routing_url = {};
    const single = JSON.stringify(s).replace(
      /"sys\.availability_groups":\[(\{[^\]]*\})\]/,
      '"sys.availability_groups":$1',
    );
    expect(single).toContain('"sys.availability_groups":{');
    expect(withoutOrigins(factsOf(single))).toEqual(withoutOrigins(fromJson));
  });

  it('accepts an LSN written as a JSON number when it is below 2^53', () => {
    const s = primaryJson();
    rowsOf(s, 'sys.dm_hadr_database_replica_states')[0]!.recovery_lsn = 4000000012800001;
    expect(dbFacts(factsOf(JSON.stringify(s)), 'SQLNODE1').recoveryLsn).toBe(4000000012800001n);
  });

  it('takes the version from the option when the SERVERPROPERTY result set is absent', () => {
    const s = primaryJson();
    delete s.SERVERPROPERTY;
    expect(withoutOrigins(factsOf(JSON.stringify(s), { version: 2019 }))).toEqual(
      withoutOrigins(fromJson),
    );
  });

  it('reads CSV with LF line endings, a byte-order mark and without row counts (NOCOUNT ON)', () => {
    const csv = example('primary.csv')
      .replace(/\r\n/g, '\n')
      .replace(/^\(\d+ rows affected\)\n/gm, '');
    expect(withoutOrigins(factsOf(`\uFEFF${csv}`))).toEqual(withoutOrigins(fromJson));
  });

  it('chooses a group by name when the instance hosts several', () => {
    const s = primaryJson();
    const groups = rowsOf(s, 'sys.availability_groups');
    groups.push({
      ...groups[0]!,
      group_id: '00000000-0000-4000-8000-000000000001',
      name: 'AGOther',
    });
    expect(withoutOrigins(factsOf(JSON.stringify(s), { group: 'agsales' }))).toEqual(
      withoutOrigins(fromJson),
    );
  });
});

describe('a snapshot of an older version', () => {
  it('gives the documented defaults for columns that version lacks', () => {
    const s = primaryJson();
    rowsOf(s, 'SERVERPROPERTY')[0]!.product_major_version = 12;
    const later = [
      'basic_features',
      'dtc_support',
      'db_failover',
      'is_distributed',
      'cluster_type_desc',
      'required_synchronized_secondaries_to_commit',
      'is_contained',
      'seeding_mode_desc',
      'read_write_routing_url',
    ];
    for (const rows of Object.values(s))
      for (const row of rows) for (const c of later) delete row[c];
    const facts = factsOf(JSON.stringify(s));
    expect(facts.config).toMatchObject({
      version: 2014,
      clusterType: 'WSFC',
      dbFailover: 'OFF',
      dtcSupport: 'NONE',
      kind: 'STANDARD',
      requiredSynchronizedSecondariesToCommit: 0,
    });
    expect(facts.config.replicas.map((r) => r.seedingMode)).toEqual(['MANUAL', 'MANUAL', 'MANUAL']);
  });
});

describe('a snapshot taken on a secondary', () => {
  const facts = factsOf(example('secondary.json'));

  it('gives the same facts from JSON and from sqlcmd CSV', () => {
    expect(withoutOrigins(factsOf(example('secondary.csv')))).toEqual(withoutOrigins(facts));
  });

  it('knows the whole configuration, from the catalog views', () => {
    expect(facts.config).toEqual(factsOf(example('primary.json')).config);
  });

  it('leaves the other replicas unknown rather than wrong', () => {
    expect(facts.primary).toBeNull();
    expect(withoutOrigins(facts).replicas).toEqual([
      {
        name: 'SQLNODE1',
        role: null,
        operationalState: null,
        connectedState: null,
        isUp: null,
        canCreateDatabase: null,
      },
      {
        name: 'SQLNODE2',
        role: 'SECONDARY',
        operationalState: 'ONLINE',
        connectedState: 'CONNECTED',
        // It answered the query (is_local = 1), so it is running, and SERVERPROPERTY is its own.
        isUp: true,
        canCreateDatabase: null,
        version: 2019,
      },
      {
        name: 'SQLDR1',
        role: null,
        operationalState: null,
        connectedState: null,
        isUp: null,
        canCreateDatabase: null,
      },
    ]);
    for (const replica of ['SQLNODE1', 'SQLDR1']) {
      expect(dbFacts(facts, replica)).toMatchObject({
        synchronizationState: null,
        isSuspended: null,
        databaseState: null,
        lastHardenedLsn: null,
        endOfLogLsn: null,
        lastCommitLsn: null,
      });
    }
  });

  /*
   * "Unknown facts" (docs/decisions-backup-routing.md, H3): the other replicas' states are not in a
   * secondary's view (S7), so whether the local secondary is the preferred backup replica, and
   * whether a backup job runs anywhere, is unknown, never "none" or "skip".
   */
  it('leaves the preferred backup replica and every backup decision unknown, not none or skip', () => {
    const [backup] = decide(facts, { backupType: 'LOG' }).backup;
    expect(backup?.preferred.replicas).toEqual([]);
    expect(backup?.preferred.undetermined).toEqual(['SQLNODE1', 'SQLNODE2', 'SQLDR1']);
    expect(backup?.decisions.map((d) => [d.replica, d.decision.action])).toEqual([
      ['SQLNODE1', 'unknown'],
      ['SQLNODE2', 'unknown'],
      ['SQLDR1', 'unknown'],
    ]);
  });

  it('still knows what the cluster-wide view says about every replica', () => {
    expect(dbFacts(facts, 'SQLNODE1')).toMatchObject({ isJoined: true, isFailoverReady: true });
    expect(dbFacts(facts, 'SQLDR1')).toMatchObject({ isJoined: true, isFailoverReady: false });
    expect(dbFacts(facts, 'SQLNODE2')).toMatchObject({
      synchronizationState: 'SYNCHRONIZED',
      lastRedoneLsn: 1025000004418300004n,
    });
  });
});

describe('a snapshot with the synchronous secondary disconnected', () => {
  const facts = factsOf(example('sync-secondary-disconnected.json'));

  it('shows the secondary disconnected and not synchronizing', () => {
    expect(facts.replicas.find((r) => r.name === 'SQLNODE2')).toMatchObject({
      role: null,
      connectedState: 'DISCONNECTED',
    });
    expect(dbFacts(facts, 'SQLNODE2')).toMatchObject({
      synchronizationState: 'NOT SYNCHRONIZING',
      isFailoverReady: false,
      lastHardenedLsn: 1025000004380200001n,
    });
    expect(facts.primary).toBe('SQLNODE1');
  });
});

describe('a snapshot that leaves out state columns', () => {
  it('reads them as unknown for every row, with a note, instead of refusing the snapshot', () => {
    const s = primaryJson();
    for (const row of rowsOf(s, 'sys.dm_hadr_availability_replica_states'))
      delete row.connected_state_desc;
    for (const row of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states'))
      delete row.is_failover_ready;
    const read = snapshotTextToFactsWithNotes(JSON.stringify(s));
    if (E.isLeft(read)) throw new Error('expected facts');
    expect(read.right.facts.replicas.map((r) => r.connectedState)).toEqual([null, null, null]);
    expect(read.right.facts.databaseReplicas.map((d) => d.isFailoverReady)).toEqual([
      null,
      null,
      null,
    ]);
    expect(read.right.notes.map(formatDmvProblem)).toEqual([
      expect.stringContaining('left out, read as unknown for every row: connected_state_desc'),
      expect.stringContaining('left out, read as unknown for every row: is_failover_ready'),
    ]);
  });
});

describe('a snapshot whose rows carry columns agstate does not read', () => {
  // SELECT * and PowerShell's DataRow properties return more columns than the documented query
  // (docs/dmv-snapshot.md); rows of one view may differ in which of them they carry.
  const withExtraColumns = (): JsonSnapshot => {
    const s = primaryJson();
    const rows = rowsOf(s, 'sys.dm_hadr_database_replica_states');
    const extras: readonly Record<string, unknown>[] = [
      { secondary_lag_seconds_x: 1, is_commit_participant: 1 },
      { is_commit_participant: 0 },
      { is_commit_participant: 1, low_water_mark_for_ghosts: 42, filestream_send_rate: 0 },
    ];
    rowsOf(s, 'sys.dm_hadr_database_replica_states').splice(
      0,
      rows.length,
      ...rows.map((row, i) => ({ ...row, ...extras[i % extras.length] })),
    );
    return s;
  };

  it('notes each unread column once, in the order the rows first show it, read fast or located', () => {
    const expected =
      'not read by agstate, ignored: secondary_lag_seconds_x, is_commit_participant, low_water_mark_for_ghosts, filestream_send_rate';
    for (const text of [
      JSON.stringify(withExtraColumns()),
      JSON.stringify(withExtraColumns(), null, 2),
    ]) {
      const read = snapshotTextToFactsWithNotes(text);
      if (E.isLeft(read)) throw new Error('expected facts');
      expect(read.right.notes.map(formatDmvProblem)).toEqual([expect.stringContaining(expected)]);
    }
  });
});
