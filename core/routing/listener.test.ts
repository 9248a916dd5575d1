import { describe, expect, it } from 'vitest';
import type { RoutingList } from '../model/config.js';
import type { SqlServerVersion } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { buildConfig, buildFacts, type FactsOverrides } from '../rules/facts-builder.js';
import { connectThroughListener, type ListenerConnectionRequest } from './listener.js';

const codes = (reasons: readonly Reason[]) => reasons.map((r) => r.code);

const NESTED: RoutingList = [['S1', 'S2'], 'S3', 'PRIMARY'];

interface Setup {
  readonly list?: RoutingList;
  readonly primaryAllows?: 'ALL' | 'READ_WRITE';
  readonly version?: SqlServerVersion;
  readonly listener?: boolean;
}

/** PRIMARY and readable secondaries S1, S2, S3, all with routing URLs, behind listener `aglisten`. */
const group = (setup: Setup = {}, overrides: FactsOverrides = {}): ClusterFacts => {
  const secondaryRole = (name: string) => ({
    allowConnections: 'READ_ONLY' as const,
    readOnlyRoutingUrl: `TCP://${name}:1433`,
  });
  return buildFacts(
    buildConfig({
      version: setup.version ?? 2022,
      listener: setup.listener === false ? null : { name: 'aglisten' },
      replicas: [
        {
          name: 'PRIMARY',
          secondaryRole: secondaryRole('PRIMARY'),
          primaryRole: {
            allowConnections: setup.primaryAllows ?? 'ALL',
            readOnlyRoutingList: setup.list ?? NESTED,
          },
        },
        ...['S1', 'S2', 'S3'].map((name) => ({ name, secondaryRole: secondaryRole(name) })),
      ],
    }),
    overrides,
  );
};

/** A read-intent connection to the group's database db1 (one naming none is tested on its own). */
const read = (facts: ClusterFacts, extra: Partial<ListenerConnectionRequest> = {}) =>
  connectThroughListener(facts, { intent: 'READ_ONLY', database: 'db1', ...extra });

const considered = (c: ReturnType<typeof read>) =>
  c.considered.map((x) => [x.replica, x.available] as const);

