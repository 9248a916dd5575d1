import { availableParallelism } from 'node:os';
import * as E from 'fp-ts/lib/Either.js';
import type { Bench } from 'tinybench';
import { startFleetPool } from '../adapters/cli/parallel/fleet.js';
import { readSnapshotFacts } from '../adapters/dmv/facts.js';
import { decideFleet, type FleetSnapshot } from '../adapters/dmv/fleet.js';
import { parseJsonSnapshotFast } from '../adapters/dmv/json-fast.js';
import { formatDmvProblem } from '../adapters/dmv/problem.js';
import { renderSnapshot } from '../adapters/dmv/render.js';
import type { Snapshot } from '../adapters/dmv/snapshot.js';
import { fleetVerdict } from '../core/decide/fleet.js';
import { type Config, resolveConfig } from '../core/model/config.js';
import type { SynchronizationState } from '../core/model/enums.js';
import type { ClusterFacts, DatabaseReplicaFacts, ReplicaFacts } from '../core/model/facts.js';

/**
 * A fleet of availability groups decided from their DMV snapshots, as a monitoring job over many
 * servers would: `AGSTATE_BENCH_GROUPS` groups (default 10,000) of 3 to 9 replicas and 1 to 100
 * databases, each a snapshot in the documented query's JSON form. The rows are generated directly
 * (a seeded generator draws each replica's and copy's state; no cluster is built or simulated),
 * then every snapshot is read into facts and given its fleet verdict. Prints the time per 1,000
 * groups and per 1,000 database copies, the heap before and after, then each phase's cost per
 * copy on `AGSTATE_BENCH_PHASE_GROUPS` groups (default 100) held in memory.
 */

const GROUPS = Number(process.env.AGSTATE_BENCH_GROUPS ?? 10_000);
/** Worker threads for the fleet decided in parallel (`decide --each --workers`): every core. */
const WORKERS = Number(process.env.AGSTATE_BENCH_FLEET_WORKERS ?? availableParallelism());
/** Snapshots made at once for the workers, then decided while none is made. */
const BATCH = 200;
/** Groups held in memory to time each phase of reading and deciding on its own. */
const PHASE_GROUPS = Number(process.env.AGSTATE_BENCH_PHASE_GROUPS ?? 100);

/** mulberry32: a small seeded generator, so every run decides the same fleet. */
export const generator = (seed: number) => {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, between: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
};

const groupConfig = (g: number, replicas: number, databases: number): Config =>
  resolveConfig({
    name: `AG${g}`,
    version: 2022,
    databases: Array.from({ length: databases }, (_, i) => `DB${i + 1}`),
    replicas: Array.from({ length: replicas }, (_, i) => ({
      name: `AG${g}N${i + 1}`,
      endpointUrl: `TCP://ag${g}n${i + 1}.contoso.com:5022`,
      // Up to three synchronous replicas with automatic failover, the rest asynchronous.
      availabilityMode: i < 3 ? ('SYNCHRONOUS_COMMIT' as const) : ('ASYNCHRONOUS_COMMIT' as const),
      failoverMode: i < 3 ? ('AUTOMATIC' as const) : ('MANUAL' as const),
      backupPriority: 50 + i,
    })),
  });

