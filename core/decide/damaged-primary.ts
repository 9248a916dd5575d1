import type { FailoverVerdict } from '../failover/failover.js';
import type { ClusterFacts } from '../model/facts.js';
import { type Reason, reason, source } from '../model/source.js';
import { sameNameAs } from '../rules/facts-access.js';
import { NOT_RECOVERED } from './resume-not-recovered.js';

const FAIL_OVER_FIRST = source(
  'S102',
  'More information: Msg 35240 on the primary; Resolution when the database is in the secondary role: "a failover must first occur"',
);

/** The primary's joined copies that have not been recovered (RECOVERY_PENDING, SUSPECT). */
const damagedOnPrimary = (facts: ClusterFacts): readonly string[] => {
  const primary = facts.primary;
  if (primary === null) return [];
  const isPrimary = sameNameAs(primary);
  const out: string[] = [];
  for (const row of facts.databaseReplicas) {
    const state = row.databaseState;
    if (!isPrimary(row.replica) || row.isJoined === false) continue;
    if (state !== null && state !== undefined && NOT_RECOVERED.has(state))
      out.push(`${row.database} (${state})`);
  }
  return out;
};

/**
 * KB2857849 (S102): a primary's availability database left RECOVERY_PENDING or SUSPECT cannot be
 * reached by clients, dropped (Msg 3752), restored (Msg 3104) or taken out of the group on the
 * primary (Msg 35240); "These steps assume that the primary replica first hosts the damaged
 * database. Therefore, a failover must first occur to transition the replica that's hosting the
 * damaged database into a secondary role", then REMOVE REPLICA on the new primary, resolve, add
 * it back. The reason rides on a planned failover that is allowed or whose verdict the snapshot
 * leaves unknown; a refused one is not offered for it.
 */
export const damagedPrimaryFailover = (
  facts: ClusterFacts,
  target: string,
  planned: Pick<FailoverVerdict, 'allowed' | 'status' | 'reasons'>,
): readonly Reason[] => {
  const damaged = damagedOnPrimary(facts);
  const primary = facts.primary;
  if (damaged.length === 0 || primary === null || planned.status === 'refused') return [];
  const some = damaged.length === 1 ? 'it' : 'they';
  return [
    reason(
      'FAIL_OVER_FROM_DAMAGED_PRIMARY',
      `${damaged.join(', ')} on the primary ${primary} ${damaged.length === 1 ? 'has' : 'have'} not been recovered: clients cannot reach ${damaged.length === 1 ? 'it' : 'them'}, and on the primary ${some} can be neither dropped (Msg 3752), restored (Msg 3104) nor taken out of the group (ALTER DATABASE … SET HADR OFF: Msg 35240, "not supported on the primary replica"). The documented resolution fails the group over first, here to ${target}${planned.allowed ? '' : ' if its databases are failover ready'}, so that ${primary} holds the damaged copy as a secondary; then, on the new primary ${target}, ALTER AVAILABILITY GROUP ${facts.config.name} REMOVE REPLICA ON '${primary}', resolve what made the database fail on ${primary} (its error log: a missing or inaccessible file, no disk space, a failed recovery), and add the replica back`,
      FAIL_OVER_FIRST,
    ),
  ];
};
