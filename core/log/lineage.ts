import type { AcknowledgedRange, Fork, LogPosition } from '../model/facts.js';

/**
 * Log lineage. A database's history is a tree of recovery forks: every failover starts a new fork
 * at the new primary's end of log (ag-rules §4.4, S2/S44). A record is named by its LSN and the
 * fork it was written on, and a log position (fork, lsn) holds every record at or below lsn along
 * its fork's ancestry. This makes "was an acknowledged commit lost?" a question about the state.
 */

const forkById = (forks: readonly Fork[], id: number): Fork | undefined =>
  forks.find((f) => f.id === id);

/** The fork that wrote the record at `lsn` in the history of `fork`. */
export const forkOwning = (forks: readonly Fork[], fork: number, lsn: bigint): number => {
  let current = forkById(forks, fork);
  while (current !== undefined && current.parent !== null && lsn <= current.startLsn) {
    current = forkById(forks, current.parent);
  }
  return current?.id ?? fork;
};

/** Whether the log at `position` holds the record (recordFork, recordLsn). */
export const holdsRecord = (
  forks: readonly Fork[],
  position: LogPosition,
  recordFork: number,
  recordLsn: bigint,
): boolean =>
  recordLsn <= position.lsn && forkOwning(forks, position.fork, recordLsn) === recordFork;

/** The highest LSN up to which two logs hold the same records (their common point). */
export const commonLsn = (forks: readonly Fork[], a: LogPosition, b: LogPosition): bigint => {
  let lsn = a.lsn < b.lsn ? a.lsn : b.lsn;
  for (;;) {
    const fa = forkOwning(forks, a.fork, lsn);
    const fb = forkOwning(forks, b.fork, lsn);
    if (fa === fb) return lsn;
    const sa = forkById(forks, fa)?.startLsn ?? 0n;
    const sb = forkById(forks, fb)?.startLsn ?? 0n;
    // Both owners wrote only above their start, so this strictly decreases and ends at the root.
    lsn = sa > sb ? sa : sb;
  }
};

/**
 * Where a secondary copy needs the primary's log from: its hardened LSN, or, when its log ran past
 * a recovery fork (the old primary and every other copy suspended by a forced failover), the point
 * it reverts to before it catches up (S6 recovery_lsn). S44, Follow Up: "Transaction log truncation
 * is delayed on a primary database while any of its secondary databases is suspended."
 */
export const secondaryNeedsFrom = (
  forks: readonly Fork[] | undefined,
  hardened: LogPosition,
  primaryEnd: LogPosition | undefined,
): bigint =>
  primaryEnd === undefined || forks === undefined || forks.length === 0
    ? hardened.lsn
    : commonLsn(forks, hardened, primaryEnd);

/** Whether the log at `a` is a prefix of the log at `b` (b holds every record a holds). */
export const isPrefixOf = (forks: readonly Fork[], a: LogPosition, b: LogPosition): boolean =>
  commonLsn(forks, a, b) === a.lsn;

/** The acknowledged commits that the log at `position` does not hold. */
export const acknowledgedNotHeld = (
  forks: readonly Fork[],
  acknowledged: readonly AcknowledgedRange[],
  position: LogPosition,
): readonly AcknowledgedRange[] => {
  // Most logs hold every acknowledged commit: then no array is made to say so.
  let missing: AcknowledgedRange[] | undefined;
  for (const range of acknowledged) {
    // A range lies on one fork, so the log holds a prefix of it: find where that prefix ends.
    if (holdsRecord(forks, position, range.fork, range.toLsn)) continue;
    const heldThrough = commonLsn(forks, position, { fork: range.fork, lsn: range.toLsn });
    const from = heldThrough > range.fromLsn ? heldThrough : range.fromLsn;
    if (from < range.toLsn) {
      missing ??= [];
      missing.push({ fork: range.fork, fromLsn: from, toLsn: range.toLsn });
    }
  }
  return missing ?? NOTHING_MISSING;
};

const NOTHING_MISSING: readonly AcknowledgedRange[] = Object.freeze([]);

/** The number of commits in a list of ranges. */
export const countCommits = (ranges: readonly AcknowledgedRange[]): bigint =>
  ranges.reduce((n, r) => n + (r.toLsn - r.fromLsn), 0n);

/** The ranges of `ranges` with the records of `removed` taken out (ranges on one fork each). */
export const subtractRanges = (
  ranges: readonly AcknowledgedRange[],
  removed: readonly AcknowledgedRange[],
): AcknowledgedRange[] =>
  ranges.flatMap((r) => {
    let pieces: AcknowledgedRange[] = [r];
    for (const m of removed) {
      if (m.fork !== r.fork) continue;
      pieces = pieces.flatMap((p) => {
        if (m.toLsn <= p.fromLsn || m.fromLsn >= p.toLsn) return [p];
        const out: AcknowledgedRange[] = [];
        if (m.fromLsn > p.fromLsn) out.push({ fork: p.fork, fromLsn: p.fromLsn, toLsn: m.fromLsn });
        if (m.toLsn < p.toLsn) out.push({ fork: p.fork, fromLsn: m.toLsn, toLsn: p.toLsn });
        return out;
      });
    }
    return pieces;
  });
