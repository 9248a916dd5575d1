import { endpointPortFindings } from '../../core/distributed/endpoint-ports.js';
import { instanceNameFindings } from '../../core/distributed/instance-names.js';
import { modifySideUnknown } from '../../core/distributed/link.js';
import { linkDatabaseFindings } from '../../core/distributed/link-databases.js';
import {
  linkListenerUrlFindings,
  type MemberFailover,
} from '../../core/distributed/link-listener-url.js';
import { listenerPortFindings } from '../../core/distributed/listener-port.js';
import { memberKindFindings } from '../../core/distributed/member-kinds.js';
import {
  type FailoverStatement,
  failoverRefusedByClusterType,
  plannedFailoverRefusedByModes,
} from '../../core/lifecycle/cluster-type-failover.js';
import {
  grantOnConfigurationOnly,
  joinOnConfigurationOnly,
} from '../../core/lifecycle/configuration-only.js';
import {
  configAfterEvent,
  configRefusals,
  failoverOnPrimary,
  groupNameTaken,
  joinBeforeAdd,
  joinedAlready,
  joinNotAReplica,
  joinOnPrimary,
  joinWhileOffline,
  leaveOnPrimary,
  listenerOutsideScript,
  removePrimary,
} from '../../core/lifecycle/configure.js';
import { databaseJoinedAlready } from '../../core/lifecycle/database-joined-twice.js';
import {
  rsstcAgentOverrideUnknown,
  rsstcLeftOutUnknown,
} from '../../core/lifecycle/pacemaker-rsstc.js';
import type { Config } from '../../core/model/config.js';
import type { ClusterEvent, ClusterEventType } from '../../core/model/events.js';
import { type Reason, reason, source } from '../../core/model/source.js';
import { parseLinkUrl } from '../../core/validation/urls.js';
import { databasesInOtherGroups, inOtherGroupReason } from './database-other-group.js';
import { refusedDistributedFailovers } from './distributed-failover-side.js';
import {
  distributedDropOnOneSide,
  dropFindings,
  droppedOnSecondary,
  dropsAfter,
  dropsGroup,
  isDrop,
  leftInstance,
} from './group-drops.js';
import { JoinedCopies } from './joined-copies.js';
import { forcedOntoLeftPrimary, LeftPrimaries, ranOnLeftPrimary } from './left-primary.js';
import { memberThroughListener } from './listener-side.js';
import { same, sameGroup } from './names.js';
import type { Script, StatementResult } from './result.js';
import { withTraceFlags } from './trace-flags.js';
import type { PlacedReason } from './versions.js';

/** A group as the whole script leaves it, and the statements that could not change it. */
export interface ConfigAfterScript {
  readonly config: Config;
  /** `ALTER … at line 12 is not applied: …`, one per statement the configuration refused. */
  readonly notApplied: readonly {
    readonly line: number;
    readonly column: number;
    readonly text: string;
    /** Why SQL Server refuses it, with the rule: a violation of the script, not a warning. */
    readonly reason: Reason;
  }[];
  /** The CREATE and every later statement on the group that the fold read, applied or not. */
  readonly statements: readonly StatementResult[];
  /** What the script leaves unknown about the group, each at the statement that leaves it so. */
  readonly unknown: readonly PlacedReason[];
  /**
   * A distributed group's members whose AVAILABILITY_MODE the script leaves unknown (a MODIFY
   * AVAILABILITY GROUP ON it does not place); the other members' modes in `config` hold.
   */
  readonly unsettledMembers: readonly string[];
  /** What the members' own groups in the script show wrong in a distributed group's link (violations). */
  readonly links: readonly PlacedReason[];
  /**
   * The DROP AVAILABILITY GROUP statements that end the group in the script (none after which the
   * script goes on with it), and a DROP run on a secondary: warnings, each at its statement.
   */
  readonly dropped: readonly PlacedReason[];
  /** Whether the script ends by dropping the group: nothing is searched or simulated from it. */
  readonly droppedLast: boolean;
  /**
   * Statements SQL Server runs that the group as judged does not take: a primary-only statement on
   * an instance a forced failover of a CLUSTER_TYPE = NONE group left primary (warnings).
   */
  readonly warnings: readonly PlacedReason[];
}

