import { checkFacts } from '../consistency/facts.js';
import type { Finding } from '../consistency/finding.js';
import {
  automaticFailover,
  type FailoverVerdict,
  forcedFailover,
  plannedFailover,
  type VerdictStatus,
} from '../failover/failover.js';
import { settledByPrimaryRow } from '../failover/primary-shows-not-synchronizing.js';
import { isNotRecoveredState } from '../failover/target-not-recovered.js';
import { type CommitAcknowledgement, commitOutcome, writeRefusals } from '../log/commit.js';
import type { ClusterType } from '../model/enums.js';
import type { ClusterFacts, DatabaseReplicaFacts } from '../model/facts.js';
import { isUnknownReason, type Reason, type RuleSource } from '../model/source.js';
import {
  isPrimaryName,
  isPrimaryUnseen,
  nodeWithoutQuorum,
  replicaRowsByDatabase,
} from '../rules/facts-access.js';
import { automaticHealthLogin } from './automatic-health-login.js';
import { automaticQuorumAtRisk } from './automatic-quorum.js';
import { findingsFor, flagVerdict } from './contradictions.js';

/**
 * What a fleet summary asks of each group, and nothing more: is there a writable primary, will
 * commits block and why, which form of failover each secondary can take now and which databases
 * hold it back, and what is unknown with what would settle it. The answers are the full
 * `decide`'s (the same rule functions, the same contradiction flags), without what a summary does
 * not show: the predicted loss and estimates per database, readiness and health per copy, backup
 * decisions and the backup-job matrix, routing and recommended actions. A reason about one
 * database is kept once per code with the databases it names; its sentence is made when shown
 * (`databaseReasonText`).
 */

/** Reasons of one code about single databases: which databases, and what would settle an unknown one. */
export interface DatabaseReasons {
  readonly code: string;
  readonly rule: RuleSource;
  readonly settledBy?: readonly string[];
  readonly databases: readonly string[];
}

export interface FleetForm {
  readonly status: VerdictStatus;
  /** The reasons about the group or the replica, as the rules give them. */
  readonly reasons: readonly Reason[];
  /** The reasons about single databases, one entry per code, in the order the rules give them. */
  readonly databases: readonly DatabaseReasons[];
}

export interface FleetTarget {
  readonly replica: string;
  readonly automatic: FleetForm;
  readonly planned: FleetForm;
  readonly forced: FleetForm;
}

/** Databases whose commits are acknowledged alike, for the same reasons. */
export interface CommitGroup {
  readonly acknowledgement: CommitAcknowledgement;
  /** The first database's reasons; the others' differ at most in the database they name. */
  readonly reasons: readonly Reason[];
  readonly databases: readonly string[];
}

/** Something the facts do not say, where it matters, and what would settle it. */
export interface FleetUnknown {
  readonly code: string;
  readonly settledBy: readonly string[];
  /** The failover targets whose verdicts it leaves unknown. */
  readonly targets: readonly string[];
}

export interface FleetVerdict {
  readonly group: string;
  /** WSFC, EXTERNAL or NONE: who chooses among several qualifying replicas. */
  readonly clusterType: ClusterType;
  readonly primary: string | null;
  /** primary is null because the snapshot cannot tell (no group state shown), not because there is none. */
  readonly primaryUnseen: boolean;
  readonly quorum: string | null;
  /** Whether the primary takes writes: refused with the reasons that apply to every database. */
  readonly writable: { readonly status: VerdictStatus; readonly reasons: readonly Reason[] };
  readonly commit: readonly CommitGroup[];
  /** Where an automatic failover would go if the primary failed now. */
  readonly automaticTarget: string | null;
  /** As `decide` gives it: the replicas whose automatic verdict is unknown. */
  readonly automaticUndecided: readonly string[];
  /** As `decide` gives it: two or more that qualify, among which the cluster chooses. */
  readonly automaticAmong: readonly string[];
  /** As `decide` gives it: a node without quorum whose snapshot lists only its own replicas. */
  readonly automaticUnlistedBeyond?: string;
  /** As `decide` gives it: a failure of the primary's node may take quorum (AUTOMATIC_QUORUM_AT_RISK). */
  readonly automaticQuorum?: Reason;
  /** As decide's: the health-detection login on the target, whose permissions no view shows. */
  readonly automaticHealthLogin?: Reason;
  readonly targets: readonly FleetTarget[];
  readonly unknowns: readonly FleetUnknown[];
  /** What the consistency checks found (docs/checks.md); flagged verdicts are unknown. */
  readonly findings: readonly Finding[];
}

