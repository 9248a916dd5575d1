import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason } from '../model/source.js';
import { replicaFacts } from '../rules/facts-access.js';
import { backupUnknown, backupReason as because } from './codes.js';
import type { BackupPreferenceVerdict } from './preference.js';

/**
 * How the local instance's @@SERVERNAME differs from SERVERPROPERTY('ServerName'), where its own
 * snapshot shows both: by more than case (a renamed server), by case only, or not at all.
 */
export const serverNameMismatch = (facts: ClusterFacts, name: string): 'NAME' | 'CASE' | null => {
  const names = replicaFacts(facts, name)?.serverNames;
  if (names === undefined || names.atServerName === names.serverName) return null;
  return names.atServerName.toLowerCase() === names.serverName.toLowerCase() ? 'CASE' : 'NAME';
};

/**
 * Where @@SERVERNAME and SERVERPROPERTY('ServerName') differ, the function answers 0, "on all
 * replicas" where each differs (S113: Ola Hallengren's issue #651, "This could happen if the
 * server has been renamed"), whatever the preference: the replica is not preferred, and no other
 * takes its place. Names that differ in case only gave 0 on one instance and not on another
 * (issue #619: "It is the same in both our stage and prod server, but
 * sys.fn_hadr_backup_is_preferred_replica only works fine in stage"; dbatools issue #710 ties it
 * to a case-sensitive collation): where the group prefers the replica, its answer is unknown.
 */
export const withServerNames = (
  facts: ClusterFacts,
  v: BackupPreferenceVerdict,
): BackupPreferenceVerdict => {
  const names = replicaFacts(facts, v.replica)?.serverNames;
  const mismatch = serverNameMismatch(facts, v.replica);
  if (names === undefined || mismatch === null) return v;
  const differ = `on ${v.replica} @@SERVERNAME is '${names.atServerName}' and SERVERPROPERTY('ServerName') is '${names.serverName}'`;
  if (mismatch === 'CASE')
    return v.preferred
      ? {
          replica: v.replica,
          preferred: false,
          reasons: [
            backupUnknown(
              'BACKUP_SERVERNAME_CASE_UNKNOWN',
              `${differ}, which differ in case only: sys.fn_hadr_backup_is_preferred_replica has returned 0 there on one instance and worked on another, so whether it returns 1 on ${v.replica} is unknown; agstate does not prefer it on a guess`,
              [`SERVERPROPERTY('Collation') on ${v.replica}`],
            ),
            ...v.reasons,
          ],
        }
      : v;
  return {
    replica: v.replica,
    preferred: false,
    reasons: [
      because(
        'BACKUP_SERVERNAME_MISMATCH',
        `${differ}: sys.fn_hadr_backup_is_preferred_replica returns 0 there whatever the backup preference, and no other replica takes its place`,
      ),
      ...v.reasons.filter((r) => !isUnknownReason(r)),
    ],
  };
};
