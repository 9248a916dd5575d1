import type { Config } from '../model/config.js';
import { type Reason, reason, source } from '../model/source.js';

/** The form of a failover statement: FAILOVER or FORCE_FAILOVER_ALLOW_DATA_LOSS. */
export type FailoverStatement = 'planned' | 'forced';

/**
 * A failover statement SQL Server refuses for the group's cluster type, on whichever replica it
 * runs. "Database engine events and errors (41400 to 49999)" (S111), Msg 47122: "Cannot failover
 * an availability replica for availability group '%.*ls' since it has CLUSTER_TYPE = NONE. Only
 * force failover is supported in this version of SQL Server"; Msg 47104: "This operation cannot be
 * performed on the availability group '%.*ls' because it has EXTERNAL cluster type. Use the cluster
 * management tools to perform the operation." A Transact-SQL failover of an EXTERNAL group is the
 * cluster manager's, or an operator's who has set the session context `external_cluster` in that
 * session first (S30, "Manual move when cluster tools are not responsive"): `externalCluster` says
 * whether the statement's session did. A distributed group is judged by its own rules, not here.
 */
export const failoverRefusedByClusterType = (
  config: Config,
  form: FailoverStatement,
  externalCluster: boolean,
): Reason | null => {
  if (config.kind === 'DISTRIBUTED') return null;
  if (config.clusterType === 'EXTERNAL' && !externalCluster)
    return reason(
      'EXTERNAL_FAILOVER_WITHOUT_SESSION_CONTEXT',
      `${config.name} has CLUSTER_TYPE = EXTERNAL and this session has not run EXEC sp_set_session_context @key = N'external_cluster', @value = N'yes': SQL Server refuses ${form === 'planned' ? 'FAILOVER' : 'FORCE_FAILOVER_ALLOW_DATA_LOSS'} (Msg 47104, "Use the cluster management tools to perform the operation") and no replica changes role; fail over with the cluster manager (pcs resource move, crm resource migrate), or, when it does not respond, take the resource out of its control and set the session context before the statement`,
      source(
        'S111',
        'Msg 47104: This operation cannot be performed on the availability group because it has EXTERNAL cluster type',
      ),
    );
  if (config.clusterType === 'NONE' && form === 'planned')
    return reason(
      'CLUSTER_TYPE_NONE_PLANNED',
      `${config.name} has CLUSTER_TYPE = NONE: SQL Server refuses FAILOVER on it (Msg 47122, "Only force failover is supported"), on any replica, and no replica changes role; a read-scale group fails over by FORCE_FAILOVER_ALLOW_DATA_LOSS on the target, without data loss once the target is SYNCHRONIZED and the primary no longer takes writes`,
      source(
        'S111',
        'Msg 47122: Cannot failover an availability replica for availability group since it has CLUSTER_TYPE = NONE. Only force failover is supported',
      ),
    );
  return null;
};

/**
 * A planned FAILOVER that SQL Server refuses for the availability modes the group has when it
 * runs. "Perform a planned manual failover of an availability group" (S45): "A planned manual
 * failover is supported only when the primary replica and the target secondary replica are
 * running in synchronous-commit mode"; the target's refusal is Msg 41142, "The availability
 * replica for availability group '%.*ls' on this instance of SQL Server cannot become the primary
 * replica. ... If the availability replica uses the asynchronous-commit mode, consider performing
 * a forced manual failover (with possible data loss)". The primary's mode counts only where the
 * statement's moment knows the primary (null: an earlier failover was not placed).
 */
export const plannedFailoverRefusedByModes = (
  config: Config,
  primary: string | null,
  target: string,
): readonly Reason[] => {
  if (config.kind === 'DISTRIBUTED' || config.clusterType === 'NONE') return [];
  const byName = (name: string | null) =>
    name === null
      ? undefined
      : config.replicas.find((r) => r.name.toLowerCase() === name.toLowerCase());
  const rule = source(
    'S45',
    'Perform a planned manual failover: supported only when the primary replica and the target secondary replica are running in synchronous-commit mode',
  );
  const out: Reason[] = [];
  const from = byName(primary);
  if (from !== undefined && from.availabilityMode === 'ASYNCHRONOUS_COMMIT')
    out.push(
      reason(
        'PRIMARY_NOT_SYNCHRONOUS_COMMIT',
        `the primary ${from.name} runs ASYNCHRONOUS_COMMIT at this line: SQL Server performs a planned failover only when the primary and the target both run in synchronous-commit mode, so it refuses FAILOVER and no replica changes role; set AVAILABILITY_MODE = SYNCHRONOUS_COMMIT on both first and wait until the target is SYNCHRONIZED`,
        rule,
      ),
    );
  const to = byName(target);
  if (to !== undefined && to.availabilityMode === 'ASYNCHRONOUS_COMMIT')
    out.push(
      reason(
        'TARGET_NOT_SYNCHRONOUS_COMMIT',
        `${to.name} runs ASYNCHRONOUS_COMMIT at this line: SQL Server refuses FAILOVER there (Msg 41142, "cannot become the primary replica ... If the availability replica uses the asynchronous-commit mode, consider performing a forced manual failover (with possible data loss)") and no replica changes role; for a failover without data loss set ${to.name} to SYNCHRONOUS_COMMIT first and wait until it is SYNCHRONIZED, or run FORCE_FAILOVER_ALLOW_DATA_LOSS there`,
        rule,
      ),
    );
  return out;
};
