import { assign, setup } from 'xstate';

/**
 * The machines are defined with XState's `setup` (re-exported here): the definitions are the one
 * description of states and transitions, drawn as charts and compiled into core/kernel, which
 * runs them. properties/kernel-differential.test.ts proves the kernel takes exactly the
 * transitions XState's own `transition()` takes. Machines must not invoke or spawn actors, and use
 * only what the kernel compiles (core/kernel/compile.ts refuses anything else at load).
 */
export { assign, setup };
