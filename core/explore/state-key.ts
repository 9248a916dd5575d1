/**
 * A state's canonical key as 32-bit words, in parts (a replica's descriptor, the forks, the logs,
 * …), written into one growable buffer: the explorer makes a key for every move it takes, and
 * words cost neither the strings nor the hashing of strings that texts would. The stores read a
 * key at once (its words are overwritten by the next key written), hash it, and the exact store
 * gives each distinct part a small number.
 *
 * Words are injective per part: numbers that may not fit one word (LSNs relative to the base) are
 * written behind an escape word, and text (a distributed group's own parts, a value the key has no
 * code for) as its length and then its UTF-16 code units.
 */

export interface StateKey {
  /** The words; only those up to the last part's end count. */
  readonly words: () => Int32Array;
  readonly parts: () => number;
  /** Where part `i` ends in `words` (it starts where part `i − 1` ends, or at 0). */
  readonly partEnd: (i: number) => number;
}

/** Words no number written whole takes: the first announces two more words, the second a text. */
const WIDE = -0x80000000;
const AS_TEXT = -0x7fffffff;
const ONE_WORD_LIMIT = 0x7fffffff;
const TWO_TO_32 = 2 ** 32;
/** How many LSNs a writer remembers the words of. */
const RECENT_LSNS = 8;

/** Runs of words in one buffer: run i is `starts[i]` to `ends[i]`. Kept and cleared, not made anew. */
export class Runs {
  starts = new Int32Array(16);
  ends = new Int32Array(16);
  count = 0;

  clear(): this {
    this.count = 0;
    return this;
  }

  add(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      const ends = new Int32Array(this.count * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }
}

/**
 * Where a key is written, part by part. Owned by one search (or one call): a key is valid until the
 * next one is begun.
 */
export class KeyWriter implements StateKey {
  private buffer = new Int32Array(256);
  private used = 0;
  private ends = new Runs();
  private scratch: KeyWriter | undefined;
  /**
   * The words of the LSNs written lately, relative to `lsnBase`: a key's LSNs are a handful of
   * values (copies stand where others stand, a copy received what it hardened), and so are the
   * next key's. Comparing a BigInt allocates nothing; subtracting one makes a new BigInt.
   */
  private readonly recentLsns: bigint[] = [];
  private readonly recentWords: number[] = [];
  private recentNext = 0;
  private lsnBase: bigint | null = null;

  /** Starts a new key (the previous one is gone). */
  begin(): this {
    this.used = 0;
    this.ends.clear();
    return this;
  }

  word(n: number): void {
    if (this.used === this.buffer.length) this.grow(1);
    this.buffer[this.used++] = n;
  }

  /** A whole number of any size below 2^53 in magnitude: one word when it fits, else three. */
  number(n: number): void {
    if (n > -ONE_WORD_LIMIT && n <= ONE_WORD_LIMIT) this.word(n);
    else {
      this.word(WIDE);
      this.word(Math.floor(n / TWO_TO_32));
      this.word((n % TWO_TO_32) | 0);
    }
  }

  /** An LSN relative to `base`, exactly, however large (real LSNs exceed 2^53). */
  lsn(lsn: bigint, base: bigint): void {
    if (base !== this.lsnBase) {
      this.lsnBase = base;
      this.recentLsns.length = 0;
      this.recentWords.length = 0;
      this.recentNext = 0;
    }
    const recent = this.recentLsns;
    for (let i = 0; i < recent.length; i++)
      if (recent[i] === lsn) {
        this.word(this.recentWords[i]!);
        return;
      }
    // Exact whenever it lands in one word's range: a difference of 2^53 or more cannot round into it.
    const n = Number(lsn - base);
    if (n > -ONE_WORD_LIMIT && n <= ONE_WORD_LIMIT) {
      const at = this.recentNext;
      recent[at] = lsn;
      this.recentWords[at] = n;
      this.recentNext = (at + 1) % RECENT_LSNS;
      this.word(n);
    } else {
      this.word(AS_TEXT);
      this.text(String(lsn - base));
    }
  }

  text(s: string): void {
    this.number(s.length);
    if (this.used + s.length > this.buffer.length) this.grow(s.length);
    for (let i = 0; i < s.length; i++) this.buffer[this.used++] = s.charCodeAt(i);
  }

  /** Appends words `from` to `to` of `source` (this writer's own, or its aside's). */
  copy(source: Int32Array, from: number, to: number): void {
    if (this.used + (to - from) > this.buffer.length) this.grow(to - from);
    // A loop, not set(subarray(…)): the pieces are a few words, and a subarray is an object.
    const buffer = this.buffer;
    let at = this.used;
    for (let i = from; i < to; i++) buffer[at++] = source[i]!;
    this.used = at;
  }

  /** Ends the part being written. */
  endPart(): void {
    const count = this.ends.count;
    this.ends.add(count === 0 ? 0 : this.ends.ends[count - 1]!, this.used);
  }

  /** Where the next word goes. */
  at(): number {
    return this.used;
  }

  /** A second writer, begun anew, for pieces written before their place in the key is known. */
  aside(): KeyWriter {
    this.scratch ??= new KeyWriter();
    return this.scratch.begin();
  }

  words(): Int32Array {
    return this.buffer;
  }
  parts(): number {
    return this.ends.count;
  }
  partEnd(i: number): number {
    return this.ends.ends[i]!;
  }

  private grow(more: number): void {
    const bigger = new Int32Array(Math.max(this.buffer.length * 2, this.used + more + 64));
    bigger.set(this.buffer.subarray(0, this.used));
    this.buffer = bigger;
  }
}

/**
 * Writes into `order` the indexes of the runs in the order of their words, ties by index (a stable
 * sort), and returns it (grown when short). An insertion sort: a group has at most nine replicas
 * and a handful of databases, and Array.prototype.sort with a comparator cost more to set up than
 * to sort them.
 */
export const orderOfRuns = (words: Int32Array, runs: Runs, order: Int32Array): Int32Array => {
  const out = order.length >= runs.count ? order : new Int32Array(runs.count * 2);
  const { starts, ends } = runs;
  for (let i = 0; i < runs.count; i++) {
    const from = starts[i]!;
    const length = ends[i]! - from;
    let at = i;
    while (at > 0) {
      const j = out[at - 1]!;
      if (compareWords(words, starts[j]!, ends[j]! - starts[j]!, from, length) <= 0) break;
      out[at] = j;
      at--;
    }
    out[at] = i;
  }
  return out;
};

/** Compares words [a, a + n) with [b, b + m) of one buffer, in order; a prefix comes first. */
export const compareWords = (
  words: Int32Array,
  a: number,
  n: number,
  b: number,
  m: number,
): number => {
  const common = n < m ? n : m;
  for (let i = 0; i < common; i++) {
    const x = words[a + i]!;
    const y = words[b + i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return n - m;
};

/** A key written from texts, one part each (for tests and callers whose parts are text). */
export const keyOfTexts = (parts: readonly string[], w = new KeyWriter()): StateKey => {
  w.begin();
  for (const p of parts) {
    w.text(p);
    w.endPart();
  }
  return w;
};

/** A key as text, each part's words joined by commas and parts by '|': to compare keys in tests. */
export const keyText = (key: StateKey): string => {
  const words = key.words();
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < key.parts(); i++) {
    const to = key.partEnd(i);
    out.push(Array.from(words.subarray(from, to)).join(','));
    from = to;
  }
  return out.join('|');
};
