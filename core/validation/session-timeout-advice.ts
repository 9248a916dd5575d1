import type { Config, Replica } from '../model/config.js';
import type { EventOf } from '../model/events.js';
import { type Reason, reason, source } from '../model/source.js';

/**
 * 'Change the session-timeout period for an availability replica' (S109), Recommendations: "We
 * recommend that you keep the time-out period at 10 seconds or greater. Setting the value to less
 * than 10 seconds creates the possibility of a heavily loaded system missing PINGs and declaring a
 * false failure." SQL Server takes 5 to 9 (the minimum is 5, S3), so this is advice, not a violation.
 */
export const RECOMMENDED_SESSION_TIMEOUT = 10;

export const sessionTimeoutBelowRecommended = (replica: Replica): Reason =>
  reason(
    'SESSION_TIMEOUT_BELOW_RECOMMENDED',
    `${replica.name} has SESSION_TIMEOUT = ${replica.sessionTimeout} s, below the ${RECOMMENDED_SESSION_TIMEOUT} s or more the documentation recommends: a heavily loaded system can miss pings for that long and declare a false failure, closing its session with the primary (or, while it is primary, with a secondary) as for a real failure: the secondary shows DISCONNECTED and, if it commits synchronously, NOT SYNCHRONIZED and no longer waited for by commits, until it reconnects and catches up`,
    source(
      'S109',
      'Recommendations: keep the time-out period at 10 seconds or greater; less creates the possibility of missing PINGs and declaring a false failure',
    ),
  );

export const sessionTimeoutsBelowRecommended = (replicas: readonly Replica[]): readonly Reason[] =>
  replicas
    .filter((r) => r.sessionTimeout < RECOMMENDED_SESSION_TIMEOUT)
    .map(sessionTimeoutBelowRecommended);

/** A MODIFY REPLICA that sets SESSION_TIMEOUT below the recommended 10 s runs, with the advice. */
export const shortSessionTimeoutSet = (
  config: Config,
  e: EventOf<'replica.modify'>,
): readonly Reason[] => {
  const seconds = e.options.sessionTimeout;
  if (seconds === undefined || seconds >= RECOMMENDED_SESSION_TIMEOUT) return [];
  const modified = config.replicas.find((r) => r.name.toLowerCase() === e.replica.toLowerCase());
  return modified === undefined ? [] : [sessionTimeoutBelowRecommended(modified)];
};
