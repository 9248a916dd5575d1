import type { Fork, LogPosition } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';

/**
 * The recovery-fork limit. "Failover and failover modes" (S2), Forced failover: secondary
 * databases track only two recovery forks, so after several forced failovers a secondary database
 * that started synchronizing before the previous one may be unable to resume; it must be removed
 * from the group, restored to the right point and joined again, and a restore does not cross
 * several forks (hence a log backup after each further forced failover). The failure is error
 * 1408 (ag-rules §4.4 item 7, S44).
 */
export const FORK_LIMIT = source(
  'S2',
  'Forced failover: secondary databases track only two recovery forks (error 1408)',
);

/** How many recovery forks a secondary tracks: its own, and the one that follows it. */
export const TRACKED_FORKS = 2;

const forkNamed = (forks: readonly Fork[], id: number): Fork | undefined => {
  for (const f of forks) if (f.id === id) return f;
  return undefined;
};

/**
 * Whether fork `id` is among the first `steps` forks of the line from fork `from` up to the root.
 * By default more steps than there are forks, which meet every fork on the line (a walk stops at a
 * fork the log does not hold, and a malformed line that loops visits nothing new): no set is
 * built, since the step and the explorer's key ask this for every pair of positions.
 */
const onLine = (
  forks: readonly Fork[],
  from: number,
  id: number,
  steps = forks.length + 1,
): boolean => {
  let current: number | null = from;
  for (let k = 0; current !== null && k < steps; k++) {
    if (current === id) return true;
    current = forkNamed(forks, current)?.parent ?? null;
  }
  return false;
};

/**
 * How many recovery forks forced failovers started on the primary's line since the copy's own fork:
 * 0 on the same fork, 1 after one forced failover, and so on. A copy on a branch the primary never
 * took (an old primary that ran past the fork point) counts from where the two histories meet. The
 * forks of planned and automatic failovers (and of a forced failover that behaved as planned) are
 * not counted: the documentation ties the limit to forced failovers (S2, ag-rules §4.4 item 7).
 */
export const forksBehind = (
  forks: readonly Fork[],
  copy: LogPosition,
  primary: LogPosition,
): number => {
  let started = 0;
  let current: number | null = primary.fork;
  for (let steps = 0; current !== null; steps++) {
    // A fork met again ends a line that loops; the copy's line ends the count.
    if (onLine(forks, primary.fork, current, steps) || onLine(forks, copy.fork, current)) break;
    const fork = forkNamed(forks, current);
    if (fork?.forced === true) started++;
    current = fork?.parent ?? null;
  }
  return started;
};

/** Whether a copy can resume: the primary's line is at most one forced fork past the copy's. */
export const isWithinForkLimit = (
  forks: readonly Fork[],
  copy: LogPosition,
  primary: LogPosition,
): boolean => forksBehind(forks, copy, primary) < TRACKED_FORKS;

/** Why a copy cannot resume across the recovery forks it missed. */
export const forkLimitReason = (replica: string, database: string, behind: number): Reason =>
  reason(
    'FORK_LIMIT_EXCEEDED',
    `${database} on ${replica} cannot resume (error 1408): the primary's log has started ${behind} recovery forks since this copy's, and a secondary database tracks only ${TRACKED_FORKS}; remove it from the group, restore it from a backup of the current primary WITH NORECOVERY and join it again`,
    FORK_LIMIT,
  );
