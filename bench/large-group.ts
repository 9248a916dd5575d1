import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { step } from '../core/cluster/step.js';
import type { Cluster } from '../core/cluster/types.js';
import { decide } from '../core/decide/decide.js';
import { nineReplicas } from './topology.js';

/**
 * One group at the documented maximum of nine replicas, with 100 and with 2,000 databases:
 * creating it, deciding everything, and stepping (a commit, time passing, the primary's crash, a
 * planned failover, a forced failover). Each figure is the median of a few runs, with the cost per
 * 1,000 database copies beside it: linear work shows the same cost per copy at both sizes.
 * Not a tinybench suite: a step on 18,000 copies takes seconds.
 */

const RUNS = Number(process.env.AGSTATE_BENCH_RUNS ?? 5);

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const timed = (f: () => unknown): number => {
  const started = performance.now();
  f();
  return performance.now() - started;
};

const measure = (databases: number): Record<string, number> => {
  const config = nineReplicas('BIG', databases);
  const created = createCluster(config);
  const crashed = step(created, { type: 'replica.crash', replica: 'SQL1' }).cluster;
  const accepted = (r: ReturnType<typeof step>) => {
    // A refused step does almost nothing: the figures are for steps the model takes.
    if (r.refused.length > 0) throw new Error(`bench: refused: ${r.refused[0]?.message}`);
    return r;
  };
  const work: Record<string, (c: Cluster) => unknown> = {
    create: () => createCluster(config),
    'decide (facts and every decision)': (c) => decide(clusterFacts(c)),
    'step: commit': (c) => accepted(step(c, { type: 'db.commit', database: 'DB0001' })),
    'step: time passes': (c) => accepted(step(c, { type: 'time.advance', ms: 1000 })),
    'step: the primary crashes': (c) =>
      accepted(step(c, { type: 'replica.crash', replica: 'SQL1' })),
    'step: planned failover': (c) => accepted(step(c, { type: 'ag.failover', target: 'SQL2' })),
    'step: forced failover': () =>
      accepted(step(crashed, { type: 'ag.forceFailover', target: 'SQL7' })),
  };
  return Object.fromEntries(
    Object.entries(work).map(([name, f]) => [
      name,
      median(Array.from({ length: RUNS }, () => timed(() => f(created)))),
    ]),
  );
};

export const largeGroupBench = async (): Promise<null> => {
  const sizes = [100, 2000];
  const results = sizes.map((n) => ({ copies: 9 * n, ms: measure(n) }));
  for (const name of Object.keys(results[0]!.ms)) {
    const cells = results.map(
      ({ copies, ms }) =>
        `${ms[name]!.toFixed(1)} ms (${((ms[name]! * 1000) / copies).toFixed(2)} ms per 1,000 copies)`,
    );
    process.stdout.write(
      `${name}: 9 × 100 databases ${cells[0]}; 9 × 2,000 databases ${cells[1]}\n`,
    );
  }
  return null;
};
