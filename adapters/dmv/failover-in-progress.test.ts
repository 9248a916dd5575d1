import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { forcedFailover, plannedFailover } from '../../core/failover/failover.js';
import { factsOf } from './test-support.js';

/*
 * "Always On Availability group is offline" (S127, MicrosoftDocs/sql-docs
 * docs/database-engine/availability-groups/windows/availability-group-is-offline.md), Possible
 * Causes: "The availability group is not configured with automatic failover mode. The primary
 * replica becomes unavailable and the role of all replicas in the availability group become
 * RESOLVING." and "There is an automatic, manual, or forced failover in progress for the
 * availability group." Possible Solutions: "If there is a failover in progress, wait for the
 * failover to complete." sys.dm_hadr_availability_replica_states (S7): PENDING_FAILOVER "A
 * failover command is being processed for the availability group."
 *
 * The fixture: two synchronous replicas in FAILOVER_MODE MANUAL, the snapshot taken on NODE2
 * while it processes a failover command: RESOLVING, PENDING_FAILOVER, no primary_replica. The
 * names, LSNs and the rest are invented; the source fixes only the roles and that state.
 */
const fixture = () =>
  readFileSync(
    new URL('./fixtures/docs-ag-offline-failover-in-progress.json', import.meta.url),
    'utf8',
  );
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('a failover command in progress (PENDING_FAILOVER on the local replica)', () => {
  const facts = factsOf(fixture());

  it('leaves a forced failover unknown, not allowed: wait for the failover to complete', () => {
    for (const target of ['NODE1', 'NODE2']) {
      const v = forcedFailover(facts, target);
      expect(v.status).toBe('unknown');
      expect(codes(v.reasons)).toContain('FAILOVER_IN_PROGRESS');
    }
    const [reason] = forcedFailover(facts, 'NODE2').reasons;
    expect(reason?.message).toContain('on NODE2 (operational_state PENDING_FAILOVER)');
    expect(reason?.settledBy).toContain(
      'sys.dm_hadr_availability_replica_states.operational_state_desc',
    );
  });

  it('recommends no failover while it runs', () => {
    expect(decide(facts).actions.map((a) => a.event.type)).not.toContainEqual(
      expect.stringMatching(/^ag\.(failover|forceFailover)$/),
    );
  });

  it('leaves a planned failover unknown, keeping its other reasons', () => {
    const v = plannedFailover(facts, 'NODE2');
    expect(v.status).toBe('unknown');
    expect(codes(v.reasons)).toEqual(['NO_PRIMARY_VIEW', 'FAILOVER_IN_PROGRESS']);
    expect(codes(plannedFailover(facts, 'NODE1').reasons)).toEqual(
      expect.arrayContaining(['FAILOVER_IN_PROGRESS', 'TARGET_STATE_UNKNOWN']),
    );
  });

  it('is not read into a snapshot whose RESOLVING replica is not processing a failover', () => {
    const raw = JSON.parse(fixture()) as Record<string, Record<string, unknown>[]>;
    raw['sys.dm_hadr_availability_replica_states']![0]!.operational_state_desc = 'OFFLINE';
    const offline = factsOf(JSON.stringify(raw));
    expect(codes(forcedFailover(offline, 'NODE2').reasons)).not.toContain('FAILOVER_IN_PROGRESS');
    expect(plannedFailover(offline, 'NODE2').status).toBe('allowed');
  });
});
