import * as O from 'fp-ts/lib/Option.js';
import type { PreferredBackupReplicas } from '../../../core/backup/preference.js';
import { isImpossible } from '../../../core/consistency/finding.js';
import type { DatabaseFailoverOutcome } from '../../../core/decide/database-failover.js';
import type { Decisions, TargetOptions } from '../../../core/decide/decide.js';
import type { RecommendedAction } from '../../../core/decide/recommended-action.js';
import { automaticChooser } from '../../../core/failover/chooser.js';
import type { FailoverVerdict, PredictedLoss } from '../../../core/failover/failover.js';
import type { LsnLossRange } from '../../../core/failover/forced-loss.js';
import type { RecoveryEstimate } from '../../../core/failover/recovery-estimates.js';
import type {
  HealthAnswer,
  SynchronizationHealthReport,
} from '../../../core/health/synchronization-health.js';
import type { CommitOutcome } from '../../../core/log/commit.js';
import type { AcknowledgedRange } from '../../../core/model/facts.js';
import type { Reason } from '../../../core/model/source.js';
import type { ListenerConnection } from '../../../core/routing/listener.js';
import { renderEvent } from '../../tsql/render.js';
import { backupJobLines } from './backup-jobs.js';
import { automaticHeading, automaticText, list, reasonsLines, type Style } from './style.js';

/** The decision engine's answers as text for a DBA: every verdict with every reason. */

const statusText = (style: Style, v: FailoverVerdict): string =>
  v.status === 'allowed'
    ? style.good('yes')
    : v.status === 'unknown'
      ? style.warn('unknown')
      : style.bad('no');

const verdictLines = (style: Style, v: FailoverVerdict): string[] => [
  `    ${v.form}: ${statusText(style, v)}`,
  ...reasonsLines(style, v.reasons, '      '),
];

export const rangesText = (ranges: readonly AcknowledgedRange[]): string =>
  ranges.map((r) => `LSNs after ${r.fromLsn} through ${r.toLsn} (fork ${r.fork})`).join('; ');

const acknowledgedText = (loss: PredictedLoss): string =>
  loss.acknowledgedLost === null
    ? ''
    : loss.acknowledgedLost.length === 0
      ? '; no acknowledged commit'
      : `; acknowledged commits: ${rangesText(loss.acknowledgedLost)}`;

const rangeText = (x: LsnLossRange): string =>
  x.bound === 'upperBound'
    ? `commits at most through LSN ${x.throughLsn} (${x.basis}, upper bound)`
    : `${x.bound === 'exact' ? '' : 'at least '}the log after LSN ${x.afterLsn} through ${x.throughLsn} (${x.basis}${x.bound === 'exact' ? '' : ', lower bound'})`;

/** A range the copy lacks whatever it reverts to: its end's basis, without "at least" twice. */
const atLeastText = (x: LsnLossRange): string =>
  `the log after LSN ${x.afterLsn} through ${x.throughLsn} (${x.basis}${x.bound === 'exact' ? '' : ', lower bound'})`;

/** With the exact end of log known, the bounds add nothing; without it, each bound is shown. */
const shownRanges = (loss: PredictedLoss): readonly LsnLossRange[] => {
  const exact = loss.ranges.filter((x) => x.bound === 'exact');
  return exact.length > 0 ? exact : loss.ranges.filter((x) => x.throughLsn > x.afterLsn);
};

const lossText = (target: string, loss: PredictedLoss): string => {
  const what =
    loss.extent === 'wholeDatabase'
      ? `the whole database: ${loss.reasons.map((x) => x.message).join('; ')}, so every commit of it is lost`
      : loss.extent === 'unknown'
        ? `an unknown amount${loss.ranges.length === 0 ? '' : `, at least ${shownRanges(loss).map(atLeastText).join('; ')}`}: ${loss.reasons.map((x) => `${x.message} (settled by ${(x.settledBy ?? []).join(', ')})`).join('; ')}`
        : loss.lsnRange === null
          ? loss.bound === null && loss.acknowledgedLost === null
            ? `nothing: ${target} is marked failover ready (is_failover_ready = 1)`
            : `nothing: ${target} holds the group's end of log`
          : loss.ranges.length === 0
            ? `the log after LSN ${loss.lsnRange.afterLsn} through ${loss.lsnRange.throughLsn}`
            : shownRanges(loss).map(rangeText).join('; ');
  return `${loss.database}: ${what}${acknowledgedText(loss)}`;
};

