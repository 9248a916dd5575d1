import type { DatabaseState } from '../model/enums.js';

/** Database states in which "The database is unavailable" (S80); EMERGENCY admits sysadmins. */
export const UNAVAILABLE_STATES: readonly DatabaseState[] = [
  'RECOVERING',
  'RECOVERY_PENDING',
  'SUSPECT',
  'OFFLINE',
];