/** Two statements run on the same instance: the same server, or both before any :Connect. */
const sameServer = (a: StatementResult, b: StatementResult): boolean =>
  a.server === null ? b.server === null : a.server.toLowerCase() === b.server?.toLowerCase();

/** A distributed group after a MODIFY, and the members whose mode the script leaves unknown. */
interface Modified {
  readonly config: Config;
  /** Member names, lower case: a MODIFY on an unnamed side may have changed their mode. */
  readonly unsettled: ReadonlySet<string>;
  readonly unknown?: Reason;
}

/**
 * MODIFY AVAILABILITY GROUP ON … (AVAILABILITY_MODE = …) on a distributed group: the side it runs
 * on (the member group whose CREATE in the script lists its server) takes the mode the statement
 * gives that side (S3: run it on both the global primary and the forwarder). Where the script does
 * not say the side, each member the statement would change may or may not have changed, so its
 * mode is unknown; a member it leaves as it is keeps its mode whichever side the statement ran on.
 */
const modifiedMembers = (
  script: Script,
  config: Config,
  unsettled: ReadonlySet<string>,
  s: StatementResult,
): Modified => {
  const unchanged = { config, unsettled };
  if (s.outcome.kind !== 'members') return unchanged;
  const given = s.outcome.members;
  // Only the availability mode is modelled per side; LISTENER_URL or SEEDING_MODE change nothing here.
  if (given.every((m) => m.availabilityMode === undefined)) return unchanged;
  const names = config.members.map((m) => m.name);
  // The side is the member group whose replica runs it, or whose listener it connects through.
  const side =
    script.configs.find(
      (c) =>
        c.kind !== 'DISTRIBUTED' &&
        names.some((n) => same(n, c.name)) &&
        c.replicas.some((r) => same(r.name, s.server)),
    )?.name ?? memberThroughListener(script, config, s.server);
  const modeFor = (member: string) => {
    const mode = given.find((m) => same(m.name, member))?.availabilityMode;
    return mode === 'SYNCHRONOUS_COMMIT' || mode === 'ASYNCHRONOUS_COMMIT' ? mode : undefined;
  };
  if (side === undefined) {
    const changed = config.members
      .filter((m) => ![undefined, m.availabilityMode].includes(modeFor(m.name)))
      .map((m) => m.name);
    if (changed.length === 0) return unchanged;
    const next = new Set([...unsettled, ...changed.map((n) => n.toLowerCase())]);
    const open = names.filter((n) => next.has(n.toLowerCase()));
    return {
      config,
      unsettled: next,
      unknown: modifySideUnknown(config.name, names, s.server, open),
    };
  }
  const own = modeFor(side);
  if (own === undefined) return unchanged;
  // A Managed Instance link's mode is switched on SQL Server alone: "Now that you've switched SQL
  // Server to synchronous commit mode, replication between the two instances is synchronous" (S104).
  const link = config.members.find(
    (m) => parseLinkUrl(m.listenerUrl) !== undefined && !same(m.name, side),
  );
  const linked = link === undefined ? undefined : modeFor(link.name);
  const settled = new Set(
    [side, ...(linked === undefined ? [] : [link?.name ?? ''])].map((n) => n.toLowerCase()),
  );
  return {
    config: {
      ...config,
      members: config.members.map((m) =>
        same(m.name, side)
          ? { ...m, availabilityMode: own }
          : linked !== undefined && same(m.name, link?.name ?? null)
            ? { ...m, availabilityMode: linked }
            : m,
      ),
    },
    // Run on its own side, the statement settles that member's mode.
    unsettled: new Set([...unsettled].filter((n) => !settled.has(n))),
  };
};

