import { type Reason, reason, unknownReason } from '../model/source.js';
import type { DistributedEventOf } from './events.js';
import { setForwarderEnd } from './ledger.js';
import { replaceMember } from './link.js';
import { acceptedStep, type DistributedStepResult, refusedStep } from './result.js';
import { DISTRIBUTED_RULES } from './rules.js';
import { forwarder, linkFlows, memberEnd, memberNamed, memberPrimary } from './select.js';
import type { DistributedCluster, LinkCopy, Member } from './types.js';

/**
 * Preparing the forwarder's databases: automatic seeding across the link, which needs no grant on
 * the forwarder, "as it is already a primary" (SEED001, Security), or a restore WITH NORECOVERY
 * and SET HADR AVAILABILITY GROUP = [dag] (S58, manual seeding). The secondaries of the second
 * group are seeded from the forwarder by that group's own seeding, after GRANT CREATE ANY
 * DATABASE there (SEED001).
 */

const R = DISTRIBUTED_RULES;

const seedingModeOf = (d: DistributedCluster, member: string) =>
  d.config.members.find((m) => m.name.toLowerCase() === member.toLowerCase())?.seedingMode ??
  'MANUAL';

const updateCopy = (d: DistributedCluster, db: string, copy: LinkCopy): DistributedCluster => ({
  ...d,
  link: { ...d.link, databases: { ...d.link.databases, [db]: copy } },
});

const sourceRefusals = (d: DistributedCluster): Reason[] => {
  const reasons: Reason[] = [];
  if (!linkFlows(d))
    reasons.push(
      reason(
        'LINK_DOWN',
        'the global primary and the forwarder are not both running and connected',
        R.forwarder,
      ),
    );
  return reasons;
};

/**
 * distributed.seed: automatic seeding creates the forwarder's copy at the global primary's end of
 * log, or catches up one restored there WITH NORECOVERY.
 */
export const seed = (
  d: DistributedCluster,
  e: DistributedEventOf<'distributed.seed'>,
): DistributedStepResult => {
  const reasons = sourceRefusals(d);
  if (seedingModeOf(d, d.link.to) !== 'AUTOMATIC')
    reasons.push(
      reason(
        'SEEDING_MODE_MANUAL',
        `${d.link.to} has SEEDING_MODE = MANUAL in ${d.config.name}: restore its databases WITH NORECOVERY and join them`,
        R.automaticSeeding,
      ),
    );
  const sender = memberNamed(d, d.link.from);
  const receiver = memberNamed(d, d.link.to);
  if (
    sender !== undefined &&
    receiver !== undefined &&
    receiver.cluster.config.version > sender.cluster.config.version
  )
    reasons.push(
      reason(
        'AUTOMATIC_SEEDING_TO_HIGHER_VERSION',
        `${receiver.name} runs SQL Server ${receiver.cluster.config.version}, a higher version than ${sender.name}'s SQL Server ${sender.cluster.config.version}: automatic seeding across ${d.config.name} is not supported there; set SEEDING_MODE = MANUAL, restore a full and a log backup of the global primary's databases on ${receiver.name}'s primary WITH NORECOVERY and join them`,
        R.seedingToHigherVersion,
      ),
    );
  if (reasons.length > 0) return refusedStep(d, reasons);
  const from = memberNamed(d, d.link.from) as Member;
  let to = memberNamed(d, d.link.to) as Member;
  let next = d;
  const notes: Reason[] = [...singleReplicaNotes(to)];
  const databases = e.database === undefined ? Object.keys(d.link.databases) : [e.database];
  for (const db of databases) {
    const copy = d.link.databases[db];
    const end = memberEnd(from, db);
    if (copy === undefined || end === undefined) {
      reasons.push(
        reason('UNKNOWN_DATABASE', `${db} is not a database of ${d.config.name}`, R.forwarder),
      );
      continue;
    }
    if (copy.phase === 'JOINED') {
      reasons.push(
        reason('ALREADY_ON_FORWARDER', `${db} already exists on the forwarder`, R.automaticSeeding),
      );
      continue;
    }
    if (copy.phase === 'RESTORING') notes.push(...restoredCopyNotes(d, from, db, copy, end));
    next = updateCopy(next, db, { ...copy, phase: 'JOINED', received: end, hardened: end });
    to = setForwarderEnd(to, db, end);
  }
  return next === d
    ? refusedStep(d, reasons)
    : acceptedStep(
        replaceMember(next, to),
        notes.map((r) => ({ type: 'note', reason: r })),
      );
};

/**
 * The current SEED001 page (Security): a second group of one replica needs GRANT CREATE ANY
 * DATABASE too, "or automatic seeding may fail". Without the grant the outcome is unknown; the
 * simulation goes on as if it worked, and the note says what settles it.
 */
const singleReplicaNotes = (to: Member): Reason[] => {
  const replicas = to.cluster.config.replicas;
  const only = replicas.length === 1 ? replicas[0]!.name : null;
  const granted = to.cluster.replicas.find((r) => r.name === only)?.canCreateDatabase === true;
  return only === null || granted
    ? []
    : [
        unknownReason(
          'FORWARDER_SEEDING_MAY_FAIL',
          `${to.name} has one replica, ${only}, and no GRANT CREATE ANY DATABASE: the documentation says automatic seeding to it may fail without one; whether it failed is not known`,
          R.singleReplicaGrant,
          [
            `sys.dm_hadr_automatic_seeding (current_state) on ${only}`,
            `ALTER AVAILABILITY GROUP [${to.name}] GRANT CREATE ANY DATABASE on ${only}`,
          ],
        ),
      ];
};