describe("read-only routing through (('S1','S2'), 'S3', 'PRIMARY')", () => {
  const s1Down: FactsOverrides = { replicas: { S1: { isUp: false } } };
  const s1DownS2Suspended: FactsOverrides = {
    ...s1Down,
    databaseReplicas: { S2: { db1: { isSuspended: true } } },
  };
  const noSecondary: FactsOverrides = {
    ...s1DownS2Suspended,
    replicas: { ...s1Down.replicas, S3: { connectedState: 'DISCONNECTED' } },
  };

  it('rotates through the load-balanced set by the caller’s counter', () => {
    const picks = [0, 1, 2, 3].map((n) => read(group(), { roundRobinCounter: n }).replica);
    expect(picks).toEqual(['S1', 'S2', 'S1', 'S2']);
    const c = read(group(), { roundRobinCounter: 1 });
    expect(c).toMatchObject({ outcome: 'routed', loadBalancedSet: ['S1', 'S2'] });
    expect(codes(c.reasons)).toEqual(['ROUTING_LOAD_BALANCED']);
    expect(considered(c)).toEqual([
      ['S1', true],
      ['S2', true],
    ]);
  });

  it('keeps to the set’s remaining member when one becomes unavailable', () => {
    for (const n of [0, 1, 2]) {
      const c = read(group({}, s1Down), { roundRobinCounter: n });
      expect(c).toMatchObject({ outcome: 'routed', replica: 'S2', loadBalancedSet: ['S2'] });
    }
    const c = read(group({}, s1Down));
    expect(codes(c.considered[0]?.reasons ?? [])).toEqual(['ROUTING_REPLICA_DOWN']);
  });

  it('moves to the next entry when no member of the set is available', () => {
    const c = read(group({}, s1DownS2Suspended), { roundRobinCounter: 1 });
    expect(c).toMatchObject({ outcome: 'routed', replica: 'S3' });
    expect(c.loadBalancedSet).toBeUndefined();
    expect(codes(c.reasons)).toEqual(['ROUTING_FIRST_AVAILABLE']);
    expect(considered(c)).toEqual([
      ['S1', false],
      ['S2', false],
      ['S3', true],
    ]);
    expect(codes(c.considered[1]?.reasons ?? [])).toEqual(['ROUTING_DATABASE_SUSPENDED']);
  });

  it('reaches the primary, listed last, when no secondary is available', () => {
    const c = read(group({}, noSecondary));
    expect(c).toMatchObject({ outcome: 'connected', replica: 'PRIMARY' });
    expect(considered(c).at(-1)).toEqual(['PRIMARY', true]);
    expect(codes(c.considered[2]?.reasons ?? [])).toEqual(['ROUTING_REPLICA_DISCONNECTED']);
  });

  it('refuses when the listed primary does not accept read intent', () => {
    const c = read(group({ primaryAllows: 'READ_WRITE' }, noSecondary));
    expect(c.outcome).toBe('refused');
    expect(c.replica).toBeUndefined();
    expect(codes(c.reasons)).toEqual([
      'ROUTING_NO_AVAILABLE_ENTRY',
      'ROUTING_PRIMARY_REFUSES_READ_INTENT',
    ]);
    expect(considered(c)).toEqual([
      ['S1', false],
      ['S2', false],
      ['S3', false],
      ['PRIMARY', false],
    ]);
  });

  it('sends a read-write connection to the primary, whatever the list', () => {
    const c = connectThroughListener(group(), { intent: 'READ_WRITE' });
    expect(c).toMatchObject({ outcome: 'connected', replica: 'PRIMARY', considered: [] });
    expect(codes(c.reasons)).toEqual(['LISTENER_TO_PRIMARY']);
  });
});

