import type * as t from 'io-ts';
import type { AvailabilityGroupEvent } from '../machines/availabilityGroup/events.js';
import { availabilityGroupMachine } from '../machines/availabilityGroup/machine.js';
import type { DatabaseReplicaEvent } from '../machines/databaseReplica/events.js';
import { databaseReplicaMachine } from '../machines/databaseReplica/machine.js';
import type { ReplicaEvent } from '../machines/replica/events.js';
import { replicaMachine } from '../machines/replica/machine.js';
import { transitionMachine } from '../machines/xstate.js';
import type { LogPosition } from '../model/facts.js';
import { record } from './journal.js';
import type { Cluster, DatabaseCopy, MachineTransition, ReplicaRuntime } from './types.js';

const leaves = (snapshot: { _nodes: readonly { id: string; type: string }[] }): string[] =>
  snapshot._nodes.filter((n) => n.type === 'atomic' || n.type === 'final').map((n) => n.id);

const journal = (
  c: Cluster,
  machine: MachineTransition['machine'],
  instance: string,
  event: string,
  before: { _nodes: readonly { id: string; type: string }[] },
  after: { _nodes: readonly { id: string; type: string }[] },
): Cluster => ({
  ...c,
  journal: record(c.journal, { machine, instance, event, from: leaves(before), to: leaves(after) }),
});

/** Immutable updates of a cluster value, and routing of machine events. */

export const position = (fork: number, lsn: bigint): LogPosition => ({ fork: fork as t.Int, lsn });

export const updateReplica = (
  c: Cluster,
  name: string,
  f: (r: ReplicaRuntime) => ReplicaRuntime,
): Cluster => ({
  ...c,
  replicas: c.replicas.map((r) => (r.name === name ? f(r) : r)),
});

export const updateCopy = (
  c: Cluster,
  replica: string,
  database: string,
  f: (copy: DatabaseCopy) => DatabaseCopy,
): Cluster =>
  updateReplica(c, replica, (r) => {
    const copy = r.databases[database];
    return copy === undefined ? r : { ...r, databases: { ...r.databases, [database]: f(copy) } };
  });

export const sendReplica = (c: Cluster, name: string, event: ReplicaEvent): Cluster => {
  const r = c.replicas.find((x) => x.name === name);
  if (r === undefined) return c;
  const next = transitionMachine(replicaMachine, r.machine, event);
  if (next === r.machine) return c;
  return journal(
    updateReplica(c, name, (x) => ({ ...x, machine: next })),
    'replica',
    name,
    event.type,
    r.machine,
    next,
  );
};

export const sendCopy = (
  c: Cluster,
  replica: string,
  database: string,
  event: DatabaseReplicaEvent,
): Cluster => {
  const copy = c.replicas.find((x) => x.name === replica)?.databases[database];
  if (copy === undefined) return c;
  const next = transitionMachine(databaseReplicaMachine, copy.machine, event);
  if (next === copy.machine) return c;
  const updated = updateCopy(c, replica, database, (x) => ({ ...x, machine: next }));
  return journal(
    updated,
    'databaseReplica',
    `${replica}/${database}`,
    event.type,
    copy.machine,
    next,
  );
};

/**
 * Send one event to every copy on a replica, as sendCopy would one by one, but building the
 * replica's copies once: one by one, each copy's update would copy all the others.
 */
export const sendAllCopies = (
  c: Cluster,
  replica: string,
  event: (database: string, copy: DatabaseCopy) => DatabaseReplicaEvent | null,
): Cluster => {
  const r = c.replicas.find((x) => x.name === replica);
  if (r === undefined) return c;
  let journal = c.journal;
  let changed = false;
  const databases: Record<string, DatabaseCopy> = {};
  for (const [database, copy] of Object.entries(r.databases)) {
    const e = event(database, copy);
    const next =
      e === null ? copy.machine : transitionMachine(databaseReplicaMachine, copy.machine, e);
    if (e === null || next === copy.machine) {
      databases[database] = copy;
      continue;
    }
    changed = true;
    databases[database] = { ...copy, machine: next };
    journal = record(journal, {
      machine: 'databaseReplica',
      instance: `${replica}/${database}`,
      event: e.type,
      from: leaves(copy.machine),
      to: leaves(next),
    });
  }
  return changed ? { ...updateReplica(c, replica, (x) => ({ ...x, databases })), journal } : c;
};

export const sendAg = (c: Cluster, event: AvailabilityGroupEvent): Cluster => {
  const next = transitionMachine(availabilityGroupMachine, c.ag, event);
  if (next === c.ag) return c;
  return journal({ ...c, ag: next }, 'availabilityGroup', c.config.name, event.type, c.ag, next);
};

/**
 * The replica takes the primary role: PRIMARY_PENDING while its databases come online, then
 * PRIMARY_NORMAL (KB2833707: "has changed from 'RESOLVING_NORMAL' to 'PRIMARY_PENDING'", then
 * "from 'PRIMARY_PENDING' to 'PRIMARY_NORMAL'").
 */
export const becomePrimary = (c: Cluster, name: string): Cluster =>
  sendReplica(sendReplica(c, name, { type: 'role.primary' }), name, { type: 'primary.online' });