/** One group's facts as the primary's DMVs show them: most copies healthy, some lagging or down. */
export const groupFacts = (g: number, random: ReturnType<typeof generator>): ClusterFacts => {
  const config = groupConfig(g, random.between(3, 9), random.between(1, 100));
  const primary = config.replicas[0]!.name;
  const connected = new Map(config.replicas.map((r) => [r.name, random.next() > 0.05]));
  const replicas: ReplicaFacts[] = config.replicas.map((r) =>
    r.name === primary
      ? { name: r.name, role: 'PRIMARY', operationalState: 'ONLINE', connectedState: 'CONNECTED' }
      : {
          name: r.name,
          role: 'SECONDARY',
          operationalState: null,
          connectedState: connected.get(r.name) ? 'CONNECTED' : 'DISCONNECTED',
        },
  );
  const databaseReplicas: DatabaseReplicaFacts[] = config.databases.flatMap((database) => {
    const end = BigInt(random.between(1_000, 90_000)) * 100_000_000_000n;
    return config.replicas.map((r): DatabaseReplicaFacts => {
      const own = r.name === primary;
      const synchronous = r.availabilityMode === 'SYNCHRONOUS_COMMIT';
      // A synchronous copy is rarely behind (a moment after a reconnect); an asynchronous one often.
      const behind = random.next() < (synchronous ? 0.002 : 0.3);
      const lag = own || !behind ? 0n : BigInt(random.between(1, 500)) * 100_000n;
      const state: SynchronizationState = !connected.get(r.name)
        ? 'NOT SYNCHRONIZING'
        : synchronous && lag === 0n
          ? 'SYNCHRONIZED'
          : 'SYNCHRONIZING';
      const hardened = end - lag;
      return {
        replica: r.name,
        database,
        isJoined: true,
        databaseState: 'ONLINE',
        synchronizationState: state,
        isSuspended: false,
        suspendReason: null,
        isFailoverReady: synchronous && state === 'SYNCHRONIZED',
        lastReceivedLsn: hardened,
        lastHardenedLsn: hardened,
        lastRedoneLsn: hardened,
        endOfLogLsn: hardened,
        lastCommitLsn: hardened,
        logSendQueueKb: Number(lag / 100_000n),
        logSendRateKbPerSecond: random.between(1_000, 50_000),
        redoQueueKb: random.between(0, 2_000),
        redoRateKbPerSecond: random.between(1_000, 50_000),
      };
    });
  });
  return {
    config,
    quorum: 'HEALTHY',
    primary,
    replicas,
    databaseReplicas,
    groupState: 'ONLINE',
    localReplica: primary,
  };
};

const cpuMs = (run: () => void): number => {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
};

/**
 * Where the time goes: each phase over the same groups, held in memory, the best of five rounds
 * (the machine is shared): JSON.parse alone as the floor, the checked JSON.parse reading, rows to
 * facts, and the fleet verdict (its consistency checks already made while reading).
 */
const phaseLines = (): string[] => {
  const random = generator(20261204);
  const texts: string[] = [];
  let copies = 0;
  for (let g = 0; g < PHASE_GROUPS; g++) {
    const facts = groupFacts(g, random);
    copies += facts.databaseReplicas.length;
    texts.push(JSON.stringify(renderSnapshot(facts)));
  }
  const best = { parse: Infinity, read: Infinity, facts: Infinity, verdict: Infinity };
  for (let round = 0; round < 5; round++) {
    let snapshots: Snapshot[] = [];
    let facts: ClusterFacts[] = [];
    best.parse = Math.min(
      best.parse,
      cpuMs(() => {
        for (const t of texts) JSON.parse(t);
      }),
    );
    best.read = Math.min(
      best.read,
      cpuMs(() => {
        snapshots = texts.map(readFast);
      }),
    );
    best.facts = Math.min(
      best.facts,
      cpuMs(() => {
        facts = snapshots.map(factsOf);
      }),
    );
    best.verdict = Math.min(
      best.verdict,
      cpuMs(() => {
        for (const f of facts) fleetVerdict(f);
      }),
    );
  }
  const us = (x: number): string => `${((x * 1000) / copies).toFixed(2)} µs`;
  return [
    `per copy, CPU, best of 5 rounds over ${PHASE_GROUPS} groups (${copies.toLocaleString('en-US')} copies) held in memory: JSON.parse alone ${us(best.parse)}; reading (checked JSON.parse, rows as parsed) ${us(best.read)}; rows to facts ${us(best.facts)}; fleet verdict ${us(best.verdict)}`,
  ];
};

const readFast = (text: string): Snapshot => {
  const snapshot = parseJsonSnapshotFast(text);
  if (snapshot === undefined) throw new Error('a generated snapshot was not read by JSON.parse');
  return snapshot;
};

const factsOf = (snapshot: Snapshot): ClusterFacts => {
  const read = readSnapshotFacts(snapshot);
  if (E.isLeft(read)) throw new Error(read.left.map(formatDmvProblem).join('; '));
  return read.right.facts;
};

