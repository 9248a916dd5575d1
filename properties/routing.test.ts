import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoutingEntry } from '../core/model/config.js';
import type {
  ConnectedState,
  OperationalState,
  ReplicaRole,
  SqlServerVersion,
  SynchronizationState,
} from '../core/model/enums.js';
import type { ClusterFacts, QuorumState } from '../core/model/facts.js';
import { isUnknownReason } from '../core/model/source.js';
import { connectThroughListener, connectToReplica } from '../core/routing/routing.js';
import { buildConfig, buildFacts } from '../core/rules/facts-builder.js';

/**
 * Connections over random groups. An oracle written here from agstate's definition of an
 * available routing target (docs/decisions-backup-routing.md, H5) checks that routing never
 * lands on a replica that is not available and that read-write lands only on the primary.
 * fast-check's own report (seed, path, counterexample) is left to reach the output.
 */

const DATABASES = ['db1', 'db2'];

interface CopyDraw {
  readonly isJoined: boolean;
  readonly isSuspended: boolean;
  readonly synchronizationState: SynchronizationState;
}

interface ReplicaDraw {
  readonly name: string;
  readonly role: ReplicaRole;
  readonly operationalState: OperationalState;
  readonly connectedState: ConnectedState;
  readonly isUp: boolean;
  readonly secondaryAllows: 'NO' | 'READ_ONLY' | 'ALL';
  readonly routingUrl: boolean;
  readonly primaryAllows: 'ALL' | 'READ_WRITE';
  readonly readWriteRoutingUrl: boolean;
  readonly list: readonly RoutingEntry[];
  readonly copies: Readonly<Record<string, CopyDraw>>;
}

interface GroupDraw {
  readonly version: SqlServerVersion;
  readonly listener: boolean;
  readonly quorum: QuorumState;
  readonly primary: string | null;
  readonly replicas: readonly ReplicaDraw[];
}

interface Request {
  readonly intent: 'READ_WRITE' | 'READ_ONLY';
  readonly database: string | undefined;
  readonly counter: number;
  readonly target: number;
}

const NAMES = ['alpha', 'Bravo', 'charlie', 'DELTA', 'echo', 'Foxtrot', 'golf', 'HOTEL', 'india'];

/** Mostly the healthy value, so that every outcome is reached often. */
const mostly = <A>(healthy: A, ...others: readonly A[]): fc.Arbitrary<A> =>
  fc.oneof({ arbitrary: fc.constant(healthy), weight: 7 }, fc.constantFrom(healthy, ...others));

const copy = fc.record({
  isJoined: mostly(true, false),
  isSuspended: mostly(false, true),
  synchronizationState: mostly<SynchronizationState>(
    'SYNCHRONIZED',
    'SYNCHRONIZING',
    'NOT SYNCHRONIZING',
    'INITIALIZING',
  ),
});

/** A routing list over the group's names and one stranger, with one-level sets. */
const routingList = (names: readonly string[]) => {
  const name = fc.constantFrom(...names, 'ghost');
  return fc.array(fc.oneof(name, fc.array(name, { minLength: 1, maxLength: 3 })), { maxLength: 5 });
};

const replica = (name: string, names: readonly string[]) =>
  fc.record({
    name: fc.constant(name),
    role: mostly<ReplicaRole>('SECONDARY', 'RESOLVING'),
    operationalState: mostly<OperationalState>('ONLINE', 'FAILED', 'PENDING'),
    connectedState: mostly<ConnectedState>('CONNECTED', 'DISCONNECTED'),
    isUp: mostly(true, false),
    secondaryAllows: fc.constantFrom('NO' as const, 'READ_ONLY' as const, 'ALL' as const),
    routingUrl: mostly(true, false),
    primaryAllows: fc.constantFrom('ALL' as const, 'READ_WRITE' as const),
    readWriteRoutingUrl: fc.boolean(),
    list: routingList(names),
    copies: fc.record({ db1: copy, db2: copy }),
  });

