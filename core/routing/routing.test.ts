import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReplicaInput } from '../model/config.js';
import type { SqlServerVersion } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { DOCUMENTS, type Reason, type RuleSource } from '../model/source.js';
import { buildConfig, buildFacts, type FactsOverrides } from '../rules/facts-builder.js';
import { connectToReplica, type Intent, ROUTING_REASONS } from './routing.js';

const codes = (reasons: readonly Reason[]) => reasons.map((r) => r.code);

interface Setup {
  readonly primaryAllows?: 'ALL' | 'READ_WRITE';
  readonly secondaryAllows?: 'NO' | 'READ_ONLY' | 'ALL';
  readonly readWriteRoutingUrl?: string | null;
  readonly version?: SqlServerVersion;
  readonly databases?: readonly string[];
  readonly kind?: 'BASIC';
}

/** A (primary) and B (secondary), each with the same role options. */
const group = (setup: Setup = {}, overrides: FactsOverrides = {}): ClusterFacts => {
  const options = (name: string): Partial<ReplicaInput> & { name: string } => ({
    name,
    primaryRole: {
      allowConnections: setup.primaryAllows ?? 'ALL',
      readWriteRoutingUrl: setup.readWriteRoutingUrl ?? null,
    },
    secondaryRole: {
      allowConnections: setup.secondaryAllows ?? 'READ_ONLY',
      readOnlyRoutingUrl: `TCP://${name}:1433`,
    },
  });
  return buildFacts(
    buildConfig({
      version: setup.version ?? 2022,
      ...(setup.databases ? { databases: setup.databases } : {}),
      ...(setup.kind ? { kind: setup.kind } : {}),
      replicas: [options('A'), options('B')],
    }),
    overrides,
  );
};

// The group's database, db1, unless a test asks otherwise; null names no database at all.
const connect = (
  facts: ClusterFacts,
  replica: string,
  intent: Intent,
  database: string | null = 'db1',
) =>
  connectToReplica(facts, database === null ? { replica, intent } : { replica, intent, database });

describe('the connection access matrix (ag-rules §7.1)', () => {
  const rows = [
    ['B', { secondaryAllows: 'NO' }, 'READ_ONLY', 'refused', 'CONNECT_SECONDARY_NOT_READABLE'],
    ['B', { secondaryAllows: 'NO' }, 'READ_WRITE', 'refused', 'CONNECT_SECONDARY_NOT_READABLE'],
    [
      'B',
      { secondaryAllows: 'READ_ONLY' },
      'READ_ONLY',
      'connected',
      'CONNECT_SECONDARY_READ_ONLY_ACCESS',
    ],
    [
      'B',
      { secondaryAllows: 'READ_ONLY' },
      'READ_WRITE',
      'refused',
      'CONNECT_SECONDARY_READ_INTENT_ONLY',
    ],
    [
      'B',
      { secondaryAllows: 'ALL' },
      'READ_ONLY',
      'connected',
      'CONNECT_SECONDARY_READ_ONLY_ACCESS',
    ],
    [
      'B',
      { secondaryAllows: 'ALL' },
      'READ_WRITE',
      'connected',
      'CONNECT_SECONDARY_READ_ONLY_ACCESS',
    ],
    ['A', { primaryAllows: 'ALL' }, 'READ_ONLY', 'connected', 'CONNECT_PRIMARY_ACCEPTS'],
    ['A', { primaryAllows: 'ALL' }, 'READ_WRITE', 'connected', 'CONNECT_PRIMARY_ACCEPTS'],
    [
      'A',
      { primaryAllows: 'READ_WRITE' },
      'READ_ONLY',
      'refused',
      'CONNECT_PRIMARY_READ_WRITE_ONLY',
    ],
    ['A', { primaryAllows: 'READ_WRITE' }, 'READ_WRITE', 'connected', 'CONNECT_PRIMARY_ACCEPTS'],
  ] as const;
  for (const [replica, setup, intent, outcome, code] of rows)
    it(`${replica === 'A' ? 'primary' : 'secondary'} ${JSON.stringify(setup)}, ${intent}: ${outcome}`, () => {
      const c = connect(group(setup), replica, intent);
      expect(c.outcome).toBe(outcome);
      expect(codes(c.reasons)).toEqual([code]);
      if (outcome === 'connected') expect(c).toMatchObject({ replica, readOnly: replica === 'B' });
    });

  it('says that writes fail on a secondary that accepts a read-write connection', () => {
    const c = connect(group({ secondaryAllows: 'ALL' }), 'B', 'READ_WRITE');
    expect(c.reasons[0]?.message).toContain('reads work, writes fail');
  });
});

