import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../cluster/observation.js';
import { simulateScenario } from '../cluster/test-support.js';

/**
 * What an automatic failover writes to the new primary's error log.
 * - KB2833707 "Troubleshooting automatic failover problems in SQL Server Always On environments":
 *   "When an automatic failover is triggered on the instance of SQL Server that is hosting the
 *   primary replica, the secondary replica transitions to the RESOLVING role and then to the
 *   primary role", logging "has changed from 'RESOLVING_NORMAL' to 'PRIMARY_PENDING'" and "from
 *   'PRIMARY_PENDING' to 'PRIMARY_NORMAL'"; "The secondary replica transitions successfully from a
 *   RESOLVING_NORMAL state to a PRIMARY_NORMAL state."
 * - sys.dm_hadr_availability_replica_states (S7): PENDING_FAILOVER, "A failover command is being
 *   processed for the availability group".
 * - The Failover Detection Utility (S246, zeroch/FailoverDetector FailoverReport.cs): a replica
 *   passing through RESOLVING_PENDING_FAILOVER sets ForceFailoverFound, which the report prints as
 *   "Failover due to Force Failover DDL" (DataObject.cs sets the same flag on an
 *   alwayson_ddl_executed "ALTER AVAILABILITY GROUP … failover" or
 *   "force_failover_allow_data_loss").
 * - A published error log of that group's replica LZHANG1S (S234, TestCase_2.txt), taking the role
 *   with no RESOLVING_PENDING_FAILOVER: 09:29:49.40 "has changed from 'SECONDARY_NORMAL' to
 *   'RESOLVING_NORMAL'. The state changed because the availability group state has changed in
 *   Windows Server Failover Clustering (WSFC)", 09:29:53.78 "from 'RESOLVING_NORMAL' to
 *   'PRIMARY_PENDING'", 09:29:53.83 "from 'PRIMARY_PENDING' to 'PRIMARY_NORMAL'"; its own restart
 *   at 09:23:32 "from 'NOT_AVAILABLE' to 'RESOLVING_NORMAL'", then "from 'RESOLVING_NORMAL' to
 *   'SECONDARY_NORMAL'".
 * The fixture stops LZHANG1T's instance (invented: the log does not say why the role moved) and
 * restarts it 47 s later, when the log shows its connection back. The simulated automatic failover
 * wrote "'SECONDARY_NORMAL' to 'RESOLVING_PENDING_FAILOVER'" on LZHANG1S, a state of a failover
 * command that no one ran.
 */
const sim = simulateScenario(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/lab-failoverdetector-automatic-failover-states.json', import.meta.url),
      'utf8',
    ),
  ),
);

const lines = (observations: readonly Observation[], server: string) =>
  observations.flatMap((o) =>
    o.type === 'replica.stateChanged' && o.server === server ? [`${o.from} -> ${o.to}`] : [],
  );

describe('an automatic failover in the error log of the new primary (KB2833707, S246, S234)', () => {
  const failover = sim.trace[1]!;

  it('LZHANG1S resolves, then takes the primary role, as the published log shows', () => {
    expect(failover.facts.replicas.map((r) => [r.name, r.role])).toEqual([
      ['LZHANG1T', 'RESOLVING'],
      ['LZHANG1S', 'PRIMARY'],
    ]);
    expect(lines(failover.observations, 'LZHANG1S')).toEqual([
      'SECONDARY_NORMAL -> RESOLVING_NORMAL',
      'RESOLVING_NORMAL -> PRIMARY_PENDING',
      'PRIMARY_PENDING -> PRIMARY_NORMAL',
    ]);
  });

  it('a stopped instance writes nothing; back, LZHANG1T resolves and becomes a secondary', () => {
    expect(lines(failover.observations, 'LZHANG1T')).toEqual([]);
    expect(lines(sim.trace[2]!.observations, 'LZHANG1T')).toEqual([
      'NOT_AVAILABLE -> RESOLVING_NORMAL',
      'RESOLVING_NORMAL -> SECONDARY_NORMAL',
    ]);
  });
});
