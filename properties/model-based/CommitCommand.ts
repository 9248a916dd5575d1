import type fc from 'fast-check';
import { expect } from 'vitest';
import { clusterFacts } from '../../core/cluster/facts.js';
import { commitOutcome } from '../../core/log/commit.js';
import { type AgModel, applyAndCheck, type Real } from './model.js';

/** The application commits; the commit-outcome decision must predict whether the step takes it. */
export class CommitCommand implements fc.Command<AgModel, Real> {
  constructor(readonly database: string) {}
  check = () => true;
  run(model: AgModel, real: Real): void {
    const outcome = commitOutcome(clusterFacts(real.cluster), this.database);
    const result = applyAndCheck(model, real, { type: 'db.commit', database: this.database });
    const refused = outcome.acknowledgement === 'refused' || outcome.acknowledgement === 'blocked';
    expect(result.refused.length > 0).toBe(refused);
    if (outcome.acknowledgement === 'immediately')
      expect(result.observations.some((o) => o.type === 'commit.acknowledged')).toBe(true);
  }
  toString = () => `commit ${this.database}`;
}
