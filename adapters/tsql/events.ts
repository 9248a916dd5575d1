import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { DistributedMember } from '../../core/model/config.js';
import {
  AvailabilityMode,
  type BackupType,
  CLUSTER_TYPES,
  ClusterType,
  FailoverMode,
  SeedingMode,
} from '../../core/model/enums.js';
import { ClusterEvent } from '../../core/model/events.js';
import { strictObject } from '../../core/model/strict.js';
import { OPTION_RANGES } from '../../core/validation/ranges.js';
import { isIpv4 } from '../../core/validation/urls.js';
import type {
  AlterAction,
  AlterDatabaseHadrNode,
  AlterGroupNode,
  BackupNode,
  ListenerChange,
  StatementNode,
} from './ast.js';
import {
  type Facts,
  ipAddress,
  portValue,
  readListener,
  readMember,
  readReplica,
} from './config.js';
import { type Problem, problem, quote } from './errors.js';
import {
  JOIN_OPTIONS,
  keyText,
  MODIFY_MEMBER_OPTIONS,
  REPLICA_OPTIONS,
  type Reading,
  readOptions,
  SET_OPTIONS,
} from './options.js';
import type { Kept, MemberOptions, Outcome } from './result.js';
import { Tracker } from './tracked.js';

/** Where a statement runs: the server of the last `:Connect`, and the facts T-SQL does not say. */
export interface Context {
  readonly server: string | null;
  readonly facts: Facts;
  /** The statement as written (white space squeezed), kept when it cannot become events. */
  readonly statement: string;
}

type Doc = Record<string, unknown>;

/** What a statement says that its outcome does not hold (./result.ts Kept). */
export const keptOf = (
  node: StatementNode,
  server: string | null,
  externalCluster: boolean,
): Kept | undefined => {
  if (node.kind === 'restore')
    return hasOption(node, 'STANDBY') && !hasOption(node, 'NORECOVERY')
      ? { standby: node.database.text }
      : undefined;
  if (node.kind !== 'alterGroup') return undefined;
  const action = node.action;
  if (action.kind === 'join') {
    const option = action.options.find((o) => o.name.text.toUpperCase() === 'CLUSTER_TYPE');
    const value = option?.value?.kind === 'word' ? option.value.text.toUpperCase() : undefined;
    const clusterType = CLUSTER_TYPES.find((c) => c === value);
    return clusterType === undefined ? undefined : { joinClusterType: clusterType };
  }
  if (action.kind !== 'failover' && action.kind !== 'forceFailover') return undefined;
  const kept: { externalCluster?: boolean; targetAddress?: string } = {};
  if (externalCluster) kept.externalCluster = true;
  if (server !== null && isConnectionAddress(server)) kept.targetAddress = server;
  return Object.keys(kept).length === 0 ? undefined : kept;
};

/**
 * Options an ALTER statement sets with no group around them are range-checked here, at their
 * place in the script, by the same ranges the configuration rules use (validate-ranges.ts).
 */
const rangeProblems = (event: ClusterEvent, tracker: Tracker): Problem[] => {
  const [pointer, options]: [string, Readonly<Record<string, unknown>> | undefined] =
    event.type === 'replica.modify' || event.type === 'ag.set'
      ? ['/options', event.options]
      : event.type === 'replica.add'
        ? ['/spec', event.spec]
        : ['', undefined];
  return Object.entries(options ?? {}).flatMap(([key, value]) => {
    const range = OPTION_RANGES[key];
    if (range === undefined || typeof value !== 'number' || range.holds(value)) return [];
    const place = tracker.nearest(`${pointer}/${key}`);
    return [
      problem(
        place?.loc ?? { line: 1, column: 1 },
        `${range.option} = ${range.expected}`,
        place?.found ?? String(value),
      ),
    ];
  });
};

/** Builds a statement's events, each decoded by the ClusterEvent codec with its own places. */
class Events {
  readonly problems: Problem[] = [];
  private readonly pending: { doc: Doc; tracker: Tracker }[] = [];

  add(build: (r: Reading) => Doc): void {
    const r: Reading = { tracker: new Tracker(keyText), problems: this.problems };
    this.pending.push({ doc: build(r), tracker: r.tracker });
  }

  finish(): E.Either<Problem[], Outcome> {
    const events: ClusterEvent[] = [];
    const problems = [...this.problems];
    for (const { doc, tracker } of this.pending) {
      const decoded = tracker.decode(ClusterEvent, doc);
      if (E.isLeft(decoded)) problems.push(...decoded.left);
      else {
        problems.push(...rangeProblems(decoded.right, tracker));
        events.push(decoded.right);
      }
    }
    return problems.length > 0 ? E.left(problems) : E.right({ kind: 'events', events });
  }
}

