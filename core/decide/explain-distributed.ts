import { DISTRIBUTED_RULES as R } from '../distributed/rules.js';
import type { Config } from '../model/config.js';
import { type Reason, reason, unknownReason } from '../model/source.js';
import { atOrAfter, BUILD_SETTLED_BY, BUILDS, describeBuild } from '../validation/builds.js';
import { parseLinkUrl } from '../validation/urls.js';
import { judgeConfig } from '../validation/validate.js';
import type { Explanation, PairForms } from './explain.js';

/**
 * What a distributed availability group's configuration guarantees (S43, S58): its "replicas" are
 * its two member groups, failover between them is manual and forced only, and it loses nothing
 * only when both sides commit synchronously and the documented steps are followed.
 * `unsettledMembers` names the members whose mode the input leaves unknown (all of them, when an
 * unknown is given without it); a member known to be asynchronous settles the answer regardless.
 */
export const explainDistributed = (
  config: Config,
  unsettled: readonly Reason[] = [],
  unsettledMembers?: readonly string[],
): Explanation => {
  const members = config.members;
  // A MODIFY … AVAILABILITY_MODE whose side the input does not say leaves those members' modes unknown.
  const sideUnknown = unsettled.filter((r) => r.code === 'DISTRIBUTED_MODIFY_SIDE_UNKNOWN');
  const open = new Set(
    sideUnknown.length === 0
      ? []
      : (unsettledMembers ?? members.map((m) => m.name)).map((n) => n.toLowerCase()),
  );
  const asynchronous = members
    .filter((m) => m.availabilityMode !== 'SYNCHRONOUS_COMMIT' && !open.has(m.name.toLowerCase()))
    .map((m) => m.name);
  const bothSynchronous = members.length > 0 && asynchronous.length === 0;
  // One side known to be asynchronous keeps the link asynchronous whatever the unknown side does.
  const modesUnknown = asynchronous.length > 0 ? [] : sideUnknown;
  const linked = members.some((m) => parseLinkUrl(m.listenerUrl) !== undefined);
  const pairs: PairForms[] = members.flatMap((from) =>
    members
      .filter((to) => to.name !== from.name)
      .map((to) =>
        linked
          ? linkPair(config, from.name, to.name)
          : {
              primary: from.name,
              target: to.name,
              forms: ['forced'] as const,
              reasons: [
                reason(
                  'DISTRIBUTED_FORCED_ONLY',
                  `from ${from.name} to ${to.name}: only FORCE_FAILOVER_ALLOW_DATA_LOSS, run on ${to.name}'s primary (the forwarder) after the global primary is set to SECONDARY`,
                  R.forceOnly,
                ),
              ],
            },
      ),
  );
  const dataLoss: Reason[] =
    modesUnknown.length > 0
      ? modesUnknown
      : [
          bothSynchronous
            ? reason(
                'DISTRIBUTED_NO_LOSS_WHEN_SYNCHRONIZED',
                `both member groups have AVAILABILITY_MODE = SYNCHRONOUS_COMMIT: a failover done as documented (SYNCHRONIZED, the same last_hardened_lsn on both sides, the global primary demoted first) loses nothing`,
                R.synchronizedEqualLsn,
              )
            : linked
              ? linkAsynchronous(config, asynchronous)
              : reason(
                  'DISTRIBUTED_ASYNCHRONOUS_LOSS',
                  `${asynchronous.join(', ')} ${asynchronous.length === 1 ? 'has' : 'have'} ASYNCHRONOUS_COMMIT: the groups never become SYNCHRONIZED, and a failover now loses what the forwarder has not hardened; set SYNCHRONOUS_COMMIT on both sides first (step 1)`,
                  R.synchronousBothSides,
                ),
        ];
  const commits: Reason[] = [
    reason(
      'DISTRIBUTED_ONE_WRITABLE',
      `only the global primary's group takes writes; the other group's primary (the forwarder) is read-only and forwards the log to its secondaries`,
      R.oneWritable,
    ),
    ...(modesUnknown.length > 0
      ? modesUnknown
      : bothSynchronous
        ? [
            reason(
              'DISTRIBUTED_COMMITS_WAIT_FOR_FORWARDER',
              'with SYNCHRONOUS_COMMIT on both sides, a commit on the global primary also waits for the forwarder and its synchronous copies while they are SYNCHRONIZED',
              R.waitAllSynchronousCopies,
            ),
          ]
        : []),
  ];
  const judged = judgeConfig(config);
  return {
    violations: judged.violations,
    // The side a MODIFY runs on is said where it matters (pairs, commits), not again here.
    unknown: [...judged.unknown, ...unsettled.filter((x) => !sideUnknown.includes(x))],
    pairs,
    automaticFailover: [
      reason(
        'DISTRIBUTED_MANUAL_ONLY',
        'a distributed availability group fails over between its groups only manually: no automatic failover, whatever each member group does inside itself',
        R.manualOnly,
      ),
    ],
    dataLoss,
    commits,
  };
};

