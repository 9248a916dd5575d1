import type {
  AvailabilityGroupContext,
  AvailabilityGroupEvent,
} from '../machines/availabilityGroup/events.js';
import { availabilityGroupMachine } from '../machines/availabilityGroup/machine.js';
import type {
  DatabaseReplicaContext,
  DatabaseReplicaEvent,
} from '../machines/databaseReplica/events.js';
import { databaseReplicaMachine } from '../machines/databaseReplica/machine.js';
import type { ReplicaEvent } from '../machines/replica/events.js';
import { replicaMachine } from '../machines/replica/machine.js';
import type { SeedingContext, SeedingEvent } from '../machines/seeding/events.js';
import { seedingMachine } from '../machines/seeding/machine.js';
import { type CompiledMachine, compileMachine } from './compile.js';
import { initialSnapshot, type MachineSnapshot } from './run.js';
import type { XStateMachineShape } from './xstate-shape.js';

/** The model's four machines, compiled once when the module loads. */

const shape = (machine: unknown): XStateMachineShape => machine as XStateMachineShape;

/** The replica machine has no context; XState gives its snapshots an empty object. */
export type ReplicaContext = Readonly<Record<string, never>>;

export const AG: CompiledMachine<AvailabilityGroupContext, AvailabilityGroupEvent> = compileMachine(
  shape(availabilityGroupMachine),
);
export const REPLICA: CompiledMachine<ReplicaContext, ReplicaEvent> = compileMachine(
  shape(replicaMachine),
);
export const DATABASE_REPLICA: CompiledMachine<DatabaseReplicaContext, DatabaseReplicaEvent> =
  compileMachine(shape(databaseReplicaMachine));
export const SEEDING: CompiledMachine<SeedingContext, SeedingEvent> = compileMachine(
  shape(seedingMachine),
);

export const COMPILED = {
  availabilityGroup: AG,
  replica: REPLICA,
  databaseReplica: DATABASE_REPLICA,
  seeding: SEEDING,
} as const;

export type AgSnapshot = MachineSnapshot<AvailabilityGroupContext>;
export type ReplicaSnapshot = MachineSnapshot<ReplicaContext>;
export type DatabaseReplicaSnapshot = MachineSnapshot<DatabaseReplicaContext>;
export type SeedingSnapshot = MachineSnapshot<SeedingContext>;

/** The initial snapshots, shared: snapshots are immutable values. */
export const INITIAL = {
  availabilityGroup: initialSnapshot(AG),
  replica: initialSnapshot(REPLICA),
  databaseReplica: initialSnapshot(DATABASE_REPLICA),
  seeding: initialSnapshot(SEEDING),
} as const;