const skipped = (reason: string): E.Either<Problem[], Outcome> =>
  E.right({ kind: 'skipped', reason });

/**
 * A server written as a connection address (`tcp:host,port`, `host,port`, an IP address, `.`,
 * `(local)`, `localhost`) rather than the instance name a replica is known by.
 */
export const isConnectionAddress = (server: string): boolean => {
  const lower = server.toLowerCase();
  return (
    /^(?:tcp|np|lpc|admin):/.test(lower) ||
    lower.includes(',') ||
    isIpv4(lower.split('\\')[0] ?? '') ||
    /^\[.*\]$/.test(lower) ||
    ['.', '(local)', 'localhost'].includes(lower.split('\\')[0] ?? '')
  );
};

/** Why a statement that acts on its own replica cannot be turned into events. */
export const unplacedReason = (server: string | null, what: string): string | null => {
  if (server === null)
    return `${what} runs on an unnamed replica: the script has no :Connect before it and no server was given (--server NAME)`;
  if (isConnectionAddress(server))
    return `${what} runs on ${quote(server)}, a connection address, not a replica name: agstate cannot tell which replica that is`;
  return null;
};

/** The events of a statement that acts on the replica it runs on, or why there are none. */
const onServer = (
  ctx: Context,
  what: string,
  build: (server: string) => Doc[],
): E.Either<Problem[], Outcome> => {
  const unplaced = unplacedReason(ctx.server, what);
  if (unplaced !== null || ctx.server === null)
    return E.right({ kind: 'unplaced', reason: unplaced ?? what, sql: ctx.statement });
  const events = new Events();
  for (const doc of build(ctx.server)) events.add(() => doc);
  return events.finish();
};

/** ALTER AVAILABILITY GROUP … SET ( … ): ROLE = SECONDARY, or group options. */
const setOutcome = (
  action: Extract<AlterAction, { kind: 'set' }>,
  ctx: Context,
): E.Either<Problem[], Outcome> => {
  const role = action.options.find((o) => o.name.text.toUpperCase() === 'ROLE');
  if (role !== undefined) {
    const other = action.options.find((o) => o !== role);
    if (other !== undefined)
      return E.left([problem(other.loc, 'ROLE = SECONDARY on its own', quote(other.source))]);
    const v = role.value;
    if (v?.kind !== 'word' || v.text.toUpperCase() !== 'SECONDARY') {
      return E.left([problem(role.loc, 'ROLE = SECONDARY', quote(role.source))]);
    }
    return onServer(ctx, 'SET (ROLE = SECONDARY)', (replica) => [
      { type: 'ag.setRoleSecondary', replica },
    ]);
  }
  const events = new Events();
  events.add((r) => ({
    type: 'ag.set',
    options: readOptions(action.options, SET_OPTIONS, '/options', r),
  }));
  return events.finish();
};

const JoinOptions = strictObject('JoinOptions', {}, { clusterType: ClusterType });
const MemberPatch = strictObject(
  'MemberPatch',
  { name: t.string },
  {
    listenerUrl: t.string,
    availabilityMode: AvailabilityMode,
    failoverMode: FailoverMode,
    seedingMode: SeedingMode,
  },
);

const checkOnly = (r: Reading, codec: t.Mixed, doc: Doc): void => {
  const decoded = r.tracker.decode(codec, doc);
  if (E.isLeft(decoded)) r.problems.push(...decoded.left);
};

const joinOutcome = (
  action: Extract<AlterAction, { kind: 'join' }>,
  ctx: Context,
): E.Either<Problem[], Outcome> => {
  const r: Reading = { tracker: new Tracker(keyText), problems: [] };
  checkOnly(r, JoinOptions, readOptions(action.options, JOIN_OPTIONS, '', r));
  if (r.problems.length > 0) return E.left(r.problems);
  return onServer(ctx, 'JOIN', (replica) => [{ type: 'replica.join', replica }]);
};