describe('read-write redirection (SQL Server 2019 and later)', () => {
  const url = 'TCP://A:1433';

  it('redirects a read-write connection from an ALL secondary to the primary', () => {
    const c = connect(
      group({ secondaryAllows: 'ALL', readWriteRoutingUrl: url, version: 2019 }),
      'B',
      'READ_WRITE',
    );
    expect(c).toMatchObject({ outcome: 'redirected', replica: 'A', readOnly: false });
    expect(codes(c.reasons)).toEqual(['CONNECT_REDIRECTED_TO_PRIMARY']);
  });

  it('does not redirect read intent, nor before 2019, nor without a URL', () => {
    const at = (setup: Setup, intent: Intent) =>
      connect(group({ secondaryAllows: 'ALL', ...setup }), 'B', intent);
    expect(at({ readWriteRoutingUrl: url, version: 2019 }, 'READ_ONLY').outcome).toBe('connected');
    expect(at({ readWriteRoutingUrl: url, version: 2017 }, 'READ_WRITE')).toMatchObject({
      outcome: 'connected',
      readOnly: true,
    });
    expect(at({ version: 2022 }, 'READ_WRITE')).toMatchObject({
      outcome: 'connected',
      readOnly: true,
    });
  });

  it('still refuses a read-write connection to a READ_ONLY secondary', () => {
    const c = connect(
      group({ secondaryAllows: 'READ_ONLY', readWriteRoutingUrl: url }),
      'B',
      'READ_WRITE',
    );
    expect(c.outcome).toBe('refused');
    expect(c.reasons[0]?.message).toContain(
      'redirects read-write connections only at ALLOW_CONNECTIONS = ALL',
    );
  });

  it('fails when the primary it redirects to is down', () => {
    const facts = group(
      { secondaryAllows: 'ALL', readWriteRoutingUrl: url },
      { replicas: { A: { isUp: false } } },
    );
    expect(codes(connect(facts, 'B', 'READ_WRITE').reasons)).toEqual([
      'CONNECT_REDIRECT_TARGET_UNAVAILABLE',
    ]);
  });

  it('keeps the connection on the secondary when no replica is primary', () => {
    const facts = group(
      { secondaryAllows: 'ALL', readWriteRoutingUrl: url },
      { primary: null, replicas: { B: { role: 'SECONDARY' } } },
    );
    const c = connect(facts, 'B', 'READ_WRITE');
    expect(c).toMatchObject({ outcome: 'connected', readOnly: true });
    expect(codes(c.reasons)).toEqual([
      'CONNECT_NO_PRIMARY_TO_REDIRECT',
      'CONNECT_SECONDARY_READ_ONLY_ACCESS',
    ]);
  });
});

