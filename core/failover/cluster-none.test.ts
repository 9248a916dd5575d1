import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { backupJobDecision } from '../backup/conventions.js';
import { stateViolations } from '../cluster/invariants.js';
import { localFacts } from '../cluster/local-facts.js';
import { writablePrimaries } from '../cluster/select.js';
import { Driver } from '../cluster/test-support.js';
import { checkFacts } from '../consistency/facts.js';
import { isImpossible } from '../consistency/finding.js';
import { decide } from '../decide/decide.js';
import { decodeConfig } from '../model/decode.js';

/**
 * CLUSTER_TYPE = NONE has no cluster manager. "Fail over the primary replica on a read-scale
 * availability group" (S45): demote the primary with ALTER AVAILABILITY GROUP … SET
 * (ROLE = SECONDARY), then run FORCE_FAILOVER_ALLOW_DATA_LOSS on the target. Nothing else demotes
 * the old primary: forced while it still runs, both replicas take writes until it is demoted.
 */
const readScale = () => {
  const cfg = decodeConfig({
    name: 'ag1',
    version: 2019,
    clusterType: 'NONE',
    databases: ['db1'],
    replicas: ['A', 'B', 'C'].map((name) => ({
      name,
      endpointUrl: `TCP://${name.toLowerCase()}:5022`,
      availabilityMode: name === 'C' ? 'ASYNCHRONOUS_COMMIT' : 'SYNCHRONOUS_COMMIT',
      failoverMode: 'MANUAL',
    })),
  });
  if (E.isLeft(cfg)) throw new Error('bad config');
  return new Driver(cfg.right);
};