const targetLines = (style: Style, t: TargetOptions): string[] => [
  `  ${style.name(t.replica)}`,
  ...verdictLines(style, t.automatic),
  ...verdictLines(style, t.planned),
  ...verdictLines(style, t.forced),
  ...t.forcedLoss.map(
    (l) => `    a forced failover to ${t.replica} would lose ${lossText(t.replica, l)}`,
  ),
  ...t.estimates.databases.flatMap((e) => estimateLines(style, e)),
];

const seconds = (n: number | null): string => (n === null ? 'unknown' : `${n} s`);
const kb = (n: number | null): string => (n === null ? 'unknown' : `${n} KB`);
const rate = (n: number | null): string => (n === null ? 'unknown' : `${n} KB/s`);
const time = (ms: number | null): string =>
  ms === null ? 'unknown' : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** The S47 estimates beside the LSN ranges, with the DMV figures they come from, in their units. */
const estimateLines = (style: Style, e: RecoveryEstimate): string[] => {
  const f = e.figures;
  const anyFigure = Object.values(f).some((v) => v !== null);
  // Reasons that name no column say there is no estimate to make, not that one is unknown.
  const none = e.reasons.length > 0 && e.reasons.every((r) => r.settledBy === undefined);
  // The primary as target: no recovery time to estimate, but a known loss of nothing.
  const noLoss = e.dataLossSeconds === null && e.dataLossKb === null;
  const recovery = none && e.recoverySeconds === null ? 'none' : seconds(e.recoverySeconds);
  const head =
    none && noLoss
      ? `    ${e.database} on ${e.replica}: no estimated recovery time or data loss`
      : `    ${e.database} on ${e.replica}: estimated recovery time ${recovery}, estimated data loss ${seconds(e.dataLossSeconds)} (by last_commit_time) and ${kb(e.dataLossKb)} (by log_send_queue_size)`;
  if (!anyFigure) {
    const columns = [...new Set(e.reasons.flatMap((r) => r.settledBy ?? []))];
    return [
      head,
      ...(columns.length === 0
        ? reasonsLines(style, e.reasons, '      ')
        : [`      settled by ${columns.join('; ')}`]),
    ];
  }
  return [
    head,
    `      log_send_queue_size ${kb(f.logSendQueueKb)}, log_send_rate ${rate(f.logSendRateKbPerSecond)}, redo_queue_size ${kb(f.redoQueueKb)}, redo_rate ${rate(f.redoRateKbPerSecond)}`,
    `      last_commit_time ${time(f.lastCommitTimeMs)}, last_hardened_time ${time(f.lastHardenedTimeMs)}, secondary_lag_seconds ${seconds(f.secondaryLagSeconds)}, synchronization_health ${f.synchronizationHealth ?? 'unknown'}`,
    ...reasonsLines(style, e.reasons, '      '),
  ];
};