describe('replica and database state', () => {
  it('refuses a replica that is down, whatever its role, with every other reason too', () => {
    const facts = group(
      { secondaryAllows: 'NO' },
      {
        replicas: { A: { isUp: false }, B: { isUp: false } },
        databaseReplicas: {
          B: { db1: { isSuspended: true, suspendReason: 'SUSPEND_FROM_PARTNER' } },
        },
      },
    );
    expect(codes(connect(facts, 'A', 'READ_WRITE').reasons)).toEqual(['CONNECT_REPLICA_DOWN']);
    expect(codes(connect(facts, 'B', 'READ_ONLY').reasons)).toEqual([
      'CONNECT_REPLICA_DOWN',
      'CONNECT_SECONDARY_NOT_READABLE',
      'CONNECT_DATABASE_SUSPENDED',
    ]);
  });

  it('refuses new connections to a secondary database suspended by a forced failover (S50)', () => {
    const facts = group(
      {},
      {
        databaseReplicas: {
          B: { db1: { isSuspended: true, suspendReason: 'SUSPEND_FROM_PARTNER' } },
        },
      },
    );
    expect(codes(connect(facts, 'B', 'READ_ONLY', 'db1').reasons)).toEqual([
      'CONNECT_DATABASE_SUSPENDED',
    ]);
  });

  // S62: the refusal "only applies when connections are opened using listener and read-only routing".
  it('opens a copy suspended by a user, or by the primary, to a connection made straight to it', () => {
    const byUser = group(
      {},
      {
        databaseReplicas: { B: { db1: { isSuspended: true, suspendReason: 'SUSPEND_FROM_USER' } } },
      },
    );
    const c = connect(byUser, 'B', 'READ_ONLY', 'db1');
    expect(c).toMatchObject({ outcome: 'connected', replica: 'B', readOnly: true });
    expect(codes(c.reasons)).toEqual([
      'CONNECT_SUSPENDED_DATABASE_READABLE',
      'CONNECT_SECONDARY_READ_ONLY_ACCESS',
    ]);
    const byPrimary = group(
      {},
      {
        databaseReplicas: { A: { db1: { isSuspended: true } }, B: { db1: { isSuspended: true } } },
      },
    );
    expect(connect(byPrimary, 'B', 'READ_ONLY', 'db1').outcome).toBe('connected');
    // 2012 predates the change: S50's refusal holds there.
    const in2012 = group(
      { version: 2012 },
      {
        databaseReplicas: { B: { db1: { isSuspended: true, suspendReason: 'SUSPEND_FROM_USER' } } },
      },
    );
    expect(codes(connect(in2012, 'B', 'READ_ONLY', 'db1').reasons)).toEqual([
      'CONNECT_DATABASE_SUSPENDED',
    ]);
  });

  it('leaves a suspended copy unknown when the snapshot does not say why it is suspended', () => {
    const facts = group({}, { databaseReplicas: { B: { db1: { isSuspended: true } } } });
    const c = connect(facts, 'B', 'READ_ONLY', 'db1');
    expect(c.outcome).toBe('unknown');
    expect(codes(c.reasons)).toEqual(['UNKNOWN_SUSPEND_REASON']);
  });

  it('checks every database of the group when the connection names none', () => {
    const facts = group(
      { databases: ['db1', 'db2'] },
      {
        databaseReplicas: { B: { db2: { isSuspended: true, suspendReason: 'SUSPEND_FROM_REDO' } } },
      },
    );
    expect(connect(facts, 'B', 'READ_ONLY', 'db1').outcome).toBe('connected');
    expect(connect(facts, 'B', 'READ_ONLY', 'db2').outcome).toBe('refused');
  });

  // The login's default database opens (ibmimedia.com, "How to solve SQL server error 976": the
  // fix is to change the login's default database, or SSMS's "Connect to database").
  it('leaves a connection that names no database unknown where the default database decides', () => {
    const facts = group(
      { databases: ['db1', 'db2'] },
      {
        databaseReplicas: { B: { db2: { isSuspended: true, suspendReason: 'SUSPEND_FROM_REDO' } } },
      },
    );
    const c = connect(facts, 'B', 'READ_ONLY', null);
    expect(c.outcome).toBe('unknown');
    expect(codes(c.reasons)).toEqual(['UNKNOWN_CONNECTION_DATABASE', 'CONNECT_DATABASE_SUSPENDED']);
    // Where every reading agrees, that is the answer.
    expect(connect(facts, 'A', 'READ_WRITE', null).outcome).toBe('connected');
    expect(connect(facts, 'B', 'READ_ONLY', null).replica).toBeUndefined();
    const down = group({}, { replicas: { B: { isUp: false } } });
    expect(codes(connect(down, 'B', 'READ_ONLY', null).reasons)).toEqual(['CONNECT_REPLICA_DOWN']);
  });

  it('keeps a suspended database on the primary open', () => {
    const facts = group({}, { databaseReplicas: { A: { db1: { isSuspended: true } } } });
    expect(connect(facts, 'A', 'READ_WRITE', 'db1').outcome).toBe('connected');
  });

  it('refuses a database that is not joined on the secondary', () => {
    const facts = group({}, { databaseReplicas: { B: { db1: { isJoined: false } } } });
    expect(codes(connect(facts, 'B', 'READ_ONLY').reasons)).toEqual([
      'CONNECT_DATABASE_NOT_JOINED',
    ]);
  });

  it('lets a database outside the group through, whatever the access settings', () => {
    const c = connect(group({ secondaryAllows: 'NO' }), 'B', 'READ_WRITE', 'master');
    expect(c).toMatchObject({ outcome: 'connected', replica: 'B' });
    // The login succeeds; a USE of the group's database in it meets the settings (S164).
    expect(codes(c.reasons)).toEqual([
      'CONNECT_DATABASE_NOT_IN_GROUP',
      'CONNECT_USE_GROUP_DATABASE_REFUSED',
    ]);
    const readable = connect(group({ secondaryAllows: 'ALL' }), 'B', 'READ_WRITE', 'master');
    expect(codes(readable.reasons)).toEqual(['CONNECT_DATABASE_NOT_IN_GROUP']);
  });

  it('keeps a disconnected secondary readable from 2014, not in 2012', () => {
    const disconnected: FactsOverrides = { replicas: { B: { connectedState: 'DISCONNECTED' } } };
    expect(connect(group({ version: 2014 }, disconnected), 'B', 'READ_ONLY').outcome).toBe(
      'connected',
    );
    const c2012 = connect(group({ version: 2012 }, disconnected), 'B', 'READ_ONLY');
    expect(codes(c2012.reasons)).toEqual(['CONNECT_SECONDARY_ISOLATED_2012']);
    const lost = connect(group({ version: 2012 }, { quorum: 'LOST' }), 'B', 'READ_ONLY');
    expect(lost.reasons[0]?.message).toContain('the cluster has lost quorum');
  });

  it('refuses a RESOLVING replica, one of unknown role, and one not in the group', () => {
    // SQL Server 2012: Msg 983, "its replica role is RESOLVING which does not allow connections".
    const resolving = { replicas: { B: { role: 'RESOLVING' as const } } };
    expect(codes(connect(group({ version: 2012 }, resolving), 'B', 'READ_ONLY').reasons)).toEqual([
      'CONNECT_REPLICA_RESOLVING',
    ]);
    // Not readable as a secondary either: refused whichever role it had.
    expect(
      codes(connect(group({ secondaryAllows: 'NO' }, resolving), 'B', 'READ_ONLY').reasons),
    ).toEqual(['CONNECT_REPLICA_RESOLVING']);
    expect(
      codes(connect(group({}, { replicas: { B: { role: null } } }), 'B', 'READ_ONLY').reasons),
    ).toEqual(['UNKNOWN_ROLE']);
    expect(codes(connect(group(), 'Z', 'READ_ONLY').reasons)).toEqual([
      'CONNECT_REPLICA_NOT_IN_GROUP',
    ]);
  });

  it('refuses a primary that is not ONLINE', () => {
    const facts = group({}, { replicas: { A: { operationalState: 'PENDING' } } });
    expect(codes(connect(facts, 'A', 'READ_WRITE').reasons)).toEqual([
      'CONNECT_PRIMARY_NOT_ONLINE',
    ]);
  });

  it('refuses the secondary of a basic availability group', () => {
    const c = connect(group({ kind: 'BASIC', secondaryAllows: 'NO' }), 'B', 'READ_ONLY');
    expect(codes(c.reasons)).toEqual([
      'CONNECT_BASIC_GROUP_SECONDARY',
      'CONNECT_SECONDARY_NOT_READABLE',
    ]);
  });
});

describe('docs/decisions-backup-routing.md', () => {
  const tagOf = (rule: RuleSource) =>
    Object.entries(DOCUMENTS).find(([, title]) => title === rule.document)?.[0];

  it('lists every connection and routing reason code with its source', () => {
    const docs = readFileSync(
      new URL('../../docs/decisions-backup-routing.md', import.meta.url),
      'utf8',
    );
    for (const [code, rule] of Object.entries(ROUTING_REASONS)) {
      const row = docs
        .split('\n')
        .find((line) => new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`).test(line));
      expect(row, code).toBeDefined();
      expect(row, code).toContain(`${tagOf(rule)} `);
    }
  });
});
