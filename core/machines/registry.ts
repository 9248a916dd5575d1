import { availabilityGroupMachine } from './availabilityGroup/machine.js';
import { databaseReplicaMachine } from './databaseReplica/machine.js';
import { replicaMachine } from './replica/machine.js';
import { seedingMachine } from './seeding/machine.js';

/** Every machine of the model, by name: the chart exporters, docs/charts and the coverage test read this list. */
export const MACHINES = {
  availabilityGroup: availabilityGroupMachine,
  replica: replicaMachine,
  databaseReplica: databaseReplicaMachine,
  seeding: seedingMachine,
} as const;

export type MachineName = keyof typeof MACHINES;
export const MACHINE_NAMES = Object.keys(MACHINES) as MachineName[];