/** A recommended action: why, then the statement a DBA runs (with the replica it runs on). */
const actionLines = (style: Style, d: Decisions, a: RecommendedAction): string[] => [
  ...reasonsLines(style, a.why, '  '),
  ...actionTsql(d, a)
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`),
];

/**
 * The T-SQL of a recommended action, as the T-SQL adapter renders it. Under CLUSTER_TYPE = EXTERNAL
 * the cluster manager fails the group over: "Under normal operations, do not fail over with
 * Transact-SQL" (S30, Operate Always On availability groups on Linux); a forced failover takes the
 * resource out of its control and sets the external_cluster session context first (S30). Both
 * `pcs resource move` and `crm resource migrate` leave a location constraint that must go "in order
 * to successfully fail over in the future" (S30, Remove the location constraint). The promotable
 * resource pcs moves is `<ag resource>-master` on RHEL 7 only: "When you create the ag_cluster
 * resource in RHEL 8, it creates the resource as ag_cluster-clone" (S91, Add colocation
 * constraint), which S30 moves with "sudo pcs resource move ag_cluster-clone --master nodeName2 &&
 * sleep 30 && sudo pcs resource clear ag_cluster-clone". `unmanage` takes the resource's own name
 * (S30, Force failover: "sudo pcs resource unmanage <resourceName>").
 */
export const actionTsql = (d: Decisions, a: RecommendedAction): string => {
  // Forcing quorum is a cluster command, not T-SQL ("WSFC Disaster Recovery through Forced Quorum", S124).
  if (a.event.type === 'quorum.force')
    return `-- on the node of ${a.event.replica} (PowerShell): Start-ClusterNode -Name <node> -FixQuorum\n--   or: net start clussvc /forcequorum\n`;
  // Msg 41143's way out of a failed state is a restart, not T-SQL (S135).
  // KB3033492's way out is the primary instance's restart with automatic failover off (S291).
  if (a.event.type === 'replica.restart' && a.why[0]?.code === 'RESTART_PRIMARY_KB3033492')
    return `-- with FAILOVER_MODE = MANUAL first where it is AUTOMATIC (ALTER AVAILABILITY GROUP [${d.group.name}] MODIFY REPLICA ON N'<replica>' WITH (FAILOVER_MODE = MANUAL)),\n--   restart the instance of SQL Server on the node of ${a.event.replica} (PowerShell): Restart-Service <the instance's service>\n--   then set FAILOVER_MODE = AUTOMATIC again on those replicas\n`;
  // A DISCONNECTED replica reconnects once its cause is corrected: the checks of S346, on both ends.
  if (a.event.type === 'replica.reconnect') {
    const endpoints =
      'SELECT name, state_desc, encryption_algorithm_desc, protocol_desc, type_desc FROM sys.database_mirroring_endpoints;';
    return [
      `-- find why ${a.event.replica} is DISCONNECTED: the endpoint exists, is STARTED, uses the same encryption on both`,
      ...(d.group.primary === null ? [] : [`:Connect ${d.group.primary}`, endpoints, 'GO']),
      `:Connect ${a.event.replica}`,
      endpoints,
      "SELECT type_desc, port FROM sys.tcp_endpoints WHERE type_desc = 'DATABASE_MIRRORING';",
      'GO',
      '-- an endpoint not STARTED or not answering: ALTER ENDPOINT <endpoint> STATE = STARTED (STOPPED first interrupts Always On traffic)',
      '-- the port, both ways, also as the service account (PowerShell): Test-NetConnection -ComputerName <node> -Port <port>',
      '',
    ].join('\n');
  }
  if (a.event.type === 'replica.restart')
    return d.group.clusterType === 'WSFC'
      ? `-- on the node of ${a.event.replica} (PowerShell): Restart-Service ClusSvc\n--   or restart its instance of SQL Server: Restart-Service <the instance's service>\n`
      : `-- on the node of ${a.event.replica}: restart its instance of SQL Server (on Linux: sudo systemctl restart mssql-server)\n`;
  const sql = O.getOrElse(() => `-- ${a.event.type}`)(
    renderEvent(a.event, d.group.name, {
      ...(d.group.primary === null ? {} : { primary: d.group.primary }),
      clusterType: d.group.clusterType,
    }),
  );
  if (d.group.clusterType !== 'EXTERNAL') return sql;
  if (a.event.type === 'ag.failover')
    return [
      '-- CLUSTER_TYPE = EXTERNAL: the cluster manager fails over, not T-SQL:',
      `--   RHEL 8 and later, Ubuntu: sudo pcs resource move <ag resource>-clone --master ${a.event.target}, then remove the`,
      '--         location constraint it leaves: sudo pcs resource clear <ag resource>-clone',
      `--   RHEL 7: sudo pcs resource move <ag resource>-master ${a.event.target} --master, then remove the`,
      '--         location constraint it leaves: sudo pcs constraint location remove cli-prefer-<ag resource>-master',
      `--   SLES: sudo crm resource migrate <ag resource> ${a.event.target}, then remove the`,
      '--         location constraint it leaves: sudo crm configure delete cli-prefer-ms-<ag resource>',
      '',
    ].join('\n');
  // S31: the value "can only be changed via Pacemaker"; no value gives it back to the agent.
  const rsstc =
    a.event.type === 'ag.set' ? a.event.options.requiredSynchronizedSecondariesToCommit : undefined;
  if (rsstc !== undefined)
    return [
      '-- CLUSTER_TYPE = EXTERNAL: REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is a parameter of the ag resource,',
      `--   not T-SQL; give it back to the resource agent (which sets ${rsstc} here) with no value:`,
      '--   RHEL, Ubuntu: sudo pcs resource update <ag resource> required_synchronized_secondaries_to_commit=',
      '--   SLES: sudo crm resource param ms-<ag resource> set required_synchronized_secondaries_to_commit',
      '--   every replica restarts (the primary is demoted, then promoted again): a brief outage',
      '',
    ].join('\n');
  if (a.event.type === 'ag.forceFailover')
    return [
      "-- CLUSTER_TYPE = EXTERNAL: first take the resource out of the cluster manager's control",
      '--   (sudo pcs resource unmanage <ag resource>); afterwards manage it again and clean it up',
      sql.replace(
        /^(ALTER AVAILABILITY GROUP .* FORCE_FAILOVER_ALLOW_DATA_LOSS;)$/m,
        "EXEC sp_set_session_context @key = N'external_cluster', @value = N'yes';\n$1",
      ),
    ].join('\n');
  return sql;
};

