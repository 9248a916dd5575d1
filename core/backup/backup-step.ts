import { stepFacts } from '../cluster/facts.js';
import type { Observation } from '../cluster/observation.js';
import { rebuildReplica, updateCopy, updateReplica, withCopy, withEntry } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import {
  copyPhase,
  findReplica,
  isReplicaUp,
  primaryReplica,
  replicaRole,
  synchronizationState,
} from '../cluster/select.js';
import type { CatalogDatabase, Cluster } from '../cluster/types.js';
import {
  catalogOnPrimary,
  databaseEnd,
  forksOf,
  inGroup,
  isReachable,
  primaryCopy,
  replicaConfigOf,
  sendCopyTraced,
  truncationHolds,
} from '../lifecycle/access.js';
import { blankCopy } from '../lifecycle/copy.js';
import {
  type BackupSet,
  backupRefusals,
  lifecycleReason,
  logShippingMigration,
  logTruncationPoint,
} from '../lifecycle/lifecycle.js';
import { nextPosition } from '../lifecycle/media.js';
import { commonLsn, isPrefixOf } from '../log/lineage.js';
import { OPEN_TRANSACTION_RULES } from '../log/open-transactions.js';
import type { EventOf } from '../model/events.js';
import type { LogPosition } from '../model/facts.js';
import { isUnknownReason, reason } from '../model/source.js';
import { logBackupDuringSeeding } from '../seeding/log-backup.js';
import { seedingReason } from '../seeding/seeding.js';
import { backupTypeOnSecondary } from './backup.js';
import { differentialOnSecondaryBeforeFix } from './differential-before-fix.js';
import { restoreOnInstance } from './restore-instance.js';
import { judgeRestore } from './restore-refusals.js';

/**
 * BACKUP and RESTORE (ag-rules §5.1, §6.1; SEED000): every backup is recorded with the LSNs it
 * holds; a log backup moves the log chain and lets the primary truncate as far as the secondaries
 * and running seedings allow; a secondary copy is prepared by restoring a full backup and then an
 * unbroken chain of log backups WITH NORECOVERY.
 */

const notJoined = (c: Cluster, name: string) =>
  refused(c, [
    lifecycleReason(
      'REPLICA_NOT_JOINED',
      `${name} has not joined ${c.config.name}: the model holds databases only on joined replicas`,
    ),
  ]);

const unknownReplica = (c: Cluster, name: string) =>
  refused(c, [lifecycleReason('UNKNOWN_REPLICA', `${name} is not a replica of ${c.config.name}`)]);

const describe = (b: BackupSet): string =>
  b.backupType === 'LOG' || b.backupType === 'LOG_COPY_ONLY'
    ? b.firstLsn === b.lastLsn
      ? `no log since the last backup: the log chain continues at LSN ${b.lastLsn}`
      : `LSN ${b.firstLsn + 1n} to ${b.lastLsn}`
    : `the database as of LSN ${b.lastLsn}`;

