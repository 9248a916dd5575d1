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
 * The recipe for `answer`, or null when it holds something the recipe cannot remake (an object
 * that is not a plain object or array, or a key that names the stand-in). An object that does not
 * name the stand-in is shared as it is; one that does is copied with the parts that name it made
 * anew. An object the answer holds in several places is made once per database and held in as
 * many places, as the original was.
 */
export const remakeOf = <T>(answer: T): Remake<T> | null => {
  const names = new Map<object, boolean>();
  const held = new Map<object, number>();
  let plain = true;
  // Which objects name the stand-in somewhere inside (each object looked at once), and how many
  // places hold each.
  const naming = (x: unknown): boolean => {
    if (typeof x === 'string') return x.includes(STAND_IN);
    if (x === null || typeof x !== 'object') return false;
    held.set(x, (held.get(x) ?? 0) + 1);
    const known = names.get(x);
    if (known !== undefined) return known;
    names.set(x, false);
    if (!isPlain(x)) {
      plain = false;
      return false;
    }
    let found = false;
    if (Array.isArray(x)) {
      for (const v of x) if (naming(v)) found = true;
    } else
      for (const [k, v] of Object.entries(x)) {
        if (k.includes(STAND_IN)) plain = false;
        if (naming(v)) found = true;
      }
    names.set(x, found);
    return found;
  };
  if (!naming(answer) || !plain) return plain ? () => answer : null;
  const parts = new Map<object, Part>();
  let slots = 0;
  const partOf = (x: unknown): Part | undefined => {
    if (typeof x === 'string')
      return x.includes(STAND_IN) ? stringPart(x.split(STAND_IN)) : undefined;
    if (x === null || typeof x !== 'object' || names.get(x) !== true) return undefined;
    const known = parts.get(x);
    if (known !== undefined) return known;
    const make = Array.isArray(x) ? arrayPart(x, partOf) : objectPart(x, partOf);
    const part = (held.get(x) ?? 0) > 1 ? once(slots++, make) : make;
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
  x.forEach((v, i) => {
    const part = partOf(v);
    if (part === undefined) return;
    at.push(i);
    made.push(part);
  });
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
  const literal = Object.getPrototypeOf(x) === null ? undefined : LITERALS.get(keys.join(','));
  if (literal !== undefined) return literal(parts.map((p, i) => p ?? fixed(values[i])));
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

const fixed =
  (value: unknown): Part =>
  () =>
    value;

/** The part for the value at `i` of a literal's keys. */
const at = (parts: readonly Part[], i: number): Part => parts[i] as Part;

/**
 * The objects the backup section holds (reasons, backup decisions and job decisions, an entry),
 * made as literals from the parts of their values, in their keys' order: a spread copy costs
 * several times as much, and a read of a field it lacks costs far more on this V8.
 */
const LITERALS = new Map<string, (parts: readonly Part[]) => Part>([
  [
    'code,message,rule',
    (p) => {
      const [code, message, rule] = [at(p, 0), at(p, 1), at(p, 2)];
      return (d, m) => ({ code: code(d, m), message: message(d, m), rule: rule(d, m) });
    },
  ],
  [
    'code,message,rule,settledBy',
    (p) => {
      const [code, message, rule, settledBy] = [at(p, 0), at(p, 1), at(p, 2), at(p, 3)];
      return (d, m) => ({
        code: code(d, m),
        message: message(d, m),
        rule: rule(d, m),
        settledBy: settledBy(d, m),
      });
    },
  ],
  [
    'replica,decision',
    (p) => {
      const [replica, decision] = [at(p, 0), at(p, 1)];
      return (d, m) => ({ replica: replica(d, m), decision: decision(d, m) });
    },
  ],
  [
    'action,reasons',
    (p) => {
      const [action, reasons] = [at(p, 0), at(p, 1)];
      return (d, m) => ({ action: action(d, m), reasons: reasons(d, m) });
    },
  ],
  [
    'database,preferred,decisions,jobs',
    (p) => {
      const [database, preferred, decisions, jobs] = [at(p, 0), at(p, 1), at(p, 2), at(p, 3)];
      return (d, m) => ({
        database: database(d, m),
        preferred: preferred(d, m),
        decisions: decisions(d, m),
        jobs: jobs(d, m),
      });
    },
  ],
  [
    'convention,database,backupType,replica,outcome,reasons',
    (p) => {
      const [convention, database, backupType, replica, outcome, reasons] = [
        at(p, 0),
        at(p, 1),
        at(p, 2),
        at(p, 3),
        at(p, 4),
        at(p, 5),
      ];
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
]);
