import { describe, expect, it } from 'vitest';
import { distributedFailoverReadiness } from './readiness.js';
import {
  forwarder,
  globalPrimary,
  linkSynchronizationState,
  memberEnd,
  memberNamed,
  writableMembers,
} from './select.js';
import { distributedFailoverSequence } from './sequence.js';
import { DistributedDriver } from './test-support.js';

/**
 * The failover of a distributed availability group as "Configure a distributed availability
 * group" (S58) documents it, section "Fail over to a secondary availability group", at
 * https://learn.microsoft.com/sql/database-engine/availability-groups/windows/configure-distributed-availability-groups#failover
 * (MicrosoftDocs/sql-docs, configure-distributed-availability-groups.md):
 *   1. stop all transactions on the global primary, then set the distributed group to
 *      SYNCHRONOUS_COMMIT on both the global primary and the forwarder;
 *   2. wait until it is SYNCHRONIZED with the same last_hardened_lsn per database;
 *   3. on the global primary, SET (ROLE = SECONDARY);
 *   4. test failover readiness: last_hardened_lsn the same on both groups per database;
 *   5. FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder.
 * "After completing the steps above, the distributed availability group fails over without any
 * data loss." Skipping a step exposes the commits the documentation warns about.
 */

const syncBothSides = (d: DistributedDriver) => {
  d.do({ type: 'distributed.setAvailabilityMode', member: 'ag1', mode: 'SYNCHRONOUS_COMMIT' });
  d.do({ type: 'distributed.setAvailabilityMode', member: 'ag2', mode: 'SYNCHRONOUS_COMMIT' });
};

/** Commits on the global primary, hardened by its synchronous secondary server2 (acknowledged in ag1). */
const commitInAg1 = (d: DistributedDriver, count: number) => {
  d.commit(count);
  d.member('ag1', { type: 'log.ship', replica: 'server2' });
  d.member('ag1', { type: 'log.harden', replica: 'server2' });
};

const end = (d: DistributedDriver, member: string) =>
  memberEnd(memberNamed(d.distributed, member)!, 'db1');

const acknowledgedTop = (d: DistributedDriver) => d.log().acknowledged.at(-1)?.toLsn ?? 0n;

