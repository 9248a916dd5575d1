/**
 * The compiled kernel: the XState definitions of core/machines compiled into transition tables
 * over small integers (compile.ts), the code that runs on them (run.ts), and the model's machines
 * in that form (machines.ts). The cluster step runs every machine transition here.
 */
export type { CompiledMachine, Configuration, StateValue } from './compile.js';
export { compileMachine } from './compile.js';
export * from './machines.js';
export type { MachineSnapshot } from './run.js';
export { activeStateIds, can, hasTag, initialSnapshot, inState, transition } from './run.js';
