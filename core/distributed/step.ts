import { step } from '../cluster/step.js';
import type { Cluster } from '../cluster/types.js';
import { reason } from '../model/source.js';
import type { DistributedEvent, DistributedEventOf } from './events.js';
import {
  clipMember,
  forwarderCopies,
  loseAbove,
  settleAcknowledgements,
  waitsForForwarder,
} from './ledger.js';
import {
  disconnect,
  harden,
  reconnect,
  replaceMember,
  setAvailabilityMode,
  setRequiredSecondaries,
  settleLink,
  ship,
  unknownMember,
} from './link.js';
import { settleLogSources } from './log-source.js';
import {
  acceptedStep,
  type DistributedObservation,
  type DistributedStepResult,
  refusedStep,
} from './result.js';
import { failover, setRoleSecondary } from './roles.js';
import { DISTRIBUTED_RULES } from './rules.js';
import { join, restore, seed, seedingSourceRefusal } from './seeding.js';
import { memberEnd, memberNamed, memberPrimary } from './select.js';
import type { DistributedCluster } from './types.js';

/**
 * The distributed step: pure `stepDistributed(d, event)`. Member-group events go to that group's
 * cluster step; the link follows each group's primary; then the link's synchronization and the
 * acknowledgement of the global primary's commits are settled. A refused event leaves the value
 * unchanged and says every reason.
 */
export const stepDistributed = (
  d: DistributedCluster,
  e: DistributedEvent,
): DistributedStepResult => {
  const r = dispatch(d, e);
  if (r.refused.length > 0) return r;
  const linked = settleLink(settleLogSources(r.distributed));
  const settled = settleAcknowledgements(linked);
  return acceptedStep(settled.distributed, [...r.observations, ...settled.observations]);
};

/** Step through events, keeping every result. */
export const runDistributed = (
  d: DistributedCluster,
  events: readonly DistributedEvent[],
): readonly DistributedStepResult[] => {
  const results: DistributedStepResult[] = [];
  let current = d;
  for (const e of events) {
    const r = stepDistributed(current, e);
    results.push(r);
    current = r.distributed;
  }
  return results;
};

const dispatch = (d: DistributedCluster, e: DistributedEvent): DistributedStepResult => {
  switch (e.type) {
    case 'distributed.setAvailabilityMode':
      return setAvailabilityMode(d, e);
    case 'distributed.setRoleSecondary':
      return setRoleSecondary(d, e);
    case 'distributed.failover':
      return failover(d, e);
    case 'distributed.setRequiredSecondaries':
      return setRequiredSecondaries(d, e);
    case 'distributed.ship':
      return ship(d, e);
    case 'distributed.harden':
      return harden(d, e);
    case 'distributed.seed':
      return seed(d, e);
    case 'distributed.restore':
      return restore(d, e);
    case 'distributed.join':
      return join(d, e);
    case 'distributed.disconnect':
      return disconnect(d);
    case 'distributed.reconnect':
      return reconnect(d);
    case 'distributed.member':
      return memberStep(d, e);
  }
};

const R = DISTRIBUTED_RULES;

/** The forwarder's group leaves the copies it seeds RESTORING, to be joined by hand (S58). */
const seedingJoinsByHand = (c: Cluster, forwarderGroup: boolean): Cluster => {
  if (forwarderGroup) return { ...c, seededCopiesWaitForJoin: true };
  if (c.seededCopiesWaitForJoin !== true) return c;
  const { seededCopiesWaitForJoin: _dropped, ...rest } = c;
  return rest;
};