describe('distributed failover done as documented (S58): no loss', () => {
  it('walks the five steps and moves the global primary to server3 with every acknowledged commit', () => {
    const d = new DistributedDriver();
    expect(globalPrimary(d.distributed)).toBe('server1');
    expect(forwarder(d.distributed)).toBe('server3');
    commitInAg1(d, 5);
    d.shipAcross(); // asynchronous: the forwarder catches up in its own time
    commitInAg1(d, 3);
    expect(acknowledgedTop(d)).toBe(8n);

    // Step 1: transactions stopped; SYNCHRONOUS_COMMIT on both sides.
    syncBothSides(d);
    expect(distributedFailoverReadiness(d.distributed).steps[0]?.met).toBe(true);
    // Step 2: not yet: the forwarder has hardened 5 of 8.
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZING');
    d.shipAcross();
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZED');
    expect(d.distributed.link.databases.db1?.hardened).toBe(end(d, 'ag1'));
    // Step 3: demote the global primary; no group takes writes now.
    const demoted = d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    expect(demoted.observations).toContainEqual(
      expect.objectContaining({
        type: 'note',
        reason: expect.objectContaining({ code: 'DISTRIBUTED_GROUP_UNAVAILABLE' }),
      }),
    );
    expect(writableMembers(d.distributed)).toEqual([]);
    expect(
      d.refuse({
        type: 'distributed.member',
        member: 'ag1',
        event: { type: 'db.commit', database: 'db1' },
      }),
    ).toEqual(['GLOBAL_PRIMARY_DEMOTED']);
    // Step 4: ready.
    const ready = distributedFailoverReadiness(d.distributed);
    expect(ready.status).toBe('allowed');
    expect(ready.target).toBe('ag2');
    expect(ready.predictedLoss).toEqual([]);
    // Step 5: FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder.
    d.do({ type: 'distributed.failover', member: 'ag2' });
    expect(globalPrimary(d.distributed)).toBe('server3');
    expect(forwarder(d.distributed)).toBe('server1');
    expect(d.log().lost).toEqual([]);
    expect(end(d, 'ag2')).toBe(8n);
    // "After this step, the distributed availability group is available": writes go to ag2.
    d.member('ag2', { type: 'db.commit', database: 'db1' });
    d.member('ag2', { type: 'log.ship', replica: 'server4' });
    d.member('ag2', { type: 'log.harden', replica: 'server4' });
    d.shipAcross();
    expect(end(d, 'ag1')).toBe(9n);
    // Still SYNCHRONOUS_COMMIT both ways: the commit waits for server1 and its synchronous server2.
    expect(d.log().acknowledged.at(-1)?.member).toBe('ag1');
    d.member('ag1', { type: 'log.ship', replica: 'server2' });
    d.member('ag1', { type: 'log.harden', replica: 'server2' });
    expect(d.log().acknowledged.at(-1)).toEqual({ member: 'ag2', fromLsn: 8n, toLsn: 9n });
  });

  it('with SYNCHRONOUS_COMMIT and SYNCHRONIZED, a commit waits for the forwarder and its synchronous copies (S43)', () => {
    const d = new DistributedDriver();
    syncBothSides(d);
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZED');
    const r = d.commit(1);
    expect(r.observations).toContainEqual({
      type: 'distributed.pending',
      database: 'db1',
      lsn: 1n,
      waitingFor: ['server3', 'server4'],
    });
    d.member('ag1', { type: 'log.ship', replica: 'server2' });
    d.member('ag1', { type: 'log.harden', replica: 'server2' });
    expect(d.log().acknowledged).toEqual([]); // ag1 alone has it
    d.shipAcross();
    expect(d.log().acknowledged).toEqual([]); // server4, synchronous in ag2, has not
    d.member('ag2', { type: 'log.ship', replica: 'server4' });
    const acked = d.member('ag2', { type: 'log.harden', replica: 'server4' });
    expect(acked.observations).toContainEqual({
      type: 'distributed.acknowledged',
      member: 'ag1',
      database: 'db1',
      fromLsn: 0n,
      toLsn: 1n,
    });
  });

  it('commits still waiting when the global primary is demoted are abandoned, never acknowledged later', () => {
    const d = new DistributedDriver();
    d.commit(2); // waits for server2, synchronous in ag1
    const demoted = d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    expect(demoted.observations).toContainEqual({
      type: 'distributed.abandoned',
      database: 'db1',
      fromLsn: 0n,
      toLsn: 2n,
    });
    d.member('ag1', { type: 'log.ship', replica: 'server2' });
    const hardened = d.member('ag1', { type: 'log.harden', replica: 'server2' });
    expect(hardened.observations).toEqual([]);
    expect(d.log().acknowledged).toEqual([]);
  });

  it('fails back to the global primary when last_hardened_lsn does not match (S58 step 4)', () => {
    const d = new DistributedDriver();
    commitInAg1(d, 4);
    syncBothSides(d);
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    expect(
      distributedFailoverReadiness(d.distributed).steps.find(
        (s) => s.step === 'LAST_HARDENED_LSN_EQUAL',
      )?.met,
    ).toBe(false);
    // The statements from here end in the fail-back on the global primary, not in the failover
    // on the forwarder, which would lose what it lacks ("to avoid data loss, fail back").
    const last = distributedFailoverSequence(d.distributed).at(-1)!;
    expect(last).toMatchObject({
      action: { kind: 'forceFailover' },
      runsOn: 'global primary',
      server: 'server1',
    });
    expect(last.rule.section).toMatch(/step 4: fail back/);
    d.do({ type: 'distributed.failover', member: 'ag1' });
    expect(globalPrimary(d.distributed)).toBe('server1');
    expect(forwarder(d.distributed)).toBe('server3');
    expect(d.log().lost).toEqual([]);
    d.shipAcross();
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZED');
  });
});

describe('distributed failover from SQL Server 2022, with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT (S58)', () => {
  it('sets it to 1 after the demotion and to 0 after the failover, and loses nothing', () => {
    const d = new DistributedDriver(2022);
    commitInAg1(d, 3);
    syncBothSides(d);
    d.shipAcross();
    d.member('ag2', { type: 'log.ship', replica: 'server4' });
    d.member('ag2', { type: 'log.harden', replica: 'server4' });
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    d.do({ type: 'distributed.setRequiredSecondaries', value: 1 });
    expect(distributedFailoverReadiness(d.distributed).status).toBe('allowed');
    d.do({ type: 'distributed.failover', member: 'ag2' });
    // Still 1 and SYNCHRONIZED with the new forwarder: a commit on ag2 waits for server1 and server2.
    const r = d.member('ag2', { type: 'db.commit', database: 'db1' });
    expect(r.observations).toContainEqual(
      expect.objectContaining({ type: 'distributed.pending', waitingFor: ['server1', 'server2'] }),
    );
    d.do({ type: 'distributed.setRequiredSecondaries', value: 0 });
    expect(d.distributed.requiredSynchronizedSecondariesToCommit).toBe(0);
    expect(d.log().lost).toEqual([]);
  });
});

