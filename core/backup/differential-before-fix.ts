import type { Config } from '../model/config.js';
import type { Reason } from '../model/source.js';
import {
  atOrAfter,
  BUILD_SETTLED_BY,
  BUILDS,
  type DocumentedBuild,
  describeBuild,
} from '../validation/builds.js';
import { describeRelease, type Release } from '../validation/limits.js';
import { backupUnknown, backupReason as because } from './codes.js';

/**
 * KB4551221 (S167): on SQL Server 2017 and 2019, BACKUP DATABASE … WITH DIFFERENTIAL on a
 * secondary replica was not refused; it printed "BACKUP DATABASE WITH DIFFERENTIAL successfully
 * processed {X} pages in {Y} seconds", though "Differential backups are not supported for
 * secondary replicas". "After you apply this fix, the correct error message is displayed: Msg
 * 3059". The fix is in the lists of 2017 CU 20 and 2019 CU 6 (S60); no other version is named,
 * so every other one refuses it.
 */
const fixOf = (release: Release): DocumentedBuild | null =>
  release.version === 2017
    ? BUILDS.SQL2017_CU20
    : release.version === 2019
      ? BUILDS.SQL2019_CU6
      : null;

/**
 * Reasons that make a take worth a word: the backup ran where SQL Server documents it as not
 * supported, so a report that shows only "take" would mislead.
 */
export const UNSUPPORTED_TAKE_CODES: ReadonlySet<string> = new Set([
  'BACKUP_JOB_DIFFERENTIAL_BEFORE_FIX',
]);

/**
 * Why BACKUP … WITH DIFFERENTIAL on the secondary `name` is not known to fail with Msg 3059: a
 * build before the fix, where SQL Server reports success, or an unknown reason (settledBy) where
 * only the major version is known. Null where the refusal is certain: a fixed build, another
 * version, a basic group (S41: no backups on its secondary at all).
 */
export const differentialOnSecondaryBeforeFix = (
  config: Config,
  database: string,
  name: string,
): Reason | null => {
  const fix = fixOf(config);
  if (config.kind === 'BASIC' || fix === null) return null;
  const fixed = atOrAfter(config, fix);
  if (fixed === true) return null;
  if (fixed === false)
    return because(
      'BACKUP_JOB_DIFFERENTIAL_BEFORE_FIX',
      `${describeRelease(config)} predates KB4551221, fixed in ${describeBuild(fix)}: BACKUP DATABASE ${database} WITH DIFFERENTIAL on the secondary ${name} is not refused and reports "BACKUP DATABASE WITH DIFFERENTIAL successfully processed … pages", though differential backups are not supported on a secondary replica; from the fix it fails with Msg 3059`,
    );
  return backupUnknown(
    'BACKUP_JOB_DIFFERENTIAL_BUILD_UNKNOWN',
    `whether BACKUP DATABASE ${database} WITH DIFFERENTIAL on the secondary ${name} fails with Msg 3059 or reports success: it fails from ${describeBuild(fix)} on (KB4551221) and reports success before; only the major version (${config.version}) is known`,
    BUILD_SETTLED_BY,
  );
};
