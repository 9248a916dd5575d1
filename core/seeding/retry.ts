import { type Reason, unknownReason } from '../model/source.js';
import { SEEDING_FAILURE, SEEDING_REASONS } from './seeding.js';

/**
 * After an automatic seeding fails, SQL Server writes one of two messages ('Database engine
 * events and errors (19000 to 20999)', S66): Msg 19494, "Automatic seeding of availability
 * database '%ls' in availability group '%.*ls' failed with a transient error. The operation will
 * be retried.", or Msg 19495, "... failed with an unrecoverable error. Correct the problem, then
 * issue an ALTER AVAILABILITY GROUP command to set SEEDING_MODE = AUTOMATIC on the replica to
 * restart seeding." No document says which failure_state is transient, so whether SQL Server
 * starts the seeding again by itself is unknown; the log line, or a later attempt in
 * sys.dm_hadr_automatic_seeding, settles it.
 */
export const serverRetryUnknown = (
  group: string,
  database: string,
  replica: string,
  primary: string,
  then = '',
): Reason =>
  unknownReason(
    'SEEDING_RETRY_BY_SERVER_UNKNOWN',
    `whether SQL Server starts the seeding of ${database} to ${replica} again by itself is not known: after a failed seeding it logs either Msg 19494 "Automatic seeding of availability database '${database}' in availability group '${group}' failed with a transient error. The operation will be retried." or Msg 19495 "... failed with an unrecoverable error. Correct the problem, then issue an ALTER AVAILABILITY GROUP command to set SEEDING_MODE = AUTOMATIC on the replica to restart seeding.", and no document says which failures are transient${then}`,
    SEEDING_REASONS.SEEDING_RETRY_BY_SERVER_UNKNOWN,
    [
      `the SQL Server Logs of ${primary} and ${replica} (Msg 19494 or 19495 for ${database})`,
      `sys.dm_hadr_automatic_seeding: a later attempt of ${database} to ${replica} (start_time, number_of_attempts)`,
    ],
  );

/**
 * Not asked for a seeding the user cancelled (1: SEEDING_MODE = MANUAL "cancels any seeding in
 * progress", S19) nor one a change of primary ended (5: the model's decision in docs/seeding.md,
 * a new primary seeds the databases added on it); an unknown code may be either, so it is asked.
 */
export const mayBeRetriedByServer = (failureState: number | null): boolean =>
  failureState === null ||
  (failureState % 100 !== SEEDING_FAILURE.USER_CANCELLATION &&
    failureState % 100 !== SEEDING_FAILURE.PRIMARY_FAILURE);
