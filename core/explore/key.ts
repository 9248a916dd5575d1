import type { Cluster } from '../cluster/types.js';
import { failurePeriodMs } from '../health/health.js';
import type { Config, Replica } from '../model/config.js';

/**
 * The canonical key of a cluster state for the explorer. Two states with the same key behave the
 * same: time appears only as "has each broken link outlasted SESSION_TIMEOUT", LSNs relative to
 * the starting LSN, and replicas with the same configuration (apart from names and URLs) are
 * interchangeable, so their descriptions are sorted (symmetry reduction).
 */

const symmetryClass = (r: Replica): string =>
  JSON.stringify([
    r.defaultDataPath ?? null,
    r.dataFolders ?? null,
    r.traceFlags ?? null,
    r.availabilityMode,
    r.failoverMode,
    r.seedingMode,
    r.backupPriority,
    r.sessionTimeout,
    r.hostedByFci,
  ]);

const classesOf = new WeakMap<readonly Replica[], readonly string[]>();

/**
 * Replica index → symmetry class id, for a configuration; worked out once per replica list (the
 * configuration is immutable, so the cache changes no answer: it saves a serialisation per state).
 */
export const symmetryClasses = (config: Config): readonly string[] => {
  const known = classesOf.get(config.replicas);
  if (known !== undefined) return known;
  const classes = config.replicas.map(symmetryClass);
  classesOf.set(config.replicas, classes);
  return classes;
};

/**
 * Recovery forks, renamed so that histories that hold the same records get the same names: a
 * position at or below its fork's start belongs to the parent fork, forks nothing points into are
 * dropped, and the rest are numbered in creation order. Without this, failovers back and forth
 * would make new states forever.
 */
const forkNamer = (c: Cluster) => {
  const forks = new Map<number, { parent: number | null; start: bigint }>();
  for (const log of Object.values(c.logs))
    for (const f of log.forks) forks.set(f.id, { parent: f.parent, start: f.startLsn });
  const owner = (fork: number, lsn: bigint): number => {
    let f = fork;
    for (
      let info = forks.get(f);
      info !== undefined && info.parent !== null && lsn <= info.start;
      info = forks.get(f)
    )
      f = info.parent;
    return f;
  };
  const used = new Set<number>();
  const mark = (fork: number) => {
    for (let f: number | null = fork; f !== null && !used.has(f); f = forks.get(f)?.parent ?? null)
      used.add(f);
  };
  for (const r of c.replicas)
    for (const copy of Object.values(r.databases)) {
      mark(owner(copy.received.fork, copy.received.lsn));
      mark(owner(copy.hardened.fork, copy.hardened.lsn));
    }
  for (const log of Object.values(c.logs)) for (const a of log.acknowledged) mark(a.fork);
  const order = [...used].sort((a, b) => a - b);
  const name = new Map(order.map((f, i) => [f, i]));
  return {
    position: (p: { fork: number; lsn: bigint }, base: bigint): string =>
      `${name.get(owner(p.fork, p.lsn)) ?? '?'}:${p.lsn - base}`,
    forks: (base: bigint) =>
      order.map((f) => [
        name.get(f),
        name.get(forks.get(f)?.parent ?? -1) ?? null,
        `${(forks.get(f)?.start ?? base) - base}`,
      ]),
    fork: (f: number) => name.get(f) ?? '?',
  };
};

/**
 * The key's parts: the group's state, one descriptor per replica (sorted), the forks, the logs,
 * the failures within the failure period and `extra`. Two states are the same when their parts are.
 * When `slots` is given, it receives each replica's place among the sorted descriptors: the frame
 * in which the partial-order reduction stores what a state may leave unexplored.
 */
export const stateParts = (
  c: Cluster,
  base: bigint,
  extra: string,
  slots?: Uint8Array,
): string[] => {
  const classes = symmetryClasses(c.config);
  const names = forkNamer(c);
  const position = names.position;
  const lastPrimary = c.ag.context.primary;
  const descriptors = c.replicas.map((r, i) => {
    const cfg = c.config.replicas[i]!;
    const link =
      r.linkDownSinceMs === null
        ? '-'
        : c.nowMs - r.linkDownSinceMs >= cfg.sessionTimeout * 1000
          ? 'T'
          : 'D';
    const copies = Object.keys(r.databases)
      .sort()
      .map((db) => {
        const copy = r.databases[db]!;
        // A machine's configuration index stands for its state value, one for one.
        return [
          copy.machine.configuration,
          copy.machine.context.suspendReason,
          position(copy.received, base),
          position(copy.hardened, base),
          copy.failoverReady,
          copy.suspendedOnPrimary,
        ];
      });
    return `${classes[i]}|${JSON.stringify([r.machine.configuration, link, r.canCreateDatabase, r.name === lastPrimary, copies])}`;
  });
  const order = descriptors.map((_, i) => i);
  order.sort((a, b) =>
    descriptors[a]! < descriptors[b]! ? -1 : descriptors[a]! > descriptors[b]! ? 1 : a - b,
  );
  if (slots !== undefined) for (let s = 0; s < order.length; s++) slots[order[s]!] = s;
  const logs = Object.keys(c.logs)
    .sort()
    .map((db) => {
      const log = c.logs[db]!;
      return [
        log.acknowledged.map((a) => [
          names.fork(a.fork),
          `${a.fromLsn - base}`,
          `${a.toLsn - base}`,
        ]),
        `${log.settledLsn - base}`,
        (log.openTransactions ?? []).map((l) => `${l - base}`),
      ];
    });
  const failures = c.failureTimesMs.filter((t) => c.nowMs - t < failurePeriodMs(c.config)).length;
  return [
    String(c.ag.configuration),
    ...order.map((i) => descriptors[i]!),
    JSON.stringify(names.forks(base)),
    JSON.stringify(logs),
    String(failures),
    extra,
  ];
};

export const stateKey = (c: Cluster, base: bigint, extra: string): string =>
  stateParts(c, base, extra).join('#');

/** A 53-bit hash of a key (cyrb53), so the visited set holds numbers, not strings. */
export const hashKey = (key: string): number => {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
};
