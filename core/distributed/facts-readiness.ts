import { verdictStatus } from '../failover/failover.js';
import { type Reason, reason, unknownReason } from '../model/source.js';
import type { DistributedFacts, DistributedMemberFacts } from './facts.js';
import { managedInstanceLink } from './managed-instance-link.js';
import type {
  DistributedFailoverReadiness,
  DistributedFailoverStep,
  StepCheck,
} from './readiness.js';
import { DISTRIBUTED_RULES } from './rules.js';

/**
 * Readiness of the failover between the groups judged from DMV facts, step by step as "Fail over
 * to a secondary availability group" (S58) lists them; the twin of `distributedFailoverReadiness`,
 * which judges a simulated group. Where the facts do not say (a snapshot taken on one side only),
 * the step is unknown and names the view and column, and the side, that would settle it. The
 * predicted loss is the log the forwarder has not hardened: the DMVs do not say which of those
 * commits were acknowledged, so it is the most the failover can lose; a forwarder's copy that is
 * REVERTING or INITIALIZING is lost whole (S44).
 */

const R = DISTRIBUTED_RULES;
const DRS = 'sys.dm_hadr_database_replica_states';
const ARS = 'sys.dm_hadr_availability_replica_states';

const check = (step: DistributedFailoverStep, reasons: readonly Reason[]): StepCheck => ({
  step,
  met: reasons.length === 0,
  reasons,
});

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * No row of any database of the distributed group on either side (a forwarder's snapshot before
 * automatic seeding has created the databases there, S58): which databases the global primary
 * sends, and whether the forwarder holds them, is not in the input, so no step over the databases
 * is met by an empty list.
 */
const noDatabaseSeen = (dag: string, from: string, to: string): Reason =>
  unknownReason(
    'DISTRIBUTED_DATABASES_UNSEEN',
    `the snapshot shows no database of ${dag} on either side: which databases ${from} sends, and whether ${to}'s primary holds them yet (after the JOIN, automatic seeding creates them there), is not in the input`,
    R.synchronizedEqualLsn,
    [
      `${DRS} rows of ${dag} on ${from}'s primary (the global primary)`,
      `${DRS} rows of ${dag}, and sys.dm_hadr_automatic_seeding, on ${to}'s primary (the forwarder)`,
    ],
  );

/** Whether a snapshot taken on the member's side is in the input. */
const taken = (f: DistributedFacts, m: DistributedMemberFacts) =>
  f.takenOn.some((t) => same(t, m.name));

/**
 * The global primary's last_hardened_lsn of a database, not shown: asked of a snapshot there, or,
 * when one was taken, of the column its query left out.
 */
const senderLsnUnknown = (db: string, from: DistributedMemberFacts, seen: boolean): Reason =>
  unknownReason(
    'LAST_HARDENED_LSN_UNKNOWN',
    seen
      ? `${db}: the snapshot taken on the global primary (${from.name}) does not show its last_hardened_lsn`
      : `${db}: last_hardened_lsn on the global primary (${from.name}) is not in the snapshot: take one there too`,
    R.readiness,
    [`${DRS}.last_hardened_lsn on ${from.name}'s primary`],
  );

/**
 * The forwarder's last_hardened_lsn of a database, not shown. Its row in the distributed group is
 * read on both sides (S58 runs the check "on both the global primary ... and the forwarder"), and
 * the global primary's view may be the only one that holds it ("currently stores information about
 * the second availability group only", S43): both places settle it.
 */
const forwarderLsnUnknown = (
  db: string,
  dag: string,
  from: DistributedMemberFacts,
  to: DistributedMemberFacts,
  snapshots: number,
): Reason =>
  unknownReason(
    'LAST_HARDENED_LSN_UNKNOWN',
    `${db}: last_hardened_lsn of the forwarder (${to.name}) is not in the ${snapshots > 1 ? 'snapshots' : 'snapshot'}`,
    R.readiness,
    [
      `${DRS}.last_hardened_lsn of ${to.name}'s row in ${dag}, on ${from.name}'s primary (the global primary) or on ${to.name}'s primary (the forwarder)`,
    ],
  );

/** The entry the predicted loss gets for the databases no row names. */
const everyDatabase = (dag: string) => `every database of ${dag}`;

/** The documented steps in order, each judged the same way where no side can be named. */
const EVERY_STEP: readonly DistributedFailoverStep[] = [
  'SYNCHRONOUS_COMMIT',
  'SYNCHRONIZED',
  'GLOBAL_PRIMARY_DEMOTED',
  'LAST_HARDENED_LSN_EQUAL',
  'FORWARDER_RUNNING',
];

