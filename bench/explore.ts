import fc from 'fast-check';

import { createCluster } from '../core/cluster/build.js';
import { stepViolations } from '../core/cluster/invariants.js';
import { step } from '../core/cluster/step.js';
import { exploreIterator } from '../core/explore/explore.js';
import { scenarioArb } from '../properties/cluster-arbitraries.js';
import { threeReplicas } from './topology.js';

/**
 * The explorer on 3 replicas × 1 database (two synchronous replicas with automatic failover and an
 * asynchronous one), and how many random cluster events the property checks get through per minute.
 * Not a tinybench suite: one long run each, timed with the clock.
 */
const config = threeReplicas('BENCH3', ['DB1']);

const explorer = (faults: number, commits: number) => {
  const started = performance.now();
  const it = exploreIterator(config, { faults, commits });
  let r = it.next();
  while (r.done !== true) r = it.next();
  const seconds = (performance.now() - started) / 1000;
  const result = r.value;
  const answers = Object.entries(result.answers)
    .map(([k, a]) => `${k}=${a.answer ? 'yes' : 'no'}`)
    .join(' ');
  process.stdout.write(
    `explorer, 3 replicas × 1 database, ${faults} faults, ${commits} commits: ${result.statesExplored.toLocaleString('en-US')} states, ${result.transitions.toLocaleString('en-US')} transitions, depth ${result.depth}, ${seconds.toFixed(1)} s, ${Math.round(result.statesExplored / seconds).toLocaleString('en-US')} states/s (${answers})\n`,
  );
};

const propertyThroughput = (seconds: number) => {
  const until = performance.now() + seconds * 1000;
  let events = 0;
  let runs = 0;
  let seed = 1;
  while (performance.now() < until) {
    for (const { config: c, events: evs } of fc.sample(scenarioArb(60), {
      numRuns: 20,
      seed: seed++,
    })) {
      let cluster = createCluster(c);
      for (const e of evs) {
        const r = step(cluster, e);
        stepViolations(cluster, e, r);
        cluster = r.cluster;
        events++;
      }
      runs++;
    }
  }
  process.stdout.write(
    `property checks: ${Math.round((events / seconds) * 60).toLocaleString('en-US')} random cluster events checked per minute (${runs} runs in ${seconds} s)\n`,
  );
};

export const exploreBench = async (): Promise<null> => {
  const faults = Number(process.env.AGSTATE_BENCH_FAULTS ?? 2);
  const commits = Number(process.env.AGSTATE_BENCH_COMMITS ?? 2);
  explorer(faults, commits);
  propertyThroughput(20);
  return null;
};
