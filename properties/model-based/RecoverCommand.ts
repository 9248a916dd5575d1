import type fc from 'fast-check';
import { type AgModel, applyAndCheck, type Real } from './model.js';

/** A stopped instance restarts, a broken network heals, or time passes. */
export class RecoverCommand implements fc.Command<AgModel, Real> {
  constructor(
    readonly recovery: 'restart' | 'reconnect' | 'time',
    readonly replica: string,
  ) {}
  check = (model: Readonly<AgModel>) =>
    this.recovery === 'restart'
      ? model.down.has(this.replica)
      : this.recovery === 'time' || !model.down.has(this.replica);
  run(model: AgModel, real: Real): void {
    if (this.recovery === 'time') {
      applyAndCheck(model, real, { type: 'time.advance', ms: 15_000 });
      return;
    }
    applyAndCheck(model, real, { type: `replica.${this.recovery}`, replica: this.replica }, () => {
      if (this.recovery === 'restart') model.down.delete(this.replica);
    });
  }
  toString = () => (this.recovery === 'time' ? '15 s pass' : `${this.recovery} ${this.replica}`);
}
