import type * as t from 'io-ts';
import type { AvailabilityGroupEvent } from '../machines/availabilityGroup/events.js';
import { availabilityGroupMachine } from '../machines/availabilityGroup/machine.js';
import type { DatabaseReplicaEvent } from '../machines/databaseReplica/events.js';
import { databaseReplicaMachine } from '../machines/databaseReplica/machine.js';
import type { ReplicaEvent } from '../machines/replica/events.js';
import { replicaMachine } from '../machines/replica/machine.js';
import { transitionMachine } from '../machines/xstate.js';
import type { LogPosition } from '../model/facts.js';
import type { Cluster, DatabaseCopy, ReplicaRuntime } from './types.js';

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

export const sendReplica = (c: Cluster, name: string, event: ReplicaEvent): Cluster =>
  updateReplica(c, name, (r) => {
    const next = transitionMachine(replicaMachine, r.machine, event);
    return next === r.machine ? r : { ...r, machine: next };
  });

export const sendCopy = (
  c: Cluster,
  replica: string,
  database: string,
  event: DatabaseReplicaEvent,
): Cluster =>
  updateCopy(c, replica, database, (copy) => {
    const next = transitionMachine(databaseReplicaMachine, copy.machine, event);
    return next === copy.machine ? copy : { ...copy, machine: next };
  });

/** Send one event to every copy on a replica. */
export const sendAllCopies = (
  c: Cluster,
  replica: string,
  event: (database: string, copy: DatabaseCopy) => DatabaseReplicaEvent | null,
): Cluster => {
  const r = c.replicas.find((x) => x.name === replica);
  if (r === undefined) return c;
  let next = c;
  for (const [database, copy] of Object.entries(r.databases)) {
    const e = event(database, copy);
    if (e !== null) next = sendCopy(next, replica, database, e);
  }
  return next;
};

export const sendAg = (c: Cluster, event: AvailabilityGroupEvent): Cluster => {
  const next = transitionMachine(availabilityGroupMachine, c.ag, event);
  return next === c.ag ? c : { ...c, ag: next };
};
