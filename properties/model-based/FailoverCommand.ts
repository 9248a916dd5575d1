import type fc from 'fast-check';
import { expect } from 'vitest';
import { clusterFacts } from '../../core/cluster/facts.js';
import { forcedFailover, plannedFailover } from '../../core/failover/failover.js';
import { type AgModel, applyAndCheck, type Real } from './model.js';

/**
 * An operator fails over to a replica. The decision engine's verdict must predict the step:
 * allowed means accepted, refused means refused with the same reasons.
 */
export class FailoverCommand implements fc.Command<AgModel, Real> {
  constructor(
    readonly form: 'planned' | 'forced',
    readonly target: string,
  ) {}
  check = (model: Readonly<AgModel>) => !model.down.has(this.target);
  run(model: AgModel, real: Real): void {
    const facts = clusterFacts(real.cluster);
    const verdict =
      this.form === 'planned'
        ? plannedFailover(facts, this.target)
        : forcedFailover(facts, this.target);
    const result = applyAndCheck(model, real, {
      type: this.form === 'planned' ? 'ag.failover' : 'ag.forceFailover',
      target: this.target,
    });
    expect(result.refused.length === 0).toBe(verdict.allowed);
    if (!verdict.allowed) expect(result.refused).toEqual(verdict.reasons);
  }
  toString = () => `${this.form} failover to ${this.target}`;
}
