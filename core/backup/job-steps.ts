import { isUnknownReason, type Reason } from '../model/source.js';

/**
 * A backup job as the steps it runs in order (./conventions.ts), and what they amount to: take,
 * skip, fail, or unknown when a step's fact is missing and the answer depends on it.
 */

export const BACKUP_JOB_OUTCOMES = ['take', 'skip', 'fail', 'unknown'] as const;
export type BackupJobOutcome = (typeof BACKUP_JOB_OUTCOMES)[number];

export interface JobAnswer {
  readonly outcome: BackupJobOutcome;
  /** For take, the grounds; otherwise every reason it is not taken, and every fact it lacks. */
  readonly reasons: readonly Reason[];
}

/**
 * One step of a job, in the order the job runs it: it lets the job go on, stops it with an
 * outcome, or cannot be judged (the job would go on, or stop with `unless`).
 */
export type Step =
  | { readonly kind: 'pass'; readonly reasons: readonly Reason[] }
  | {
      readonly kind: 'stop';
      readonly outcome: 'skip' | 'fail';
      readonly reasons: readonly Reason[];
    }
  | {
      readonly kind: 'open';
      readonly unless: 'skip' | 'fail';
      readonly reasons: readonly Reason[];
    };

export const pass = (...reasons: readonly Reason[]): Step => ({ kind: 'pass', reasons });
export const stop = (outcome: 'skip' | 'fail', ...reasons: readonly Reason[]): Step => ({
  kind: 'stop',
  outcome,
  reasons,
});

/** A reason that says the snapshot lacks a fact: its settledBy names what would settle it. */
export const isUnknown = (r: Reason): boolean => isUnknownReason(r);

/** Checks that stop the job with `outcome` when known, and leave it open when only unknown. */
export const fromBlocking = (
  outcome: 'skip' | 'fail',
  blocking: readonly Reason[],
  lead: Reason,
): Step | undefined => {
  if (blocking.length === 0) return undefined;
  return blocking.every(isUnknown)
    ? { kind: 'open', unless: outcome, reasons: blocking }
    : stop(outcome, lead, ...blocking);
};

/**
 * Run the steps in order. The outcomes a job can reach are the stop it meets and every outcome
 * an open step could have led to; one reachable outcome is the answer, more than one is unknown.
 */
export const run = (steps: readonly (Step | undefined)[]): JobAnswer => {
  // The outcomes reachable so far, as bits: skip 1, fail 2 (a job has at most these two stops).
  let reachable = 0;
  const grounds: Reason[] = [];
  const against: Reason[] = [];
  for (const step of steps) {
    if (step === undefined) continue;
    if (step.kind === 'pass') {
      for (const r of step.reasons) grounds.push(r);
      continue;
    }
    for (const r of step.reasons) against.push(r);
    if (step.kind === 'open') {
      reachable |= OUTCOME_BIT[step.unless];
      continue;
    }
    reachable |= OUTCOME_BIT[step.outcome];
    return {
      outcome: reachable === 1 ? 'skip' : reachable === 2 ? 'fail' : 'unknown',
      reasons: against,
    };
  }
  if (reachable === 0) return { outcome: 'take', reasons: grounds };
  return { outcome: 'unknown', reasons: against };
};

const OUTCOME_BIT = { skip: 1, fail: 2 } as const;