/**
 * The same fleet on worker threads, as `agstate decide --each --workers` decides files: each
 * snapshot handed over as the bytes a file holds, decoded, read and decided on a worker, the
 * verdicts back in order. Snapshots are made in batches while the workers wait, and only the
 * deciding is timed: wall time, and the CPU of every thread of the process meanwhile.
 */
const parallelLines = async (singleWallMs: number): Promise<string[]> => {
  const random = generator(20261204);
  const pool = await startFleetPool(WORKERS, {});
  let wall = 0;
  let cpu = 0;
  let decided = 0;
  try {
    for (let first = 0; first < GROUPS; first += BATCH) {
      const inputs = [];
      for (let g = first; g < Math.min(GROUPS, first + BATCH); g++)
        inputs.push({
          source: `AG${g}.json`,
          bytes: new Uint8Array(Buffer.from(JSON.stringify(renderSnapshot(groupFacts(g, random))))),
        });
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      for await (const group of pool.decide(fromArray(inputs)))
        if (group.outcome.kind === 'verdict') decided++;
      const used = process.cpuUsage(cpuStarted);
      cpu += (used.user + used.system) / 1000;
      wall += performance.now() - started;
    }
  } finally {
    await pool.close();
  }
  return [
    `on ${WORKERS} worker threads (decide --each --workers ${WORKERS}, from each snapshot's bytes): ${ms(wall)} wall, ${ms(cpu)} CPU of all threads; ${decided} decided; ${(singleWallMs / wall).toFixed(2)}× one thread's wall time`,
  ];
};

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const ms = (x: number): string => `${Math.round(x).toLocaleString('en-US')} ms`;

export const fleetBench = async (): Promise<Bench | null> => {
  const random = generator(20261204);
  let copies = 0;
  let bytes = 0;
  let generating = 0;
  let generatingCpu = 0;
  // The snapshots are made as they are read, so the fleet is never held whole: 10,000 groups
  // average 2.4 GB of JSON text. The time spent making them is kept apart.
  function* snapshots(): Generator<FleetSnapshot> {
    for (let g = 0; g < GROUPS; g++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      const facts = groupFacts(g, random);
      const text = JSON.stringify(renderSnapshot(facts));
      copies += facts.databaseReplicas.length;
      bytes += text.length;
      generating += performance.now() - started;
      const cpu = process.cpuUsage(cpuStarted);
      generatingCpu += (cpu.user + cpu.system) / 1000;
      yield { source: `AG${g}.json`, text };
    }
  }
  const before = process.memoryUsage();
  let decided = 0;
  let automatic = 0;
  let unreadable = 0;
  let peakHeap = before.heapUsed;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (const group of decideFleet(snapshots())) {
    if (group.ok) {
      decided++;
      if (group.verdict.automaticTarget !== null) automatic++;
    } else unreadable++;
    if (decided % 100 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const elapsed = performance.now() - started - generating;
  const used = process.cpuUsage(cpuStarted);
  // CPU time beside the wall time: on a shared machine the wall time includes waiting for a core.
  const cpu = (used.user + used.system) / 1000 - generatingCpu;
  const after = process.memoryUsage();
  // Before the workers start: their heaps are the process's too.
  const resident = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${[
      `fleet: ${GROUPS.toLocaleString('en-US')} groups, ${copies.toLocaleString('en-US')} database copies, snapshots ${mib(bytes)} of JSON text (made in ${ms(generating)}, not counted)`,
      `read and decided: ${ms(elapsed)} wall, ${ms(cpu)} CPU: ${ms((elapsed / GROUPS) * 1000)} wall and ${ms((cpu / GROUPS) * 1000)} CPU per 1,000 groups, ${ms((cpu / copies) * 1000)} CPU per 1,000 copies; ${decided} decided, ${unreadable} unreadable, ${automatic} with an automatic failover target`,
      ...(await parallelLines(elapsed)),
      ...phaseLines(),
      `memory: heap ${mib(before.heapUsed)} before, at most ${mib(peakHeap)} while deciding (sampled every 100 groups), ${mib(after.heapUsed)} after; resident at most ${mib(resident)} (one thread)`,
    ].join('\n')}\n`,
  );
  return null;
};