/** JOIN / MODIFY AVAILABILITY GROUP ON: the members as written (no event describes them yet). */
const distributedOutcome = (
  action: Extract<AlterAction, { kind: 'joinGroups' | 'modifyGroups' }>,
): E.Either<Problem[], Outcome> => {
  const problems: Problem[] = [];
  const members: MemberOptions[] = [];
  const join = action.kind === 'joinGroups';
  for (const spec of action.specs) {
    const r: Reading = { tracker: new Tracker(keyText), problems };
    const doc = readMember(spec, '', r, join ? undefined : MODIFY_MEMBER_OPTIONS);
    const decoded: E.Either<Problem[], MemberOptions> = join
      ? r.tracker.decode(DistributedMember, doc)
      : r.tracker.decode(MemberPatch, doc);
    if (E.isLeft(decoded)) problems.push(...decoded.left);
    else members.push(decoded.right);
  }
  if (problems.length > 0) return E.left(problems);
  return E.right({ kind: 'members', action: join ? 'join' : 'modify', members });
};

const listenerChanges = (name: string, changes: readonly ListenerChange[], r: Reading): Doc => {
  const doc: Doc = { type: 'ag.modifyListener', name };
  const add: Doc[] = [];
  const remove: string[] = [];
  for (const change of changes) {
    if (change.kind === 'addIp') add.push(ipAddress(change.ip));
    else if (change.kind === 'removeIp') {
      if (change.ip.mask !== null) {
        r.problems.push(
          problem(change.ip.mask.loc, "')' (REMOVE IP takes the address alone)", "','"),
        );
      }
      remove.push(change.ip.address.text);
    } else if ('port' in doc) {
      r.problems.push(problem(change.loc, 'PORT only once', quote(change.source)));
    } else {
      r.tracker.at('/port', {
        loc: change.port.loc,
        found: quote(change.port.source),
        expected: 'PORT = a port number',
      });
      doc.port = portValue(change.port);
    }
  }
  if (add.length > 0) doc.addAddresses = add;
  if (remove.length > 0) doc.removeAddresses = remove;
  return doc;
};

/** The events an ALTER AVAILABILITY GROUP statement means. */
export const alterGroupOutcome = (
  node: AlterGroupNode,
  ctx: Context,
): E.Either<Problem[], Outcome> => {
  const action = node.action;
  const events = new Events();
  switch (action.kind) {
    case 'set':
      return setOutcome(action, ctx);
    case 'addDatabase':
      for (const d of action.databases) events.add(() => ({ type: 'db.add', database: d.text }));
      return events.finish();
    case 'removeDatabase':
      for (const d of action.databases) events.add(() => ({ type: 'db.remove', database: d.text }));
      return events.finish();
    case 'addReplica':
      for (const spec of action.specs) {
        events.add((r) => ({
          type: 'replica.add',
          spec: readReplica(spec, '/spec', r, ctx.facts),
        }));
      }
      return events.finish();
    case 'modifyReplica':
      for (const spec of action.specs) {
        events.add((r) => {
          r.tracker.at('', {
            loc: spec.name.loc,
            found: `replica ${quote(spec.name.source)}`,
            expected: 'a replica',
          });
          return {
            type: 'replica.modify',
            replica: spec.name.text,
            options: readOptions(spec.options, REPLICA_OPTIONS, '/options', r),
          };
        });
      }
      return events.finish();
    case 'removeReplica':
      for (const s of action.servers)
        events.add(() => ({ type: 'replica.remove', replica: s.text }));
      return events.finish();
    case 'join':
      return joinOutcome(action, ctx);
    case 'joinGroups':
    case 'modifyGroups':
      return distributedOutcome(action);
    case 'grantCreateDatabase':
      return onServer(ctx, 'GRANT CREATE ANY DATABASE', (replica) => [
        { type: 'replica.grantCreateDatabase', replica },
      ]);
    case 'denyCreateDatabase':
      return onServer(ctx, 'DENY CREATE ANY DATABASE', (replica) => [
        { type: 'replica.denyCreateDatabase', replica },
      ]);
    case 'failover':
      return onServer(ctx, 'FAILOVER (the failover target)', (target) => [
        { type: 'ag.failover', target },
      ]);
    case 'forceFailover':
      return onServer(ctx, 'FORCE_FAILOVER_ALLOW_DATA_LOSS (the failover target)', (target) => [
        { type: 'ag.forceFailover', target },
      ]);
    case 'offline':
      // Where it runs matters under CLUSTER_TYPE NONE, where OFFLINE acts on that replica (S108).
      events.add(() =>
        ctx.server !== null && unplacedReason(ctx.server, 'OFFLINE') === null
          ? { type: 'ag.offline', replica: ctx.server }
          : { type: 'ag.offline' },
      );
      return events.finish();
    case 'addListener':
      events.add((r) => ({
        type: 'ag.addListener',
        listener: readListener(action.listener, '/listener', r),
      }));
      return events.finish();
    case 'modifyListener':
      events.add((r) => listenerChanges(action.name.text, action.changes, r));
      return events.finish();
    case 'restartListener':
      return skipped('restarting a listener changes no configuration or state agstate models');
    case 'removeListener':
      events.add(() => ({ type: 'ag.removeListener', name: action.name.text }));
      return events.finish();
  }
};