/**
 * A copy restored WITH NORECOVERY on the forwarder: seeding checks it against the global
 * primary's database and catches it up (S43, Initialize secondary availability groups), when the
 * global primary still holds the log after it; otherwise it is seeded whole, as in one group.
 * The link does not record a copy's recovery fork, so only the truncation is checked.
 */
const restoredCopyNotes = (
  d: DistributedCluster,
  from: Member,
  db: string,
  copy: LinkCopy,
  end: bigint,
): Reason[] => {
  const truncated = from.cluster.catalog[db]?.truncatedLsn ?? 0n;
  if (copy.hardened < truncated)
    // SEED001 catches up a copy restored "including all available transaction logs" and says
    // nothing of one the primary's log no longer continues: the model streams it whole.
    return [
      unknownReason(
        'FORWARDER_RESTORED_COPY_RESEEDED',
        `${db} on the forwarder ends at LSN ${copy.hardened}, but ${from.name}'s primary truncated its log up to LSN ${truncated}, so seeding cannot catch it up: whether automatic seeding streams the whole database over that copy, as the model does, or fails with failure_state 23 (Database With Name Already Exists) is not known; restoring the log backups after it WITH NORECOVERY first lets seeding catch it up`,
        R.restoredBehindTruncation,
        [
          `sys.dm_hadr_automatic_seeding on ${forwarder(d) ?? d.link.to} and on ${memberPrimary(from) ?? from.name} (current_state and failure_state for ${db})`,
        ],
      ),
    ];
  const forwarderName = forwarder(d) ?? d.link.to;
  const globalPrimaryName = memberPrimary(from) ?? from.name;
  return [
    reason(
      'FORWARDER_SEEDING_CATCH_UP',
      `automatic seeding checks ${db} restored on the forwarder against ${from.name}'s primary and catches it up from LSN ${copy.hardened} to ${end}`,
      R.initializeRestored,
    ),
    reason(
      'FORWARDER_SEEDING_REPORTED_FAILED',
      `sys.dm_hadr_automatic_seeding on ${forwarderName} shows the seeding of ${db} FAILED (failure_state 21, Seeding Check Message Timeout) though it worked, and COMPLETED on ${globalPrimaryName}; the SQL Server Log on ${forwarderName} shows the LSNs synchronized`,
      R.seedingCheckTimeout,
    ),
  ];
};

/** distributed.restore: full and log backups of the global primary restored WITH NORECOVERY on the forwarder. */
export const restore = (
  d: DistributedCluster,
  e: DistributedEventOf<'distributed.restore'>,
): DistributedStepResult => {
  const copy = d.link.databases[e.database];
  const from = memberNamed(d, d.link.from);
  const end = from === undefined ? undefined : memberEnd(from, e.database);
  const reasons: Reason[] = [];
  if (copy === undefined || end === undefined)
    reasons.push(
      reason(
        'UNKNOWN_DATABASE',
        `${e.database} is not a database of ${d.config.name}`,
        R.forwarder,
      ),
    );
  else if (copy.phase !== 'ABSENT')
    reasons.push(
      reason(
        'ALREADY_ON_FORWARDER',
        `${e.database} already exists on the forwarder`,
        R.manualSeeding,
      ),
    );
  if (forwarder(d) === null)
    reasons.push(
      reason('NO_FORWARDER', `${d.link.to} has no running primary to restore on`, R.manualSeeding),
    );
  if (reasons.length > 0 || copy === undefined || end === undefined) return refusedStep(d, reasons);
  return acceptedStep(
    updateCopy(d, e.database, { ...copy, phase: 'RESTORING', received: end, hardened: end }),
  );
};

/** distributed.join: SET HADR AVAILABILITY GROUP = [dag] on the forwarder; log flows from the restored point. */
export const join = (
  d: DistributedCluster,
  e: DistributedEventOf<'distributed.join'>,
): DistributedStepResult => {
  const copy = d.link.databases[e.database];
  if (copy === undefined)
    return refusedStep(d, [
      reason(
        'UNKNOWN_DATABASE',
        `${e.database} is not a database of ${d.config.name}`,
        R.forwarder,
      ),
    ]);
  if (copy.phase !== 'RESTORING')
    return refusedStep(d, [
      reason(
        copy.phase === 'JOINED' ? 'ALREADY_JOINED' : 'NOT_RESTORED',
        copy.phase === 'JOINED'
          ? `${e.database} is already joined on the forwarder`
          : `${e.database} must be restored WITH NORECOVERY on the forwarder before it joins ${d.config.name}`,
        R.manualSeeding,
      ),
    ]);
  const to = memberNamed(d, d.link.to) as Member;
  return acceptedStep(
    replaceMember(
      updateCopy(d, e.database, { ...copy, phase: 'JOINED' }),
      setForwarderEnd(to, e.database, copy.hardened),
    ),
  );
};

/** The secondaries of the second group are seeded from the forwarder: not before it has the database. */
export const seedingSourceRefusal = (
  d: DistributedCluster,
  member: string,
  database: string,
): Reason | null => {
  const copy = d.link.databases[database];
  if (
    d.link.to.toLowerCase() !== member.toLowerCase() ||
    copy === undefined ||
    copy.phase === 'JOINED'
  )
    return null;
  return reason(
    'FORWARDER_NOT_SEEDED',
    `the secondaries of ${member} are seeded from its primary, the forwarder, which does not hold ${database} yet`,
    R.seedFromForwarder,
  );
};