const DATABASE_REFUSALS = new Set([
  'DATABASE_NOT_IN_GROUP',
  'DATABASE_NOT_ON_PRIMARY',
  'DATABASE_NOT_ONLINE_ON_PRIMARY',
  'DATABASE_STATE_ON_PRIMARY_UNKNOWN',
]);

type RowCode = (row: DatabaseReplicaFacts | undefined) => string | null;

/** The per-database checks of each form, as core/failover/failover.ts states them (S45, S8, S6). */
const PLANNED_ROW: RowCode = (row) =>
  row === undefined || row.isJoined === false
    ? 'DATABASE_NOT_JOINED'
    : row.synchronizationState === null
      ? 'DATABASE_STATE_UNKNOWN'
      : row.synchronizationState !== 'SYNCHRONIZED'
        ? 'DATABASE_NOT_SYNCHRONIZED'
        : null;

const AUTOMATIC_ROW: RowCode = (row) =>
  row === undefined || row.isJoined === false
    ? 'DATABASE_NOT_JOINED'
    : row.isFailoverReady === null && row.isSuspended === true
      ? 'TARGET_DATABASE_SUSPENDED'
      : row.isFailoverReady === null
        ? 'FAILOVER_READINESS_UNKNOWN'
        : row.isFailoverReady
          ? null
          : 'DATABASE_NOT_FAILOVER_READY';

const FORCED_ROW: RowCode = (row) =>
  row?.synchronizationState === 'REVERTING' || row?.synchronizationState === 'INITIALIZING'
    ? 'DATABASE_CANNOT_COME_ONLINE'
    : row !== undefined && row.isJoined !== false && row.synchronizationState === null
      ? 'DATABASE_START_UNKNOWN'
      : null;

const DATABASE_CODES: Readonly<Record<FailoverVerdict['form'], ReadonlySet<string>>> = {
  planned: new Set(['DATABASE_NOT_JOINED', 'DATABASE_STATE_UNKNOWN', 'DATABASE_NOT_SYNCHRONIZED']),
  automatic: new Set([
    'DATABASE_NOT_JOINED',
    'FAILOVER_READINESS_UNKNOWN',
    'TARGET_DATABASE_SUSPENDED',
    'DATABASE_NOT_FAILOVER_READY',
  ]),
  forced: new Set([
    'DATABASE_CANNOT_COME_ONLINE',
    'DATABASE_START_UNKNOWN',
    'TARGET_DATABASE_NOT_RECOVERED',
  ]),
};

// A copy's database state is checked beside its synchronization state: a row may need both codes.
const FORCED_STATE_ROW: RowCode = (row) =>
  row !== undefined && row.isJoined !== false && isNotRecoveredState(row.databaseState)
    ? 'TARGET_DATABASE_NOT_RECOVERED'
    : null;

const ROW_CODE: Readonly<Record<FailoverVerdict['form'], RowCode>> = {
  planned: PLANNED_ROW,
  automatic: AUTOMATIC_ROW,
  forced: FORCED_ROW,
};

// Where the primary's own row settles a copy (a database suspended there, S62; a copy it shows NOT
// SYNCHRONIZING, S2), the verdict gives that reason in place of these two unknowns, kept unfolded,
// one per database (core/failover/primary-shows-not-synchronizing.ts).
const GIVE_WAY_TO_PRIMARY_ROW: ReadonlySet<string> = new Set([
  'FAILOVER_READINESS_UNKNOWN',
  'DATABASE_STATE_UNKNOWN',
]);

