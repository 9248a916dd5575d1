import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import {
  databaseReplicaFacts,
  primaryConfig,
  replicaFacts,
  sameName,
} from '../rules/facts-access.js';

const THROTTLE_RULE = source(
  'S196',
  'Types of waits: HADR_SYNCHRONIZING_THROTTLE, "Waiting for transaction commit processing to allow a synchronizing secondary database to catch up to the primary end of log in order to transition to the synchronized state"',
);

/**
 * The synchronous-commit secondaries catching up on `database`: connected (or not shown
 * otherwise), not suspended, joined and SYNCHRONIZING under a synchronous-commit primary. Only
 * these move on to SYNCHRONIZED (an asynchronous primary or secondary never does, R-SYNC-2).
 */
const catchingUp = (facts: ClusterFacts, database: string): readonly string[] => {
  const primary = primaryConfig(facts);
  if (primary === undefined || primary.availabilityMode !== 'SYNCHRONOUS_COMMIT') return [];
  return facts.config.replicas
    .filter((rep) => {
      if (sameName(rep.name, primary.name) || rep.availabilityMode !== 'SYNCHRONOUS_COMMIT')
        return false;
      const rf = replicaFacts(facts, rep.name);
      const row = databaseReplicaFacts(facts, rep.name, database);
      return (
        rf !== undefined &&
        rf.role !== 'PRIMARY' &&
        rf.connectedState !== 'DISCONNECTED' &&
        row !== undefined &&
        row.isSuspended !== true &&
        row.isJoined !== false &&
        row.synchronizationState === 'SYNCHRONIZING'
      );
    })
    .map((rep) => rep.name);
};

/**
 * Beside an acknowledged commit: SQL Server may hold commit processing while a synchronous-commit
 * secondary catches up (S196, HADR_SYNCHRONIZING_THROTTLE), though the commit does not wait for
 * that secondary to harden it (R-COMMIT-1). SQLShack (S197) sees it "when either replica comes
 * online" after an outage. How long it holds is not documented, so none is given.
 */
export const catchUpThrottle = (facts: ClusterFacts, database: string): readonly Reason[] => {
  const names = catchingUp(facts, database);
  if (names.length === 0) return [];
  const who = names.join(', ');
  const one = names.length === 1;
  return [
    reason(
      'COMMIT_THROTTLED_WHILE_CATCHING_UP',
      `${who} ${one ? 'is a synchronous-commit secondary' : 'are synchronous-commit secondaries'} catching up on ${database} (SYNCHRONIZING): SQL Server may hold commit processing on the primary to let ${one ? 'it' : 'them'} reach the primary's end of log and become SYNCHRONIZED (wait type HADR_SYNCHRONIZING_THROTTLE), so a commit can be delayed though it does not wait for ${who} to harden it; seen in sys.dm_os_wait_stats and sys.dm_exec_requests.wait_type on the primary`,
      THROTTLE_RULE,
    ),
  ];
};