/** An event of one member group: writes only where the group holds the PRIMARY role. */
const memberStep = (
  d: DistributedCluster,
  e: DistributedEventOf<'distributed.member'>,
): DistributedStepResult => {
  const m = memberNamed(d, e.member);
  if (m === undefined) return refusedStep(d, [unknownMember(d, e.member)]);
  const inner = e.event;
  if ((inner.type === 'db.commit' || inner.type === 'db.begin') && m.role !== 'PRIMARY')
    return refusedStep(d, [
      reason(
        d.link.to === m.name ? 'FORWARDER_READ_ONLY' : 'GLOBAL_PRIMARY_DEMOTED',
        d.link.to === m.name
          ? `${m.name} is the secondary group of ${d.config.name}: its primary is the forwarder, and its databases are read-only copies of the global primary's`
          : `${m.name} was set to the SECONDARY role in ${d.config.name}: its databases take no writes until a failover`,
        R.oneWritable,
      ),
    ]);
  if (
    inner.type === 'db.commit' &&
    d.requiredSynchronizedSecondariesToCommit > 0 &&
    !waitsForForwarder(d, m.name, inner.database)
  )
    return refusedStep(d, [
      reason(
        'REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET',
        `REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${d.requiredSynchronizedSecondariesToCommit} on ${d.config.name} but ${inner.database} is not SYNCHRONIZED with the forwarder: commits on the global primary fail`,
        R.requiredSecondariesOption,
      ),
    ]);
  if (inner.type === 'seeding.progress') {
    const blocked = seedingSourceRefusal(d, m.name, inner.database);
    if (blocked !== null) return refusedStep(d, [blocked]);
  }
  const before = memberPrimary(m);
  const r = step(seedingJoinsByHand(m.cluster, d.link.to === m.name), inner);
  if (r.refused.length > 0) return refusedStep(d, r.refused);
  // A group in the SECONDARY role acknowledges nothing to clients: its own group's settling is not news.
  const observations: DistributedObservation[] = r.observations
    .filter((o) => m.role === 'PRIMARY' || o.type !== 'commit.acknowledged')
    .map((o) => ({ type: 'member', member: m.name, observation: o }));
  let next = replaceMember(d, { ...m, cluster: r.cluster });
  const after = memberPrimary(memberNamed(next, m.name)!);
  if (after !== null && after !== before)
    next = followNewPrimary(next, m.name, after, observations);
  if (inner.type === 'db.commit' && waitsForForwarder(next, m.name, inner.database)) {
    const lsn = memberEnd(memberNamed(next, m.name)!, inner.database);
    if (lsn !== undefined)
      observations.push({
        type: 'distributed.pending',
        database: inner.database,
        lsn,
        waitingFor: forwarderCopies(next, inner.database).map((c) => c.replica),
      });
  }
  return acceptedStep(next, observations);
};

/**
 * A failover inside a member group: the link follows its new primary (S43: the forwarder is
 * whichever replica is the secondary group's primary). A new forwarder holds what it hardened; a
 * new global primary's end bounds what the forwarder may keep.
 */
const followNewPrimary = (
  d: DistributedCluster,
  member: string,
  primary: string,
  observations: DistributedObservation[],
): DistributedCluster => {
  const m = memberNamed(d, member)!;
  let next = d;
  if (d.link.to === m.name && m.role === 'SECONDARY') {
    const databases = Object.fromEntries(
      Object.entries(d.link.databases).map(([db, copy]) => {
        const end = memberEnd(m, db) ?? copy.hardened;
        return [db, { ...copy, received: end, hardened: end, synchronized: false }];
      }),
    );
    next = { ...d, link: { ...d.link, databases } };
    observations.push({
      type: 'note',
      reason: reason(
        'LINK_FOLLOWS_FORWARDER',
        `${primary} is the forwarder of ${d.config.name} now`,
        R.forwarder,
      ),
    });
    return next;
  }
  if (d.link.from === m.name) {
    observations.push({
      type: 'note',
      reason: reason(
        'LINK_FOLLOWS_GLOBAL_PRIMARY',
        m.role === 'PRIMARY'
          ? `${primary} is the global primary of ${d.config.name} now`
          : `${primary} sends ${m.name}'s log now`,
        R.forwarder,
      ),
    });
    let to = memberNamed(next, d.link.to)!;
    let logs = next.logs;
    let link = next.link;
    for (const [db, copy] of Object.entries(d.link.databases)) {
      const end = memberEnd(m, db);
      if (end === undefined) continue;
      // A forced failover inside the group lost log: the global primary's history no longer holds it.
      const log = logs[db];
      if (log !== undefined) {
        const out = loseAbove(log, m.name, end);
        logs = { ...logs, [db]: out.log };
        if (out.lost.length > 0)
          observations.push({ type: 'distributed.lost', database: db, ranges: out.lost });
      }
      if (copy.received > end) {
        const at = copy.hardened > end ? end : copy.hardened;
        link = {
          ...link,
          databases: {
            ...link.databases,
            [db]: { ...copy, received: end, hardened: at, synchronized: false },
          },
        };
        // The forwarder's group gives up what the new global primary never had (MODEL).
        if (copy.hardened > end) to = clipMember(to, db, end);
      }
    }
    next = replaceMember({ ...next, logs, link }, to);
  }
  return next;
};
