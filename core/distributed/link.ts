import { type Reason, reason, unknownReason } from '../model/source.js';
import { hasFeature } from '../validation/limits.js';
import type { DistributedEventOf } from './events.js';
import { setForwarderEnd } from './ledger.js';
import { acceptedStep, type DistributedStepResult, refusedStep } from './result.js';
import { DISTRIBUTED_RULES } from './rules.js';
import {
  forwarder,
  isLinkSynchronousCommit,
  isSplit,
  linkFlows,
  memberEnd,
  memberNamed,
  memberPrimary,
  newerSender,
  urlMissesPrimary,
} from './select.js';
import type { DistributedCluster, LinkCopy, Member } from './types.js';

/** The link between the global primary and the forwarder: log shipped and hardened, the network, the modes. */

const R = DISTRIBUTED_RULES;

/** Why no log can cross the link now (every reason). */
const flowRefusals = (d: DistributedCluster): Reason[] => {
  const reasons: Reason[] = [];
  if (!d.link.connected)
    reasons.push(
      reason(
        'LINK_DISCONNECTED',
        'the global primary and the forwarder cannot reach each other',
        R.forwarder,
      ),
    );
  if (isSplit(d))
    reasons.push(
      reason(
        'TWO_GLOBAL_PRIMARIES',
        `${d.members[0].name} and ${d.members[1].name} both hold the PRIMARY role: neither sends the other its log`,
        R.oneWritable,
      ),
    );
  const from = memberNamed(d, d.link.from);
  if (from === undefined || memberPrimary(from) === null)
    reasons.push(
      reason(
        'NO_GLOBAL_PRIMARY',
        `${d.link.from} has no running primary replica to send log`,
        R.forwarder,
      ),
    );
  if (!isSplit(d) && forwarder(d) === null)
    reasons.push(
      reason(
        'NO_FORWARDER',
        `${d.link.to} has no running primary replica to receive log`,
        R.forwarder,
      ),
    );
  const newer = newerSender(d);
  if (newer !== null) reasons.push(newerVersionReason(d, newer.from, newer.to));
  reasons.push(...listenerUrlReasons(d));
  return reasons;
};

/** A member's LISTENER_URL names a replica that is no longer its primary: no log crosses (S58). */
export const listenerUrlReasons = (d: DistributedCluster): Reason[] =>
  d.members.flatMap((m) => {
    const named = urlMissesPrimary(d, m);
    const url = d.config.members.find((x) => x.name.toLowerCase() === m.name.toLowerCase());
    const primary = memberPrimary(m);
    return named === null || url === undefined || primary === null
      ? []
      : [
          reason(
            'LISTENER_URL_NOT_PRIMARY',
            `${d.config.name} reaches ${m.name} at LISTENER_URL = '${url.listenerUrl}', which names its replica ${named}, but ${m.name}'s primary is now ${primary}: no log crosses until the LISTENER_URL names ${primary} (ALTER AVAILABILITY GROUP [${d.config.name}] MODIFY AVAILABILITY GROUP ON '${m.name}' WITH (LISTENER_URL = …), run on both the global primary and the forwarder)`,
            R.listenerUrlOfFci,
          ),
        ];
  });

/** The sender runs a newer major version than the forwarder: no log crosses (S43). */
export const newerVersionReason = (d: DistributedCluster, from: Member, to: Member): Reason =>
  reason(
    'GLOBAL_PRIMARY_VERSION_NEWER',
    `${from.name} runs SQL Server ${from.cluster.config.version}, newer than ${to.name}'s SQL Server ${to.cluster.config.version}: the group holding the read/write primary must run the same major version as the other or a lower one, so ${d.config.name} sends nothing from ${from.name} to ${to.name} (after a migration to a higher version, updates are not replicated back and fail-back is not possible); upgrade ${to.name} first`,
    R.versionsAfterMigration,
  );

const updateLink = (d: DistributedCluster, database: string, f: (c: LinkCopy) => LinkCopy) => {
  const copy = d.link.databases[database];
  return copy === undefined
    ? d
    : { ...d, link: { ...d.link, databases: { ...d.link.databases, [database]: f(copy) } } };
};

const unknownDatabase = (d: DistributedCluster, database: string): Reason =>
  reason('UNKNOWN_DATABASE', `${database} is not a database of ${d.config.name}`, R.forwarder);