/** A verdict as a fleet shows it: reasons about single databases folded into one entry per code. */
const fleetForm = (
  facts: ClusterFacts,
  verdict: FailoverVerdict,
  rows: readonly (DatabaseReplicaFacts | undefined)[],
): FleetForm => {
  const perDatabase = DATABASE_CODES[verdict.form];
  const reasons: Reason[] = [];
  const byCode = new Map<string, { first: Reason; databases: string[] }>();
  for (const x of verdict.reasons) {
    if (!perDatabase.has(x.code)) reasons.push(x);
    else if (!byCode.has(x.code)) byCode.set(x.code, { first: x, databases: [] });
  }
  if (byCode.size > 0) {
    const rowCode = ROW_CODE[verdict.form];
    const { databases } = facts.config;
    for (let i = 0; i < databases.length; i++) {
      const code = rowCode(rows[i]);
      const codes = [
        code !== null &&
        GIVE_WAY_TO_PRIMARY_ROW.has(code) &&
        settledByPrimaryRow(facts, databases[i]!, verdict.target) !== null
          ? null
          : code,
        verdict.form === 'forced' ? FORCED_STATE_ROW(rows[i]) : null,
      ];
      for (const code of codes) if (code !== null) byCode.get(code)?.databases.push(databases[i]!);
    }
  }
  return {
    status: verdict.status,
    reasons,
    databases: [...byCode.values()].map(({ first, databases }) => ({
      code: first.code,
      rule: first.rule,
      ...(first.settledBy === undefined ? {} : { settledBy: first.settledBy }),
      databases,
    })),
  };
};

/** Commit outcomes of every database, databases with the same acknowledgement and reason codes together. */
const commitGroups = (facts: ClusterFacts): CommitGroup[] => {
  const groups = new Map<
    string,
    { acknowledgement: CommitAcknowledgement; reasons: readonly Reason[]; databases: string[] }
  >();
  for (const database of facts.config.databases) {
    const outcome = commitOutcome(facts, database);
    const key = `${outcome.acknowledgement} ${outcome.mustHarden.join(',')} ${outcome.reasons.map((x) => x.code).join(',')}`;
    const group = groups.get(key);
    if (group === undefined)
      groups.set(key, {
        acknowledgement: outcome.acknowledgement,
        reasons: outcome.reasons,
        databases: [database],
      });
    else group.databases.push(database);
  }
  return [...groups.values()];
};

/** Every unknown reason of every target, by code and what settles it, with the targets it leaves unknown. */
const unknownsOf = (targets: readonly FleetTarget[]): FleetUnknown[] => {
  const byKey = new Map<
    string,
    { code: string; settledBy: readonly string[]; targets: string[] }
  >();
  const note = (code: string, settledBy: readonly string[] | undefined, target: string) => {
    if (settledBy === undefined) return;
    const key = `${code}\n${settledBy.join('\n')}`;
    const known = byKey.get(key);
    if (known === undefined) byKey.set(key, { code, settledBy, targets: [target] });
    else if (!known.targets.includes(target)) known.targets.push(target);
  };
  for (const t of targets)
    for (const form of [t.automatic, t.planned, t.forced]) {
      for (const x of form.reasons) note(x.code, x.settledBy, t.replica);
      for (const d of form.databases) note(d.code, d.settledBy, t.replica);
    }
  return [...byKey.values()];
};

