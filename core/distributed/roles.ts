import { reason } from '../model/source.js';
import type { DistributedEventOf } from './events.js';
import { clipMember, loseAbove } from './ledger.js';
import { replaceMember, unknownMember } from './link.js';
import {
  acceptedStep,
  type DistributedObservation,
  type DistributedStepResult,
  refusedStep,
} from './result.js';
import { DISTRIBUTED_RULES } from './rules.js';
import { memberEnd, memberNamed, memberPrimary, otherMember } from './select.js';
import type { DistributedCluster, DistributedLog, LinkCopy, Member } from './types.js';

/**
 * The distributed group's roles: SET (ROLE = SECONDARY) on the global primary and
 * FORCE_FAILOVER_ALLOW_DATA_LOSS on a member's primary (S58 "Fail over to a secondary
 * availability group"). Nothing else moves the PRIMARY role between the groups: there is no
 * automatic failover between them (S43).
 */

const R = DISTRIBUTED_RULES;

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** Record every acknowledged commit of `member` above `at` per database as lost, and discard that log in its group. */
const discardAbove = (
  d: DistributedCluster,
  member: Member,
  at: Readonly<Record<string, bigint>>,
): { distributed: DistributedCluster; member: Member; observations: DistributedObservation[] } => {
  const observations: DistributedObservation[] = [];
  let logs = d.logs;
  let m = member;
  for (const [db, lsn] of Object.entries(at)) {
    const log = logs[db];
    if (log === undefined) continue;
    const out = loseAbove(log, member.name, lsn);
    logs = { ...logs, [db]: out.log };
    if (out.lost.length > 0)
      observations.push({ type: 'distributed.lost', database: db, ranges: out.lost });
    m = clipMember(m, db, lsn);
  }
  return { distributed: replaceMember({ ...d, logs }, m), member: m, observations };
};

/** Commits still waiting when their primary leaves the PRIMARY role are abandoned, never acknowledged. */
const abandonPending = (d: DistributedCluster, m: Member) => {
  const observations: DistributedObservation[] = [];
  let logs = d.logs;
  for (const [db, log] of Object.entries(d.logs)) {
    const end = memberEnd(m, db);
    const settled = log.settledLsn[m.name];
    if (end === undefined || settled === undefined || end <= settled) continue;
    observations.push({
      type: 'distributed.abandoned',
      database: db,
      fromLsn: settled,
      toLsn: end,
    });
    logs = { ...logs, [db]: { ...log, settledLsn: { ...log.settledLsn, [m.name]: end } } };
  }
  return { distributed: { ...d, logs }, observations };
};

const withLogs = (
  d: DistributedCluster,
  f: (log: DistributedLog, db: string) => DistributedLog,
): DistributedCluster => ({
  ...d,
  logs: Object.fromEntries(Object.entries(d.logs).map(([db, log]) => [db, f(log, db)])),
});

/** ALTER AVAILABILITY GROUP [dag] SET (ROLE = SECONDARY) on the global primary. */
export const setRoleSecondary = (
  d: DistributedCluster,
  e: DistributedEventOf<'distributed.setRoleSecondary'>,
): DistributedStepResult => {
  const m = memberNamed(d, e.member);
  if (m === undefined) return refusedStep(d, [unknownMember(d, e.member)]);
  const reasons = [];
  if (m.role !== 'PRIMARY')
    reasons.push(
      reason(
        'ALREADY_SECONDARY',
        `${m.name} already holds the SECONDARY role in ${d.config.name}`,
        R.demote,
      ),
    );
  if (memberPrimary(m) === null)
    reasons.push(
      reason(
        'NO_GLOBAL_PRIMARY',
        `${m.name} has no running primary replica to run SET (ROLE = SECONDARY) on`,
        R.demote,
      ),
    );
  if (reasons.length > 0) return refusedStep(d, reasons);
  const abandoned = abandonPending(d, m);
  const observations: DistributedObservation[] = [
    ...abandoned.observations,
    { type: 'distributed.roleChanged', member: m.name, from: 'PRIMARY', to: 'SECONDARY' },
  ];
  const demoted = replaceMember(abandoned.distributed, { ...m, role: 'SECONDARY' });
  const other = otherMember(demoted, m.name);
  if (other.role !== 'PRIMARY') {
    observations.push({
      type: 'note',
      reason: reason(
        'DISTRIBUTED_GROUP_UNAVAILABLE',
        `no member of ${d.config.name} takes writes until the failover: its databases on ${m.name} are read-only`,
        R.demote,
      ),
    });
    return acceptedStep(demoted, observations);
  }
  // Two global primaries, one now demoted: it joins the other's history where they split.
  const split = Object.fromEntries(
    Object.entries(d.logs).flatMap(([db, log]) =>
      log.divergedAt === null ? [] : [[db, log.divergedAt] as const],
    ),
  );
  const discarded = discardAbove(demoted, otherMember(demoted, other.name), split);
  const rejoined: DistributedCluster = withLogs(
    {
      ...discarded.distributed,
      link: {
        from: other.name,
        to: m.name,
        connected: d.link.connected,
        databases: linkAt(discarded.member, Object.keys(d.logs)),
      },
    },
    (log) => ({ ...log, divergedAt: null }),
  );
  return acceptedStep(rejoined, [
    ...observations,
    ...discarded.observations,
    {
      type: 'note',
      reason: reason(
        'OLD_GLOBAL_PRIMARY_DEMOTED',
        `${m.name} is the secondary group again: its log after the split is discarded and its primary forwards ${other.name}'s log`,
        R.model,
      ),
    },
  ]);
};

