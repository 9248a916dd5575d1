import { isConnectionAddress } from './events.js';
import { isDrop } from './group-drops.js';
import type { StatementResult } from './result.js';

/** A replica of a group the script creates that the script never joins. */
export interface UnjoinedReplica {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * The replicas of a group a `:Connect` creates that no ALTER AVAILABILITY GROUP … JOIN of the
 * script reaches, where the script does join others of the group on the instances it names:
 * "Join a Secondary Replica to an Availability Group" (S98), "After a secondary replica is added to
 * an Always On availability group, the secondary replica must be joined to the availability group.
 * The join-replica operation must be performed on the instance of SQL Server that is hosting the
 * secondary replica." Until then it hosts no copy and exchanges no log, while validate, explain
 * and check judge the group with every replica joined. A script whose JOINs name no instance (run
 * server by server, or on a connection address) is not judged so: where they run is not known.
 * Without WSFC a DROP removes the group from its own instance only ("For an availability group
 * that's created with cluster type NONE or EXTERNAL, execute the command on all replicas", S108):
 * one placed on an instance the script has removed from the group (the old primary of a forced
 * failover, S108's steps 3 and 4) leaves the group standing, so the replicas added after it are
 * judged too, and the creating instance, its own copy of the group dropped, joins as any other.
 */
export const unjoinedReplicas = (statements: readonly StatementResult[]): UnjoinedReplica[] =>
  statements.flatMap((created, at) => {
    if (created.outcome.kind !== 'config' || created.connected !== true) return [];
    const config = created.outcome.config;
    if (config.kind === 'DISTRIBUTED' || created.server === null) return [];
    const group = config.name.toLowerCase();
    const replicas = new Map(config.replicas.map((r) => [r.name.toLowerCase(), r.name]));
    const primary = created.server.toLowerCase();
    // An instance named otherwise than its replica (an FQDN, say) is judged elsewhere
    // (CREATE_NOT_ON_A_REPLICA): which replica each JOIN reaches is then not known.
    if (!replicas.delete(primary)) return [];
    const members = new Set([...replicas.keys(), primary]);
    const joined = new Map<string, string>();
    let unplacedJoin = false;
    let primaryDropped = false;
    for (const s of statements.slice(at + 1)) {
      if (s.group?.toLowerCase() !== group) continue;
      if (s.outcome.kind === 'config') break;
      if (isDrop(s)) {
        const server = s.server?.toLowerCase() ?? null;
        const leftover =
          config.clusterType !== 'WSFC' &&
          server !== null &&
          !isConnectionAddress(server) &&
          !members.has(server);
        if (!leftover) break;
        if (server === primary) primaryDropped = true;
        continue;
      }
      if (s.outcome.kind === 'unplaced' && /\bJOIN\b/i.test(s.outcome.sql)) unplacedJoin = true;
      if (s.outcome.kind !== 'events') continue;
      for (const e of s.outcome.events) {
        // A JOIN on the instance CREATE ran on is refused there (REPLICA_ALREADY_JOINED) while it
        // still holds the group.
        if (e.type === 'replica.join' && (e.replica.toLowerCase() !== primary || primaryDropped))
          joined.set(e.replica.toLowerCase(), e.replica);
        if (e.type === 'replica.add') {
          replicas.set(e.spec.name.toLowerCase(), e.spec.name);
          members.add(e.spec.name.toLowerCase());
        }
        if (e.type === 'replica.remove') {
          replicas.delete(e.replica.toLowerCase());
          members.delete(e.replica.toLowerCase());
        }
      }
    }
    const named = [...joined.keys()].every((k) => replicas.has(k));
    if (joined.size === 0 || unplacedJoin || !named) return [];
    const where = [...joined.values()].join(', ');
    return [...replicas]
      .filter(([key]) => !joined.has(key))
      .map(([, replica]) => ({
        line: created.line,
        column: created.column,
        text: `${replica} is a replica of ${config.name} that the script never joins (ALTER AVAILABILITY GROUP [${config.name}] JOIN runs on ${where}, not on ${replica}; "Join a Secondary Replica to an Availability Group": "the secondary replica must be joined to the availability group"): until it joins it hosts no copy of ${config.name}'s databases and receives no log, while validate, explain and check judge ${config.name} with every replica joined`,
      }));
  });
