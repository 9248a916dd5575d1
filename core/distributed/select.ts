import { isReplicaUp, primaryReplica } from '../cluster/select.js';
import type { SynchronizationState } from '../model/enums.js';
import { urlNamesReplica } from './listener-url.js';
import type { DistributedCluster, Member } from './types.js';

/** Read a distributed group's roles and positions. */

export const memberNamed = (d: DistributedCluster, name: string): Member | undefined => {
  const lower = name.toLowerCase();
  return d.members.find((m) => m.name.toLowerCase() === lower);
};

export const otherMember = (d: DistributedCluster, name: string): Member =>
  d.members[0].name === name ? d.members[1] : d.members[0];

/** The member group's primary replica (the global primary or the forwarder), or null. */
export const memberPrimary = (m: Member): string | null => {
  const p = primaryReplica(m.cluster);
  return p !== undefined && isReplicaUp(p) ? p.name : null;
};

/** The end of a database's log on a member's primary: its last_hardened_lsn there. */
export const memberEnd = (m: Member, database: string): bigint | undefined =>
  primaryReplica(m.cluster)?.databases[database]?.hardened.lsn;

/** The members that hold the distributed group's PRIMARY role (one, or none mid-failover). */
export const primaryMembers = (d: DistributedCluster): readonly Member[] =>
  d.members.filter((m) => m.role === 'PRIMARY');

/**
 * The global primary: the primary replica of the group in the PRIMARY role that has one running
 * (null while none does, or while both do: then each group takes writes of its own).
 */
export const globalPrimary = (d: DistributedCluster): string | null => {
  const running = primaryMembers(d).flatMap((m) => {
    const p = memberPrimary(m);
    return p === null ? [] : [p];
  });
  return running.length === 1 ? (running[0] ?? null) : null;
};

/** The forwarder: the primary replica of the group the link feeds, when that group is SECONDARY. */
export const forwarder = (d: DistributedCluster): string | null => {
  const to = memberNamed(d, d.link.to);
  return to === undefined || to.role !== 'SECONDARY' ? null : memberPrimary(to);
};

/** Both members hold the PRIMARY role: each group takes writes the other never sees. */
export const isSplit = (d: DistributedCluster): boolean => primaryMembers(d).length === 2;

/** SYNCHRONOUS_COMMIT takes both sides: "both the current primary availability group, and the current secondary availability group" (S58). */
export const isLinkSynchronousCommit = (d: DistributedCluster): boolean =>
  d.members.every((m) => m.availabilityMode === 'SYNCHRONOUS_COMMIT');

/**
 * The sending group runs a newer major version of SQL Server than the receiving one, or null.
 * "The AG containing read/write primary can be the same version or lower than the other AGs"; after
 * a migration to a higher version, "Because AG1 is at a lower version, updates from AG2 after
 * failover to AG2 won't be replicated over to AG1" (S43, Migrate to higher SQL Server versions).
 */
export const newerSender = (
  d: DistributedCluster,
): { readonly from: Member; readonly to: Member } | null => {
  const from = memberNamed(d, d.link.from);
  const to = memberNamed(d, d.link.to);
  return from !== undefined &&
    to !== undefined &&
    from.cluster.config.version > to.cluster.config.version
    ? { from, to }
    : null;
};

/**
 * Log can flow: the network works, the sending group has a primary, the forwarder runs, and the
 * sender's version is not newer than the forwarder's.
 */
export const linkFlows = (d: DistributedCluster): boolean => {
  const from = memberNamed(d, d.link.from);
  return (
    d.link.connected &&
    !isSplit(d) &&
    from !== undefined &&
    memberPrimary(from) !== null &&
    forwarder(d) !== null &&
    newerSender(d) === null &&
    d.members.every((m) => urlMissesPrimary(d, m) === null)
  );
};

/**
 * The replica a member's LISTENER_URL names where that is not the member's running primary: the
 * URL names one replica (an FCI's VNN, a server) rather than a listener, and the member has failed
 * over inside itself since (S58: "update the distributed availability group to reflect the change
 * of listener URL"). Null where the URL names the primary, a listener or no replica of the member.
 */
export const urlMissesPrimary = (d: DistributedCluster, m: Member): string | null => {
  const url = d.config.members.find((x) => x.name.toLowerCase() === m.name.toLowerCase());
  const primary = memberPrimary(m);
  if (url === undefined || primary === null) return null;
  const named = urlNamesReplica(url.listenerUrl, m.cluster.config);
  return named === null || named.toLowerCase() === primary.toLowerCase() ? null : named;
};

/** synchronization_state_desc of a database between the groups, as the global primary's row shows it. */
export const linkSynchronizationState = (
  d: DistributedCluster,
  database: string,
): SynchronizationState => {
  const copy = d.link.databases[database];
  if (copy === undefined || copy.phase !== 'JOINED' || !linkFlows(d)) return 'NOT SYNCHRONIZING';
  return copy.synchronized ? 'SYNCHRONIZED' : 'SYNCHRONIZING';
};

/** The member groups whose primary accepts writes: those in the PRIMARY role. */
export const writableMembers = (d: DistributedCluster): readonly string[] =>
  primaryMembers(d)
    .filter((m) => memberPrimary(m) !== null)
    .map((m) => m.name);
