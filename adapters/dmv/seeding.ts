import * as E from 'fp-ts/lib/Either.js';
import type { SeedingAttemptSeen, SeedingSeen, SeedingStreamSeen } from '../../core/model/facts.js';
import { hostLabel, machineOf } from '../../core/routing/routing-url.js';
import { sameName } from '../../core/rules/facts-access.js';
import { datetime } from './cells.js';
import type { AUTOMATIC_SEEDING_COLUMNS, PHYSICAL_SEEDING_COLUMNS, RowOf } from './columns.js';
import type { Decoded } from './rows.js';

/**
 * The two seeding views of a snapshot, per copy (docs/dmv-snapshot.md, "Automatic seeding").
 * sys.dm_hadr_automatic_seeding "is populated on the primary replica and all secondary replicas"
 * (SEED001): each instance shows the attempts it took part in, is_source 1 on the primary that
 * seeded and 0 on the secondary seeded (S20). So the views show a secondary's copy only in a
 * snapshot taken on the primary or on that secondary; elsewhere the copy gets nothing from them.
 */

type AttemptRow = Decoded<RowOf<typeof AUTOMATIC_SEEDING_COLUMNS>>;
type StreamRow = Decoded<RowOf<typeof PHYSICAL_SEEDING_COLUMNS>>;

export interface SeedingViews {
  /** undefined: the view is not in the snapshot. */
  readonly attempts: readonly AttemptRow[] | undefined;
  readonly streams: readonly StreamRow[] | undefined;
  readonly groupId: string;
  readonly localReplica: string | null;
  readonly localIsPrimary: boolean;
  readonly replicaIds: ReadonlyMap<string, string>;
  readonly origin: (d: Decoded<unknown>, view: string) => string | undefined;
}

/** Milliseconds of a datetime as written, for ordering only; null when it does not read. */
const timeOf = (written: string | null | undefined): number | null => {
  if (written == null) return null;
  const read = datetime({ kind: 'string', text: written });
  return E.isRight(read) ? read.right : null;
};

/** The row started last (start_time), the last one listed among equals or unreadable times. */
const latest = <R extends Decoded<unknown>>(
  rows: readonly R[],
  start: (r: R) => string | null | undefined,
): R | undefined =>
  rows.reduce<R | undefined>((best, r) => {
    if (best === undefined) return r;
    const a = timeOf(start(best));
    const b = timeOf(start(r));
    return a !== null && b !== null && b < a ? best : r;
  }, undefined);

/** remote_machine_name is the machine: the host of HOST\INSTANCE, maybe fully qualified. */
const machineMatches = (machine: string, replica: string): boolean => {
  const m = machine.trim().toLowerCase();
  return m === replica.toLowerCase() || hostLabel(m) === machineOf(replica);
};

const attemptOf = (
  rows: readonly AttemptRow[],
  origin: SeedingViews['origin'],
): SeedingAttemptSeen | null => {
  const last = latest(rows, (r) => r.value.start_time);
  if (last === undefined) return null;
  const v = last.value;
  const at = origin(last, 'sys.dm_hadr_automatic_seeding');
  return {
    currentState: v.current_state,
    ongoing: v.completion_time === undefined ? null : v.completion_time === null,
    failureState: v.failure_state ?? null,
    failureStateDesc: v.failure_state_desc ?? null,
    performedSeeding: v.performed_seeding ?? null,
    numberOfAttempts: v.number_of_attempts ?? null,
    startTime: v.start_time ?? null,
    completionTime: v.completion_time ?? null,
    anyCompleted: rows.some((r) => r.value.current_state?.trim().toUpperCase() === 'COMPLETED'),
    ...(at === undefined ? {} : { origin: at }),
    ...(v.error_code === undefined || v.error_code === null ? {} : { errorCode: v.error_code }),
  };
};

const streamOf = (
  rows: readonly StreamRow[],
  origin: SeedingViews['origin'],
): SeedingStreamSeen | null => {
  const last = latest(rows, (r) => r.value.start_time_utc);
  if (last === undefined) return null;
  const v = last.value;
  const at = origin(last, 'sys.dm_hadr_physical_seeding_stats');
  return {
    roleDesc: v.role_desc,
    internalStateDesc: v.internal_state_desc ?? null,
    transferredSizeBytes: v.transferred_size_bytes ?? null,
    databaseSizeBytes: v.database_size_bytes ?? null,
    transferRateBytesPerSecond: v.transfer_rate_bytes_per_second ?? null,
    flowing: v.end_time_utc === undefined ? null : v.end_time_utc === null,
    estimateTimeCompleteUtc: v.estimate_time_complete_utc ?? null,
    failureMessage: v.failure_message ?? null,
    ...(at === undefined ? {} : { origin: at }),
  };
};

/** What the views show of `database` (group_database_id `databaseId`) on `replica`; undefined where they cannot show it. */
export const seedingSeen = (
  views: SeedingViews,
  replica: string,
  database: string,
  databaseId: string,
): SeedingSeen | undefined => {
  const { attempts, streams, localReplica } = views;
  if ((attempts === undefined && streams === undefined) || localReplica === null) return undefined;
  const own = sameName(replica, localReplica);
  if (own === views.localIsPrimary) return undefined;
  const replicaId = views.replicaIds.get(replica.toLowerCase());
  const attemptRows = (attempts ?? []).filter(
    ({ value: v }) =>
      v.ag_db_id === databaseId &&
      (v.ag_id === undefined || v.ag_id === views.groupId) &&
      (own ? v.is_source === false : v.is_source === true && v.ag_remote_replica_id === replicaId),
  );
  const streamRows = (streams ?? []).filter(({ value: v }) => {
    if (v.local_database_name.toLowerCase() !== database.toLowerCase()) return false;
    const role = v.role_desc.trim().toLowerCase();
    return own
      ? role === 'destination' || role === 'forwarderdestination'
      : (role === 'source' || role === 'forwarder') &&
          machineMatches(v.remote_machine_name, replica);
  });
  return {
    automaticSeedingRead: attempts !== undefined,
    physicalSeedingStatsRead: streams !== undefined,
    attempt: attemptOf(attemptRows, views.origin),
    stream: streamOf(streamRows, views.origin),
  };
};
