import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { decide } from '../core/decide/decide.js';
import { freshFacts } from './fresh-facts.js';
import { nineReplicas } from './topology.js';

/**
 * `decide` for everything on the 9 × 100 group in a process of its own, so that the parent can
 * start it under other V8 flags (bench/decide.ts): 60 calls to warm up, then ROUNDS rounds of 100
 * calls, each on fresh facts; prints one JSON line, each round's CPU time per call in ms.
 */
const ROUNDS = 4;

const base = clusterFacts(createCluster(nineReplicas('BIG', 100)));

for (let i = 0; i < 60; i++) decide(freshFacts(base));
const rounds: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const facts = Array.from({ length: 100 }, () => freshFacts(base));
  const started = process.cpuUsage();
  for (const f of facts) decide(f);
  const used = process.cpuUsage(started);
  rounds.push((used.user + used.system) / 100 / 1000);
}
process.stdout.write(`${JSON.stringify({ msPerCall: rounds })}\n`);