/** The link's positions when `forwarderMember`'s primary becomes the forwarder: what it holds. */
const linkAt = (forwarderMember: Member, databases: readonly string[]): Record<string, LinkCopy> =>
  Object.fromEntries(
    databases.map((db) => {
      const end = memberEnd(forwarderMember, db) ?? 0n;
      return [db, { received: end, hardened: end, synchronized: false, phase: 'JOINED' as const }];
    }),
  );

/** FORCE_FAILOVER_ALLOW_DATA_LOSS on `member`'s primary: its group takes the PRIMARY role. */
export const failover = (
  d: DistributedCluster,
  e: DistributedEventOf<'distributed.failover'>,
): DistributedStepResult => {
  const m = memberNamed(d, e.member);
  if (m === undefined) return refusedStep(d, [unknownMember(d, e.member)]);
  const reasons = [];
  if ((e.form ?? 'FORCE_FAILOVER_ALLOW_DATA_LOSS') === 'FAILOVER')
    reasons.push(
      reason(
        'FAILOVER_FORM_NOT_SUPPORTED',
        'a distributed availability group fails over between its groups only with FORCE_FAILOVER_ALLOW_DATA_LOSS; FAILOVER is not supported between them',
        R.forceOnly,
      ),
    );
  if (m.role === 'PRIMARY')
    reasons.push(
      reason(
        'ALREADY_PRIMARY',
        `${m.name} already holds the PRIMARY role: run the failover on the forwarder, the primary of the secondary group`,
        R.failover,
      ),
    );
  if (memberPrimary(m) === null)
    reasons.push(
      reason(
        'NO_FORWARDER',
        `${m.name} has no running primary replica to run the failover on`,
        R.failover,
      ),
    );
  if (d.link.to === m.name)
    for (const [db, copy] of Object.entries(d.link.databases))
      if (copy.phase !== 'JOINED')
        reasons.push(
          reason(
            'FORWARDER_DATABASE_NOT_JOINED',
            `${db} is not joined on the forwarder: it has no copy to bring online`,
            R.manualSeeding,
          ),
        );
  if (reasons.length > 0) return refusedStep(d, reasons);
  const other = otherMember(d, m.name);
  const ends = Object.fromEntries(Object.keys(d.logs).map((db) => [db, memberEnd(m, db) ?? 0n]));
  const promoted: Member = { ...m, role: 'PRIMARY' };
  const started = withLogs(replaceMember(d, promoted), (log, db) => ({
    ...log,
    settledLsn: { ...log.settledLsn, [m.name]: ends[db] ?? 0n },
  }));
  const roleChanged: DistributedObservation = {
    type: 'distributed.roleChanged',
    member: m.name,
    from: 'SECONDARY',
    to: 'PRIMARY',
  };
  if (other.role === 'PRIMARY') {
    // The other group was never demoted: both take writes from here, on histories that split.
    const split = withLogs(started, (log, db) => ({ ...log, divergedAt: ends[db] ?? 0n }));
    return acceptedStep(split, [
      roleChanged,
      {
        type: 'note',
        reason: reason(
          'TWO_GLOBAL_PRIMARIES',
          `${other.name} still holds the PRIMARY role${memberPrimary(other) === null ? ' (its primary is not running; once it runs again it takes writes too)' : ': both groups take writes'}; whichever group is demoted later loses every commit it acknowledged after ${m.name}'s end of log`,
          R.demote,
        ),
      },
    ]);
  }
  // The documented path: the old global primary's group was demoted first; it follows the new one.
  const common = Object.fromEntries(
    Object.keys(d.logs).map((db) => {
      const theirs = memberEnd(other, db);
      const ours = ends[db] ?? 0n;
      return [db, theirs === undefined ? ours : min(ours, theirs)];
    }),
  );
  const discarded = discardAbove(started, other, common);
  const next: DistributedCluster = {
    ...discarded.distributed,
    link: {
      from: m.name,
      to: other.name,
      connected: d.link.connected,
      databases: Object.fromEntries(
        Object.keys(d.logs).map((db) => {
          const at = common[db] ?? 0n;
          // A fail-back to the global primary (S58 step 4) leaves the forwarder's copy as it was:
          // one never joined to the distributed group is not joined by it.
          const kept = d.link.from === m.name ? d.link.databases[db] : undefined;
          return [
            db,
            kept !== undefined && kept.phase !== 'JOINED'
              ? kept
              : { received: at, hardened: at, synchronized: false, phase: 'JOINED' as const },
          ];
        }),
      ),
    },
  };
  return acceptedStep(next, [roleChanged, ...discarded.observations]);
};
