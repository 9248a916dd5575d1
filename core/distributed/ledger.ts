import { clusterFacts } from '../cluster/facts.js';
import { position, updateCopy } from '../cluster/ops.js';
import { findReplica, primaryReplica } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { commitParticipants } from '../log/commit.js';
import type { DistributedObservation } from './result.js';
import {
  forwarder,
  isLinkSynchronousCommit,
  linkFlows,
  memberEnd,
  memberNamed,
  memberPrimary,
} from './select.js';
import type { AcknowledgedCommits, DistributedCluster, DistributedLog, Member } from './types.js';

/**
 * The distributed group's record of what clients saw: commits its global primary acknowledged,
 * and those a failover between the groups lost. A commit waits for the forwarder only while the
 * link is synchronous on both sides and the database SYNCHRONIZED across it (S43, S58).
 */

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** The forwarder and the synchronized synchronous copies of its group, each with what it has hardened. */
export const forwarderCopies = (
  d: DistributedCluster,
  database: string,
): readonly { readonly replica: string; readonly hardened: bigint }[] => {
  const to = memberNamed(d, d.link.to);
  const name = forwarder(d);
  const copy = d.link.databases[database];
  if (to === undefined || name === null || copy === undefined) return [];
  const inGroup = commitParticipants(clusterFacts(to.cluster), database).map((replica) => ({
    replica,
    hardened: findReplica(to.cluster, replica)?.databases[database]?.hardened.lsn ?? copy.hardened,
  }));
  return [{ replica: name, hardened: copy.hardened }, ...inGroup];
};

/** Whether a commit on `database` at the global primary of `member` waits for the forwarder now. */
export const waitsForForwarder = (d: DistributedCluster, member: string, database: string) =>
  d.link.from === member &&
  isLinkSynchronousCommit(d) &&
  linkFlows(d) &&
  d.link.databases[database]?.synchronized === true;

/**
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT on the sending side: a commit "waits until the
 * transaction logs are updated on the minimum number of secondary replicas" (S3), the forwarder and
 * its group's synchronous copies (S43), so one they have not all hardened is never acknowledged
 * there once the link stops (a disconnect, the forwarder down or forced to PRIMARY); it fails
 * instead of completing alone.
 */
const holdsRequiredSecondaries = (d: DistributedCluster, member: string) =>
  d.requiredSynchronizedSecondariesToCommit > 0 && d.link.from === member;

const innerAcknowledged = (c: Cluster, database: string): bigint | undefined =>
  c.logs[database]?.acknowledged.at(-1)?.toLsn;

/** Acknowledge, for every member in the PRIMARY role, each commit the rules now let through. */
export const settleAcknowledgements = (
  d: DistributedCluster,
): { distributed: DistributedCluster; observations: DistributedObservation[] } => {
  const observations: DistributedObservation[] = [];
  let logs = d.logs;
  for (const m of d.members) {
    if (m.role !== 'PRIMARY' || memberPrimary(m) === null) continue;
    for (const [database, log] of Object.entries(logs)) {
      const end = memberEnd(m, database);
      const inner = innerAcknowledged(m.cluster, database);
      const settled = log.settledLsn[m.name];
      if (end === undefined || inner === undefined || settled === undefined) continue;
      let top = min(inner, end);
      if (waitsForForwarder(d, m.name, database))
        for (const c of forwarderCopies(d, database)) top = min(top, c.hardened);
      // Still waiting when the link stopped: under RSSTC it fails rather than completes alone.
      else if (holdsRequiredSecondaries(d, m.name)) continue;
      if (top <= settled) continue;
      const range: AcknowledgedCommits = { member: m.name, fromLsn: settled, toLsn: top };
      const last = log.acknowledged.at(-1);
      const acknowledged =
        last !== undefined && last.member === m.name && last.toLsn === settled
          ? [...log.acknowledged.slice(0, -1), { ...last, toLsn: top }]
          : [...log.acknowledged, range];
      observations.push({ type: 'distributed.acknowledged', database, ...range });
      logs = {
        ...logs,
        [database]: { ...log, acknowledged, settledLsn: { ...log.settledLsn, [m.name]: top } },
      };
    }
  }
  return { distributed: logs === d.logs ? d : { ...d, logs }, observations };
};

/** A member's acknowledged commits above `lsn` are lost: they leave the record for `lost`. */
export const loseAbove = (
  log: DistributedLog,
  member: string,
  lsn: bigint,
): { log: DistributedLog; lost: AcknowledgedCommits[] } => {
  const kept: AcknowledgedCommits[] = [];
  const lost: AcknowledgedCommits[] = [];
  for (const r of log.acknowledged) {
    if (r.member !== member || r.toLsn <= lsn) kept.push(r);
    else {
      if (r.fromLsn < lsn) kept.push({ ...r, toLsn: lsn });
      lost.push({ ...r, fromLsn: r.fromLsn > lsn ? r.fromLsn : lsn });
    }
  }
  const settled = log.settledLsn[member];
  return {
    log: {
      ...log,
      acknowledged: kept,
      lost: [...log.lost, ...lost],
      settledLsn:
        settled === undefined ? log.settledLsn : { ...log.settledLsn, [member]: min(settled, lsn) },
    },
    lost,
  };
};

/** Every copy of `database` in a member group gives up its log above `lsn` (it reverts to the common point). */
export const clipMember = (m: Member, database: string, lsn: bigint): Member => {
  let c = m.cluster;
  for (const r of c.replicas)
    c = updateCopy(c, r.name, database, (copy) => {
      const clip = (p: typeof copy.hardened) => (p.lsn > lsn ? position(p.fork, lsn) : p);
      return {
        ...copy,
        received: clip(copy.received),
        hardened: clip(copy.hardened),
        redone: clip(copy.redone),
      };
    });
  const log = c.logs[database];
  if (log !== undefined)
    c = {
      ...c,
      logs: {
        ...c.logs,
        [database]: {
          ...log,
          settledLsn: min(log.settledLsn, lsn),
          acknowledged: log.acknowledged
            .filter((r) => r.fromLsn < lsn)
            .map((r) => (r.toLsn > lsn ? { ...r, toLsn: lsn } : r)),
        },
      },
    };
  return { ...m, cluster: c };
};

/**
 * The forwarder's own copy holds what it hardened from the link: its secondaries are fed from it
 * by the member group's log events. Nothing of it waits for acknowledgement in its own group.
 */
export const setForwarderEnd = (m: Member, database: string, lsn: bigint): Member => {
  const p = primaryReplica(m.cluster);
  if (p === undefined) return m;
  let c = updateCopy(m.cluster, p.name, database, (copy) => {
    const at = position(copy.hardened.fork, lsn);
    return { ...copy, received: at, hardened: at, redone: at };
  });
  const log = c.logs[database];
  if (log !== undefined && log.settledLsn < lsn)
    c = { ...c, logs: { ...c.logs, [database]: { ...log, settledLsn: lsn } } };
  return { ...m, cluster: c };
};
