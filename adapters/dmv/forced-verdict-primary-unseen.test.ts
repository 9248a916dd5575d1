import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { forcedFailover } from '../../core/failover/failover.js';
import { isUnknownReason } from '../../core/model/source.js';
import { factsOf, type JsonSnapshot } from './test-support.js';

/*
 * hksqlserverdoc.blogspot.com (2021-08-02), "Availability Group unexpected Failover due to
 * LeaseTimeout and how to solve it" (S221): "if your AG primary replica is too heavily-loaded, it
 * may occasionally just too busy to signal the WSFC service that it is still alive, in this case
 * the WSFC will decide the SQL Server service is down and trigger a failover"; the error log
 * "Windows Server Failover Cluster did not receive a process event signal from SQL Server hosting
 * availability group '<AG Group Name>' within the lease timeout period" (19419), then "has changed
 * from 'PRIMARY_NORMAL' to 'RESOLVING_NORMAL'"; the cluster log "Lease renewal failed with timeout
 * error", "The lease is expired"; "the availability group resource transitions to RESOLVING state
 * and fails over if configured to do so". The fixture is the old primary SQLAG1's own snapshot at
 * that moment, without sys.dm_hadr_availability_group_states (names, database and ids invented;
 * SQLAG2 its automatic failover partner). Whether SQLAG2 serves as primary by now it does not show;
 * S44: "Do not force failover while the primary replica is still running". The forced verdict on
 * SQLAG1 said "allowed" with POSSIBLE_DATA_LOSS alone, while the action it offered carried the
 * unknown: the verdict now carries it too, as it carries PRIMARY_RUNNING_UNKNOWN for a primary
 * named but not shown.
 */
const text = readFileSync(
  new URL('./fixtures/blog-hk-lease-19419-old-primary-resolving.json', import.meta.url),
  'utf8',
);

describe('the forced verdict on an old primary left RESOLVING by a lease timeout', () => {
  it('is allowed, and says whether a primary serves elsewhere is unknown, naming what settles it', () => {
    const verdict = forcedFailover(factsOf(text), 'SQLAG1');
    expect(verdict.status).toBe('allowed');
    expect(verdict.reasons.map((r) => r.code)).toEqual([
      'POSSIBLE_DATA_LOSS',
      'FORCE_PRIMARY_UNSEEN',
    ]);
    const unseen = verdict.reasons[1]!;
    expect(isUnknownReason(unseen)).toBe(true);
    // The cluster brings the role "back online (on original or automatic failover partner
    // replica)" ("Troubleshoot Always On Availability Groups failover", S293).
    expect(unseen.message).toContain(
      'on its automatic failover partner where the group is configured for automatic failover, or on its own node where the cluster restarts the role there',
    );
    expect(unseen.settledBy).toEqual([
      'sys.dm_hadr_availability_group_states.primary_replica',
      'sys.dm_hadr_availability_replica_states.role_desc on the automatic failover partners and on the replica that held the primary role',
    ]);
  });

  it('gives the offered FORCE_FAILOVER_ALLOW_DATA_LOSS the same reasons, the unknown once', () => {
    const action = decide(factsOf(text)).actions.find((a) => a.event.type === 'ag.forceFailover');
    expect(action?.why.map((r) => r.code)).toEqual(['POSSIBLE_DATA_LOSS', 'FORCE_PRIMARY_UNSEEN']);
  });

  it('says nothing of it where primary_replica shows no primary', () => {
    const raw = JSON.parse(text) as JsonSnapshot;
    const groups = raw['sys.availability_groups'] as { group_id: string }[];
    raw['sys.dm_hadr_availability_group_states'] = [
      { group_id: groups[0]?.group_id, primary_replica: null },
    ];
    const codes = forcedFailover(factsOf(JSON.stringify(raw)), 'SQLAG1').reasons.map((r) => r.code);
    expect(codes).toEqual(['POSSIBLE_DATA_LOSS']);
  });
});