describe('CLUSTER_TYPE = NONE: nothing demotes the old primary (S45)', () => {
  it('a forced failover while the old primary runs leaves two writable primaries, and says so', () => {
    const d = readScale();
    const r = d.do({ type: 'ag.forceFailover', target: 'B' });
    expect(writablePrimaries(d.cluster)).toEqual(['A', 'B']);
    expect(d.replica('A')?.role).toBe('PRIMARY');
    expect(d.replica('B')?.role).toBe('PRIMARY');
    expect(r.observations).toContainEqual(
      expect.objectContaining({
        type: 'note',
        reason: expect.objectContaining({ code: 'TWO_WRITABLE_PRIMARIES' }),
      }),
    );
    // The "one writable primary" invariant applies only where a cluster manager exists, and two
    // PRIMARY rows are no contradiction in such a group's facts.
    expect(stateViolations(d.cluster)).toEqual([]);
    const planned = decide(d.facts()).failover.targets.find((t) => t.replica === 'C')?.planned;
    expect(planned?.reasons.map((x) => x.code)).not.toContain('CONTRADICTORY_SNAPSHOT');
  });

  it('a snapshot taken on the old primary names it primary, as its own group state does', () => {
    const d = readScale();
    d.do({ type: 'ag.forceFailover', target: 'B' });
    expect(localFacts(d.cluster, 'A')?.primary).toBe('A');
    expect(localFacts(d.cluster, 'B')?.primary).toBe('B');
    expect(localFacts(d.cluster, 'C')?.primary).toBe('B');
  });

  it('a snapshot that does not say the old primary holds the role: its SYNCHRONIZED copies are no contradiction, and its backup jobs are unknown', () => {
    // Forced to the asynchronous C while A runs: A's copy reports SYNCHRONIZED, as a primary's
    // does. Without role_desc (and is_primary_replica) the facts cannot tell A from a secondary.
    const d = readScale();
    d.do({ type: 'ag.forceFailover', target: 'C' });
    const whole = d.facts();
    const roleless = { ...whole, replicas: whole.replicas.map((r) => ({ ...r, role: null })) };
    expect(whole.primary).toBe('C');
    expect(checkFacts(roleless).filter(isImpossible)).toEqual([]);
    expect(backupJobDecision(whole, 'db1', 'FULL', 'A', 'OLA_HALLENGREN').outcome).toBe('take');
    const job = backupJobDecision(roleless, 'db1', 'FULL', 'A', 'OLA_HALLENGREN');
    expect(job.outcome).toBe('unknown');
    expect(job.reasons.flatMap((r) => r.settledBy ?? [])).toContain(
      'sys.dm_hadr_availability_replica_states.role_desc for A',
    );
  });

  it('has no cluster quorum to lose (S46), so its failovers never wait on one', () => {
    const d = readScale();
    expect(d.refuse({ type: 'quorum.lost' })).toEqual(['NO_CLUSTER_QUORUM']);
  });

  it('SET (ROLE = SECONDARY) on the old primary ends it: A is a suspended secondary, and resuming reverts it', () => {
    const d = readScale();
    d.do({ type: 'ag.forceFailover', target: 'B' });
    d.do({ type: 'db.commit', database: 'db1' });
    const demoted = d.do({ type: 'ag.setRoleSecondary', replica: 'A' });
    expect(demoted.observations.map((o) => o.type === 'note' && o.reason.code)).toContain(
      'OLD_PRIMARY_DEMOTED',
    );
    expect(writablePrimaries(d.cluster)).toEqual(['B']);
    expect(d.replica('A')?.role).toBe('SECONDARY');
    expect(d.row('A', 'db1')).toMatchObject({
      isSuspended: true,
      suspendReason: 'SUSPEND_FROM_PARTNER',
    });
    d.do({ type: 'db.resume', replica: 'A', database: 'db1' });
    d.sync('A');
    expect(d.state('A', 'db1')).toBe('SYNCHRONIZED');
  });

  it("failing over to a primary that kept the role: the DMVs cannot tell its loss (two forks, one LSN), and the step takes the other primary's commits", () => {
    const d = readScale();
    d.do({ type: 'ag.forceFailover', target: 'B' });
    d.do({ type: 'db.commit', database: 'db1' });
    // C was suspended by B's failover and never received B's commit; forced in, it forks too.
    d.do({ type: 'ag.forceFailover', target: 'C' });
    d.do({ type: 'db.commit', database: 'db1' });
    expect(d.row('B', 'db1')?.lastHardenedLsn).toBe(d.row('C', 'db1')?.lastHardenedLsn);
    const { logs: _exact, ...dmvs } = d.facts();
    const loss = decide(dmvs).failover.targets.find((t) => t.replica === 'B')?.forcedLoss[0];
    expect(loss?.extent).toBe('unknown');
    expect(loss?.reasons.map((x) => [x.code, x.settledBy])).toEqual([
      [
        'LOSS_SPLIT_UNKNOWN',
        ['sys.database_recovery_status.recovery_fork_guid and fork_point_lsn (on both primaries)'],
      ],
    ]);
    const done = d
      .do({ type: 'ag.forceFailover', target: 'B' })
      .observations.find((o) => o.type === 'failover.completed');
    expect(done?.type === 'failover.completed' && done.lost.length).toBe(1);
  });

  it('the documented order, demote first, never has two writable primaries', () => {
    const d = readScale();
    d.do({ type: 'ag.setRoleSecondary', replica: 'A' });
    expect(writablePrimaries(d.cluster)).toEqual([]);
    d.do({ type: 'ag.forceFailover', target: 'B' });
    expect(writablePrimaries(d.cluster)).toEqual(['B']);
  });

  it('with a cluster manager the old primary is demoted by the failover itself (WSFC)', () => {
    const cfg = decodeConfig({
      name: 'ag1',
      version: 2019,
      clusterType: 'WSFC',
      databases: ['db1'],
      replicas: ['A', 'B'].map((name) => ({
        name,
        endpointUrl: `TCP://${name.toLowerCase()}:5022`,
        availabilityMode: 'SYNCHRONOUS_COMMIT',
        failoverMode: 'MANUAL',
      })),
    });
    if (E.isLeft(cfg)) throw new Error('bad config');
    const d = new Driver(cfg.right);
    d.do({ type: 'ag.forceFailover', target: 'B' });
    expect(writablePrimaries(d.cluster)).toEqual(['B']);
  });
});