/** Statements "supported only on the primary replica" (S3), by the events they become. */
export const PRIMARY_ONLY: ReadonlySet<ClusterEventType> = new Set([
  'replica.add',
  'replica.remove',
  'replica.modify',
  'replica.setAvailabilityMode',
  'replica.setFailoverMode',
  'replica.setSeedingMode',
  'db.add',
  'db.remove',
  'ag.set',
  'ag.addListener',
  'ag.modifyListener',
  'ag.removeListener',
]);

const onPrimaryOnly = source(
  'S3',
  'ALTER AVAILABILITY GROUP: SET, ADD / REMOVE DATABASE, ADD / MODIFY / REMOVE REPLICA and the listener options are supported only on the primary replica',
);

/**
 * Where a statement that runs only on the primary is placed on a replica of the group that the
 * script has not made primary (the CREATE's instance, then each FAILOVER or
 * FORCE_FAILOVER_ALLOW_DATA_LOSS target), why SQL Server refuses it; null where the script does not
 * say (no :Connect, a connection address, or no known primary).
 */
const notOnPrimary = (
  config: Config,
  s: StatementResult,
  e: ClusterEvent,
  primary: string | null,
): Reason | null => {
  if (config.kind === 'DISTRIBUTED' || !PRIMARY_ONLY.has(e.type)) return null;
  if (primary === null || s.server === null || same(s.server, primary)) return null;
  if (!config.replicas.some((r) => same(r.name, s.server))) return null;
  return reason(
    'STATEMENT_NOT_ON_PRIMARY',
    `it runs on ${s.server}, a secondary replica of ${config.name} (the primary is ${primary}); SQL Server runs it only on the primary replica and refuses it here`,
    onPrimaryOnly,
  );
};

/** A statement of the group that SQL Server refuses, at its place, saying why. */
const notAppliedTo = (
  group: string,
  s: StatementResult,
  why: Reason,
): ConfigAfterScript['notApplied'][number] => ({
  line: s.line,
  column: s.column,
  text: `${s.text} is not applied to ${group}: ${why.message} [${why.code}]`,
  reason: { ...why, message: `${s.text} is not applied to ${group}: ${why.message}` },
});

/**
 * What SQL Server refuses on the group's primary of the moment (S3): a planned FAILOVER, which
 * runs on the target secondary, and REMOVE REPLICA of the primary itself, which removes only a
 * secondary replica.
 */
const refusedOnPrimary = (
  config: Config,
  e: ClusterEvent,
  primary: string | null,
  createdAt: number,
): Reason | null => {
  if (config.kind === 'DISTRIBUTED') return null;
  if ((e.type === 'ag.failover' || e.type === 'ag.forceFailover') && same(e.target, primary))
    return failoverOnPrimary(
      config.name,
      e.target,
      same(primary, config.createdOn ?? null)
        ? `CREATE AVAILABILITY GROUP ran there at line ${createdAt}`
        : 'the target of the failover before it',
      e.type === 'ag.failover' ? 'FAILOVER' : 'FORCE_FAILOVER_ALLOW_DATA_LOSS',
    );
  if (e.type === 'replica.remove' && same(e.replica, primary))
    return removePrimary(config.name, e.replica);
  return null;
};

/** ALTER DATABASE … SET HADR OFF of one of the group's databases on its primary (S141). */
const leftOnPrimary = (
  s: StatementResult,
  config: Config,
  primary: string | null,
): Reason | null => {
  if (s.group !== null || s.outcome.kind !== 'events' || config.kind === 'DISTRIBUTED') return null;
  const leave = s.outcome.events.find(
    (e) =>
      e.type === 'db.leave' &&
      same(e.replica, primary) &&
      config.databases.some((d) => same(d, e.database)),
  );
  return leave?.type === 'db.leave'
    ? leaveOnPrimary(config.name, leave.replica, leave.database)
    : null;
};

