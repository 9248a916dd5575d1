import {
  agService,
  connectedState,
  copyPhase,
  isReplicaUp,
  joinedState,
  quorumState,
  writablePrimaries,
} from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
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

export const actions = (c: Cluster, o: AlphabetOptions): Action[] => {
  const out: Action[] = [];
  const hasPrimary = writablePrimaries(c).length > 0;
  if (o.canCommit && hasPrimary) {
    for (const database of c.config.databases)
      out.push({
        kind: 'commit',
        label: `commit ${database}`,
        events: [{ type: 'db.commit', database }],
      });
    // An application transaction left open: it counts against the commit budget (SEED004).
    for (const database of c.config.databases)
      if ((c.logs[database]?.openTransactions ?? []).length === 0)
        out.push({
          kind: 'commit',
          label: `begin a transaction on ${database}`,
          events: [{ type: 'db.begin', database }],
        });
  }
  for (const r of c.replicas) {
    const up = isReplicaUp(r);
    const hasCopies = Object.values(r.databases).some((d) => copyPhase(d) === 'JOINED');
    if (up && hasCopies && connectedState(r) === 'CONNECTED' && r.linkDownSinceMs === null)
      out.push({
        kind: 'log',
        label: `deliver log to ${r.name}`,
        events: [
          { type: 'log.ship', replica: r.name },
          { type: 'log.harden', replica: r.name },
        ],
      });
    if (o.canFault && up)
      out.push({
        kind: 'fault',
        label: `crash ${r.name}`,
        events: [{ type: 'replica.crash', replica: r.name }],
      });
    if (o.canFault && up && r.linkDownSinceMs === null && agService(c) === 'ONLINE')
      out.push({
        kind: 'fault',
        label: `disconnect ${r.name}`,
        events: [{ type: 'replica.disconnect', replica: r.name }],
      });
    if (!up)
      out.push({
        kind: 'recovery',
        label: `restart ${r.name}`,
        events: [{ type: 'replica.restart', replica: r.name }],
      });
    if (r.linkDownSinceMs !== null)
      out.push({
        kind: 'recovery',
        label: `reconnect ${r.name}`,
        events: [{ type: 'replica.reconnect', replica: r.name }],
      });
    for (const [database, copy] of Object.entries(r.databases)) {
      if (up && joinedState(copy) === 'SUSPENDED')
        out.push({
          kind: 'operator',
          label: `resume ${database} on ${r.name}`,
          events: [{ type: 'db.resume', replica: r.name, database }],
        });
    }
    if (hasCopies && up) {
      out.push({
        kind: 'operator',
        label: `planned failover to ${r.name}`,
        events: [{ type: 'ag.failover', target: r.name }],
      });
      if (o.forcedFailover === 'always' || (o.forcedFailover === 'withoutPrimary' && !hasPrimary))
        out.push({
          kind: 'operator',
          label: `forced failover to ${r.name}`,
          events: [{ type: 'ag.forceFailover', target: r.name }],
        });
    }
  }
  const quorum = quorumState(c);
  if (o.canFault && quorum === 'HEALTHY' && c.config.clusterType !== 'NONE')
    out.push({ kind: 'fault', label: 'quorum lost', events: [{ type: 'quorum.lost' }] });
  if (quorum !== 'HEALTHY')
    out.push({ kind: 'recovery', label: 'quorum regained', events: [{ type: 'quorum.regained' }] });
  if (quorum === 'LOST') {
    const node = c.replicas.find(isReplicaUp);
    if (node !== undefined)
      out.push({
        kind: 'operator',
        label: `force quorum on ${node.name}`,
        events: [{ type: 'quorum.force', replica: node.name }],
      });
  }
  // Time matters only while a broken link has not yet outlasted its session timeout.
  const pending = c.replicas.filter(
    (r) => r.linkDownSinceMs !== null && connectedState(r) === 'CONNECTED',
  );
  if (pending.length > 0) {
    const ms = Math.max(...c.config.replicas.map((r) => r.sessionTimeout)) * 1000;
    out.push({
      kind: 'time',
      label: `${ms / 1000} s pass`,
      events: [{ type: 'time.advance', ms }],
    });
  }
  return out;
};
