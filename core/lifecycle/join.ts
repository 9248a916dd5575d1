import { sendCopy, updateCopy, withCopy } from '../cluster/ops.js';
import { accepted, refused, type StepResult } from '../cluster/result.js';
import { copyPhase, findReplica, isReplicaUp, primaryReplica } from '../cluster/select.js';
import type { Cluster } from '../cluster/types.js';
import { isPrefixOf } from '../log/lineage.js';
import type { EventOf } from '../model/events.js';
import { cancelSeeding } from '../seeding/ops.js';
import {
  forksOf,
  inGroup,
  isReachable,
  joinAndStartDataMovement,
  primaryCopy,
  replicaConfigOf,
} from './access.js';
import { joinOnConfigurationOnly } from './configuration-only.js';
import { joinDatabaseRefusals, lifecycleReason } from './lifecycle.js';
import { restoredLogFrom } from './restores.js';

/**
 * Joining a prepared secondary database and taking it out again (ALTER DATABASE … SET HADR
 * AVAILABILITY GROUP | OFF; ag-rules §6.1, §3.4; S50, SEED003 "Availability Databases").
 */

const unknownReplica = (c: Cluster, name: string) =>
  refused(c, [lifecycleReason('UNKNOWN_REPLICA', `${name} is not a replica of ${c.config.name}`)]);

/** ALTER DATABASE db SET HADR AVAILABILITY GROUP = ag, on a secondary. */
export const joinDatabase = (c: Cluster, e: EventOf<'db.join'>): StepResult => {
  const cfg = replicaConfigOf(c, e.replica);
  if (cfg === undefined) return unknownReplica(c, e.replica);
  // Not the restore advice of joinDatabaseRefusals: no copy can ever be joined there.
  const witness = joinOnConfigurationOnly(c.config, cfg.name, e.database);
  if (witness !== null) return refused(c, [witness]);
  const r = findReplica(c, cfg.name);
  const copy = r?.databases[e.database];
  const onPrimary = primaryCopy(c, e.database);
  const reasons = joinDatabaseRefusals({
    group: c.config.name,
    database: e.database,
    replica: cfg.name,
    inGroup: inGroup(c, e.database),
    primary: primaryReplica(c)?.name ?? null,
    primaryHasDatabase: onPrimary !== undefined,
    replicaJoined: r !== undefined,
    replicaUp: r !== undefined && isReplicaUp(r),
    connected: r !== undefined && isReachable(r),
    phase: copy === undefined ? 'ABSENT' : copyPhase(copy),
    restoredLsn: copy?.hardened.lsn ?? 0n,
    truncatedLsn: c.catalog[e.database]?.truncatedLsn ?? 0n,
    onPrimaryLineage:
      copy !== undefined &&
      onPrimary !== undefined &&
      isPrefixOf(forksOf(c, e.database), copy.hardened, onPrimary.hardened),
    logFromLsn: restoredLogFrom(c, cfg.name, e.database),
    // Before any log backup S68 says none may be needed: the chain then asks nothing of the copy.
    logChainLsn: c.backups.some((b) => b.database === e.database && b.backupType === 'LOG')
      ? (c.catalog[e.database]?.logChain?.lsn ?? null)
      : null,
  });
  if (reasons.length > 0) return refused(c, reasons);
  // A manual join supersedes an automatic seeding still waiting for its turn or its grant.
  let next = cancelSeeding(c, cfg.name, e.database);
  next = updateCopy(next, cfg.name, e.database, (x) =>
    withCopy(x, { received: x.hardened, redone: x.hardened }),
  );
  const joined = joinAndStartDataMovement(next, cfg.name, e.database, { type: 'db.join' });
  return accepted(joined.cluster, joined.observations);
};

/** ALTER DATABASE db SET HADR OFF, on a secondary: the copy goes back to RESTORING (S50). */
export const leaveDatabase = (c: Cluster, e: EventOf<'db.leave'>): StepResult => {
  const cfg = replicaConfigOf(c, e.replica);
  if (cfg === undefined) return unknownReplica(c, e.replica);
  const r = findReplica(c, cfg.name);
  const copy = r?.databases[e.database];
  const reasons = [
    ...(r === undefined
      ? [lifecycleReason('REPLICA_NOT_JOINED', `${cfg.name} has not joined ${c.config.name}`)]
      : []),
    ...(r !== undefined && !isReplicaUp(r)
      ? [lifecycleReason('REPLICA_DOWN', `${cfg.name} is not running`)]
      : []),
    ...(primaryReplica(c)?.name === cfg.name
      ? [
          lifecycleReason(
            'IS_PRIMARY_REPLICA',
            `${cfg.name} is the primary: remove ${e.database} from the group with REMOVE DATABASE`,
          ),
        ]
      : []),
    ...(r !== undefined && (copy === undefined || copyPhase(copy) !== 'JOINED')
      ? [lifecycleReason('DATABASE_NOT_JOINED', `${e.database} is not joined on ${cfg.name}`)]
      : []),
  ];
  if (reasons.length > 0) return refused(c, reasons);
  let next = sendCopy(c, cfg.name, e.database, { type: 'db.leave' });
  next = updateCopy(next, cfg.name, e.database, (x) =>
    withCopy(x, { received: x.hardened, redone: x.hardened, suspendedOnPrimary: false }),
  );
  return accepted(next, [
    {
      type: 'note',
      reason: lifecycleReason(
        'DATABASE_LEFT_GROUP',
        `${e.database} on ${cfg.name} left the group and is RESTORING: more log backups can be restored before it joins again`,
      ),
    },
  ]);
};
