export { availabilityGroupMachine } from './availabilityGroup/machine.js';
export { databaseReplicaMachine } from './databaseReplica/machine.js';
export { MACHINE_NAMES, MACHINES, type MachineName } from './registry.js';
export { replicaMachine } from './replica/machine.js';
