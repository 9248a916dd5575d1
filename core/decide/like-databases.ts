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
 * that is not a plain object or array, or a key that names the stand-in). Objects shared within
 * the answer are made once per database, so a remade answer shares what the original did.
 */
export const remakeOf = <T>(answer: T): Remake<T> | null => {
  const names = new Map<object, boolean>();
  let plain = true;
  // Which objects name the stand-in somewhere inside (each object looked at once).
  const naming = (x: unknown): boolean => {
    if (typeof x === 'string') return x.includes(STAND_IN);
    if (x === null || typeof x !== 'object') return false;
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
  naming(answer);
  if (!plain) return null;
  const parts = new Map<object, Part>();
  let slots = 0;
  const partOf = (x: unknown): Part => {
    if (typeof x === 'string' && x.includes(STAND_IN)) {
      const pieces = x.split(STAND_IN);
      return (database) => pieces.join(database);
    }
    if (x === null || typeof x !== 'object' || names.get(x) !== true) return () => x;
    const known = parts.get(x);
    if (known !== undefined) return known;
    const slot = slots++;
    const make = Array.isArray(x) ? arrayPart(x.map(partOf)) : objectPart(x, partOf);
    const part: Part = (database, made) => {
      const done = made[slot];
      if (done !== undefined) return done;
      const value = make(database, made);
      made[slot] = value;
      return value;
    };
    parts.set(x, part);
    return part;
  };
  const whole = partOf(answer);
  return (database) => whole(database, new Array<unknown>(slots)) as T;
};

const arrayPart =
  (items: readonly Part[]): Part =>
  (database, made) => {
    const a = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) a[i] = (items[i] as Part)(database, made);
    return a;
  };

const objectPart = (x: object, partOf: (v: unknown) => Part): Part => {
  const keys = Object.keys(x);
  const values = keys.map((k) => partOf((x as Record<string, unknown>)[k]));
  return (database, made) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++)
      o[keys[i] as string] = (values[i] as Part)(database, made);
    return o;
  };
};
