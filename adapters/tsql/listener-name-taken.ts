import { instanceKey } from '../../core/validation/codes.js';
import { isDrop } from './group-drops.js';
import type { StatementResult } from './result.js';

/** A listener the script gives a group under a DNS name another group's listener holds. */
export interface ListenerNameTaken {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

const MSG_19471 =
  "'Database engine events and errors (19000 to 20999)' (S66), Msg 19471: \"The WSFC cluster could not bring the Network Name resource with DNS name '%ls' online. The DNS name may have been taken or have a conflict with existing name services, or the WSFC cluster service may not be running or may be inaccessible. Use a different DNS name to resolve name conflicts, or check the WSFC cluster log for more information.\"";

interface Group {
  readonly name: string;
  /** Its replicas' instances, by key, with the name as the script writes it. */
  readonly instances: ReadonlyMap<string, string>;
  listener?: { readonly name: string; readonly line: number };
}

/**
 * Every listener a script gives a WSFC group (CREATE … LISTENER, ALTER … ADD LISTENER) under the
 * DNS name of the listener of another WSFC group the script has created on one of the same
 * instances, not removed since (REMOVE LISTENER, DROP AVAILABILITY GROUP). An instance belongs to
 * one WSFC cluster, so both listeners would be network names of that cluster; SQL Server answers
 * Msg 19471 (S66) when it cannot bring the network name online, "The DNS name may have been
 * taken". The same name in two clusters, or outside WSFC (a DNS record the script does not make),
 * is not judged. validate, explain and check still give the group the listener, so this is a
 * warning at the statement.
 */
export const listenerNamesTaken = (statements: readonly StatementResult[]): ListenerNameTaken[] => {
  const groups = new Map<string, Group>();
  const found: ListenerNameTaken[] = [];
  const judge = (s: StatementResult, what: string, group: Group, listener: string) => {
    const shared = (other: Group) =>
      [...group.instances].flatMap(([key, name]) => (other.instances.has(key) ? [name] : []));
    for (const other of groups.values()) {
      const held = other.listener;
      if (other === group || held === undefined || instanceKey(held.name) !== instanceKey(listener))
        continue;
      const common = shared(other);
      if (common.length === 0) continue;
      found.push({
        line: s.line,
        column: s.column,
        text: `${what}: ${listener} is the DNS name of ${other.name}'s listener (line ${held.line}), and ${other.name} and ${group.name} are both WSFC groups on ${common.join(', ')}, so both listeners would be network names of one cluster. ${MSG_19471} The script does not remove ${other.name}'s listener before this statement (ALTER AVAILABILITY GROUP [${other.name}] REMOVE LISTENER N'${held.name}', or DROP AVAILABILITY GROUP [${other.name}]); validate, explain and check still give ${group.name} the listener ${listener}; give it another DNS name (sys.availability_group_listeners.dns_name lists the names in use)`,
      });
    }
    group.listener = { name: listener, line: s.line };
  };
  for (const s of statements) {
    const o = s.outcome;
    if (isDrop(s) && s.group !== null) groups.delete(instanceKey(s.group));
    if (o.kind === 'config') {
      const c = o.config;
      if (c.kind === 'DISTRIBUTED' || c.clusterType !== 'WSFC') continue;
      const group: Group = {
        name: c.name,
        instances: new Map(c.replicas.map((r) => [instanceKey(r.name), r.name])),
      };
      groups.set(instanceKey(c.name), group);
      if (c.listener !== null)
        judge(s, `CREATE AVAILABILITY GROUP [${c.name}] … LISTENER`, group, c.listener.name);
    }
    if (o.kind !== 'events' || s.group === null) continue;
    const group = groups.get(instanceKey(s.group));
    if (group === undefined) continue;
    for (const e of o.events) {
      if (e.type === 'ag.removeListener' && group.listener !== undefined)
        if (instanceKey(group.listener.name) === instanceKey(e.name)) group.listener = undefined;
      if (e.type === 'ag.addListener')
        judge(s, `ALTER AVAILABILITY GROUP [${group.name}] ADD LISTENER`, group, e.listener.name);
    }
  }
  return found;
};