const groups: fc.Arbitrary<GroupDraw> = fc
  .uniqueArray(fc.constantFrom(...NAMES), {
    minLength: 2,
    maxLength: 9,
    selector: (s) => s.toLowerCase(),
  })
  .chain((names) =>
    fc.record({
      version: fc.constantFrom<SqlServerVersion>(2012, 2014, 2016, 2017, 2019, 2022, 2025),
      listener: mostly(true, false),
      quorum: mostly<QuorumState>('HEALTHY', 'FORCED', 'LOST'),
      primaryAt: fc.option(fc.nat({ max: names.length - 1 }), { nil: null, freq: 10 }),
      replicas: fc.tuple(...names.map((n) => replica(n, names))),
    }),
  )
  .map(({ primaryAt, replicas, ...rest }) => {
    const primary = primaryAt === null ? null : (replicas[primaryAt]?.name ?? null);
    return {
      ...rest,
      primary,
      replicas: replicas.map((r) => (r.name === primary ? { ...r, role: 'PRIMARY' as const } : r)),
    };
  });

const requests: fc.Arbitrary<Request> = fc.record({
  intent: fc.constantFrom('READ_WRITE' as const, 'READ_ONLY' as const),
  database: fc.constantFrom(undefined, 'db1', 'db2', 'master'),
  counter: fc.integer({ min: -5, max: 20 }),
  target: fc.nat({ max: 8 }),
});

const toFacts = (g: GroupDraw): ClusterFacts =>
  buildFacts(
    buildConfig({
      version: g.version,
      databases: DATABASES,
      listener: g.listener ? { name: 'aglisten' } : null,
      replicas: g.replicas.map((r) => ({
        name: r.name,
        secondaryRole: {
          allowConnections: r.secondaryAllows,
          readOnlyRoutingUrl: r.routingUrl ? `TCP://${r.name}:1433` : null,
        },
        primaryRole: {
          allowConnections: r.primaryAllows,
          readOnlyRoutingList: r.list,
          readWriteRoutingUrl: r.readWriteRoutingUrl ? `TCP://${r.name}:1433` : null,
        },
      })),
    }),
    {
      quorum: g.quorum,
      primary: g.primary,
      replicas: Object.fromEntries(
        g.replicas.map((r) => [
          r.name,
          {
            role: r.role,
            operationalState: r.operationalState,
            connectedState: r.connectedState,
            isUp: r.isUp,
          },
        ]),
      ),
      databaseReplicas: Object.fromEntries(g.replicas.map((r) => [r.name, r.copies])),
    },
  );

const byName = (g: GroupDraw, name: string | null | undefined) =>
  g.replicas.find((r) => r.name === name);

const isPrimaryOnline = (r: ReplicaDraw): boolean => r.isUp && r.operationalState === 'ONLINE';

/**
 * H5: an available routing target, as agstate reads ag-rules §7.2 item 6; a copy stopped by the
 * primary's suspended database (NOT SYNCHRONIZING) still takes new connections ("Suspend an
 * availability database", S62). One that shows itself suspended too, with no suspend_reason_desc
 * (the draws give none), may have been suspended there by a user as well (S50): it is unknown, so
 * not marked available.
 */
const isAvailableSecondary = (
  r: ReplicaDraw,
  databases: readonly string[],
  primary: ReplicaDraw | undefined,
): boolean =>
  r.role === 'SECONDARY' &&
  r.isUp &&
  r.operationalState === 'ONLINE' &&
  r.connectedState === 'CONNECTED' &&
  r.secondaryAllows !== 'NO' &&
  r.routingUrl &&
  databases.every((d) => {
    const c = r.copies[d];
    if (c?.isJoined !== true) return false;
    if (primary?.copies[d]?.isSuspended === true)
      return (
        !c.isSuspended &&
        (c.synchronizationState === 'NOT SYNCHRONIZING' ||
          c.synchronizationState === 'SYNCHRONIZED' ||
          c.synchronizationState === 'SYNCHRONIZING')
      );
    return (
      !c.isSuspended &&
      (c.synchronizationState === 'SYNCHRONIZED' || c.synchronizationState === 'SYNCHRONIZING')
    );
  });

const routedDatabases = (database: string | undefined) =>
  database === undefined ? DATABASES : [database];

const RUNS = { numRuns: 500 };