describe('what makes a secondary available for routing', () => {
  const firstOf = (list: RoutingList, overrides: FactsOverrides) =>
    read(group({ list }, overrides)).considered[0];

  it('needs a readable secondary with a routing URL', () => {
    const facts = buildFacts(
      buildConfig({
        listener: { name: 'aglisten' },
        replicas: [
          { name: 'P', primaryRole: { readOnlyRoutingList: ['X', 'Q'] } },
          { name: 'Q', secondaryRole: { allowConnections: 'NO', readOnlyRoutingUrl: null } },
        ],
      }),
    );
    const c = read(facts);
    expect(c.considered.map((x) => codes(x.reasons))).toEqual([
      ['ROUTING_ENTRY_NOT_A_REPLICA'],
      ['ROUTING_REPLICA_NOT_READABLE', 'ROUTING_REPLICA_NO_ROUTING_URL'],
    ]);
    expect(c).toMatchObject({ outcome: 'refused' });
    expect(codes(c.reasons)).toEqual([
      'ROUTING_NO_AVAILABLE_ENTRY',
      'ROUTING_NO_READABLE_SECONDARY',
    ]);
  });

  // sys.availability_replicas (S32), availability_mode 4: "User data is not transmitted to the
  // replica"; the Linux HA page (S29): it holds only metadata about the availability group.
  it('is never a configuration-only replica, even one listed with a routing URL (S32 availability_mode 4)', () => {
    const facts = buildFacts(
      buildConfig({
        clusterType: 'EXTERNAL',
        version: 2019,
        listener: { name: 'aglisten' },
        replicas: [
          {
            name: 'P',
            failoverMode: 'EXTERNAL',
            primaryRole: { readOnlyRoutingList: ['W', 'Q'] },
          },
          {
            name: 'Q',
            failoverMode: 'EXTERNAL',
            secondaryRole: { allowConnections: 'READ_ONLY', readOnlyRoutingUrl: 'TCP://Q:1433' },
          },
          {
            name: 'W',
            availabilityMode: 'CONFIGURATION_ONLY',
            failoverMode: 'EXTERNAL',
            secondaryRole: { allowConnections: 'READ_ONLY', readOnlyRoutingUrl: 'TCP://W:1433' },
          },
        ],
      }),
    );
    const c = read(facts);
    expect(c).toMatchObject({ outcome: 'routed', replica: 'Q' });
    expect(c.considered[0]).toMatchObject({ replica: 'W', available: false });
    expect(codes(c.considered[0]?.reasons ?? [])).toContain('ROUTING_REPLICA_CONFIGURATION_ONLY');
  });

  it('needs its database SYNCHRONIZED or SYNCHRONIZING', () => {
    const notSync = firstOf(['S1'], {
      databaseReplicas: { S1: { db1: { synchronizationState: 'NOT SYNCHRONIZING' } } },
    });
    expect(codes(notSync?.reasons ?? [])).toEqual(['ROUTING_DATABASE_NOT_SYNCHRONIZING']);
    const syncing = firstOf(['S1'], {
      databaseReplicas: { S1: { db1: { synchronizationState: 'SYNCHRONIZING' } } },
    });
    expect(syncing?.available).toBe(true);
  });

  // "Suspend an availability database" (S62): a primary database suspended leaves its secondaries
  // readable ("new connections can be made"); a secondary suspended on itself takes no routed
  // ones; S50 allows both at once. Without the secondary's suspend_reason_desc, either may hold.
  it('is unknown when the primary is suspended and the copy does not say why it is suspended', () => {
    const both = (suspendReason: 'SUSPEND_FROM_USER' | null) =>
      firstOf(['S1'], {
        databaseReplicas: {
          PRIMARY: { db1: { isSuspended: true, synchronizationState: 'NOT SYNCHRONIZING' } },
          S1: {
            db1: { isSuspended: true, synchronizationState: 'NOT SYNCHRONIZING', suspendReason },
          },
        },
      });
    const unsaid = both(null);
    expect(unsaid?.available).toBe(false);
    expect(codes(unsaid?.reasons ?? [])).toEqual([
      'ROUTING_REPLICA_UNKNOWN',
      'UNKNOWN_SUSPEND_REASON',
    ]);
    expect(unsaid?.reasons[1]?.settledBy).toEqual([
      'sys.dm_hadr_database_replica_states.suspend_reason_desc',
    ]);
    expect(codes(both('SUSPEND_FROM_USER')?.reasons ?? [])).toEqual(['ROUTING_DATABASE_SUSPENDED']);
  });

  it('is unknown past a replica the snapshot does not show: it goes there if available, else on', () => {
    const c = read(
      group({}, { replicas: { S1: { connectedState: null, operationalState: null } } }),
    );
    expect(c.outcome).toBe('unknown');
    expect(c.replica).toBeUndefined();
    expect(codes(c.reasons)).toEqual([
      'ROUTING_UNKNOWN_SKIPPED',
      'ROUTING_LOAD_BALANCED',
      'UNKNOWN_OPERATIONAL_STATE',
      'UNKNOWN_CONNECTED_STATE',
    ]);
    expect(c.reasons[0]?.message).toBe(
      'the connection goes to S1 if it is available, which the snapshot does not show; otherwise to S2',
    );
    expect(codes(c.considered[0]?.reasons ?? [])).toEqual([
      'ROUTING_REPLICA_UNKNOWN',
      'UNKNOWN_OPERATIONAL_STATE',
      'UNKNOWN_CONNECTED_STATE',
    ]);
  });

  it('tries a set’s members in order before SQL Server 2016', () => {
    const c = read(group({ version: 2014 }), { roundRobinCounter: 1 });
    expect(c).toMatchObject({ outcome: 'routed', replica: 'S1' });
    expect(c.loadBalancedSet).toBeUndefined();
    expect(codes(c.reasons)).toEqual(['ROUTING_FIRST_AVAILABLE', 'ROUTING_SET_BEFORE_2016']);
  });

  it('accepts any counter, negative or not whole', () => {
    expect(read(group(), { roundRobinCounter: -1 }).replica).toBe('S2');
    expect(read(group(), { roundRobinCounter: 2.7 }).replica).toBe('S1');
    expect(read(group(), { roundRobinCounter: Number.NaN }).replica).toBe('S1');
  });
});

