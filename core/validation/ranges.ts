import { type RuleSource, source } from '../model/source.js';

/**
 * The documented range of each numeric option, on its own: the configuration rules use them on
 * a whole group, and readers use them where a statement sets an option with no group around it
 * (ALTER AVAILABILITY GROUP … MODIFY REPLICA, ADD REPLICA, SET), so both say the same.
 */
export interface OptionRange {
  /** The T-SQL option. */
  readonly option: string;
  readonly holds: (value: number) => boolean;
  /** The accepted values, in words: "an integer from 0 to 100". */
  readonly expected: string;
  readonly rule: RuleSource;
}

/** R-CFG-7: BACKUP_PRIORITY is 0..100 (S3). */
export const BACKUP_PRIORITY_RANGE: OptionRange = {
  option: 'BACKUP_PRIORITY',
  holds: (v) => v >= 0 && v <= 100,
  expected: 'an integer from 0 (never back up here) to 100',
  rule: source('S3', 'BACKUP_PRIORITY = n'),
};

/** R-CFG-7: SESSION_TIMEOUT is at least 5 seconds (S3). */
export const SESSION_TIMEOUT_RANGE: OptionRange = {
  option: 'SESSION_TIMEOUT',
  holds: (v) => v >= 5,
  expected: 'at least 5 seconds',
  rule: source('S3', 'SESSION_TIMEOUT = integer'),
};

/** R-CFG-7: HEALTH_CHECK_TIMEOUT is 15000..4294967295 milliseconds (S3). */
export const HEALTH_CHECK_TIMEOUT_RANGE: OptionRange = {
  option: 'HEALTH_CHECK_TIMEOUT',
  holds: (v) => v >= 15000 && v <= 4294967295,
  expected: 'from 15000 to 4294967295 milliseconds',
  rule: source('S3', 'HEALTH_CHECK_TIMEOUT = milliseconds'),
};

/**
 * R-CFG-6: REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is at least 0 (S3); its upper bound, the
 * number of replicas minus one, needs the group (validate-group.ts).
 */
export const REQUIRED_SYNCHRONIZED_SECONDARIES_FLOOR: OptionRange = {
  option: 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT',
  holds: (v) => v >= 0,
  expected: 'an integer from 0 to the number of replicas minus one',
  rule: source('S3', 'REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT'),
};

/** The ranges by configuration key, as replica and group option patches name them. */
export const OPTION_RANGES: Readonly<Record<string, OptionRange>> = {
  backupPriority: BACKUP_PRIORITY_RANGE,
  sessionTimeout: SESSION_TIMEOUT_RANGE,
  healthCheckTimeout: HEALTH_CHECK_TIMEOUT_RANGE,
  requiredSynchronizedSecondariesToCommit: REQUIRED_SYNCHRONIZED_SECONDARIES_FLOOR,
};