describe('connections through the listener (properties)', () => {
  it('never routes to a replica that is not available, and read-write only to the primary', () => {
    fc.assert(
      fc.property(groups, requests, (g, q) => {
        const c = connectThroughListener(toFacts(g), {
          intent: q.intent,
          roundRobinCounter: q.counter,
          ...(q.database === undefined ? {} : { database: q.database }),
        });
        if (c.outcome === 'refused') return;
        const primary = byName(g, g.primary);
        expect(primary && isPrimaryOnline(primary)).toBe(true);
        if (q.intent === 'READ_WRITE' || c.outcome === 'connected')
          expect(c.replica).toBe(g.primary);
        if (c.outcome === 'routed') {
          const target = byName(g, c.replica);
          expect(
            target &&
              isAvailableSecondary(target, routedDatabases(q.database), byName(g, g.primary)),
          ).toBe(true);
        }
        if (c.loadBalancedSet !== undefined) expect(c.loadBalancedSet).toContain(c.replica);
      }),
      RUNS,
    );
  });

  it('marks available only replicas that are, and refuses read intent only when none is', () => {
    fc.assert(
      fc.property(groups, requests, (g, q) => {
        const database = q.database === 'master' ? undefined : q.database;
        const c = connectThroughListener(toFacts(g), {
          intent: 'READ_ONLY',
          roundRobinCounter: q.counter,
          ...(database === undefined ? {} : { database }),
        });
        const primary = byName(g, g.primary);
        const dbs = routedDatabases(database);
        for (const x of c.considered) {
          const r = byName(g, x.replica);
          const ok =
            r !== undefined &&
            (r.name === g.primary
              ? r.primaryAllows === 'ALL'
              : isAvailableSecondary(r, dbs, byName(g, g.primary)));
          expect(x.available).toBe(ok);
        }
        const open =
          g.listener && g.quorum !== 'LOST' && primary !== undefined && isPrimaryOnline(primary);
        // The primary serves read intent without a list, or as an entry of its own list (S13);
        // with a list it is not in and no entry available, the login fails (Msg 982, S61).
        const somewhere =
          primary !== undefined &&
          ((primary.primaryAllows === 'ALL' &&
            (primary.list.length === 0 || primary.list.flat().includes(primary.name))) ||
            primary.list.flat().some((n) => {
              const r = byName(g, n);
              return (
                r !== undefined &&
                r.name !== g.primary &&
                isAvailableSecondary(r, dbs, byName(g, g.primary))
              );
            }));
        if (open && somewhere) expect(c.outcome).not.toBe('refused');
      }),
      RUNS,
    );
  });
});

describe('connections straight to a replica (properties)', () => {
  it('never connects to a down replica, and redirects only to the primary', () => {
    fc.assert(
      fc.property(groups, requests, (g, q) => {
        const asked = g.replicas[q.target % g.replicas.length];
        if (asked === undefined) return;
        const c = connectToReplica(toFacts(g), {
          replica: asked.name,
          intent: q.intent,
          ...(q.database === undefined ? {} : { database: q.database }),
        });
        if (!asked.isUp) expect(c.outcome).toBe('refused');
        if (c.outcome === 'redirected') {
          expect(c.replica).toBe(g.primary);
          expect(asked.role).toBe('SECONDARY');
          expect(g.version).toBeGreaterThanOrEqual(2019);
        }
        if (c.outcome === 'connected') {
          expect(c.replica).toBe(asked.name);
          if (asked.role === 'SECONDARY' && q.database !== 'master') expect(c.readOnly).toBe(true);
        }
        if (c.outcome === 'refused') expect(c.reasons.some((r) => !isUnknownReason(r))).toBe(true);
        // Unknown: only missing facts stand in the way, or (naming no database) the login's
        // default database decides, which it names first.
        if (c.outcome === 'unknown' && q.database !== undefined)
          expect(c.reasons.every(isUnknownReason)).toBe(true);
        if (c.outcome === 'unknown' && q.database === undefined)
          expect(
            c.reasons[0]?.code === 'UNKNOWN_CONNECTION_DATABASE' ||
              c.reasons.every(isUnknownReason),
          ).toBe(true);
      }),
      RUNS,
    );
  });
});
