import type { Replica } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';

/**
 * Whose SESSION_TIMEOUT bounds a commit's wait for a silent synchronous secondary: the primary's.
 * 'Availability modes' (S1): the primary waits "unless the secondary replica fails to ping the
 * primary replica within the primary's session-timeout period"; "If primary's session-timeout
 * period is exceeded by a secondary replica, the primary replica temporarily shifts into
 * asynchronous-commit mode for that secondary replica". SESSION_TIMEOUT is set per replica
 * (S109), so where the replicas that can be primary with a synchronous secondary set different
 * values, the period changes with the primary; said once, naming each value.
 */
export const SESSION_TIMEOUT_RULE = source(
  'S1',
  "Synchronous-commit mode: within the primary's session-timeout period",
);

export const sessionTimeoutPerPrimary = (dataReplicas: readonly Replica[]): readonly Reason[] => {
  const sync = dataReplicas.filter((r) => r.availabilityMode === 'SYNCHRONOUS_COMMIT');
  // A synchronous replica waits for a secondary only while another synchronous replica exists.
  const primaries = sync.length > 1 ? sync : [];
  const values = new Set(primaries.map((r) => r.sessionTimeout));
  if (values.size < 2) return [];
  const each = primaries.map((r) => `${r.name} ${r.sessionTimeout} s`).join(', ');
  return [
    reason(
      'SESSION_TIMEOUT_DEPENDS_ON_PRIMARY',
      `SESSION_TIMEOUT differs between the replicas that can be primary with a synchronous secondary (${each}): a commit waits for a synchronous secondary that stops answering until the primary's own session-timeout period passes without a ping, so the wait is that of whichever replica is primary: for this wait a replica's value counts while it is primary`,
      SESSION_TIMEOUT_RULE,
    ),
  ];
};
