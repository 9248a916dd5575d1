import { clusterFacts } from '../cluster/facts.js';
import { type DecideOptions, type Decisions, decide } from '../decide/decide.js';
import type { CommitOutcome } from '../log/commit.js';
import { type Reason, reason } from '../model/source.js';
import { forwarderCopies, waitsForForwarder } from './ledger.js';
import { type DistributedFailoverReadiness, distributedFailoverReadiness } from './readiness.js';
import { DISTRIBUTED_RULES } from './rules.js';
import { forwarder, globalPrimary, memberPrimary } from './select.js';
import { distributedFailoverSequence, type SequenceStatement } from './sequence.js';
import type { DistributedCluster, DistributedRole, Member } from './types.js';

/**
 * The decisions of a distributed group: the failover between the groups (readiness and the
 * documented sequence), and each member group's own decisions as `decide` gives them, with what
 * the distributed group changes: where writes go and wait (S43), and where backups may run (S10).
 */

export interface MemberDecisions {
  readonly member: string;
  readonly role: DistributedRole;
  readonly decisions: Decisions;
}

export interface DistributedDecisions {
  readonly globalPrimary: string | null;
  readonly forwarder: string | null;
  readonly failover: DistributedFailoverReadiness;
  readonly sequence: readonly SequenceStatement[];
  readonly members: readonly MemberDecisions[];
}

const R = DISTRIBUTED_RULES;

const commitsFor = (d: DistributedCluster, m: Member, outcome: CommitOutcome): CommitOutcome => {
  const db = outcome.database;
  if (m.role === 'SECONDARY')
    return {
      database: db,
      acknowledgement: 'refused',
      mustHarden: [],
      reasons: [
        reason(
          d.link.to === m.name ? 'FORWARDER_READ_ONLY' : 'GLOBAL_PRIMARY_DEMOTED',
          `${m.name} holds the SECONDARY role in ${d.config.name}: its copy of ${db} takes no writes`,
          R.oneWritable,
        ),
      ],
    };
  if (outcome.acknowledgement !== 'immediately' && outcome.acknowledgement !== 'afterHardening')
    return outcome;
  if (waitsForForwarder(d, m.name, db)) {
    const across = forwarderCopies(d, db).map((c) => c.replica);
    return {
      database: db,
      acknowledgement: 'afterHardening',
      mustHarden: [...outcome.mustHarden, ...across],
      reasons: [
        ...outcome.reasons.filter((x) => x.code !== 'NO_SYNCHRONIZED_SECONDARY'),
        reason(
          'WAITS_FOR_FORWARDER',
          `${db} is SYNCHRONIZED with the forwarder under SYNCHRONOUS_COMMIT: the commit also waits for ${across.join(', ')}`,
          R.waitAllSynchronousCopies,
        ),
      ],
    };
  }
  if (d.requiredSynchronizedSecondariesToCommit > 0)
    return {
      database: db,
      acknowledgement: 'blocked',
      mustHarden: outcome.mustHarden,
      reasons: [
        reason(
          'REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET',
          `REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = ${d.requiredSynchronizedSecondariesToCommit} on ${d.config.name} but ${db} is not SYNCHRONIZED with the forwarder: commits fail`,
          R.requiredSecondariesOption,
        ),
      ],
    };
  return outcome;
};

/** Backups run on the secondaries of the global primary's group and on the forwarder, never on the forwarder's secondaries (S10). */
const backupsFor = (
  d: DistributedCluster,
  m: Member,
  backup: Decisions['backup'],
): Decisions['backup'] => {
  if (m.role !== 'SECONDARY' || d.link.to !== m.name) return backup;
  const primary = memberPrimary(m);
  const isFarSecondary = (replica: string) => replica.toLowerCase() !== primary?.toLowerCase();
  const why = (replica: string): Reason =>
    reason(
      'BACKUP_NOT_ON_SECONDARY_GROUP_SECONDARY',
      `${replica} is a secondary of ${m.name}, the secondary group of ${d.config.name}: it talks only to its own primary, so backups cannot run there`,
      R.backups,
    );
  return backup.map((b) => ({
    ...b,
    preferred: {
      ...b.preferred,
      replicas: b.preferred.replicas.filter((r) => !isFarSecondary(r)),
      reasons: [...b.preferred.reasons, ...b.preferred.replicas.filter(isFarSecondary).map(why)],
    },
    decisions: b.decisions.map((x) =>
      isFarSecondary(x.replica)
        ? { replica: x.replica, decision: { action: 'skip' as const, reasons: [why(x.replica)] } }
        : x,
    ),
    // A job whose own checks would take the backup there runs it, and the BACKUP fails (Ola
    // Hallengren's issue #43: log backups "failing on AR4", a secondary of the secondary group).
    jobs: b.jobs.map((j) =>
      isFarSecondary(j.replica) && j.outcome === 'take'
        ? { ...j, outcome: 'fail' as const, reasons: [why(j.replica), ...j.reasons] }
        : j,
    ),
  }));
};

export const decideDistributed = (
  d: DistributedCluster,
  options: DecideOptions = {},
): DistributedDecisions => ({
  globalPrimary: globalPrimary(d),
  forwarder: forwarder(d),
  failover: distributedFailoverReadiness(d),
  sequence: distributedFailoverSequence(d),
  members: d.members.map((m) => {
    const own = decide(clusterFacts(m.cluster), options);
    return {
      member: m.name,
      role: m.role,
      decisions: {
        ...own,
        commit: own.commit.map((c) => commitsFor(d, m, c)),
        backup: backupsFor(d, m, own.backup),
      },
    };
  }),
});