/**
 * An asynchronous link is not S58's pair of SQL Server groups, each switched on its own side:
 * "Fail over link" (S104) switches it "to synchronous mode on SQL Server" (one MODIFY naming both
 * members) before a failover from SQL Server to the managed instance, and says "Skip this step if
 * you're failing over from SQL Managed Instance to SQL Server 2022".
 */
const linkAsynchronous = (config: Config, asynchronous: readonly string[]): Reason => {
  const mi = config.members.find((m) => parseLinkUrl(m.listenerUrl) !== undefined)?.name ?? '';
  const sql = config.members.filter((m) => m.name !== mi).map((m) => m.name);
  const back =
    config.version >= 2022 ? `; failing over from ${mi} to SQL Server 2022 skips that step` : '';
  return reason(
    'LINK_ASYNCHRONOUS_LOSS',
    `the Managed Instance link ${config.name} replicates asynchronously (${asynchronous.join(', ')} ASYNCHRONOUS_COMMIT): before failing over from SQL Server (${sql.join(', ')}) to ${mi}, switch the link to synchronous mode on SQL Server, with one ALTER AVAILABILITY GROUP [${config.name}] MODIFY AVAILABILITY GROUP ON naming both members, and wait until the last_hardened_lsn matches on both sides${back}; a forced failover, or a link broken before the LSNs match, may lose data`,
    R.linkSynchronousBeforeFailover,
  );
};

/**
 * A Managed Instance link (a member's LISTENER_URL in the link form, S83) fails over as "Fail over
 * link" (S104) says: "To perform a planned failover for a link, use the following T-SQL command on
 * the primary replica: ALTER AVAILABILITY GROUP [<DAGname>] FAILOVER" (from SQL Server 2022 CU13,
 * KB5036432), a forced one with FORCE_FAILOVER_ALLOW_DATA_LOSS "on the secondary replica"; and
 * "Failing over a database in SQL Server 2019 and earlier versions breaks and removes the link
 * between the two replicas. You can't fail back to the initial primary."
 */
const linkPair = (config: Config, from: string, to: string): PairForms => {
  const dag = config.name;
  if (config.version < 2022)
    return {
      primary: from,
      target: to,
      forms: [],
      reasons: [
        reason(
          'LINK_FAILOVER_BREAKS_LINK',
          `${dag} is a Managed Instance link on SQL Server ${config.version}: failing over from ${from} to ${to} breaks and removes the link, and there is no failing back`,
          R.linkFailoverForms,
        ),
      ],
    };
  const forced = reason(
    'LINK_FORCED_FAILOVER',
    `from ${from} to ${to}: ALTER AVAILABILITY GROUP [${dag}] FORCE_FAILOVER_ALLOW_DATA_LOSS on ${to}'s side (the secondary), with possible data loss`,
    R.linkFailoverForms,
  );
  const cu13 = BUILDS.SQL2022_CU13;
  const planned = atOrAfter(config, cu13);
  if (planned === true)
    return {
      primary: from,
      target: to,
      forms: ['planned', 'forced'],
      reasons: [
        reason(
          'LINK_PLANNED_FAILOVER',
          `from ${from} to ${to}: a Managed Instance link fails over planned with ALTER AVAILABILITY GROUP [${dag}] FAILOVER on ${from}'s side (the primary), from ${describeBuild(cu13)}`,
          R.linkFailoverForms,
        ),
        forced,
      ],
    };
  return {
    primary: from,
    target: to,
    forms: ['forced'],
    reasons: [
      planned === 'unknown'
        ? unknownReason(
            'LINK_PLANNED_FAILOVER_BUILD_UNKNOWN',
            `from ${from} to ${to}: a Managed Instance link fails over planned with FAILOVER on the primary from ${describeBuild(cu13)}, and only the major version is known`,
            R.linkFailoverForms,
            BUILD_SETTLED_BY,
          )
        : reason(
            'LINK_PLANNED_FAILOVER_BEFORE_CU13',
            `from ${from} to ${to}: a planned failover of a Managed Instance link in T-SQL needs ${describeBuild(cu13)}; this build is older`,
            R.linkFailoverForms,
          ),
      forced,
    ],
  };
};