/** The forwarder's copy is not part of the distributed group yet: no log reaches it. */
export const notJoined = (
  d: DistributedCluster,
  database: string,
  phase: LinkCopy['phase'],
): Reason =>
  reason(
    'FORWARDER_DATABASE_NOT_JOINED',
    phase === 'ABSENT'
      ? `${database} does not exist on the forwarder yet: seed it (SEEDING_MODE = AUTOMATIC) or restore it WITH NORECOVERY and join it to ${d.config.name}`
      : `${database} is restored on the forwarder but not joined: run ALTER DATABASE [${database}] SET HADR AVAILABILITY GROUP = [${d.config.name}] there`,
    R.manualSeeding,
  );

/** distributed.ship: the forwarder receives the global primary's log. */
export const ship = (
  d: DistributedCluster,
  e: DistributedEventOf<'distributed.ship'>,
): DistributedStepResult => {
  const blocked = flowRefusals(d);
  if (blocked.length > 0) return refusedStep(d, blocked);
  const from = memberNamed(d, d.link.from) as Member;
  const databases = e.database === undefined ? Object.keys(d.link.databases) : [e.database];
  const reasons: Reason[] = [];
  let next = d;
  for (const db of databases) {
    const copy = d.link.databases[db];
    const end = memberEnd(from, db);
    if (copy === undefined || end === undefined) {
      reasons.push(unknownDatabase(d, db));
      continue;
    }
    if (copy.phase !== 'JOINED') {
      reasons.push(notJoined(d, db, copy.phase));
      continue;
    }
    if (copy.received >= end) {
      reasons.push(
        reason('NO_LOG_TO_SEND', `the forwarder has received all of ${db}'s log`, R.model),
      );
      continue;
    }
    next = updateLink(next, db, (c) => ({ ...c, received: end }));
  }
  return next === d ? refusedStep(d, reasons) : acceptedStep(next);
};

/** distributed.harden: the forwarder hardens what it received; its own secondaries are fed from it. */
export const harden = (
  d: DistributedCluster,
  e: DistributedEventOf<'distributed.harden'>,
): DistributedStepResult => {
  const to = memberNamed(d, d.link.to);
  if (to === undefined || forwarder(d) === null)
    return refusedStep(d, [
      reason(
        'NO_FORWARDER',
        `${d.link.to} has no running primary replica to harden log`,
        R.forwarder,
      ),
    ]);
  const databases = e.database === undefined ? Object.keys(d.link.databases) : [e.database];
  const reasons: Reason[] = [];
  let next = d;
  let member = to;
  for (const db of databases) {
    const copy = d.link.databases[db];
    if (copy === undefined) {
      reasons.push(unknownDatabase(d, db));
      continue;
    }
    if (copy.phase !== 'JOINED') {
      reasons.push(notJoined(d, db, copy.phase));
      continue;
    }
    if (copy.received <= copy.hardened) {
      reasons.push(
        reason(
          'NO_LOG_TO_HARDEN',
          `the forwarder has hardened all of ${db}'s log it received`,
          R.model,
        ),
      );
      continue;
    }
    next = updateLink(next, db, (c) => ({ ...c, hardened: c.received }));
    member = setForwarderEnd(member, db, copy.received);
  }
  if (next === d) return refusedStep(d, reasons);
  return acceptedStep(replaceMember(next, member));
};

export const replaceMember = (d: DistributedCluster, m: Member): DistributedCluster => ({
  ...d,
  members: d.members[0].name === m.name ? [m, d.members[1]] : [d.members[0], m],
});

export const disconnect = (d: DistributedCluster): DistributedStepResult =>
  d.link.connected
    ? acceptedStep({ ...d, link: { ...d.link, connected: false } })
    : refusedStep(d, [reason('ALREADY_DISCONNECTED', 'the link is already down', R.model)]);

export const reconnect = (d: DistributedCluster): DistributedStepResult =>
  d.link.connected
    ? refusedStep(d, [reason('ALREADY_CONNECTED', 'the link is already up', R.model)])
    : acceptedStep({ ...d, link: { ...d.link, connected: true } });

