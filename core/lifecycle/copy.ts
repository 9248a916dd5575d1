import { position } from '../cluster/ops.js';
import type { CatalogDatabase, DatabaseCopy } from '../cluster/types.js';
import { INITIAL } from '../kernel/machines.js';
import type { RecoveryModel } from '../model/enums.js';
import type { LogPosition } from '../model/facts.js';
import { type RuleSource, source } from '../model/source.js';

/** New copies and catalog entries, with the documented defaults of docs/seeding.md. */

/** A copy that does not exist yet (ABSENT), its positions at `at`. */
export const blankCopy = (at: LogPosition): DatabaseCopy => ({
  machine: INITIAL.databaseReplica,
  received: at,
  hardened: at,
  redone: at,
  failoverReady: false,
  suspendedOnPrimary: false,
  seeding: INITIAL.seeding,
});

/** What a scenario may say about a database of the primary's instance; every field is optional. */
export interface CatalogSettings {
  readonly recoveryModel?: RecoveryModel;
  readonly readOnly?: boolean;
  readonly online?: boolean;
  readonly sizeBytes?: number;
  readonly hasFullBackup?: boolean;
  /** The paths of the database's data and log files on the instance that holds it. */
  readonly files?: readonly string[];
}

const def = <A>(value: A, rule: RuleSource) => ({ value, rule });

/** The defaults of a catalog entry, each with its source. */
export const CATALOG_DEFAULTS = {
  recoveryModel: def(
    'FULL' as RecoveryModel,
    source('S5', 'Availability database prerequisites: the FULL recovery model'),
  ),
  readOnly: def(false, source('SEED003', 'Availability Databases: a read-write database')),
  online: def(true, source('SEED003', 'Availability Databases: an online database')),
  sizeBytes: def(
    10 ** 9,
    source('MODEL', 'docs/seeding.md: a database of 1 GB (10^9 bytes) unless a scenario says'),
  ),
  hasFullBackupInGroup: def(
    true,
    source('S5', 'Availability database prerequisites: a database in the group had a full backup'),
  ),
  hasFullBackupOutside: def(
    false,
    source(
      'MODEL',
      'docs/seeding.md: a database outside the group has no full backup unless a scenario says',
    ),
  ),
  files: def(
    null as readonly string[] | null,
    source(
      'MODEL',
      'docs/seeding.md: <database>.mdf and <database>_log.ldf in the default data path of the instance',
    ),
  ),
} as const;

/**
 * A catalog entry for a database of `instance` whose log ends at `base`. A database already in the
 * group had its full backup at `base` (its log chain starts there); one outside has none unless
 * the settings say so.
 */
export const catalogEntry = (
  instance: string,
  base: bigint,
  inGroup: boolean,
  s: CatalogSettings = {},
): CatalogDatabase => {
  const hasFullBackup =
    s.hasFullBackup ??
    (inGroup ? CATALOG_DEFAULTS.hasFullBackupInGroup : CATALOG_DEFAULTS.hasFullBackupOutside).value;
  return {
    instance,
    recoveryModel: s.recoveryModel ?? CATALOG_DEFAULTS.recoveryModel.value,
    readOnly: s.readOnly ?? CATALOG_DEFAULTS.readOnly.value,
    online: s.online ?? CATALOG_DEFAULTS.online.value,
    sizeBytes: s.sizeBytes ?? CATALOG_DEFAULTS.sizeBytes.value,
    hasFullBackup,
    logChain: hasFullBackup ? position(0, base) : null,
    differentialBaseLsn: hasFullBackup ? base : null,
    truncatedLsn: base,
    end: position(0, base),
    files: s.files ?? CATALOG_DEFAULTS.files.value,
  };
};
