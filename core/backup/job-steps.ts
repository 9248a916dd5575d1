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
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step === undefined || step.kind === 'pass') continue;
    if (step.kind === 'open') {
      reachable |= OUTCOME_BIT[step.unless];
      continue;
    }
    reachable |= OUTCOME_BIT[step.outcome];
    return {
      outcome: reachable === 1 ? 'skip' : reachable === 2 ? 'fail' : 'unknown',
      reasons: reasonsOf(steps, i + 1, false),
    };
  }
  return reachable === 0
    ? { outcome: 'take', reasons: reasonsOf(steps, steps.length, true) }
    : { outcome: 'unknown', reasons: reasonsOf(steps, steps.length, false) };
};

const OUTCOME_BIT = { skip: 1, fail: 2 } as const;

/**
 * The reasons of the first `end` steps that pass (`passing`) or do not, in order. Made to size in
 * one array, or the one step's own list when only one step gives any (lists are never changed).
 */
const reasonsOf = (
  steps: readonly (Step | undefined)[],
  end: number,
  passing: boolean,
): readonly Reason[] => {
  let count = 0;
  let giving = 0;
  let only: readonly Reason[] = NO_REASONS;
  for (let i = 0; i < end; i++) {
    const step = steps[i];
    if (step === undefined || (step.kind === 'pass') !== passing || step.reasons.length === 0)
      continue;
    count += step.reasons.length;
    giving++;
    only = step.reasons;
  }
  if (giving <= 1) return only;
  const reasons = new Array<Reason>(count);
  let k = 0;
  for (let i = 0; i < end; i++) {
    const step = steps[i];
    if (step === undefined || (step.kind === 'pass') !== passing) continue;
    for (const r of step.reasons) reasons[k++] = r;
  }
  return reasons;
};

const NO_REASONS: readonly Reason[] = [];