const ACKNOWLEDGEMENT: Readonly<Record<CommitOutcome['acknowledgement'], string>> = {
  immediately: 'acknowledged as soon as the primary hardens it',
  afterHardening: 'acknowledged once these secondaries have hardened it',
  blocked: 'blocked: the commit cannot complete now',
  refused: 'refused: no writable primary takes it',
  unknown: 'unknown: the input does not settle it; the reasons name what would',
};

// A synchronous secondary catching up can hold commit processing (HADR_SYNCHRONIZING_THROTTLE).
const headline = (c: CommitOutcome): string =>
  c.acknowledgement === 'immediately' &&
  c.reasons.some((r) => r.code === 'COMMIT_THROTTLED_WHILE_CATCHING_UP')
    ? 'acknowledged once the primary hardens it, waiting for no secondary to harden it; commit processing may be held while a secondary catches up'
    : ACKNOWLEDGEMENT[c.acknowledgement];

const commitLines = (style: Style, c: CommitOutcome): string[] => [
  `  ${c.database}: ${headline(c)}${c.mustHarden.length === 0 ? '' : ` (${list(c.mustHarden)})`}`,
  ...reasonsLines(style, c.reasons, '    '),
];

/** Which copy holds the primary's log truncation, per database (S94); nothing without a primary. */
const logTruncationLines = (style: Style, d: Decisions): string[] =>
  d.logTruncation.length === 0
    ? []
    : [
        style.bold('Log truncation on the primary (truncation_lsn)'),
        ...d.logTruncation.flatMap((h) => [
          `  ${h.database}: ${h.status === 'unknown' ? style.warn('unknown which copy holds it') : h.heldAtLsn === null ? `held by the seeding to ${list(h.holders)}` : `held at ${h.heldAtLsn} by ${list(h.holders)}`}`,
          ...reasonsLines(style, h.reasons, '    '),
        ]),
        '',
      ];

const connectionLines = (style: Style, intent: string, c: ListenerConnection): string[] => {
  const where =
    c.outcome === 'refused'
      ? style.bad('refused')
      : c.outcome === 'unknown'
        ? style.warn('unknown')
        : `${c.outcome === 'routed' ? 'routed to' : 'connected to'} ${style.name(c.replica ?? '?')}`;
  const set =
    c.loadBalancedSet === undefined ? '' : ` (load-balanced over ${list(c.loadBalancedSet)})`;
  return [
    `  ${intent}: ${where}${set}`,
    ...reasonsLines(style, c.reasons, '    '),
    ...c.considered.flatMap((k) => [
      `    examined ${k.replica}: ${k.available ? 'available' : 'not available'}`,
      ...(k.available ? [] : reasonsLines(style, k.reasons, '      ')),
    ]),
  ];
};

/**
 * The connections through the listener, then through each listener after the first (S106), which
 * clients name as they name the first.
 */
const listenerSections = (style: Style, d: Decisions): string[] => {
  const section = (title: string, r: ListenerRouting): string[] => [
    style.bold(title),
    ...connectionLines(style, 'read-write', r.readWrite),
    ...readOnlyLines(style, r),
  ];
  return [
    ...section('Connections through the listener', d.routing),
    ...(d.routing.otherListeners ?? []).flatMap((l) => [
      '',
      ...section(`Connections through ${l.listener}, another listener of the group`, l),
    ]),
  ];
};

type ListenerRouting = Pick<Decisions['routing'], 'readWrite' | 'readOnly' | 'readOnlyByDatabase'>;

/**
 * The read-intent connection: once when every database asked gets the same answer, otherwise
 * one per database, since routing goes by the database the connection names.
 */
