import {
  agService,
  connectedState,
  copyPhase,
  isReplicaUp,
  joinedState,
  quorumState,
  writablePrimaryCount,
} from '../cluster/select.js';
import type { Cluster, ReplicaRuntime } from '../cluster/types.js';
import {
  forcedFailoverRefusedAtOnce,
  plannedFailoverRefusedAtOnce,
} from '../failover/refused-at-once.js';
import { deliveryRefusedAtOnce } from '../log/log-step.js';
import type { Config } from '../model/config.js';
import type { ClusterEvent } from '../model/events.js';

/**
 * What can happen next, for the explorer: commits and log delivery, faults (counted against the
 * budget), recoveries, time passing, and what the policy or an operator could do. One action may
 * be several events (log delivery ships and hardens).
 */

export type ActionKind = 'commit' | 'log' | 'fault' | 'recovery' | 'time' | 'operator';

export interface Action {
  readonly kind: ActionKind;
  readonly label: string;
  readonly events: readonly ClusterEvent[];
}

export interface AlphabetOptions {
  /** When the operator may force a failover: only when no writable primary exists (default), or always. */
  readonly forcedFailover: 'withoutPrimary' | 'always' | 'never';
  readonly canFault: boolean;
  readonly canCommit: boolean;
}

const action = (kind: ActionKind, label: string, events: readonly ClusterEvent[]): Action => ({
  kind,
  label,
  events,
});

/** Every action one replica can be offered; actions are immutable, so one set serves every state. */
interface ReplicaActions {
  readonly deliver: Action;
  readonly crash: Action;
  readonly disconnect: Action;
  readonly restart: Action;
  readonly reconnect: Action;
  readonly planned: Action;
  readonly forced: Action;
  readonly forceQuorum: Action;
  /** By database, made on first offer. */
  readonly resume: Map<string, Action>;
}

interface ActionTable {
  readonly commit: readonly Action[];
  readonly begin: readonly Action[];
  readonly replicas: Map<string, ReplicaActions>;
  readonly quorumLost: Action;
  readonly quorumRegained: Action;
  readonly time: Action;
}

const replicaActions = (replica: string): ReplicaActions => ({
  deliver: action('log', `deliver log to ${replica}`, [
    { type: 'log.ship', replica },
    { type: 'log.harden', replica },
  ]),
  crash: action('fault', `crash ${replica}`, [{ type: 'replica.crash', replica }]),
  disconnect: action('fault', `disconnect ${replica}`, [{ type: 'replica.disconnect', replica }]),
  restart: action('recovery', `restart ${replica}`, [{ type: 'replica.restart', replica }]),
  reconnect: action('recovery', `reconnect ${replica}`, [{ type: 'replica.reconnect', replica }]),
  planned: action('operator', `planned failover to ${replica}`, [
    { type: 'ag.failover', target: replica },
  ]),
  forced: action('operator', `forced failover to ${replica}`, [
    { type: 'ag.forceFailover', target: replica },
  ]),
  forceQuorum: action('operator', `force quorum on ${replica}`, [
    { type: 'quorum.force', replica },
  ]),
  resume: new Map(),
});

const tables = new WeakMap<Config, ActionTable>();

/**
 * The configuration's actions, made once: the explorer offers them in every state it meets, and
 * their labels and events depend on the configuration alone (the cache changes no answer).
 */
const tableOf = (config: Config): ActionTable => {
  const known = tables.get(config);
  if (known !== undefined) return known;
  const ms = Math.max(...config.replicas.map((r) => r.sessionTimeout)) * 1000;
  const table: ActionTable = {
    commit: config.databases.map((database) =>
      action('commit', `commit ${database}`, [{ type: 'db.commit', database }]),
    ),
    // An application transaction left open: it counts against the commit budget (SEED004).
    begin: config.databases.map((database) =>
      action('commit', `begin a transaction on ${database}`, [{ type: 'db.begin', database }]),
    ),
    replicas: new Map(),
    quorumLost: action('fault', 'quorum lost', [{ type: 'quorum.lost' }]),
    quorumRegained: action('recovery', 'quorum regained', [{ type: 'quorum.regained' }]),
    time: action('time', `${ms / 1000} s pass`, [{ type: 'time.advance', ms }]),
  };
  tables.set(config, table);
  return table;
};

const actionsOf = (table: ActionTable, replica: string): ReplicaActions => {
  let known = table.replicas.get(replica);
  if (known === undefined) {
    known = replicaActions(replica);
    table.replicas.set(replica, known);
  }
  return known;
};

const resumeOf = (own: ReplicaActions, replica: string, database: string): Action => {
  let known = own.resume.get(database);
  if (known === undefined) {
    known = action('operator', `resume ${database} on ${replica}`, [
      { type: 'db.resume', replica, database },
    ]);
    own.resume.set(database, known);
  }
  return known;
};

const hasJoinedCopy = (r: ReplicaRuntime): boolean => {
  for (const database in r.databases)
    if (copyPhase(r.databases[database]!) === 'JOINED') return true;
  return false;
};

export const actions = (c: Cluster, o: AlphabetOptions): Action[] => {
  const table = tableOf(c.config);
  const out: Action[] = [];
  const hasPrimary = writablePrimaryCount(c) > 0;
  if (o.canCommit && hasPrimary) {
    out.push(...table.commit);
    c.config.databases.forEach((database, i) => {
      if ((c.logs[database]?.openTransactions ?? []).length === 0) out.push(table.begin[i]!);
    });
  }
  const groupOnline = agService(c) === 'ONLINE';
  const forcedRefused = forcedFailoverRefusedAtOnce(c);
  let pending = false;
  for (const r of c.replicas) {
    const own = actionsOf(table, r.name);
    const up = isReplicaUp(r);
    const hasCopies = hasJoinedCopy(r);
    const connected = connectedState(r) === 'CONNECTED';
    const linkUp = r.linkDownSinceMs === null;
    if (!linkUp && connected) pending = true;
    // Log to the primary, or to copies with nothing to receive or harden, moves nowhere.
    if (up && hasCopies && connected && linkUp && !deliveryRefusedAtOnce(c, r))
      out.push(own.deliver);
    if (o.canFault && up) out.push(own.crash);
    if (o.canFault && up && linkUp && groupOnline) out.push(own.disconnect);
    if (!up) out.push(own.restart);
    if (!linkUp) out.push(own.reconnect);
    if (up)
      for (const database in r.databases)
        if (joinedState(r.databases[database]!) === 'SUSPENDED')
          out.push(resumeOf(own, r.name, database));
    if (hasCopies && up) {
      // A planned failover the step would refuse at once moves nowhere: it is not offered.
      if (!plannedFailoverRefusedAtOnce(c, r)) out.push(own.planned);
      if (
        (o.forcedFailover === 'always' || (o.forcedFailover === 'withoutPrimary' && !hasPrimary)) &&
        !forcedRefused
      )
        out.push(own.forced);
    }
  }
  const quorum = quorumState(c);
  if (o.canFault && quorum === 'HEALTHY' && c.config.clusterType !== 'NONE')
    out.push(table.quorumLost);
  if (quorum !== 'HEALTHY') out.push(table.quorumRegained);
  // Forced quorum is a WSFC procedure (S124); Pacemaker has none (forceQuorumUnderExternal).
  if (quorum === 'LOST' && c.config.clusterType !== 'EXTERNAL') {
    const node = c.replicas.find(isReplicaUp);
    if (node !== undefined) out.push(actionsOf(table, node.name).forceQuorum);
  }
  // Time matters only while a broken link has not yet outlasted its session timeout.
  if (pending) out.push(table.time);
  return out;
};