export const takeBackup = (c: Cluster, e: EventOf<'db.backup'>): StepResult => {
  const cfg = replicaConfigOf(c, e.replica);
  if (cfg === undefined) return unknownReplica(c, e.replica);
  const r = findReplica(c, cfg.name);
  if (r === undefined) return notJoined(c, cfg.name);
  const primary = primaryReplica(c)?.name === r.name;
  const role = primary ? 'PRIMARY' : replicaRole(r) === 'SECONDARY' ? 'SECONDARY' : 'RESOLVING';
  const copy = r.databases[e.database];
  const entry: CatalogDatabase | undefined = primary
    ? catalogOnPrimary(c, e.database)
    : c.catalog[e.database];
  const end: LogPosition | undefined = primary
    ? inGroup(c, e.database)
      ? primaryCopy(c, e.database)?.hardened
      : entry?.end
    : copy !== undefined && copyPhase(copy) === 'JOINED'
      ? copy.hardened
      : undefined;
  const file = e.file ?? `${e.database}_${e.backupType}_${c.backups.length + 1}.bak`;
  const onSecondary = backupTypeOnSecondary(c.config, e.backupType);
  // A differential on a 2017 or 2019 secondary before KB4551221 runs and reports success (S167);
  // where the build is unknown the step keeps the documented refusal.
  const beforeFix =
    role === 'SECONDARY' && e.backupType === 'DIFFERENTIAL' && !onSecondary.allowed
      ? differentialOnSecondaryBeforeFix(c.config, e.database, cfg.name)
      : null;
  const ranBeforeFix = beforeFix !== null && !isUnknownReason(beforeFix) ? beforeFix : null;
  const state = copy === undefined ? null : synchronizationState(copy);
  const refusals = backupRefusals({
    replica: cfg.name,
    database: e.database,
    backupType: e.backupType,
    file,
    replicaUp: isReplicaUp(r),
    role,
    hasDatabase: entry !== undefined && end !== undefined,
    recoveryModel: entry?.recoveryModel ?? 'FULL',
    logChainLsn: entry?.logChain?.lsn ?? null,
    differentialBaseLsn: entry?.differentialBaseLsn ?? null,
    secondaryTypeRefusal: onSecondary.allowed || ranBeforeFix !== null ? null : onSecondary.reason,
    secondaryReady: isReachable(r) && (state === 'SYNCHRONIZED' || state === 'SYNCHRONIZING'),
    redoneLsn: copy?.redone.lsn ?? 0n,
  });
  if (refusals.length > 0 || entry === undefined || end === undefined) return refused(c, refusals);
  const forks = forksOf(c, e.database);
  const chain = entry.logChain;
  const chainLsn =
    chain === null
      ? end.lsn
      : isPrefixOf(forks, chain, end)
        ? chain.lsn
        : commonLsn(forks, chain, end);
  const firstLsn =
    e.backupType === 'LOG' || e.backupType === 'LOG_COPY_ONLY'
      ? chainLsn
      : e.backupType === 'DIFFERENTIAL'
        ? (entry.differentialBaseLsn ?? end.lsn)
        : end.lsn;
  const set: BackupSet = {
    file,
    position: nextPosition(c.backups, file, e.init === true),
    database: e.database,
    replica: cfg.name,
    backupType: e.backupType,
    firstLsn,
    lastLsn: end.lsn,
    fork: end.fork,
    differentialBaseLsn: e.backupType === 'DIFFERENTIAL' ? entry.differentialBaseLsn : null,
    atMs: c.nowMs,
  };
  const observations: Observation[] = [
    {
      type: 'note',
      reason: lifecycleReason(
        'BACKUP_TAKEN',
        `${file}${set.position > 1 ? ` (FILE = ${set.position})` : ''}: ${e.backupType} backup of ${e.database} on ${cfg.name}, ${describe(set)}`,
      ),
    },
  ];
  if (ranBeforeFix !== null) observations.push({ type: 'note', reason: ranBeforeFix });
  let updated: CatalogDatabase = entry;
  if (e.backupType === 'FULL')
    updated = {
      ...entry,
      hasFullBackup: true,
      logChain: entry.logChain ?? end,
      differentialBaseLsn: end.lsn,
    };
  if (e.backupType === 'LOG') {
    const holds = inGroup(c, e.database) ? truncationHolds(c, e.database) : [];
    const point = logTruncationPoint(entry.truncatedLsn, end.lsn, holds);
    updated = { ...entry, logChain: end, truncatedLsn: point.lsn };
    if (point.lsn > entry.truncatedLsn)
      observations.push({
        type: 'note',
        reason: lifecycleReason(
          'LOG_TRUNCATED',
          `the primary truncates the log of ${e.database} up to LSN ${point.lsn}`,
        ),
      });
    for (const h of point.heldBy)
      observations.push({
        type: 'note',
        reason:
          h.kind === 'transaction'
            ? reason(
                'LOG_HELD_BY_OPEN_TRANSACTION',
                `an open transaction on ${e.database} began at LSN ${h.lsn}: the log from there is kept on every replica until it commits or rolls back (log_reuse_wait_desc ACTIVE_TRANSACTION)`,
                OPEN_TRANSACTION_RULES.open,
              )
            : h.kind === 'seeding'
              ? seedingReason(
                  'SEEDING_LOG_HELD',
                  `the automatic seeding of ${e.database} to ${h.holder} keeps the primary's log from LSN ${h.lsn}: it cannot be truncated until the seeding completes`,
                )
              : lifecycleReason(
                  'LOG_TRUNCATION_HELD',
                  h.kind === 'fork'
                    ? `${e.database} on ${h.holder} ran past the recovery fork at LSN ${h.lsn}: it reverts there when resumed, so the primary keeps its log from there`
                    : `${h.holder} has hardened ${e.database} to LSN ${h.lsn} only: the primary keeps its log from there`,
                ),
      });
  }
  // After the documented answer, what users report of such a backup (S120), as unknown.
  if (e.backupType === 'LOG') observations.push(...logBackupDuringSeeding(c, e.database));
  const next: Cluster = {
    ...c,
    backups: [...c.backups, set],
    catalog: { ...c.catalog, [e.database]: updated },
  };
  return accepted(next, observations);
};

export const restoreBackup = (c: Cluster, e: EventOf<'db.restore'>): StepResult => {
  const cfg = replicaConfigOf(c, e.replica);
  if (cfg === undefined) return unknownReplica(c, e.replica);
  if (cfg.availabilityMode === 'CONFIGURATION_ONLY')
    return refused(c, [
      lifecycleReason(
        'CONFIGURATION_ONLY_REPLICA',
        `${cfg.name} is a configuration-only replica: it holds no user databases`,
      ),
    ]);
  const r = findReplica(c, cfg.name);
  // Not joined yet: the restore is the instance's, and JOIN starts from its copy (S148).
  if (r === undefined) return restoreOnInstance(c, cfg, e);
  const copy = r.databases[e.database];
  const { backup, backupEnd, refusals } = judgeRestore(c, cfg.name, copy, e, {
    isPrimary: primaryReplica(c)?.name === r.name,
    replicaUp: isReplicaUp(r),
  });
  if (refusals.length > 0 || backup === null || backupEnd === null) return refused(c, refusals);
  let next =
    copy === undefined
      ? updateReplica(c, r.name, (x) =>
          rebuildReplica(
            x,
            x.machine,
            withEntry(x.databases, e.database, blankCopy(databaseEnd(c, e.database) ?? backupEnd)),
          ),
        )
      : c;
  next = updateCopy(next, r.name, e.database, (x) =>
    withCopy(x, {
      received: backupEnd,
      hardened: backupEnd,
      redone: backupEnd,
      failoverReady: false,
      suspendedOnPrimary: false,
    }),
  );
  next = {
    ...next,
    restores: [...(next.restores ?? []), { replica: r.name, database: e.database, backup }],
  };
  const restored = sendCopyTraced(next, r.name, e.database, [() => ({ type: 'db.restore' })]);
  const migration =
    e.logShipping === true
      ? logShippingMigration(stepFacts(restored.cluster), e.database, r.name).reasons.map(
          (reason): Observation => ({ type: 'note', reason }),
        )
      : [];
  return accepted(restored.cluster, [...restored.observations, ...migration]);
};