const readOnlyLines = (style: Style, routing: ListenerRouting): string[] => {
  const [first, ...others] = routing.readOnlyByDatabase;
  const same =
    first === undefined ||
    others.every(
      (o) =>
        o.connection.outcome === first.connection.outcome &&
        o.connection.replica === first.connection.replica,
    );
  return same
    ? connectionLines(style, 'read-only', routing.readOnly)
    : routing.readOnlyByDatabase.flatMap((c) =>
        connectionLines(style, `read-only to ${c.database}`, c.connection),
      );
};

const healthText = (style: Style, a: HealthAnswer): string =>
  a.health === null
    ? style.warn('unknown')
    : a.health === 'HEALTHY'
      ? style.good(a.health)
      : a.health === 'PARTIALLY_HEALTHY'
        ? style.warn(a.health)
        : style.bad(a.health);

/** The group, then each replica, each with why; copies appear in their replica's reasons. */
const healthLines = (style: Style, group: string, r: SynchronizationHealthReport): string[] => [
  `  ${group}: ${healthText(style, r.group)}`,
  ...reasonsLines(style, r.group.reasons, '    '),
  ...r.replicas.flatMap((x) => [
    `  ${x.replica}: ${healthText(style, x)}`,
    ...reasonsLines(style, x.reasons, '    '),
  ]),
];

/** The preferred replicas, and those the snapshot cannot rule out: "none" only when it can. */
const preferredText = (p: PreferredBackupReplicas): string =>
  p.unseenReplicas === true && p.replicas.length === 0
    ? 'unknown: none of the replicas this snapshot lists'
    : p.undetermined.length === 0
      ? list(p.replicas)
      : `${p.replicas.length > 0 ? `${list(p.replicas)}, and ` : ''}unknown for ${list(p.undetermined)}`;

/** The consistency findings, before the decisions they make unknown. */
const databaseFailoverText = (
  style: Style,
  o: DatabaseFailoverOutcome,
  clusterType: string,
): string => {
  switch (o.result) {
    case 'failover':
      return style.warn(
        o.target === null
          ? `automatic failover to one of ${list(o.among)} (${automaticChooser(clusterType)})`
          : `automatic failover to ${o.target}`,
      );
    case 'restart':
      return style.warn(`the cluster restarts the group on ${o.replica}`);
    case 'none':
      return style.warn('no automatic failover');
    case 'unknown':
      // A known target with an unknown outcome: a failover there or a restart in place (S114).
      return style.warn(
        o.target === null && o.among.length === 0
          ? 'automatic failover unknown'
          : `unknown: automatic failover to ${o.target ?? `one of ${list(o.among)}`}, or a restart of the group on ${o.replica}`,
      );
  }
};

/** Whether a database out of ONLINE on the primary fails the group over (database-level health detection). */
const databaseFailoverLines = (
  style: Style,
  o: DatabaseFailoverOutcome,
  clusterType: string,
): string[] => [
  `  ${o.database} ${o.databaseState ?? 'in an unknown state'} on the primary ${o.replica}: ${databaseFailoverText(style, o, clusterType)}`,
  ...reasonsLines(style, o.reasons, '    '),
];

const findingLines = (style: Style, d: Decisions): string[] =>
  d.findings.length === 0
    ? []
    : [
        style.bold('Contradictions in the snapshot (decisions that read them are unknown)'),
        ...d.findings.map(
          (f) => `  ${style.warn(f.severity)} ${f.place}: ${f.message} [${f.code}]`,
        ),
        '',
      ];

/** What was read: the files, what each ignored (notes), and where several disagree (findings). */
export const snapshotLines = (
  style: Style,
  files: readonly string[],
  notes: readonly string[],
  findings: readonly Reason[],
): string[] =>
  files.length === 1 && notes.length === 0
    ? []
    : [
        style.bold(files.length === 1 ? 'Snapshot' : `Snapshots (${files.length}, merged)`),
        ...files.map((f) => `  ${f}`),
        ...notes.map((n) => `  note: ${n}`),
        ...reasonsLines(style, findings, '  '),
        '',
      ];

/** Says whom the run/skip answers are for: ALTER AVAILABILITY GROUP (S3), AUTOMATED_BACKUP_PREFERENCE. */
export const AD_HOC_BACKUP_NOTE =
  '  for a backup job that follows the backup preference (sys.fn_hadr_backup_is_preferred_replica); SQL Server does not enforce the preference, so an ad hoc BACKUP runs wherever SQL Server permits that backup type (ALTER AVAILABILITY GROUP: "it has no impact on ad hoc backups")';

