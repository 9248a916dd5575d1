import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { automaticFailover, forcedFailover } from '../../core/failover/failover.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * Nirav Gajjar, "AlwaysOn High Availability Automatic Failover" (nirav.extreme-advice.com,
 * 2014-06-05): "Server1 is Primary Replica", "Server2 is Secondary Replica (With Synchronous and
 * automatic failover)", "Server3 is Secondary Replica (With Asynchronous and manual failover with
 * data loss)"; "Now stop SQL Server service of Server1 to test automatic failover"; "Automatic
 * failover has been occured by AlwayOn Availability Group and Server2 initiated as Primary Server.
 * Server3 is now Secondary Replica of Server2 and Server1 seems to be down. Now when you start SQL
 * Server service of Server1, Server1 will be Secondary Replica of Server2."
 *
 * The fixture is Server2's snapshot then: Server1 DISCONNECTED, its copy NOT SYNCHRONIZING; only
 * the service was stopped, so the cluster lists Server1's node UP. Group, database, ids, version
 * and the columns the post does not show (LSNs, readiness) are invented or left NULL.
 * docs/dmv-snapshot.md: member_state_desc "UP says nothing about the instance".
 */
const text = readFileSync(
  new URL('./fixtures/blog-nirav-service-stopped-new-primary.json', import.meta.url),
  'utf8',
);
const MEMBER = 'sys.dm_hadr_cluster_members.member_state_desc';

const stateReason = (snapshot: string) =>
  forcedFailover(factsOf(snapshot), 'Server1').reasons.find(
    (r) => r.code === 'TARGET_STATE_UNKNOWN',
  );

describe('the old primary whose SQL Server service was stopped, its node still UP', () => {
  it('leaves whether Server1 runs unknown, without naming member_state_desc, shown UP', () => {
    const reason = stateReason(text);
    expect(reason?.message).toContain('its node is UP in the cluster');
    expect(reason?.settledBy).toEqual([
      'sys.dm_hadr_availability_replica_states.operational_state_desc (a snapshot taken on Server1)',
    ]);
    const automatic = automaticFailover(factsOf(text), 'Server1').reasons;
    expect(automatic.flatMap((r) => r.settledBy ?? [])).not.toContain(MEMBER);
  });

  it('still names member_state_desc where the snapshot lacks the view', () => {
    const raw = JSON.parse(text) as JsonSnapshot;
    delete raw['sys.dm_hadr_cluster_members'];
    const reason = stateReason(JSON.stringify(raw));
    expect(reason?.message).not.toContain('UP');
    expect(reason?.settledBy).toContain(MEMBER);
  });

  it('does not name it for the RESUME of a suspended copy there either', () => {
    const raw = JSON.parse(text) as JsonSnapshot;
    const row = rowsOf(raw, 'sys.dm_hadr_database_replica_states').find(
      (r) => r.replica_id === '7E1A0C55-0001-4B00-8000-0000000000A1',
    )!;
    row.is_suspended = true;
    row.suspend_reason_desc = 'SUSPEND_FROM_USER';
    const resume = decide(factsOf(JSON.stringify(raw))).actions.find(
      (a) => a.event.type === 'db.resume',
    );
    const unknown = resume?.why.find((r) => r.code === 'RESUME_REPLICA_STATE_UNKNOWN');
    expect(unknown?.message).toContain('its node is UP in the cluster');
    expect(unknown?.settledBy?.some((s) => s.includes('member_state_desc'))).toBe(false);
  });
});
