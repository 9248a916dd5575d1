import type { ClusterFacts } from '../model/facts.js';
import { reason, source } from '../model/source.js';
import { replicaFacts, sameName, sameNameAs } from '../rules/facts-access.js';
import { atOrAfter, BUILDS, type DocumentedBuild, describeBuild } from '../validation/builds.js';
import type { RecommendedAction } from './recommended-action.js';

/**
 * KB3033492 (S291): after SQL Server 2014 CU 5, or 2012 SP2 CU 3 or CU 4, "the secondary replicas
 * are reported as NOT SYNCHRONIZING" on the server now hosting the primary, blocked behind a
 * DB_STARTUP session; "the recommended approach" is to disable automatic failover, restart the
 * instance acting as primary, and enable it again. The fix was rolled up into 2014 CU 6 and
 * 2012 SP2 CU 5; the builds are those of the version history (S292, `BUILDS`): affected from the
 * update that brought it up to the one its fix was rolled up into.
 */
const AFFECTED: readonly { readonly from: DocumentedBuild; readonly fixedIn: DocumentedBuild }[] = [
  { from: BUILDS.SQL2014_CU5, fixedIn: BUILDS.SQL2014_CU6 },
  { from: BUILDS.SQL2012_SP2_CU3, fixedIn: BUILDS.SQL2012_SP2_CU5 },
];

const affectedBuild = (facts: ClusterFacts) => {
  const productVersion = facts.productVersion;
  if (productVersion == null) return null;
  return (
    AFFECTED.find(
      ({ from, fixedIn }) =>
        facts.config.version === from.version &&
        atOrAfter({ version: from.version, cumulativeUpdate: null, productVersion }, from) ===
          true &&
        atOrAfter({ version: from.version, cumulativeUpdate: null, productVersion }, fixedIn) ===
          false,
    ) ?? null
  );
};

const WORKAROUND = source(
  'S291',
  'KB3033492 and the SQL Server release services blog: disable automatic failover, restart the instance acting as primary, re-enable automatic failover',
);

/**
 * On the primary's own snapshot (its build is SERVERPROPERTY('ProductVersion') there), a build of
 * the affected range and secondary copies NOT SYNCHRONIZING while their replica is CONNECTED and
 * the copy is not suspended (a suspended copy is resumed, not restarted around).
 */
export const restartPrimaryAfterKb3033492 = (facts: ClusterFacts): readonly RecommendedAction[] => {
  const primary = facts.primary;
  if (primary === null || facts.localReplica == null || !sameName(facts.localReplica, primary))
    return [];
  const build = affectedBuild(facts);
  if (build === null) return [];
  const isPrimary = sameNameAs(primary);
  const stalled = facts.databaseReplicas.filter(
    (d) =>
      !isPrimary(d.replica) &&
      d.synchronizationState === 'NOT SYNCHRONIZING' &&
      d.isSuspended !== true &&
      d.isJoined !== false &&
      replicaFacts(facts, d.replica)?.connectedState === 'CONNECTED',
  );
  if (stalled.length === 0) return [];
  const copies = stalled.map((d) => `${d.database} on ${d.replica}`).join(', ');
  const automatic = facts.config.replicas
    .filter((r) => r.failoverMode === 'AUTOMATIC')
    .map((r) => r.name);
  const steps =
    automatic.length === 0
      ? `restart the instance of SQL Server of the primary ${primary}`
      : `set FAILOVER_MODE = MANUAL on ${automatic.join(' and ')}, restart the instance of SQL Server of the primary ${primary}, then set FAILOVER_MODE = AUTOMATIC again`;
  return [
    {
      event: { type: 'replica.restart', replica: primary },
      why: [
        reason(
          'RESTART_PRIMARY_KB3033492',
          `the primary ${primary} runs ${facts.productVersion}, from ${describeBuild(build.from)} and before ${describeBuild(build.fixedIn)}, and ${copies} ${stalled.length === 1 ? 'is' : 'are'} NOT SYNCHRONIZING on a connected secondary without being suspended: on these builds "the secondary replicas are reported as NOT SYNCHRONIZING" with "lock blocking between users sessions and a session whose command is reported as 'DB_STARTUP'" (KB3033492, "not a systematic problem"; sys.dm_exec_requests shows it); the recommended approach is to ${steps}, and ${build.fixedIn.name} and later have the fix`,
          WORKAROUND,
        ),
      ],
    },
  ];
};