/**
 * A section about databases with nothing in it says so: a snapshot may show no database of the
 * group (one without any, or one taken on a node without quorum), and an empty heading reads as if
 * the answer were cut off.
 */
const orNoDatabase = (d: Decisions, lines: readonly string[]): readonly string[] =>
  lines.length > 0 || d.backup.length > 0 || d.commit.length > 0
    ? lines
    : [`  none: the snapshot shows no database of ${d.group.name}`];

export const decisionsLines = (style: Style, d: Decisions, backupType: string): string[] => [
  `${style.bold(`Availability group ${d.group.name}`)}: primary ${d.group.primary ?? (d.group.primaryUnseen ? 'unknown' : 'none')}, quorum ${d.group.quorum ?? 'unknown'}`,
  '',
  ...findingLines(style, d),
  style.bold('Failover'),
  `  ${automaticHeading(d.group)}: ${automaticText(d.failover.automaticTarget, d.failover.automaticUndecided, d.failover.automaticAmong, d.findings.some(isImpossible), d.group.clusterType, d.failover.automaticUnlistedBeyond)}`,
  ...(d.failover.automaticQuorum === undefined
    ? []
    : reasonsLines(style, [d.failover.automaticQuorum], '    ')),
  ...(d.failover.automaticHealthLogin === undefined
    ? []
    : reasonsLines(style, [d.failover.automaticHealthLogin], '    ')),
  ...d.failover.targets.flatMap((t) => targetLines(style, t)),
  '',
  style.bold('Readiness (is_failover_ready)'),
  ...orNoDatabase(
    d,
    d.readiness.map(
      (r) =>
        `  ${r.replica} ${r.database}: ${r.synchronizationState ?? 'state unknown'}, ${r.isFailoverReady === null ? 'readiness unknown' : r.isFailoverReady ? style.good('failover ready') : style.warn('not failover ready')}`,
    ),
  ),
  '',
  style.bold('Commits'),
  ...orNoDatabase(
    d,
    d.commit.flatMap((c) => commitLines(style, c)),
  ),
  '',
  ...logTruncationLines(style, d),
  style.bold(`Backups (${backupType})`),
  // run/skip answer for a scheduled job; S3: the preference "has no impact on ad hoc backups".
  AD_HOC_BACKUP_NOTE,
  ...(d.backup.length === 0 ? orNoDatabase(d, []) : []),
  ...d.backup.flatMap((b) => [
    `  ${b.database}: preferred ${preferredText(b.preferred)}`,
    ...reasonsLines(style, b.preferred.reasons, '    '),
    ...b.decisions.flatMap(({ replica, decision }) => [
      `    ${replica}: ${decision.action === 'run' ? style.good('run') : style.warn(decision.action)}`,
      ...reasonsLines(style, decision.reasons, '      '),
    ]),
  ]),
  '',
  style.bold('Backup jobs, by convention'),
  ...orNoDatabase(
    d,
    d.backup.flatMap((b) => backupJobLines(style, b.database, b.jobs)),
  ),
  '',
  ...listenerSections(style, d),
  '',
  style.bold('What you can do now (T-SQL)'),
  ...(d.actions.length === 0
    ? ['  nothing to do']
    : d.actions.flatMap((a) => actionLines(style, d, a))),
  '',
  style.bold('Synchronization health'),
  ...healthLines(style, d.group.name, d.synchronizationHealth),
  '',
  style.bold('Health'),
  d.group.clusterType === 'WSFC'
    ? `  failures of the primary in the last ${d.health.periodMs / 3_600_000} hours: ${d.health.failuresInPeriod ?? 'unknown'} of at most ${d.health.maxFailuresInPeriod ?? 'unknown'}`
    : `  no maximum of failures in a period: that is a WSFC role's setting (CLUSTER_TYPE ${d.group.clusterType})`,
  ...reasonsLines(
    style,
    [
      d.health.failuresUnknown,
      d.health.maxFailuresUnknown,
      d.health.thresholdExceeded,
      d.health.quorumVotes ?? null,
      d.health.forcedQuorumSplit ?? null,
    ].filter((r) => r !== null),
    '    ',
  ),
  ...d.health.databaseFailover.flatMap((o) => databaseFailoverLines(style, o, d.group.clusterType)),
];