describe('distributed failover with a step skipped: the loss or refusal the documentation warns of (S58)', () => {
  it('without SYNCHRONOUS_COMMIT the groups never become SYNCHRONIZED, and a failover loses what the forwarder lacks', () => {
    const d = new DistributedDriver();
    commitInAg1(d, 5);
    d.shipAcross();
    commitInAg1(d, 3); // acknowledged at once: the link is asynchronous
    expect(acknowledgedTop(d)).toBe(8n);
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZING');
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    const ready = distributedFailoverReadiness(d.distributed);
    expect(ready.status).toBe('refused');
    expect(ready.steps.filter((s) => !s.met).map((s) => s.step)).toEqual([
      'SYNCHRONOUS_COMMIT',
      'SYNCHRONIZED',
      'LAST_HARDENED_LSN_EQUAL',
    ]);
    expect(ready.predictedLoss).toEqual([
      { database: 'db1', ranges: [{ member: 'ag1', fromLsn: 5n, toLsn: 8n }] },
    ]);
    const r = d.do({ type: 'distributed.failover', member: 'ag2' });
    expect(r.observations).toContainEqual({
      type: 'distributed.lost',
      database: 'db1',
      ranges: [{ member: 'ag1', fromLsn: 5n, toLsn: 8n }],
    });
    expect(d.log().lost).toEqual(ready.predictedLoss[0]?.ranges);
    // The old global primary's group gives its extra log up and follows the new history.
    expect(end(d, 'ag1')).toBe(5n);
  });

  it('without waiting for SYNCHRONIZED and equal last_hardened_lsn, commits acknowledged before the switch are lost', () => {
    const d = new DistributedDriver();
    commitInAg1(d, 6);
    syncBothSides(d); // step 1 done, step 2 skipped: the forwarder still has nothing
    expect(linkSynchronizationState(d.distributed, 'db1')).toBe('SYNCHRONIZING');
    d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    expect(distributedFailoverReadiness(d.distributed).reasons.map((x) => x.code)).toEqual([
      'NOT_SYNCHRONIZED',
      'LAST_HARDENED_LSN_DIFFERS',
      'LAST_HARDENED_LSN_DIFFERS',
    ]);
    d.do({ type: 'distributed.failover', member: 'ag2' });
    expect(d.log().lost).toEqual([{ member: 'ag1', fromLsn: 0n, toLsn: 6n }]);
  });

  it('without demoting the global primary first, both groups take writes, and the demoted one later loses its commits', () => {
    const d = new DistributedDriver();
    syncBothSides(d);
    commitInAg1(d, 2);
    d.shipAcross();
    d.member('ag2', { type: 'log.ship', replica: 'server4' });
    d.member('ag2', { type: 'log.harden', replica: 'server4' });
    expect(acknowledgedTop(d)).toBe(2n);
    expect(
      distributedFailoverReadiness(d.distributed)
        .steps.filter((s) => !s.met)
        .map((s) => s.step),
    ).toEqual(['GLOBAL_PRIMARY_DEMOTED']);
    const r = d.do({ type: 'distributed.failover', member: 'ag2' }); // step 3 skipped
    expect(r.observations).toContainEqual(
      expect.objectContaining({
        type: 'note',
        reason: expect.objectContaining({ code: 'TWO_GLOBAL_PRIMARIES' }),
      }),
    );
    expect(writableMembers(d.distributed)).toEqual(['ag1', 'ag2']);
    // ag2's primary runs: it is a second global primary, not a forwarder that is down.
    expect(
      distributedFailoverReadiness(d.distributed).steps.find((s) => s.step === 'FORWARDER_RUNNING')
        ?.reasons,
    ).toEqual([
      expect.objectContaining({
        code: 'NO_FORWARDER',
        message:
          'ag2 holds the PRIMARY role of distributedag itself: its primary server3 is a global primary, not a forwarder',
      }),
    ]);
    commitInAg1(d, 3); // acknowledged on ag1: nothing links the groups any more
    expect(acknowledgedTop(d)).toBe(5n);
    expect(d.refuse({ type: 'distributed.ship' })).toContain('TWO_GLOBAL_PRIMARIES');
    const demoted = d.do({ type: 'distributed.setRoleSecondary', member: 'ag1' });
    expect(demoted.observations).toContainEqual({
      type: 'distributed.lost',
      database: 'db1',
      ranges: [{ member: 'ag1', fromLsn: 2n, toLsn: 5n }],
    });
    expect(writableMembers(d.distributed)).toEqual(['ag2']);
    expect(forwarder(d.distributed)).toBe('server1');
  });

  it('with both groups PRIMARY, the sequence is the split-brain resolution: back up, then demote the original primary (S104)', () => {
    // "To resolve the split brain state, first take a backup on whichever replica was the original
    // primary ... After the backup completes, set the distributed availability group to the
    // secondary role" (Fail over link, Inconsistent state after forced failover). The planned steps
    // (SYNCHRONOUS_COMMIT, wait for SYNCHRONIZED, FORCE on ag2, already primary) do not apply.
    const d = new DistributedDriver();
    d.do({ type: 'distributed.failover', member: 'ag2' });
    expect(
      distributedFailoverSequence(d.distributed).map((s) => [s.step, s.server, s.action.kind]),
    ).toEqual([
      [1, 'server1', 'backupBeforeDemotion'],
      [2, 'server1', 'setRoleSecondary'],
    ]);
  });

  it('FAILOVER is not a form between the groups, and the failover runs on the forwarder, not the global primary', () => {
    const d = new DistributedDriver();
    expect(d.refuse({ type: 'distributed.failover', member: 'ag2', form: 'FAILOVER' })).toEqual([
      'FAILOVER_FORM_NOT_SUPPORTED',
    ]);
    expect(d.refuse({ type: 'distributed.failover', member: 'ag1' })).toEqual(['ALREADY_PRIMARY']);
  });
});
