/**
 * Work shared between databases whose inputs to a rule are the same. The rule is asked once about
 * a stand-in database, in facts that hold only the stand-in's rows (a copy of one database's
 * rows, renamed); the answer becomes a recipe that makes it again for any database of the class:
 * every string that names the stand-in is made anew with the database's name, and every object
 * that does not name it (most reasons) is shared. A rule that reads nothing of a database but its
 * name (as a key) and the inputs in the class's key answers a database exactly as the recipe does,
 * provided no other text it reads contains the stand-in (`noStandIn` checks the inputs for it).
 */

/** A database name no input contains: it holds NUL, which no other text of the facts may hold. */
export const STAND_IN = '\u0000agstate database\u0000';

/** True when no string in `value` (as JSON, bigints included) contains the stand-in's NUL. */
export const noStandIn = (value: unknown): boolean =>
  !JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString(10) : v))
    // JSON writes NUL as \u0000; a backslash that is itself escaped is "\\u0000", never NUL.
    .replaceAll('\\\\', '')
    .includes('\\u0000');

/** Makes the answer for one database; `made` remembers the objects made so far in this answer. */
type Part = (database: string, made: unknown[]) => unknown;

/** The recipe of an answer about the stand-in: call it with a database's name. */
export type Remake<T> = (database: string) => T;

const isPlain = (x: object): boolean => {
  if (Array.isArray(x)) return true;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/**
 * What the recipe knows of each object of the answer: whether it names the stand-in somewhere
 * inside (bit 0), and how many places hold it (the rest), in one map entry per object.
 */
const NAMES = 1;
const HELD = 2;

/**
 * The recipe for `answer`, or null when it holds something the recipe cannot remake (an object
 * that is not a plain object or array, or a key that names the stand-in). An object that does not
 * name the stand-in is shared as it is; one that does is copied with the parts that name it made
 * anew. An object the answer holds in several places is made once per database and held in as
 * many places, as the original was.
 */
export const remakeOf = <T>(answer: T): Remake<T> | null => {
  const seen = new Map<object, number>();
  let plain = true;
  // Each object is looked into once; a later visit only counts one more place that holds it.
  const naming = (x: unknown): boolean => {
    if (typeof x === 'string') return x.includes(STAND_IN);
    if (x === null || typeof x !== 'object') return false;
    const known = seen.get(x);
    if (known !== undefined) {
      seen.set(x, known + HELD);
      return (known & NAMES) !== 0;
    }
    seen.set(x, HELD);
    if (!isPlain(x)) {
      plain = false;
      return false;
    }
    let found = false;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) if (naming(x[i])) found = true;
    } else {
      const keys = Object.keys(x);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        if (k.includes(STAND_IN)) plain = false;
        if (naming((x as Record<string, unknown>)[k])) found = true;
      }
    }
    if (found) seen.set(x, (seen.get(x) ?? HELD) | NAMES);
    return found;
  };
  if (!naming(answer) || !plain) return plain ? () => answer : null;
  const parts = new Map<object, Part>();
  let slots = 0;
  const partOf = (x: unknown): Part | undefined => {
    if (typeof x === 'string')
      return x.includes(STAND_IN) ? stringPart(x.split(STAND_IN)) : undefined;
    if (x === null || typeof x !== 'object') return undefined;
    const state = seen.get(x) ?? 0;
    if ((state & NAMES) === 0) return undefined;
    const known = parts.get(x);
    if (known !== undefined) return known;
    const make = Array.isArray(x) ? arrayPart(x, partOf) : objectPart(x, partOf);
    const part = state >= 2 * HELD ? once(slots++, make) : make;
    parts.set(x, part);
    return part;
  };
  const whole = partOf(answer) as Part;
  return (database) => whole(database, slots === 0 ? NOTHING_MADE : new Array<unknown>(slots)) as T;
};

const NOTHING_MADE: unknown[] = [];

/** A part made once per answer, then held wherever the original held it. */
const once =
  (slot: number, make: Part): Part =>
  (database, made) => {
    const done = made[slot];
    if (done !== undefined) return done;
    const value = make(database, made);
    made[slot] = value;
    return value;
  };

/** The text between the stand-ins, joined by the database's name (as the template joined it). */
const stringPart = (pieces: readonly string[]): Part => {
  const [first = '', ...rest] = pieces;
  return (database) => {
    let s = first;
    for (const piece of rest) s = s + database + piece;
    return s;
  };
};

