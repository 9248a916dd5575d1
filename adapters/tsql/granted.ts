import type { Config } from '../../core/model/config.js';
import { instanceKey } from '../../core/validation/codes.js';
import type { StatementResult } from './result.js';

/**
 * The replicas of a group the script creates whose instance it leaves granting the group CREATE
 * ANY DATABASE: ALTER AVAILABILITY GROUP … GRANT CREATE ANY DATABASE run there after its JOIN
 * (S3: 'Run this parameter on every secondary replica that supports direct seeding after that
 * secondary joins the availability group'; SEED001: the grant lets automatic seeding create the
 * databases), and no DENY CREATE ANY DATABASE or REMOVE REPLICA since. A GRANT before the JOIN is
 * refused (Msg 15151), so it grants nothing. The instance CREATE ran on holds the group from the
 * CREATE on, and a GRANT there counts: 'Configure read-scale for an Always On availability group'
 * (S46) runs "ALTER AVAILABILITY GROUP [ag1] GRANT CREATE ANY DATABASE;" right after CREATE "on
 * the primary SQL Server replica", which a failover later makes a secondary seeded like the others.
 */
export const grantedAfterScript = (
  statements: readonly StatementResult[],
  config: Config,
): string[] => {
  const group = instanceKey(config.name);
  const joined = new Set<string>();
  const granted = new Set<string>();
  for (const s of statements) {
    if (s.outcome.kind === 'config' && instanceKey(s.outcome.config.name) === group) {
      // A group created (again) starts with no grants; its creator holds it from here on.
      joined.clear();
      granted.clear();
      if (s.server !== null) joined.add(instanceKey(s.server));
      continue;
    }
    if (s.outcome.kind !== 'events' || s.group === null || instanceKey(s.group) !== group) continue;
    for (const e of s.outcome.events) {
      if (!('replica' in e) || typeof e.replica !== 'string') continue;
      const k = instanceKey(e.replica);
      if (e.type === 'replica.join') joined.add(k);
      else if (e.type === 'replica.remove') {
        joined.delete(k);
        granted.delete(k);
      } else if (e.type === 'replica.grantCreateDatabase' && joined.has(k)) granted.add(k);
      else if (e.type === 'replica.denyCreateDatabase') granted.delete(k);
    }
  }
  return config.replicas.filter((r) => granted.has(instanceKey(r.name))).map((r) => r.name);
};