/** ALTER DATABASE … SET HADR: join, leave, suspend or resume the database on this replica. */
export const hadrOutcome = (
  node: AlterDatabaseHadrNode,
  ctx: Context,
): E.Either<Problem[], Outcome> => {
  const database = node.database.text;
  const type = { join: 'db.join', off: 'db.leave', suspend: 'db.suspend', resume: 'db.resume' }[
    node.action.kind
  ];
  return onServer(ctx, 'ALTER DATABASE … SET HADR', (replica) => [{ type, replica, database }]);
};

const hasOption = (node: BackupNode, name: string) =>
  node.options.some((o) => o.name.text.toUpperCase() === name);

/** The backup type the model distinguishes (ag-rules §5.1); COPY_ONLY is ignored with DIFFERENTIAL. */
const backupType = (node: BackupNode): BackupType => {
  const copyOnly = hasOption(node, 'COPY_ONLY');
  if (node.target === 'LOG') return copyOnly ? 'LOG_COPY_ONLY' : 'LOG';
  if (hasOption(node, 'DIFFERENTIAL')) return 'DIFFERENTIAL';
  return copyOnly ? 'FULL_COPY_ONLY' : 'FULL';
};

/** WITH FILE = n: the backup set a RESTORE reads (S71); a variable or no option leaves the default. */
const backupSetNumber = (node: BackupNode): number | undefined => {
  const v = node.options.find((o) => o.name.text.toUpperCase() === 'FILE')?.value;
  const n = v?.kind === 'number' ? Number(v.text) : Number.NaN;
  return Number.isInteger(n) && n >= 1 ? n : undefined;
};

/** The file a backup is written to or read from; striped sets are listed in order. */
const mediaFile = (node: BackupNode): string =>
  node.devices.map((d) => (d.value.kind === 'list' ? d.value.source : d.value.text)).join(', ');

/** BACKUP / RESTORE DATABASE | LOG: db.backup or db.restore on the connected replica. */
export const mediaOutcome = (node: BackupNode, ctx: Context): E.Either<Problem[], Outcome> => {
  const database = node.database.text;
  if (node.partial)
    return skipped('file, filegroup and page backups and restores are not modelled');
  if (node.kind === 'backup') {
    // INIT and FORMAT overwrite the backup sets of the media; NOINIT, the default, appends (S70).
    const init = hasOption(node, 'INIT') || hasOption(node, 'FORMAT');
    const kind = backupType(node);
    const outcome = onServer(ctx, 'BACKUP', (replica) => [
      {
        type: 'db.backup',
        replica,
        database,
        backupType: kind,
        file: mediaFile(node),
        ...(init ? { init } : {}),
      },
    ]);
    // Not placed, it still shows that the database was backed up (database-prerequisites.ts).
    return E.map(
      (o: Outcome): Outcome =>
        o.kind === 'unplaced' ? { ...o, backup: { database, backupType: kind } } : o,
    )(outcome);
  }
  // STANDBY leaves the database able to take further log restores, like NORECOVERY; without
  // either, RECOVERY is the default (S71): the database comes online and takes no more restores.
  const recovery = !(hasOption(node, 'NORECOVERY') || hasOption(node, 'STANDBY'));
  if (node.devices.length === 0) {
    const reason =
      'RESTORE without FROM brings a restoring database online; the event vocabulary has no event for it';
    // Kept so that a later join of the database on the same instance can be judged.
    return E.right(
      recovery ? { kind: 'skipped', reason, recovers: database } : { kind: 'skipped', reason },
    );
  }
  if (node.devices.some((d) => d.type === 'DATABASE_SNAPSHOT')) {
    return skipped('reverting a database to a snapshot is not modelled');
  }
  const position = backupSetNumber(node);
  return onServer(ctx, 'RESTORE', (replica) => [
    {
      type: 'db.restore',
      replica,
      database,
      file: mediaFile(node),
      ...(position === undefined ? {} : { position }),
      log: node.target === 'LOG',
      recovery,
    },
  ]);
};