/** The fleet summary of the group in `facts`: the answers `decide` gives, without the detail. */
export const fleetVerdict = (facts: ClusterFacts): FleetVerdict => {
  const { config } = facts;
  const findings = checkFacts(facts);
  const targets: FleetTarget[] = [];
  // The one replica whose automatic verdict allows it (none if flagged); several: the cluster's choice.
  const qualifying: { readonly name: string; readonly flagged: boolean }[] = [];
  const automaticUndecided: string[] = [];
  for (const r of config.replicas) {
    if (isPrimaryName(facts, r.name)) continue;
    const flagged = findings.length === 0 ? findings : findingsFor(facts, findings, r.name);
    const automatic = automaticFailover(facts, r.name);
    if (automatic.allowed) qualifying.push({ name: r.name, flagged: flagged.length > 0 });
    else if (automatic.status === 'unknown') automaticUndecided.push(r.name);
    const rows = replicaRowsByDatabase(facts, r.name);
    targets.push({
      replica: r.name,
      automatic: fleetForm(facts, flagVerdict(automatic, flagged), rows),
      planned: fleetForm(facts, flagVerdict(plannedFailover(facts, r.name), flagged), rows),
      forced: fleetForm(facts, flagVerdict(forcedFailover(facts, r.name), flagged), rows),
    });
  }
  // The refusals that are not about one database: no quorum, no primary, the primary down.
  const refusals = writeRefusals(facts, config.databases[0] ?? '').filter(
    (x) => !DATABASE_REFUSALS.has(x.code),
  );
  // A snapshot taken on a secondary may show no primary without saying there is none (S49).
  const unseen = refusals.length > 0 && refusals.every(isUnknownReason);
  const cutOff = nodeWithoutQuorum(facts);
  const quorumAtRisk = automaticQuorumAtRisk(facts);
  return {
    group: config.name,
    clusterType: config.clusterType,
    primary: facts.primary,
    primaryUnseen: isPrimaryUnseen(facts),
    quorum: facts.quorum,
    writable: unseen
      ? { status: 'unknown', reasons: refusals }
      : { status: refusals.length > 0 ? 'refused' : 'allowed', reasons: refusals },
    commit: commitGroups(facts),
    automaticTarget:
      qualifying.length === 1 && !qualifying[0]!.flagged ? qualifying[0]!.name : null,
    // The one qualifying replica, flagged, has an unknown verdict: undecided, as in decide.
    automaticUndecided:
      qualifying.length === 1 && qualifying[0]!.flagged
        ? [...automaticUndecided, qualifying[0]!.name]
        : automaticUndecided,
    automaticAmong: qualifying.length > 1 ? qualifying.map((q) => q.name) : [],
    ...(cutOff !== null && qualifying.length === 0 ? { automaticUnlistedBeyond: cutOff } : {}),
    ...(quorumAtRisk !== null &&
    qualifying.length > 0 &&
    !(qualifying.length === 1 && qualifying[0]!.flagged)
      ? { automaticQuorum: quorumAtRisk }
      : {}),
    ...healthLoginOf(facts, qualifying),
    targets,
    unknowns: unknownsOf(targets),
    findings,
  };
};

/** The login note beside the target or the replicas to choose among, as decide gives it. */
const healthLoginOf = (
  facts: ClusterFacts,
  qualifying: readonly { readonly name: string; readonly flagged: boolean }[],
): { readonly automaticHealthLogin?: Reason } => {
  const named = qualifying.length === 1 && qualifying[0]!.flagged ? [] : qualifying;
  const login = automaticHealthLogin(
    facts,
    named.map((q) => q.name),
  );
  return login === null ? {} : { automaticHealthLogin: login };
};

const DATABASE_REASON_TEXT: Readonly<Record<string, (target: string) => string>> = {
  DATABASE_NOT_JOINED: (target) => `not joined on ${target}`,
  DATABASE_STATE_UNKNOWN: (target) => `synchronization state on ${target} unknown in this snapshot`,
  DATABASE_NOT_SYNCHRONIZED: (target) => `not SYNCHRONIZED on ${target}`,
  FAILOVER_READINESS_UNKNOWN: (target) => `is_failover_ready on ${target} unknown in this snapshot`,
  TARGET_DATABASE_SUSPENDED: (target) =>
    `suspended on ${target}: marked NOT SYNCHRONIZED, not failover ready until resumed`,
  DATABASE_NOT_FAILOVER_READY: (target) =>
    `not marked synchronized in the cluster on ${target} (is_failover_ready = 0)`,
  DATABASE_CANNOT_COME_ONLINE: (target) =>
    `REVERTING or INITIALIZING on ${target}: cannot start as primary databases, each needs a restore`,
  DATABASE_START_UNKNOWN: (target) =>
    `synchronization state on ${target} not shown: whether each can start as a primary database is unknown (a REVERTING or INITIALIZING copy cannot)`,
  TARGET_DATABASE_NOT_RECOVERED: (target) =>
    `RECOVERY_PENDING or SUSPECT on ${target}: whether each is available there after a forced failover is unknown`,
};

/** The sentence for reasons of one code about single databases, made when shown. */
export const databaseReasonText = (target: string, d: DatabaseReasons): string =>
  `${(DATABASE_REASON_TEXT[d.code] ?? (() => d.code))(target)}: ${d.databases.join(', ')}`;