describe('falling back to the primary', () => {
  it('keeps a read-intent connection on the primary when the list is empty', () => {
    const c = read(group({ list: [] }));
    expect(c).toMatchObject({ outcome: 'connected', replica: 'PRIMARY', considered: [] });
    expect(codes(c.reasons)).toEqual(['ROUTING_LIST_EMPTY', 'ROUTING_FALLBACK_TO_PRIMARY']);
    expect(read(group({ list: [], primaryAllows: 'READ_WRITE' })).outcome).toBe('refused');
  });

  // Msg 982 (S61): "Unable to access the database because no online secondary replicas are
  // enabled for read-only access"; reads fall back to the primary when it is listed last (S13).
  it('refuses the read-intent login when no entry is available and the primary is not listed', () => {
    const c = read(group({ list: ['S1'] }, { replicas: { S1: { isUp: false } } }));
    expect(c).toMatchObject({ outcome: 'refused' });
    expect(c.replica).toBeUndefined();
    expect(codes(c.reasons)).toEqual([
      'ROUTING_NO_AVAILABLE_ENTRY',
      'ROUTING_NO_READABLE_SECONDARY',
    ]);
    const listed = read(group({ list: ['S1', 'PRIMARY'] }, { replicas: { S1: { isUp: false } } }));
    expect(listed).toMatchObject({ outcome: 'connected', replica: 'PRIMARY' });
  });

  it('does not route a database outside the group', () => {
    const c = read(group(), { database: 'master' });
    expect(c).toMatchObject({ outcome: 'connected', replica: 'PRIMARY' });
    expect(codes(c.reasons)).toEqual(['ROUTING_DATABASE_NOT_IN_GROUP']);
  });
});

describe('when the listener cannot take the connection', () => {
  it('refuses without a listener', () => {
    const c = read(group({ listener: false }));
    expect(c).toMatchObject({ outcome: 'refused', considered: [] });
    expect(codes(c.reasons)).toEqual(['LISTENER_MISSING']);
  });

  it('refuses without quorum and points to direct connections (2014 and later)', () => {
    const c = read(group({}, { quorum: 'LOST' }));
    expect(codes(c.reasons)).toEqual(['LISTENER_QUORUM_LOST', 'LISTENER_DIRECT_READS_REMAIN']);
    expect(c.reasons[1]?.message).toBe(
      'readable secondaries stay readable by direct connection: S1, S2, S3',
    );
    const old = read(group({ version: 2012 }, { quorum: 'LOST' }));
    expect(codes(old.reasons)).toEqual(['LISTENER_QUORUM_LOST', 'LISTENER_DIRECT_READS_LOST_2012']);
  });

  it('refuses without a primary, or with one that is down', () => {
    const none = read(group({}, { primary: null, replicas: { S1: { role: 'SECONDARY' } } }));
    expect(codes(none.reasons)).toEqual(['LISTENER_NO_PRIMARY', 'LISTENER_DIRECT_READS_REMAIN']);
    expect(none.reasons[1]?.message).toContain(': S1');
    const down = connectThroughListener(group({}, { replicas: { PRIMARY: { isUp: false } } }), {
      intent: 'READ_WRITE',
    });
    expect(codes(down.reasons)).toEqual([
      'LISTENER_PRIMARY_UNAVAILABLE',
      'LISTENER_DIRECT_READS_REMAIN',
    ]);
  });

  it('lists every reason at once', () => {
    const c = read(group({ listener: false }, { quorum: 'LOST', primary: null }));
    expect(codes(c.reasons)).toEqual([
      'LISTENER_MISSING',
      'LISTENER_QUORUM_LOST',
      'LISTENER_NO_PRIMARY',
      'LISTENER_DIRECT_READS_REMAIN',
    ]);
  });

  it('says when the snapshot does not show quorum or the primary', () => {
    const c = read(group({}, { quorum: null, primary: null, replicas: { S1: { role: null } } }));
    expect(codes(c.reasons)).toEqual(['UNKNOWN_QUORUM', 'UNKNOWN_PRIMARY']);
    // Nothing known refuses it: whether the listener takes it is unknown, not "refused".
    expect(c.outcome).toBe('unknown');
    expect(c.reasons.every((r) => (r.settledBy?.length ?? 0) > 0)).toBe(true);
    // One known refusal among them refuses it.
    expect(read(group({}, { quorum: 'LOST', primary: null })).outcome).toBe('refused');
  });

  it('with no entry known to be available and one the snapshot does not show: unknown, not Msg 982', () => {
    const unseen = { replicas: { S1: { connectedState: null, operationalState: null } } };
    const c = read(group({ list: ['S1'] }, unseen));
    expect(c.outcome).toBe('unknown');
    expect(codes(c.reasons)).toEqual([
      'ROUTING_NO_AVAILABLE_ENTRY',
      'ROUTING_NO_READABLE_SECONDARY',
      'ROUTING_UNKNOWN_SKIPPED',
    ]);
    const down = { replicas: { S1: { connectedState: 'DISCONNECTED' as const } } };
    expect(read(group({ list: ['S1'] }, down)).outcome).toBe('refused');
  });
});

