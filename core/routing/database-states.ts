import type { DatabaseState } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { databaseReplicaFacts } from '../rules/facts-access.js';

/** Database states in which "The database is unavailable" (S80); EMERGENCY admits sysadmins. */
export const UNAVAILABLE_STATES: readonly DatabaseState[] = [
  'RECOVERING',
  'RECOVERY_PENDING',
  'SUSPECT',
  'OFFLINE',
];

/** The copy's database_state_desc when it is one of the unavailable states, else null. */
export const unavailableState = (
  facts: ClusterFacts,
  replica: string,
  database: string,
): DatabaseState | null => {
  const state = databaseReplicaFacts(facts, replica, database)?.databaseState ?? null;
  return state !== null && UNAVAILABLE_STATES.includes(state) ? state : null;
};
