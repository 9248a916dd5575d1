import type fc from 'fast-check';
import { type AgModel, applyAndCheck, type Real } from './model.js';

/** Log reaches a secondary and is hardened there. */
export class LogCommand implements fc.Command<AgModel, Real> {
  constructor(readonly replica: string) {}
  check = (model: Readonly<AgModel>) => !model.down.has(this.replica);
  run(model: AgModel, real: Real): void {
    applyAndCheck(model, real, { type: 'log.ship', replica: this.replica });
    applyAndCheck(model, real, { type: 'log.harden', replica: this.replica });
  }
  toString = () => `deliver log to ${this.replica}`;
}
