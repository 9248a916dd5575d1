import type fc from 'fast-check';
import { type AgModel, applyAndCheck, type Real } from './model.js';

/** A replica's instance stops, or its network to the primary breaks. */
export class FaultCommand implements fc.Command<AgModel, Real> {
  constructor(
    readonly fault: 'crash' | 'disconnect',
    readonly replica: string,
  ) {}
  check = (model: Readonly<AgModel>) => !model.down.has(this.replica);
  run(model: AgModel, real: Real): void {
    applyAndCheck(model, real, { type: `replica.${this.fault}`, replica: this.replica }, () => {
      if (this.fault === 'crash') model.down.add(this.replica);
    });
  }
  toString = () => `${this.fault} ${this.replica}`;
}
