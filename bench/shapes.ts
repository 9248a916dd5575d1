import { setFlagsFromString } from 'node:v8';
import type { Cluster } from '../core/cluster/types.js';
import { move, offered, searchSpace, startPosition } from '../core/explore/search.js';
import type { Config } from '../core/model/config.js';

/**
 * How many hidden classes V8 gives each kind of object a search makes (bench/README.md, "One hidden
 * class per shape"): a property read that meets more than four classes is a megamorphic lookup,
 * and each new class deoptimizes the code that read it. Counted over the first levels of a
 * breadth-first walk with V8's own `%HaveSameMap`.
 */
setFlagsFromString('--allow-natives-syntax');
const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (
  a: object,
  b: object,
) => boolean;

const KINDS = {
  cluster: (c: Cluster) => [c],
  'group machine context': (c: Cluster) => [c.ag.context],
  'logs record': (c: Cluster) => [c.logs],
  'database log': (c: Cluster) => Object.values(c.logs),
  replica: (c: Cluster) => c.replicas,
  'replica machine': (c: Cluster) => c.replicas.map((r) => r.machine),
  'copies record': (c: Cluster) => c.replicas.map((r) => r.databases),
  copy: (c: Cluster) => c.replicas.flatMap((r) => Object.values(r.databases)),
  'copy machine context': (c: Cluster) =>
    c.replicas.flatMap((r) => Object.values(r.databases).map((d) => d.machine.context)),
  'log position': (c: Cluster) =>
    c.replicas.flatMap((r) => Object.values(r.databases).map((d) => d.hardened)),
} satisfies Record<string, (c: Cluster) => readonly object[]>;

type Kind = keyof typeof KINDS;

/** Each kind's number of hidden classes over the states of the first `levels` levels (at most `cap`). */
export const classesPerKind = (
  config: Config,
  faults: number,
  levels: number,
  cap = 50_000,
): { states: number; classes: Record<Kind, number> } => {
  const space = searchSpace(config, { faults });
  const seen = new Map<Kind, object[]>();
  const note = (c: Cluster) => {
    for (const [kind, of] of Object.entries(KINDS) as [Kind, (c: Cluster) => readonly object[]][]) {
      const known = seen.get(kind) ?? [];
      seen.set(kind, known);
      for (const o of of(c)) if (!known.some((k) => sameClass(k, o))) known.push(o);
    }
  };
  let frontier = [startPosition(space)];
  let states = 0;
  for (let level = 0; level < levels && states < cap; level++) {
    const next = [];
    for (const p of frontier)
      for (const a of offered(space, p)) {
        const m = move(p, a);
        if (m === null) continue;
        next.push(m.position);
        note(m.position.cluster);
        states++;
      }
    // A bounded sample of each level keeps the walk short on large groups.
    frontier = next.slice(0, 2_500);
  }
  const classes = Object.fromEntries(
    Object.keys(KINDS).map((k) => [k, seen.get(k as Kind)?.length ?? 0]),
  ) as Record<Kind, number>;
  return { states, classes };
};