/** A copy of the array with the items that name the stand-in made anew. */
const arrayPart = (x: readonly unknown[], partOf: (v: unknown) => Part | undefined): Part => {
  const at: number[] = [];
  const made: Part[] = [];
  for (let i = 0; i < x.length; i++) {
    const part = partOf(x[i]);
    if (part === undefined) continue;
    at.push(i);
    made.push(part);
  }
  return (database, done) => {
    const a = x.slice();
    for (let i = 0; i < at.length; i++) a[at[i] as number] = (made[i] as Part)(database, done);
    return a;
  };
};

/** A copy of the object (same keys, same order) with the values that name the stand-in made anew. */
const objectPart = (x: object, partOf: (v: unknown) => Part | undefined): Part => {
  const keys = Object.keys(x);
  const values = keys.map((k) => (x as Record<string, unknown>)[k]);
  const parts = values.map(partOf);
  const literal = Object.getPrototypeOf(x) === null ? undefined : literalFor(keys);
  if (literal !== undefined) return literal(values, parts);
  // Any other object: a copy, keeping the original's prototype (Object's, or none).
  const copy =
    Object.getPrototypeOf(x) === null
      ? (): Record<string, unknown> => Object.assign(Object.create(null), x)
      : (): Record<string, unknown> => ({ ...x });
  return (database, made) => {
    const o = copy();
    for (let i = 0; i < keys.length; i++) {
      const part = parts[i];
      if (part !== undefined) o[keys[i] as string] = part(database, made);
    }
    return o;
  };
};

/** A literal's maker: from the original's values, and the parts of those that name the stand-in. */
type Literal = (values: readonly unknown[], parts: readonly (Part | undefined)[]) => Part;

/** The value at `i`: the original's, or made anew when it names the stand-in. */
const valueAt = (
  values: readonly unknown[],
  parts: readonly (Part | undefined)[],
  i: number,
): Part => {
  const part = parts[i];
  if (part !== undefined) return part;
  const value = values[i];
  return () => value;
};

/**
 * The objects the backup section holds (reasons, backup decisions and job decisions, an entry),
 * made as literals from the parts of their values, in their keys' order: a spread copy costs
 * several times as much, and a read of a field it lacks costs far more on this V8.
 */
const LITERALS: readonly (readonly [readonly string[], Literal])[] = [
  [
    ['code', 'message', 'rule'],
    (v, p) => {
      const [code, message, rule] = [valueAt(v, p, 0), valueAt(v, p, 1), valueAt(v, p, 2)];
      return (d, m) => ({ code: code(d, m), message: message(d, m), rule: rule(d, m) });
    },
  ],
  [
    ['code', 'message', 'rule', 'settledBy'],
    (v, p) => {
      const [code, message, rule, settledBy] = [0, 1, 2, 3].map((i) => valueAt(v, p, i)) as [
        Part,
        Part,
        Part,
        Part,
      ];
      return (d, m) => ({
        code: code(d, m),
        message: message(d, m),
        rule: rule(d, m),
        settledBy: settledBy(d, m),
      });
    },
  ],
  [
    ['replica', 'decision'],
    (v, p) => {
      const [replica, decision] = [valueAt(v, p, 0), valueAt(v, p, 1)];
      return (d, m) => ({ replica: replica(d, m), decision: decision(d, m) });
    },
  ],
  [
    ['action', 'reasons'],
    (v, p) => {
      const [action, reasons] = [valueAt(v, p, 0), valueAt(v, p, 1)];
      return (d, m) => ({ action: action(d, m), reasons: reasons(d, m) });
    },
  ],
  [
    ['database', 'preferred', 'decisions', 'jobs'],
    (v, p) => {
      const [database, preferred, decisions, jobs] = [0, 1, 2, 3].map((i) => valueAt(v, p, i)) as [
        Part,
        Part,
        Part,
        Part,
      ];
      return (d, m) => ({
        database: database(d, m),
        preferred: preferred(d, m),
        decisions: decisions(d, m),
        jobs: jobs(d, m),
      });
    },
  ],
  [
    ['convention', 'database', 'backupType', 'replica', 'outcome', 'reasons'],
    (v, p) => {
      const [convention, database, backupType, replica, outcome, reasons] = [0, 1, 2, 3, 4, 5].map(
        (i) => valueAt(v, p, i),
      ) as [Part, Part, Part, Part, Part, Part];
      return (d, m) => ({
        convention: convention(d, m),
        database: database(d, m),
        backupType: backupType(d, m),
        replica: replica(d, m),
        outcome: outcome(d, m),
        reasons: reasons(d, m),
      });
    },
  ],
];

/** The literal for an object with exactly these keys in this order, if there is one. */
const literalFor = (keys: readonly string[]): Literal | undefined => {
  for (const [shape, literal] of LITERALS)
    if (shape.length === keys.length && shape.every((k, i) => k === keys[i])) return literal;
  return undefined;
};