/**
 * The failover a statement asks for, placed (its event) or not (a FAILOVER or
 * FORCE_FAILOVER_ALLOW_DATA_LOSS the script runs on no named replica); null for any other statement.
 */
const failoverForm = (s: StatementResult): FailoverStatement | null => {
  if (s.outcome.kind === 'events') {
    if (s.outcome.events.some((e) => e.type === 'ag.failover')) return 'planned';
    if (s.outcome.events.some((e) => e.type === 'ag.forceFailover')) return 'forced';
    return null;
  }
  if (s.outcome.kind !== 'unplaced') return null;
  if (/\bFORCE_FAILOVER_ALLOW_DATA_LOSS\b/i.test(s.outcome.sql)) return 'forced';
  return /\bFAILOVER\s*;?\s*$/i.test(s.outcome.sql) ? 'planned' : null;
};

/** The last of `statements` with an event `matches` accepts. */
export const lastStatementWith = (
  statements: readonly StatementResult[],
  matches: (e: ClusterEvent) => boolean,
): StatementResult | undefined =>
  [...statements]
    .reverse()
    .find((s) => s.outcome.kind === 'events' && s.outcome.events.some(matches));

type ReplicaOptions = Extract<ClusterEvent, { type: 'replica.modify' }>['options'];

/**
 * The last statement of the group that sets an option of `replica` (`sets` says which), or adds the
 * replica, or else the CREATE: where a warning about that option's final value belongs.
 */
export const statementSetting = (
  after: ConfigAfterScript,
  replica: string,
  sets: (options: ReplicaOptions) => boolean,
): StatementResult | undefined =>
  lastStatementWith(
    after.statements,
    (e) =>
      (e.type === 'replica.modify' && same(e.replica, replica) && sets(e.options)) ||
      (e.type === 'replica.add' && same(e.spec.name, replica)),
  ) ?? after.statements[0];

/** The last statement of the group that sets REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT (ALTER … SET). */
const rsstcWrittenAt = (statements: readonly StatementResult[]): StatementResult | undefined =>
  lastStatementWith(
    statements,
    (e) => e.type === 'ag.set' && e.options.requiredSynchronizedSecondariesToCommit !== undefined,
  );

/**
 * The group as the script leaves it starts from the primary its placed failovers made, not from
 * where CREATE ran: a planned failover switches the roles, "target → primary, old primary →
 * secondary" (ag-rules §4.4, S2, S45), and "after a forced failover, the failover target to which
 * the availability group was failed over becomes the new primary replica" (S44). A primary left
 * unknown (a failover no `:Connect` places) or none (demoted by SET (ROLE = SECONDARY)) keeps
 * CREATE's instance, as before.
 */
const leftPrimary = (config: Config, primary: string | null): Config => {
  if (config.kind === 'DISTRIBUTED' || primary === null) return config;
  if (same(primary, config.createdOn ?? null)) return config;
  const replica = config.replicas.find((r) => same(r.name, primary));
  return replica === undefined ? config : { ...config, createdOn: replica.name };
};

/**
 * Each group a script creates, after the ALTER AVAILABILITY GROUP statements that follow its
 * CREATE in the script (ADD / REMOVE / MODIFY REPLICA, ADD / REMOVE DATABASE, SET, listeners), in
 * order: what the script deploys, which the documented rules judge (a fourth automatic-failover
 * replica added by ALTER is as much a violation as one written in CREATE). A second CREATE of the
 * name on the same instance, with no DROP AVAILABILITY GROUP there since, is refused (S4: the name
 * is unique) and the group stays the first one; on another instance it may be another cluster's
 * group, so it starts a group of its own.
 */
