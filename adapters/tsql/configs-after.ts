import { configAfterEvent, groupNameTaken } from '../../core/lifecycle/configure.js';
import type { Config } from '../../core/model/config.js';
import type { Reason } from '../../core/model/source.js';
import type { Script, StatementResult } from './result.js';

/** A group as the whole script leaves it, and the statements that could not change it. */
export interface ConfigAfterScript {
  readonly config: Config;
  /** `ALTER … at line 12 is not applied: …`, one per statement the configuration refused. */
  readonly notApplied: readonly {
    readonly line: number;
    readonly column: number;
    readonly text: string;
    /** Why SQL Server refuses it, with the rule: a violation of the script, not a warning. */
    readonly reason: Reason;
  }[];
  /** The CREATE and every later statement on the group that the fold read, applied or not. */
  readonly statements: readonly StatementResult[];
}

const sameGroup = (s: StatementResult, name: string): boolean =>
  s.group !== null && s.group.toLowerCase() === name.toLowerCase();

/** Two statements run on the same instance: the same server, or both before any :Connect. */
const sameServer = (a: StatementResult, b: StatementResult): boolean =>
  a.server === null ? b.server === null : a.server.toLowerCase() === b.server?.toLowerCase();

const isDrop = (s: StatementResult): boolean =>
  s.outcome.kind === 'skipped' && /^DROP\s+AVAILABILITY\s+GROUP\b/i.test(s.text);

/**
 * Each group a script creates, after the ALTER AVAILABILITY GROUP statements that follow its
 * CREATE in the script (ADD / REMOVE / MODIFY REPLICA, ADD / REMOVE DATABASE, SET, listeners), in
 * order: what the script deploys, which the documented rules judge (a fourth automatic-failover
 * replica added by ALTER is as much a violation as one written in CREATE). A second CREATE of the
 * name on the same instance, with no DROP AVAILABILITY GROUP there since, is refused (S4: the name
 * is unique) and the group stays the first one; on another instance it may be another cluster's
 * group, so it starts a group of its own.
 */
export const configsAfterScript = (script: Script): readonly ConfigAfterScript[] => {
  const out: ConfigAfterScript[] = [];
  const refused = new Set<StatementResult>();
  script.statements.forEach((created, at) => {
    if (created.outcome.kind !== 'config' || refused.has(created)) return;
    let config = created.outcome.config;
    const notApplied: ConfigAfterScript['notApplied'][number][] = [];
    const statements: StatementResult[] = [created];
    for (const s of script.statements.slice(at + 1)) {
      if (!sameGroup(s, config.name)) continue;
      // Dropped where it was created: a later CREATE of the name is a new group.
      if (isDrop(s) && sameServer(s, created)) break;
      if (s.outcome.kind === 'config') {
        if (!sameServer(s, created)) break;
        refused.add(s);
        statements.push(s);
        const why = groupNameTaken(config.name, created.server ?? 'the instance', created.line);
        notApplied.push({
          line: s.line,
          column: s.column,
          text: `${s.text} is not applied: ${why.message} [${why.code}]`,
        });
        continue;
      }
      statements.push(s);
      if (s.outcome.kind !== 'events') continue;
      for (const e of s.outcome.events) {
        const next = configAfterEvent(config, e);
        if ('code' in next)
          notApplied.push({
            line: s.line,
            column: s.column,
            text: `${s.text} is not applied to ${config.name}: ${next.message} [${next.code}]`,
            reason: {
              ...next,
              message: `${s.text} is not applied to ${config.name}: ${next.message}`,
            },
          });
        else config = next;
      }
    }
    out.push({ config, notApplied, statements });
  });
  return out;
};