export interface FactsReadinessOptions {
  /** The member group to fail over to, when the roles alone do not say (both SECONDARY). */
  readonly target?: string;
}

/**
 * The member that sends log (the global primary's group, or the one just demoted) and the one that
 * receives it: from the roles, or from the target named when both members are SECONDARY.
 */
export const factsLinkEnds = (
  f: DistributedFacts,
  options: FactsReadinessOptions = {},
): { from: DistributedMemberFacts | undefined; to: DistributedMemberFacts | undefined } => {
  const named = (name: string | null | undefined) =>
    name == null ? undefined : f.members.find((m) => same(m.name, name));
  const target = named(options.target);
  const from =
    (target === undefined ? named(f.sender) : undefined) ??
    (target === undefined ? undefined : f.members.find((m) => m !== target));
  const to = target ?? (from === undefined ? undefined : f.members.find((m) => m !== from));
  return { from, to };
};

export const distributedFactsReadiness = (
  f: DistributedFacts,
  options: FactsReadinessOptions = {},
): DistributedFailoverReadiness => {
  const dag = f.config.name;
  const { from, to } = factsLinkEnds(f, options);
  const side = (m: DistributedMemberFacts | undefined, fallback: string) =>
    m === undefined
      ? fallback
      : m === from
        ? `the global primary (${m.name})`
        : `the forwarder (${m.name})`;

  if ((from === undefined || to === undefined) && f.members.every((m) => m.role === 'PRIMARY'))
    return twoPrimaries(f);
  if (from === undefined || to === undefined) {
    const unknown = unknownReason(
      'SENDER_UNKNOWN',
      `neither member of ${dag} holds the PRIMARY role in the snapshot: say which group to fail over to (--target)`,
      R.demote,
      [`${ARS}.role_desc`],
    );
    const steps = EVERY_STEP.map((s) => check(s, [unknown]));
    return {
      target: null,
      globalPrimary: null,
      forwarder: null,
      status: 'unknown',
      allowed: false,
      reasons: [unknown],
      steps,
      predictedLoss: [],
      lossWhole: [],
      lossUnknown:
        f.databases.length === 0
          ? [{ database: everyDatabase(dag), reasons: [unknown] }]
          : [...new Set(f.databases.map((d) => d.database))]
              .sort()
              .map((database) => ({ database, reasons: [unknown] })),
    };
  }

  // A Managed Instance link is switched to synchronous mode on SQL Server alone, both members in
  // one MODIFY (S104): the managed instance's own setting is not asked for.
  const link = managedInstanceLink(f.config, f.config);
  const synchronous = f.members.flatMap((m): Reason[] =>
    m.availabilityMode === 'SYNCHRONOUS_COMMIT' ||
    (m.availabilityMode === null && link !== undefined && same(m.name, link.managedInstance))
      ? []
      : m.availabilityMode === null
        ? [
            unknownReason(
              'AVAILABILITY_MODE_UNKNOWN',
              `${dag}'s AVAILABILITY_MODE as ${side(m, m.name)} has it is not in the snapshot: take one there too`,
              R.synchronousBothSides,
              [`sys.availability_replicas.availability_mode_desc on ${m.name}'s primary`],
            ),
          ]
        : [
            reason(
              'NOT_SYNCHRONOUS_COMMIT',
              `${dag} has AVAILABILITY_MODE = ${m.availabilityMode} on ${side(m, m.name)}: set SYNCHRONOUS_COMMIT there; between the groups data is SYNCHRONIZED only when both sides have it`,
              link === undefined ? R.synchronousBothSides : R.linkSynchronous,
            ),
          ],
  );

  const flow: Reason[] =
    to.connected === false
      ? [
          reason(
            'LINK_DISCONNECTED',
            `${to.name} is DISCONNECTED from the global primary in ${dag}: no log crosses`,
            R.forwarder,
          ),
        ]
      : [];
  // "The AG containing read/write primary can be the same version or lower than the other AGs
  // participating in the distributed AG" (S43): a newer global primary is not supported.
  const newer: Reason[] =
    from.version != null && to.version != null && from.version > to.version
      ? [
          reason(
            'GLOBAL_PRIMARY_VERSION_NEWER',
            `${from.name} runs SQL Server ${from.version}, newer than ${to.name}'s SQL Server ${to.version}: the group holding the read/write primary must run the same major version as the other or a lower one, so ${dag} does not support sending from ${from.name} to ${to.name}; upgrade ${to.name} first`,
            R.versions,
          ),
        ]
      : [];
  // A member group whose listener is a distributed network name: "you can't configure a
  // distributed availability group on top of your availability group" (S327).
  const dnn: Reason[] = f.members.flatMap((m) =>
    m.dnnListener == null
      ? []
      : [
          reason(
            'DNN_LISTENER_IN_DISTRIBUTED',
            `${m.name}'s listener ${m.dnnListener} is a distributed network name (DNN) listener (sys.availability_group_listeners.is_distributed_network_name = 1): a distributed availability group on top of a group whose listener is a DNN is not supported, so ${dag} is not a supported configuration to fail over; the page's way out is the replicas' VMs in multiple subnets, which need neither a DNN nor an Azure Load Balancer (in one subnet, the other listener is a virtual network name behind an Azure Load Balancer)`,
            R.dnnListener,
          ),
        ],
  );
  const synchronized: Reason[] = [...newer, ...dnn, ...flow];
  const equal: Reason[] = [...flow];
  const databases = [...new Set(f.databases.map((d) => d.database))].sort();
  const row = (member: DistributedMemberFacts, database: string) =>
    f.databases.find((d) => same(d.member, member.name) && d.database === database);
  const predictedLoss: DistributedFailoverReadiness['predictedLoss'][number][] = [];
  const lossUnknown: DistributedFailoverReadiness['lossUnknown'][number][] = [];
  const lossWhole: DistributedFailoverReadiness['lossWhole'][number][] = [];
  if (databases.length === 0) {
    const r = noDatabaseSeen(dag, from.name, to.name);
    synchronized.push(r);
    equal.push({ ...r, rule: R.readiness });
    lossUnknown.push({ database: everyDatabase(dag), reasons: [r] });
  }
  for (const db of databases) {
    const sent = row(from, db)?.lastHardenedLsn ?? null;
    const forwarderRow = row(to, db);
    const state = forwarderRow?.synchronizationState ?? null;
    const hardened = forwarderRow?.lastHardenedLsn ?? null;
    if (state === null)
      synchronized.push(
        unknownReason(
          'SYNCHRONIZATION_STATE_UNKNOWN',
          `${db}: the snapshot has no synchronization_state_desc of ${to.name}'s row in ${dag}`,
          R.synchronizedEqualLsn,
          [`${DRS}.synchronization_state_desc of ${to.name} in ${dag}`],
        ),
      );
    else if (state !== 'SYNCHRONIZED')
      synchronized.push(
        reason(
          'NOT_SYNCHRONIZED',
          `${db} is ${state} between ${from.name} and ${to.name}: wait until it is SYNCHRONIZED`,
          R.synchronizedEqualLsn,
        ),
      );
    // The forwarder is "essentially another secondary replica" of the global primary's group (S95):
    // a copy of it that cannot start as a primary database is lost whole, whatever the LSNs say.
    const whole = state === 'REVERTING' || state === 'INITIALIZING';
    if (whole)
      lossWhole.push({
        database: db,
        reasons: [
          reason(
            'DATABASE_CANNOT_COME_ONLINE',
            `${db} is ${state} on the forwarder ${to.primaryReplica ?? to.name}: FORCE_FAILOVER_ALLOW_DATA_LOSS there leaves it unable to start as a primary database, so ${dag} loses the whole database: it must be restored from backups`,
            R.forwarderCopyCannotStart,
          ),
        ],
      });
    if (sent === null || hardened === null) {
      const unknowns = [
        ...(sent === null ? [senderLsnUnknown(db, from, taken(f, from))] : []),
        ...(hardened === null ? [forwarderLsnUnknown(db, dag, from, to, f.takenOn.length)] : []),
      ];
      for (const r of unknowns) {
        synchronized.push({ ...r, rule: R.synchronizedEqualLsn });
        equal.push(r);
      }
      if (!whole) lossUnknown.push({ database: db, reasons: unknowns });
    } else if (sent !== hardened) {
      const r = reason(
        'LAST_HARDENED_LSN_DIFFERS',
        `${db}: last_hardened_lsn is ${sent} on the global primary ${from.primaryReplica ?? from.name} but ${hardened} on the forwarder ${to.primaryReplica ?? to.name}`,
        R.readiness,
      );
      synchronized.push({ ...r, rule: R.synchronizedEqualLsn });
      equal.push(r);
      if (sent > hardened && !whole)
        predictedLoss.push({
          database: db,
          ranges: [{ member: from.name, fromLsn: hardened, toLsn: sent }],
        });
    }
  }

  const demoted: Reason[] = [];
  if (from.role === 'PRIMARY' && to.role === 'PRIMARY')
    demoted.push(
      reason(
        'TWO_GLOBAL_PRIMARIES',
        `${from.name} and ${to.name} both hold the PRIMARY role: demote one with SET (ROLE = SECONDARY)`,
        R.demote,
      ),
    );
  // The link's planned failover runs FAILOVER on the primary replica itself (S104): no demotion first.
  else if (from.role === 'PRIMARY' && link === undefined)
    demoted.push(
      reason(
        'GLOBAL_PRIMARY_NOT_DEMOTED',
        `${from.name} still holds the PRIMARY role: its global primary ${from.primaryReplica ?? ''} takes writes the forwarder may never receive; run SET (ROLE = SECONDARY) there first`,
        R.demote,
      ),
    );
  else if (from.role === null)
    demoted.push(
      unknownReason(
        'ROLE_UNKNOWN',
        `the role of ${from.name} in ${dag} is not in the snapshot: take one on the global primary`,
        R.demote,
        [`${ARS}.role_desc of ${from.name} in ${dag}`],
      ),
    );

  const running: Reason[] = [];
  if (to.role === 'PRIMARY' || to.primaryRunning === false)
    running.push(
      reason(
        'NO_FORWARDER',
        // Both sides PRIMARY (a forced failover without SET (ROLE = SECONDARY)): its primary runs.
        to.role === 'PRIMARY'
          ? `${to.name} holds the PRIMARY role of ${dag} itself: ${to.primaryReplica === null ? 'its primary' : `its primary ${to.primaryReplica}`} is a global primary, not a forwarder`
          : `${to.name} has no running primary replica to run the failover on`,
        R.failover,
      ),
    );
  else if (to.role === null || to.primaryRunning === null)
    running.push(
      unknownReason(
        'FORWARDER_UNKNOWN',
        `whether ${to.name}'s primary runs as the forwarder of ${dag} is not in the snapshot: take one on the forwarder`,
        R.failover,
        [`${ARS}.role_desc and connected_state_desc of ${to.name} in ${dag}`],
      ),
    );

  const steps = [
    check('SYNCHRONOUS_COMMIT', synchronous),
    check('SYNCHRONIZED', synchronized),
    // A link has no demotion step; it is kept where it says something (two primaries, no role).
    ...(link === undefined || demoted.length > 0 ? [check('GLOBAL_PRIMARY_DEMOTED', demoted)] : []),
    check('LAST_HARDENED_LSN_EQUAL', equal),
    check('FORWARDER_RUNNING', running),
  ];
  const reasons = steps.flatMap((s) => s.reasons);
  const status = verdictStatus(reasons);
  return {
    target: to.role === 'SECONDARY' && to.primaryRunning !== false ? to.name : null,
    globalPrimary: from.role === 'PRIMARY' && to.role !== 'PRIMARY' ? from.primaryReplica : null,
    forwarder: to.role === 'SECONDARY' ? to.primaryReplica : null,
    status,
    allowed: status === 'allowed',
    reasons,
    steps,
    predictedLoss,
    lossUnknown,
    lossWhole,
  };
};

