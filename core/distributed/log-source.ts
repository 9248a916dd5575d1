import { withLogFromVersion } from '../cluster/log-source.js';
import type { SqlServerVersion } from '../model/enums.js';
import { memberNamed } from './select.js';
import type { DistributedCluster, Member } from './types.js';

/**
 * The lower major version a member group's primary (the forwarder) receives its log from, or null:
 * the secondary group on a higher version than the global primary's, as in a migration to a higher
 * version before the failover (S43, Migrate to higher SQL Server versions). Once that group holds
 * the PRIMARY role, it receives nothing and its own secondaries synchronize as usual.
 */
export const lowerSenderVersion = (d: DistributedCluster, m: Member): SqlServerVersion | null => {
  if (m.role !== 'SECONDARY' || d.link.to !== m.name) return null;
  const from = memberNamed(d, d.link.from)?.cluster.config.version;
  return from !== undefined && from < m.cluster.config.version ? from : null;
};

/** Each member cluster told where its primary's log comes from; the distributed step's last say. */
export const settleLogSources = (d: DistributedCluster): DistributedCluster => {
  const told = (m: Member): Member => {
    const cluster = withLogFromVersion(m.cluster, lowerSenderVersion(d, m));
    return cluster === m.cluster ? m : { ...m, cluster };
  };
  const [a, b] = d.members;
  const members: readonly [Member, Member] = [told(a), told(b)];
  return members[0] === a && members[1] === b ? d : { ...d, members };
};
