import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { example, factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * recovery_lsn as SQL Server 2012 SP1 (11.0.3128) writes it, captured with
 * `Invoke-Sqlcmd -Query "select * from sys.dm_hadr_database_replica_states" | fl` on the primary
 * and on a secondary (github.com/Ming-Tseng/ps1, sqlps01_alwayson.ps1, section 26, "Monitoring
 * Availability Databases"). On the primary, each SYNCHRONIZED secondary's row of database `trade`:
 *   recovery_lsn : 4294967295429496729500001   last_hardened_lsn : 10227000241966100001
 * and on the secondary, its own row of the same database, SYNCHRONIZED:
 *   recovery_lsn : 10227000241965700001        last_hardened_lsn : 10227000241966100001
 * S6 (as the primary reports it): "if this value is less than the current hardened LSN
 * (last_hardened_lsn), recovery_lsn is the value to which this secondary database would need to
 * resynchronize"; S8: "each secondary replica will have either the MAX value or a lower value that
 * the primary replica has told the secondary replica to go back to". The capture's LSNs are set in
 * the bundled snapshots' rows; the states around them are the bundled examples'.
 */
const MAX = '4294967295429496729500001';
const OWN_RECOVERY = '10227000241965700001';
const HARDENED = '10227000241966100001';
const PRIMARY_END = '10227000241966400001';

const clone = (s: JsonSnapshot): JsonSnapshot => JSON.parse(JSON.stringify(s)) as JsonSnapshot;

/** examples/snapshots/secondary.json (taken on SQLNODE2) with the capture's own row, cut off. */
const onSecondary = (): JsonSnapshot => {
  const s = JSON.parse(example('secondary.json')) as JsonSnapshot;
  Object.assign(rowsOf(s, 'sys.dm_hadr_availability_replica_states')[0]!, {
    connected_state_desc: 'DISCONNECTED',
  });
  Object.assign(rowsOf(s, 'sys.dm_hadr_database_replica_states')[0]!, {
    synchronization_state_desc: 'NOT SYNCHRONIZING',
    recovery_lsn: OWN_RECOVERY,
    last_received_lsn: HARDENED,
    last_hardened_lsn: HARDENED,
    end_of_log_lsn: HARDENED,
  });
  for (const c of rowsOf(s, 'sys.dm_hadr_database_replica_cluster_states')) {
    c.recovery_lsn = null;
    c.is_failover_ready = false;
  }
  return s;
};

const lossTo = (facts: ReturnType<typeof factsOf>, replica: string) =>
  decide(facts).failover.targets.find((t) => t.replica === replica)!.forcedLoss[0]!;

describe('recovery_lsn on a secondary copy, as the primary and the copy itself report it', () => {
  it('from the secondary alone, a value below last_hardened_lsn is no revert point: the loss is unknown', () => {
    const loss = lossTo(factsOf(JSON.stringify(onSecondary())), 'SQLNODE2');
    expect(loss.extent).toBe('unknown');
    // The secondary's own snapshot does not show the primary's end of log either.
    expect(loss.reasons.map((r) => r.code)).toEqual([
      'LOSS_FORK_UNKNOWN',
      'LOSS_END_OF_LOG_UNKNOWN',
    ]);
    expect(loss.reasons[0]?.settledBy).toEqual([
      "sys.dm_hadr_database_replica_states.recovery_lsn (the primary's row for SQLNODE2)",
    ]);
  });

  it('merged with the primary, which shows MAX for the copy, it holds its last hardened LSN', () => {
    const primary = JSON.parse(example('primary.json')) as JsonSnapshot;
    const rows = rowsOf(primary, 'sys.dm_hadr_database_replica_states');
    const primaryRow = rows.find((r) => r.is_local === true)!;
    Object.assign(primaryRow, { last_hardened_lsn: PRIMARY_END, end_of_log_lsn: PRIMARY_END });
    const own = rowsOf(onSecondary(), 'sys.dm_hadr_database_replica_states')[0]!;
    const copy = rows.find((r) => r.replica_id === own.replica_id)!;
    Object.assign(copy, {
      synchronization_state_desc: 'NOT SYNCHRONIZING',
      recovery_lsn: MAX,
      last_hardened_lsn: HARDENED,
    });
    const merged = mergeFacts(
      { source: 'primary.json', facts: factsOf(JSON.stringify(primary)) },
      { source: 'secondary.json', facts: factsOf(JSON.stringify(onSecondary())) },
    ).facts;
    const loss = lossTo(merged, 'SQLNODE2');
    expect(loss.extent).toBe('log');
    expect(loss.lsnRange).toEqual({ afterLsn: BigInt(HARDENED), throughLsn: BigInt(PRIMARY_END) });
  });

  it('from the primary, a value below the copy last_hardened_lsn is still the point it reverts to (S6)', () => {
    const primary = JSON.parse(example('sync-secondary-disconnected.json')) as JsonSnapshot;
    const reverting = clone(primary);
    const copy = rowsOf(reverting, 'sys.dm_hadr_database_replica_states').find(
      (r) => r.is_local !== true && r.synchronization_state_desc === 'NOT SYNCHRONIZING',
    )!;
    copy.recovery_lsn = '1025000000003200001';
    const replicaId = String(copy.replica_id);
    const name = rowsOf(reverting, 'sys.availability_replicas').find(
      (r) => r.replica_id === replicaId,
    )!.replica_server_name as string;
    expect(lossTo(factsOf(JSON.stringify(reverting)), name).lsnRange?.afterLsn).toBe(
      1025000000003200001n,
    );
    // The bundled snapshot writes MAX there, as the capture shows: the copy holds what it hardened.
    expect(lossTo(factsOf(JSON.stringify(primary)), name).lsnRange?.afterLsn).toBe(
      1025000004380200001n,
    );
  });
});
