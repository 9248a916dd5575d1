import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { createCluster } from '../core/cluster/build.js';
import { clusterFacts } from '../core/cluster/facts.js';
import { decide, decideTarget } from '../core/decide/decide.js';
import { failoverOptions } from '../core/failover/failover.js';
import type { ClusterFacts } from '../core/model/facts.js';
import { freshFacts } from './fresh-facts.js';
import { nineReplicas } from './topology.js';

/**
 * The decision engine on a 9-replica × 100-database group: every decision at once (every target,
 * every database), as an embedded caller or `agstate decide` asks; `--target` alone; and one
 * target's failover verdicts, the question an orchestrator asks before it fails over.
 *
 * Decisions are worked out once per facts value and their indexes once per list of rows, so a
 * run on the same facts would be answered from those caches. Each run gets facts of its own:
 * "fresh" copies every list (the indexes are built in the run, as for a new snapshot); "indexed"
 * is a new facts value over rows indexed before (what a second question about one snapshot pays).
 *
 * The backup section is worked out once per class of databases with the same backup inputs
 * (core/decide/backup-section.ts), and the bench's databases are all alike. "Unlike databases" is
 * the other end: no two databases share their synchronization states on every replica.
 */
const config = nineReplicas('BIG', 100);
const TARGET = 'SQL3';

const STATES = ['SYNCHRONIZED', 'SYNCHRONIZING', 'NOT SYNCHRONIZING'] as const;

/**
 * The same group with every database unlike the others in what the backup rules read: database
 * i's copies on the synchronous SQL2 to SQL5 take the states of i's digits in base 3, its copy on
 * the asynchronous SQL7 SYNCHRONIZING below database 81 and NOT SYNCHRONIZING from it.
 */
const unlikeDatabases = (f: ClusterFacts): ClusterFacts => ({
  ...f,
  databaseReplicas: f.databaseReplicas.map((d) => {
    const i = Number(d.database.slice(2));
    const r = Number(d.replica.slice(3)) - 2;
    if (r === 5)
      return { ...d, synchronizationState: i >= 81 ? 'NOT SYNCHRONIZING' : 'SYNCHRONIZING' };
    return r < 0 || r > 3 ? d : { ...d, synchronizationState: STATES[Math.floor(i / 3 ** r) % 3]! };
  }),
});

/** Every object and array `value` holds, each once however many places hold it. */
const objectsIn = (value: unknown, found: object[] = [], seen = new Set<object>()): object[] => {
  if (value === null || typeof value !== 'object' || seen.has(value)) return found;
  seen.add(value);
  found.push(value);
  for (const item of Object.values(value)) objectsIn(item, found, seen);
  return found;
};

/**
 * A shallow copy of each object: what making that many objects of those sizes costs at the least,
 * whatever rules fill them in.
 */
const copyEach = (objects: readonly object[]): object[] => {
  const copies: object[] = new Array(objects.length);
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!;
    copies[i] = Array.isArray(o) ? o.slice() : Object.assign({}, o);
  }
  return copies;
};

/** How many processes of each kind the comparison of V8's pretenuring starts. */
const PROCESSES = 4;

/**
 * `decide` for everything in processes of their own, under Node's defaults and with V8's
 * allocation-site pretenuring off (what `agstate serve` sets, adapters/v8-flags.ts): each process
 * settles in a speed of its own for its whole life, so one process says little.
 */
const pretenuringLines = (): string[] => {
  const script = fileURLToPath(new URL('./decide-process.js', import.meta.url));
  const median = (flags: readonly string[]): number[] =>
    Array.from({ length: PROCESSES }, () => {
      const out = execFileSync(process.execPath, [...flags, script], { encoding: 'utf8' });
      const { msPerCall } = JSON.parse(out) as { msPerCall: number[] };
      return [...msPerCall].sort((a, b) => a - b)[msPerCall.length >> 1]!;
    });
  const list = (xs: readonly number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  const defaults = median([]);
  const off = median(['--no-allocation-site-pretenuring']);
  return [
    `decide for everything, ${PROCESSES} processes of each kind, CPU ms per call (each process's median round): Node's defaults ${list(defaults)}; allocation-site pretenuring off (agstate serve) ${list(off)}`,
  ];
};

export const decideBench = async (): Promise<Bench> => {
  process.stdout.write(`${pretenuringLines().join('\n')}\n`);
  const base = clusterFacts(createCluster(config));
  const unlike = unlikeDatabases(base);
  const answer = decide(base);
  let facts = base;
  const withFreshFacts = {
    beforeEach: () => {
      facts = freshFacts(base);
    },
  };
  const withFreshUnlike = {
    beforeEach: () => {
      facts = freshFacts(unlike);
    },
  };
  const withIndexedFacts = {
    beforeEach: () => {
      facts = { ...base };
    },
  };
  const bench = new Bench({ time: 3000, warmupTime: 300 });
  bench
    .add(
      'decide: every target and database, 9 replicas × 100 databases (fresh facts)',
      () => decide(facts),
      withFreshFacts,
    )
    .add(
      'decide: every target and database, 9 replicas × 100 unlike databases (fresh facts)',
      () => decide(facts),
      withFreshUnlike,
    )
    .add(
      `decide --target ${TARGET} (fresh facts)`,
      () => decide(facts, { target: TARGET }),
      withFreshFacts,
    )
    .add(
      `one target's failover verdicts, automatic, planned and forced (failoverOptions ${TARGET}, indexed facts)`,
      () => failoverOptions(facts, TARGET),
      withIndexedFacts,
    )
    .add(
      `one target's failover verdicts (failoverOptions ${TARGET}, fresh facts)`,
      () => failoverOptions(facts, TARGET),
      withFreshFacts,
    )
    .add(
      `one target's options with loss and estimates per database and the consistency checks (decideTarget ${TARGET}, indexed facts)`,
      () => decideTarget(facts, TARGET),
      withIndexedFacts,
    );
  const answerObjects = objectsIn(answer);
  bench.add(
    `anchor: each of the ${answerObjects.length.toLocaleString('en-US')} objects and arrays of that answer copied once, shallow (the least an answer of its size costs to build)`,
    () => copyEach(answerObjects),
  );
  await bench.run();
  const median = (prefix: string): number => {
    const r = bench.tasks.find((t) => t.name.startsWith(prefix))?.result;
    return r?.state === 'completed' ? r.latency.p50 : Number.NaN;
  };
  const everything = median('decide: every target and database, 9 replicas × 100 databases');
  const floor = median('anchor:');
  process.stdout.write(
    `decide for everything, median ${everything.toFixed(2)} ms = ${(everything / floor).toFixed(1)}× the anchor's ${floor.toFixed(2)} ms (copying each of the answer's objects once); the goal of 100 µs is ${(floor / 0.1).toFixed(0)}× below that anchor\n`,
  );
  return bench;
};