export const configsAfterScript = (script: Script): readonly ConfigAfterScript[] => {
  const out: ConfigAfterScript[] = [];
  const refused = new Set<StatementResult>();
  // Databases another group holds on the statement's instance (S5): refused where named.
  const inOther = databasesInOtherGroups(script.statements);
  const heldElsewhere = (s: StatementResult, database?: string) =>
    inOther.filter(
      (f) => f.statement === s && (database === undefined || same(f.database, database)),
    );
  script.statements.forEach((created, at) => {
    if (created.outcome.kind !== 'config' || refused.has(created)) return;
    let config = created.outcome.config;
    const notApplied: ConfigAfterScript['notApplied'][number][] = heldElsewhere(created).map((f) =>
      notAppliedTo(config.name, created, inOtherGroupReason(f)),
    );
    const unknown: PlacedReason[] = [];
    let unsettled: ReadonlySet<string> = new Set();
    // The group's primary as the script goes: where CREATE ran, then each failover's target.
    let primary = config.createdOn ?? null;
    // The instances whose replica has joined (lower case), and where: CREATE's, then each JOIN's.
    const joined = new Map<string, string>(
      primary === null
        ? []
        : [[primary.toLowerCase(), `CREATE AVAILABILITY GROUP ran there at line ${created.line}`]],
    );
    const statements: StatementResult[] = [created];
    // A member of a distributed group the script creates, joins or modifies.
    const inDistributed = script.statements.some(
      (d) =>
        (d.outcome.kind === 'config' &&
          d.outcome.config.kind === 'DISTRIBUTED' &&
          d.outcome.config.members.some((m) => same(m.name, config.name))) ||
        (d.outcome.kind === 'members' && d.outcome.members.some((m) => same(m.name, config.name))),
    );
    // DROP statements with nothing of the group after them, and DROPs run on a secondary.
    let drops: StatementResult[] = [];
    const droppedOn = new Set<string>();
    const onSecondary: PlacedReason[] = [];
    // Old primaries of a CLUSTER_TYPE = NONE group that a forced failover left primary (S45).
    const left = new LeftPrimaries(config);
    // Where each database copy has joined: a second join there is message 41145 (S135).
    const copies = new JoinedCopies(config, created);
    // Where the script took the group OFFLINE (not under CLUSTER_TYPE NONE, where OFFLINE acts on
    // one replica, S108): no JOIN is taken after it (Msg 41136).
    let offlineAt: number | null = null;
    const warnings: PlacedReason[] = [];
    for (const s of script.statements.slice(at + 1)) {
      // SET HADR OFF names no group: one of this group's databases, on its primary, is refused.
      const leaving = leftOnPrimary(s, config, primary);
      if (leaving !== null) {
        statements.push(s);
        notApplied.push(notAppliedTo(config.name, s, leaving));
        continue;
      }
      // SET HADR OFF and RESTORE name no group: each acts on the copy whatever group holds it.
      if (s.outcome.kind === 'events')
        for (const e of s.outcome.events)
          if (e.type === 'db.leave' || e.type === 'db.restore') copies.took(s, e, primary);
      if (!sameGroup(s, config.name)) continue;
      // On an instance no longer a replica (REMOVE REPLICA ran), DROP only clears what it kept
      // of the group (S45, S110); the group goes on.
      if (isDrop(s) && leftInstance(config, s)) continue;
      if (isDrop(s)) {
        if (s.server !== null) droppedOn.add(s.server.toLowerCase());
        if (dropsGroup(config, s, primary)) drops.push(s);
        const secondary = droppedOnSecondary(config, s, primary);
        if (secondary !== null)
          onSecondary.push({ line: s.line, column: s.column, reason: secondary });
      } else drops = [];
      left.dropped(s);
      copies.dropped(s);
      // Dropped where it was created: a later CREATE of the name is a new group. The DROPs that
      // follow at once on the other instances still end this one (S108: on all replicas).
      if (isDrop(s) && sameServer(s, created)) {
        for (const later of dropsAfter(script.statements, s, config.name)) {
          drops.push(later);
          if (later.server !== null) droppedOn.add(later.server.toLowerCase());
        }
        break;
      }
      // Dropped on another instance, its replica there may be joined again: no longer judged joined.
      if (isDrop(s) && s.server !== null) joined.delete(s.server.toLowerCase());
      if (s.outcome.kind === 'config') {
        if (!sameServer(s, created)) break;
        refused.add(s);
        statements.push(s);
        const why = groupNameTaken(config.name, created.server ?? 'the instance', created.line);
        notApplied.push({
          line: s.line,
          column: s.column,
          text: `${s.text} is not applied: ${why.message} [${why.code}]`,
          reason: { ...why, message: `${s.text} is not applied: ${why.message}` },
        });
        continue;
      }
      statements.push(s);
      // Refused by the group's cluster type wherever it runs: no replica changes role.
      const form = failoverForm(s);
      const byClusterType =
        form === null
          ? null
          : failoverRefusedByClusterType(config, form, s.kept?.externalCluster === true);
      if (byClusterType !== null) {
        notApplied.push(notAppliedTo(config.name, s, byClusterType));
        if (s.outcome.kind === 'events')
          for (const e of s.outcome.events) {
            const onPrimary = refusedOnPrimary(config, e, primary, created.line);
            if (onPrimary !== null) notApplied.push(notAppliedTo(config.name, s, onPrimary));
          }
        continue;
      }
      if (s.outcome.kind === 'members' && s.outcome.action === 'modify') {
        const next = modifiedMembers(script, config, unsettled, s);
        config = next.config;
        unsettled = next.unsettled;
        if (next.unknown !== undefined)
          unknown.push({ line: s.line, column: s.column, reason: next.unknown });
        continue;
      }
      // A failover the script does not place leaves the primary unknown.
      if (
        s.outcome.kind === 'unplaced' &&
        /\bFAILOVER\b|\bFORCE_FAILOVER_ALLOW_DATA_LOSS\b/i.test(s.text)
      ) {
        primary = null;
        left.clear();
      }
      if (s.outcome.kind !== 'events') continue;
      for (const e of s.outcome.events) {
        // Left primary by a forced failover (CLUSTER_TYPE = NONE): FORCE is refused there (S3),
        // and a primary-only statement runs on that side of the split only.
        const leftBy = left.by(e.type === 'ag.forceFailover' ? e.target : s.server);
        if (leftBy !== undefined && e.type === 'ag.forceFailover') {
          notApplied.push(
            notAppliedTo(config.name, s, forcedOntoLeftPrimary(config.name, e.target, leftBy)),
          );
          continue;
        }
        if (leftBy !== undefined && s.server !== null && PRIMARY_ONLY.has(e.type)) {
          warnings.push({
            line: s.line,
            column: s.column,
            reason: ranOnLeftPrimary(s.text, config.name, s.server, leftBy),
          });
          continue;
        }
        const onPrimary = refusedOnPrimary(config, e, primary, created.line);
        if (onPrimary !== null) {
          notApplied.push(notAppliedTo(config.name, s, onPrimary));
          continue;
        }
        // A planned FAILOVER with the primary or the target in asynchronous commit (S45, Msg 41142).
        const byModes =
          e.type === 'ag.failover' ? plannedFailoverRefusedByModes(config, primary, e.target) : [];
        if (byModes.length > 0) {
          notApplied.push(...byModes.map((why) => notAppliedTo(config.name, s, why)));
          continue;
        }
        // Only a JOIN a :Connect places is judged: a script without one is often run server by
        // server (docs/cli.md), so the server it was given does not place its JOINs surely.
        const joinedAt =
          e.type === 'replica.join' && config.kind !== 'DISTRIBUTED' && s.connected === true
            ? joined.get(e.replica.toLowerCase())
            : undefined;
        if (e.type === 'replica.join' && config.kind !== 'DISTRIBUTED' && offlineAt !== null) {
          notApplied.push(
            notAppliedTo(config.name, s, joinWhileOffline(config.name, e.replica, offlineAt)),
          );
          continue;
        }
        // Placed by a :Connect on a named instance the group has no replica for (S98, S3 JOIN).
        if (e.type === 'replica.join' && s.connected === true && leftInstance(config, s)) {
          notApplied.push(notAppliedTo(config.name, s, joinNotAReplica(config.name, e.replica)));
          continue;
        }
        if (e.type === 'replica.join' && joinedAt !== undefined) {
          notApplied.push(
            notAppliedTo(config.name, s, joinedAlready(config.name, e.replica, joinedAt)),
          );
          continue;
        }
        // Placed by a :Connect on the configuration-only replica's instance (Msg 47111, S29).
        const noGrant =
          s.connected !== true
            ? null
            : e.type === 'replica.grantCreateDatabase'
              ? grantOnConfigurationOnly(config, e.replica)
              : e.type === 'db.join'
                ? joinOnConfigurationOnly(config, e.replica, e.database)
                : null;
        if (noGrant !== null) {
          notApplied.push(notAppliedTo(config.name, s, noGrant));
          continue;
        }
        left.took(s, e, primary);
        if (e.type === 'ag.failover' || e.type === 'ag.forceFailover') primary = e.target;
        // Demoted (S45's read-scale failover, step 4): no primary until a failover names one.
        if (e.type === 'ag.setRoleSecondary' && same(e.replica, primary)) primary = null;
        const elsewhere = notOnPrimary(config, s, e, primary);
        // A join before the database is in the group (S50); a member of a distributed group gets
        // its databases from the other member, which the script may not show.
        const notAdded =
          e.type === 'db.join' &&
          config.kind !== 'DISTRIBUTED' &&
          !inDistributed &&
          !config.databases.some((d) => same(d, e.database))
            ? joinBeforeAdd(config.name, e.replica, e.database)
            : null;
        // Every reason SQL Server refuses the statement for, not the first (configRefusals).
        const otherGroup =
          e.type === 'db.add' ? heldElsewhere(s, e.database).map(inOtherGroupReason) : [];
        const refusals =
          elsewhere !== null
            ? [elsewhere]
            : e.type === 'db.join' && config.kind !== 'DISTRIBUTED' && same(e.replica, primary)
              ? [joinOnPrimary(config.name, e.replica, e.database)]
              : otherGroup.length > 0
                ? otherGroup
                : configRefusals(config, e);
        // A join of a copy already joined: informational message 41145, nothing changes (S135).
        const copyJoinedAt =
          e.type === 'db.join' &&
          config.kind !== 'DISTRIBUTED' &&
          s.connected === true &&
          refusals.length === 0 &&
          notAdded === null
            ? copies.joinedAt(e.replica, e.database)
            : undefined;
        if (e.type === 'db.join' && copyJoinedAt !== undefined) {
          warnings.push({
            line: s.line,
            column: s.column,
            reason: databaseJoinedAlready(config.name, e.replica, e.database, copyJoinedAt),
          });
          continue;
        }
        const next = refusals[0] ?? configAfterEvent(config, e);
        // On WSFC a listener may come from the cluster, not the script: unknown, not refused.
        if (
          'code' in next &&
          next.code === 'UNKNOWN_LISTENER' &&
          config.clusterType === 'WSFC' &&
          (e.type === 'ag.modifyListener' || e.type === 'ag.removeListener')
        )
          unknown.push({
            line: s.line,
            column: s.column,
            reason: listenerOutsideScript(config.name, e.name, s.text),
          });
        else notApplied.push(...refusals.map((r) => notAppliedTo(config.name, s, r)));
        if (notAdded !== null) notApplied.push(notAppliedTo(config.name, s, notAdded));
        if (!('code' in next)) {
          if (config.kind !== 'DISTRIBUTED' && notAdded === null) copies.took(s, e, primary);
          config = next;
          if (e.type === 'replica.join' && s.connected === true)
            joined.set(e.replica.toLowerCase(), `it joined at line ${s.line}`);
          if (e.type === 'replica.remove') joined.delete(e.replica.toLowerCase());
          if (e.type === 'ag.offline' && config.clusterType !== 'NONE') offlineAt = s.line;
          // The instance CREATE ran on, removed after a failover (S108's recovery of a read-scale
          // group): the group goes on from the primary the script has made, which ran the REMOVE.
          if (e.type === 'replica.remove' && same(e.replica, config.createdOn ?? null))
            config = { ...config, createdOn: primary };
        }
      }
    }
    // A member of a distributed group: its own failovers are replayed after the distributed CREATE.
    if (!inDistributed) config = leftPrimary(config, primary);
    // Under Pacemaker the written value holds only if the resource is told so (S29).
    const written = rsstcWrittenAt(statements);
    const agent =
      written === undefined && created.outcome.rsstcLeftOut === true
        ? rsstcLeftOutUnknown(config)
        : rsstcAgentOverrideUnknown(config);
    if (agent !== null) {
      const at = written ?? created;
      unknown.push({ line: at.line, column: at.column, reason: agent });
    }
    // Global trace flags (9567, 9571) belong to each replica's instance, wherever set (S122).
    config = withTraceFlags(config, script.statements);
    const unsettledMembers = config.members
      .map((m) => m.name)
      .filter((n) => unsettled.has(n.toLowerCase()));
    const oneSide = distributedDropOnOneSide(script, config, drops);
    const dropped = dropFindings(config, drops, droppedOn, onSecondary).map((f) =>
      oneSide !== null && f.reason.code === 'GROUP_DROPPED' ? { ...f, reason: oneSide } : f,
    );
    out.push({
      config,
      notApplied,
      statements,
      unknown,
      unsettledMembers,
      links: [],
      dropped,
      droppedLast: drops.length > 0,
      warnings,
    });
  });
  // A distributed group's LISTENER_URLs and members' kinds checked against its members' own groups as the script
  // leaves them, placed at its CREATE.
  const configs = out.map((a) => a.config);
  // Each group's last placed failover: where the script leaves its primary (a link's SQL Server side).
  const failovers = new Map<string, MemberFailover>(
    out.flatMap((a) => {
      const last = lastStatementWith(
        a.statements,
        (e) => e.type === 'ag.failover' || e.type === 'ag.forceFailover',
      );
      const event =
        last?.outcome.kind === 'events'
          ? last.outcome.events.find(
              (e) => e.type === 'ag.failover' || e.type === 'ag.forceFailover',
            )
          : undefined;
      return event === undefined || !('target' in event)
        ? []
        : [[a.config.name.toLowerCase(), { target: event.target, line: last!.line }] as const];
    }),
  );
  return out.map((found) => {
    const created = found.statements[0]!;
    // Refused: a distributed group's FAILOVER (S43), or a failover on the side holding its PRIMARY role (S3).
    const refusedFailovers = refusedDistributedFailovers(
      found.config,
      found.statements,
      configs,
    ).map((f) => notAppliedTo(found.config.name, f.statement, f.reason));
    const a =
      refusedFailovers.length === 0
        ? found
        : {
            ...found,
            notApplied: [...found.notApplied, ...refusedFailovers].sort((x, y) => x.line - y.line),
          };
    const links = [
      ...listenerPortFindings(a.config, configs),
      ...endpointPortFindings(a.config, configs),
      ...instanceNameFindings(a.config, configs),
      ...memberKindFindings(a.config, configs),
      ...linkDatabaseFindings(a.config, configs),
    ].map((reason) => ({
      line: created.line,
      column: created.column,
      reason,
    }));
    // A link reaching one replica of its SQL Server group: a warning at the distributed CREATE (S206).
    const urlWarnings = linkListenerUrlFindings(a.config, configs, failovers).map((reason) => ({
      line: created.line,
      column: created.column,
      reason,
    }));
    const warned =
      urlWarnings.length === 0 ? a : { ...a, warnings: [...a.warnings, ...urlWarnings] };
    return links.length === 0 ? warned : { ...warned, links };
  });
};