/**
 * Both members PRIMARY and no target named: a forced failover onto one side while the other was
 * away, which then came back still PRIMARY ("both replicas are now in the primary role
 * (split-brain scenario)", S104). The planned steps cannot be judged: neither side is the one
 * sending, and which one to keep is the user's choice, not in the snapshots.
 */
const twoPrimaries = (f: DistributedFacts): DistributedFailoverReadiness => {
  const [a, b] = f.members.map((m) => m.name) as [string, string];
  const both = reason(
    'TWO_GLOBAL_PRIMARIES',
    `${a} and ${b} both hold the PRIMARY role of ${f.config.name}: demote one with SET (ROLE = SECONDARY)`,
    R.demote,
  );
  const keep = unknownReason(
    'KEPT_GROUP_UNKNOWN',
    `${a} and ${b} both hold the PRIMARY role, each may take writes the other lacks: which one to keep is not in the snapshots; name it (--target)`,
    R.splitBrain,
    ['the member group to keep (--target)'],
  );
  const steps = EVERY_STEP.map((s) =>
    check(s, s === 'GLOBAL_PRIMARY_DEMOTED' ? [both, keep] : [keep]),
  );
  const reasons = steps.flatMap((s) => s.reasons);
  return {
    target: null,
    globalPrimary: null,
    forwarder: null,
    status: verdictStatus(reasons),
    allowed: false,
    reasons,
    steps,
    predictedLoss: [],
    lossUnknown: [...new Set(f.databases.map((d) => d.database))]
      .sort()
      .map((database) => ({ database, reasons: [keep] })),
    lossWhole: [],
  };
};