/*
 * "Connect to an Always On availability group listener" (S15), Connect to a read-only replica:
 * routing needs "The connection string references a database involved in the Availability Group.
 * An alternative to this would be the login used in the connection has the database configured
 * as its default database." Matt Neerincx, "Calculating read_only_routing_url for AlwaysOn" (the
 * algorithm that page links to): "Server checks the target database and determines if it is in an
 * availability group".
 */
describe('a connection that names no database', () => {
  const none = (facts: ClusterFacts, intent: 'READ_ONLY' | 'READ_WRITE' = 'READ_ONLY') =>
    connectThroughListener(facts, { intent });

  it('read intent: unknown, routed if the login defaults to a group database, else on the primary', () => {
    const c = none(group());
    expect(c.outcome).toBe('unknown');
    expect(c.replica).toBeUndefined();
    expect(codes(c.reasons)).toEqual(['UNKNOWN_CONNECTION_DATABASE', 'ROUTING_LOAD_BALANCED']);
    expect(c.reasons[0]?.settledBy).toEqual([
      "the connection string's Database (Initial Catalog)",
      "sys.server_principals.default_database_name (the login's default database)",
    ]);
  });

  it('one answer either way is the answer: read-write, or read intent that stays on the primary', () => {
    expect(none(group(), 'READ_WRITE')).toMatchObject({ outcome: 'connected', replica: 'PRIMARY' });
    expect(none(group({ list: [] }))).toMatchObject({ outcome: 'connected', replica: 'PRIMARY' });
  });

  it('a group without databases: the default database is outside it, so it stays on the primary', () => {
    const empty = buildFacts(
      buildConfig({
        databases: [],
        listener: { name: 'aglisten' },
        replicas: [
          {
            name: 'PRIMARY',
            primaryRole: { allowConnections: 'ALL', readOnlyRoutingList: ['S1'] },
          },
          {
            name: 'S1',
            secondaryRole: { allowConnections: 'READ_ONLY', readOnlyRoutingUrl: 'TCP://S1:1433' },
          },
        ],
      }),
    );
    const c = none(empty);
    expect(c).toMatchObject({ outcome: 'connected', replica: 'PRIMARY' });
    expect(codes(c.reasons)).toEqual(['ROUTING_DATABASE_NOT_IN_GROUP']);
  });
});
