import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forcedFailover, plannedFailover } from '../../core/failover/failover.js';
import { factsOf } from './test-support.js';

/*
 * dba.stackexchange.com q/144739, "AlwaysON AG synchronous commit mode disconnected transaction log
 * effect and mitigation" (S152): "one primary and one secondary replica in synchronous commit
 * mode"; "planned hardware maintenance on the server that hosts the secondary replica that will
 * result in the server being offline for 4-8 hours. My undestanding is that when this happens,
 * the connected state of the secondary replica will change to DISCONNECTED, the send queue of the
 * databases in the primary replica will accumulate unsent transaction log records"; the answer:
 * "Yes, you are 100% correct!". The fixture is the primary's own snapshot then: SQLNODE2
 * DISCONNECTED, NOT SYNCHRONIZING, its role and operational state not shown (S7: NULL for a
 * replica that is not local). DISCONNECTED is also what a running secondary cut off from the
 * primary shows (docs-timeout-35206-primary-view.json), so the column shown does not settle
 * whether SQLNODE2 runs and is not named as what would; its operational state is NULL on the
 * primary (S7: "replica not local"), so only a snapshot taken on SQLNODE2 shows it.
 */
const text = readFileSync(
  new URL('./fixtures/qa-secondary-offline-for-maintenance-primary.json', import.meta.url),
  'utf8',
);

const targetState = (v: ReturnType<typeof forcedFailover>) =>
  v.reasons.find((r) => r.code === 'TARGET_STATE_UNKNOWN');

describe('a synchronous secondary offline for maintenance, seen from the primary (S152)', () => {
  const facts = factsOf(text, { version: 2016 });

  it('leaves whether SQLNODE2 runs unknown, settled by what the snapshot does not show', () => {
    const forced = forcedFailover(facts, 'SQLNODE2');
    expect(forced.status).toBe('unknown');
    expect(targetState(forced)?.settledBy).toEqual([
      'sys.dm_hadr_availability_replica_states.operational_state_desc (a snapshot taken on SQLNODE2)',
      'sys.dm_hadr_cluster_members.member_state_desc',
    ]);
    // The planned failover keeps every reason, the disconnection among them.
    expect(plannedFailover(facts, 'SQLNODE2').reasons.map((r) => r.code)).toEqual([
      'TARGET_STATE_UNKNOWN',
      'TARGET_ROLE_UNKNOWN',
      'TARGET_DISCONNECTED',
      'DATABASE_NOT_SYNCHRONIZED',
    ]);
  });

  it('still names connected_state_desc where the snapshot does not show the connection', () => {
    const json = JSON.parse(text) as Record<string, Record<string, unknown>[]>;
    json['sys.dm_hadr_availability_replica_states']![1]!.connected_state_desc = null;
    expect(
      targetState(forcedFailover(factsOf(JSON.stringify(json), { version: 2016 }), 'SQLNODE2'))
        ?.settledBy,
    ).toContain('sys.dm_hadr_availability_replica_states.connected_state_desc');
  });
});
