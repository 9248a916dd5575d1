import type { IToken } from 'chevrotain';
import type { Config } from '../../core/model/config.js';
import { same } from './names.js';
import type { StatementResult } from './result.js';
import { upper } from './statements.js';

/**
 * `DBCC TRACEON | TRACEOFF (flag, …, -1)`: -1 sets the flags globally, for the whole instance,
 * which is how availability groups see them (S122, "Tune compression for availability group": "You
 * can use global trace flags to test changing these settings. SQL Server applies global trace
 * flags to the entire instance. All of the availability groups in the instance are affected").
 * Without -1 the flags hold for the session only: null, and the statement is passed over.
 */
export const globalTraceFlags = (
  span: readonly IToken[],
): { readonly on: boolean; readonly flags: readonly number[] } | null => {
  const verb = upper(span[1]);
  if (upper(span[0]) !== 'DBCC' || (verb !== 'TRACEON' && verb !== 'TRACEOFF')) return null;
  const close = span.findIndex((t) => t.image === ')');
  if (span[2]?.image !== '(' || close < 0) return null;
  const args = span
    .slice(3, close)
    .map((t) => t.image)
    .join('')
    .split(',');
  if (!args.every((a) => /^-?\d+$/.test(a))) return null;
  const numbers = args.map(Number);
  const flags = numbers.filter((n) => n > 0);
  return numbers.includes(-1) && flags.length > 0 ? { on: verb === 'TRACEON', flags } : null;
};

/**
 * The group as the script leaves it, with the global trace flags each replica's instance has
 * after the script (the `:Connect` server naming the replica): a trace flag belongs to the
 * instance, so one set before CREATE counts too. Instances the script does not place are left as
 * they are; a replica with no flag set keeps none.
 */
export const withTraceFlags = (config: Config, statements: readonly StatementResult[]): Config => {
  const replicas = config.replicas.map((r) => {
    const set = new Set(r.traceFlags ?? []);
    for (const s of statements) {
      if (s.outcome.kind !== 'traceFlags' || !same(r.name, s.server)) continue;
      for (const f of s.outcome.flags) {
        if (s.outcome.on) set.add(f);
        else set.delete(f);
      }
    }
    const flags = [...set].sort((a, b) => a - b);
    return flags.length === 0 && r.traceFlags === undefined ? r : { ...r, traceFlags: flags };
  });
  return { ...config, replicas };
};