/** MODIFY AVAILABILITY GROUP ON … (AVAILABILITY_MODE = …) on one member's primary: that side's mode. */
export const setAvailabilityMode = (
  d: DistributedCluster,
  e: DistributedEventOf<'distributed.setAvailabilityMode'>,
): DistributedStepResult => {
  const m = memberNamed(d, e.member);
  if (m === undefined) return refusedStep(d, [unknownMember(d, e.member)]);
  if (memberPrimary(m) === null)
    return refusedStep(d, [
      reason(
        'MEMBER_HAS_NO_PRIMARY',
        `${m.name} has no running primary replica to run ALTER AVAILABILITY GROUP [${d.config.name}] MODIFY on`,
        R.synchronousBothSides,
      ),
    ]);
  if (m.availabilityMode === e.mode)
    return refusedStep(d, [
      reason('MODE_UNCHANGED', `${m.name} already has AVAILABILITY_MODE = ${e.mode}`, R.model),
    ]);
  return acceptedStep(replaceMember(d, { ...m, availabilityMode: e.mode }));
};

/**
 * MODIFY AVAILABILITY GROUP ON run where the script does not say which member group's replica it
 * is: it changes the mode of that side only (S3: run it on both the global primary and the
 * forwarder), so which side took the change is unknown. `unsettled` names the members whose mode
 * that leaves unknown (those the statement would change); the others keep theirs on either side.
 */
export const modifySideUnknown = (
  group: string,
  members: readonly string[],
  server: string | null,
  unsettled: readonly string[] = members,
): Reason => {
  const either = members.join(' or ');
  const where =
    server === null
      ? 'an unnamed replica'
      : `${server}, a replica of neither ${members.join(' nor ')}`;
  const whether =
    unsettled.length === 1
      ? `whether ${unsettled[0]} commits synchronously is unknown`
      : `whether ${unsettled.join(' and ')} commit synchronously is unknown`;
  return unknownReason(
    'DISTRIBUTED_MODIFY_SIDE_UNKNOWN',
    `MODIFY AVAILABILITY GROUP ON … AVAILABILITY_MODE on ${group} runs on ${where}: it changes the mode of the side it runs on only (it must run on both the global primary and the forwarder), so ${whether}`,
    R.synchronousBothSides,
    [
      `:Connect to a replica of ${either} (its CREATE AVAILABILITY GROUP in the script) before it`,
      'sys.availability_replicas.availability_mode_desc of the distributed group, on the global primary and on the forwarder',
    ],
  );
};

export const unknownMember = (d: DistributedCluster, name: string): Reason =>
  reason(
    'UNKNOWN_MEMBER',
    `${name} is not a member of ${d.config.name} (${d.members.map((m) => m.name).join(', ')})`,
    R.twoGroups,
  );

/** SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = n) on the distributed group: SQL Server 2022 and later, 0 or 1. */
export const setRequiredSecondaries = (
  d: DistributedCluster,
  e: DistributedEventOf<'distributed.setRequiredSecondaries'>,
): DistributedStepResult => {
  const reasons: Reason[] = [];
  if (!hasFeature(d.config, 'DISTRIBUTED_REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT'))
    reasons.push(
      reason(
        'FEATURE_NOT_IN_VERSION',
        `REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT on a distributed availability group needs SQL Server 2022 or later; ${d.config.name} is SQL Server ${d.config.version}`,
        R.requiredSecondariesOption,
      ),
    );
  if (e.value > d.members.length - 1)
    reasons.push(
      reason(
        'REQUIRED_SYNCHRONIZED_SECONDARIES_OUT_OF_RANGE',
        `REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${e.value}; a distributed group of two member groups takes 0 or 1`,
        R.requiredSecondariesOption,
      ),
    );
  return reasons.length > 0
    ? refusedStep(d, reasons)
    : acceptedStep({ ...d, requiredSynchronizedSecondariesToCommit: e.value });
};

/**
 * A database becomes SYNCHRONIZED across the link once the forwarder has hardened the global
 * primary's end of log with SYNCHRONOUS_COMMIT on both sides, and stays so while log flows; it is
 * never SYNCHRONIZED otherwise (S58 step 1 note; as R-SYNC-1/2 within a group, S1).
 */
export const settleLink = (d: DistributedCluster): DistributedCluster => {
  const from = memberNamed(d, d.link.from);
  const eligible = isLinkSynchronousCommit(d) && linkFlows(d) && from !== undefined;
  let databases = d.link.databases;
  for (const [db, copy] of Object.entries(d.link.databases)) {
    const end = from === undefined ? undefined : memberEnd(from, db);
    const synchronized =
      eligible &&
      copy.phase === 'JOINED' &&
      end !== undefined &&
      (copy.synchronized || copy.hardened >= end);
    if (synchronized !== copy.synchronized)
      databases = { ...databases, [db]: { ...copy, synchronized } };
  }
  return databases === d.link.databases ? d : { ...d, link: { ...d.link, databases } };
};
