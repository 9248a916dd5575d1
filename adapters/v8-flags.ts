import { setFlagsFromString } from 'node:v8';

/**
 * V8 decides per allocation site whether to allocate its objects in the old generation straight
 * away (allocation-site pretenuring), from how many of them survived the young collections seen
 * so far. A process that decides on large groups again and again settles, at random, in a speed
 * of its own for its whole life: on 9 replicas × 100 databases `decide` took 5.3 ms of CPU a call
 * in some processes and 6.0, 7.3 or 8.9 ms in others, and 5.3–5.9 ms in every process with
 * pretenuring off (bench/README.md, "Each process its own speed"); neither V8's hash seed nor its
 * random seed fixes the speed a process settles in. The flag must be set before the first
 * collections: a site once pretenured stays so. A value the user gave Node for it is left alone.
 */
const PRETENURING = 'allocation-site-pretenuring';

export const decideAtSteadySpeed = (): void => {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
    a.includes(PRETENURING),
  );
  if (!given) setFlagsFromString(`--no-${PRETENURING}`);
};
