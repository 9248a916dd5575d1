import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { Driver } from '../cluster/test-support.js';
import { recommendedActions } from '../decide/actions.js';
import { decodeConfig } from '../model/decode.js';
import type { Fork, LogPosition } from '../model/facts.js';
import { forksBehind } from './fork-limit.js';

/**
 * "Failover and failover modes (Always On availability groups)", Forced failover (S2): "Secondary
 * databases track only two recovery forks, so if you perform multiple forced failovers, any
 * secondary database that did start data synchronization with the previous force failover might
 * not be able to resume. If this occurs, any secondary databases that cannot be resumed will need
 * to be removed from the availability group, restored to the correct point in time, and rejoined
 * to the availability group." The failure is error 1408 (S44; ag-rules §4.4).
 */
const replica = (name: string) => ({
  name,
  endpointUrl: `TCP://${name.toLowerCase()}:5022`,
  availabilityMode: 'SYNCHRONOUS_COMMIT' as const,
  failoverMode: 'MANUAL' as const,
});

const group = () => {
  const cfg = decodeConfig({
    name: 'AG1',
    version: 2019,
    clusterType: 'WSFC',
    databases: ['db1'],
    replicas: ['A', 'B', 'C', 'D'].map(replica),
  });
  if (E.isLeft(cfg)) throw new Error('bad config');
  return new Driver(cfg.right);
};

/**
 * The primary and the cluster's quorum are lost, quorum is forced on the target's node, and the
 * group is forced onto the target. With healthy quorum a forced failover to a replica still marked
 * synchronized "actually performs a planned manual failover" (S44) and starts no forced fork; after
 * forced quorum only a forced one is possible (S2, Why forced failover is required after forcing
 * quorum).
 */
const forceAfterDisaster = (d: Driver, primary: string, target: string): void => {
  d.do({ type: 'replica.crash', replica: primary });
  d.do({ type: 'quorum.lost' });
  d.do({ type: 'quorum.force', replica: target });
  d.do({ type: 'ag.forceFailover', target });
  d.do({ type: 'quorum.regained' });
};

/** Two forced failovers: A to B (fork 1), C resumes and follows; then B to C (fork 2). D never resumed. */
const twoForcedFailovers = () => {
  const d = group();
  d.do({ type: 'db.commit', database: 'db1' });
  for (const r of ['B', 'C', 'D']) d.sync(r);
  forceAfterDisaster(d, 'A', 'B');
  d.do({ type: 'db.resume', replica: 'C', database: 'db1' });
  d.do({ type: 'db.commit', database: 'db1' });
  d.sync('C');
  forceAfterDisaster(d, 'B', 'C');
  return d;
};

describe('the recovery-fork limit (S2 forced failover: two recovery forks; error 1408)', () => {
  it('a copy one fork behind resumes', () => {
    const d = group();
    forceAfterDisaster(d, 'A', 'B');
    expect(d.row('C', 'db1')?.isSuspended).toBe(true);
    d.do({ type: 'db.resume', replica: 'C', database: 'db1' });
    expect(d.row('C', 'db1')?.isSuspended).toBe(false);
  });

  it('a copy that missed two forced failovers cannot resume: refused with error 1408', () => {
    const d = twoForcedFailovers();
    expect(d.refuse({ type: 'db.resume', replica: 'D', database: 'db1' })).toEqual([
      'FORK_LIMIT_EXCEEDED',
    ]);
  });

  it('planned failovers start forks the limit does not count: a copy suspended across two resumes', () => {
    const d = group();
    d.do({ type: 'db.commit', database: 'db1' });
    for (const r of ['B', 'C', 'D']) d.sync(r);
    d.do({ type: 'db.suspend', replica: 'D', database: 'db1' });
    d.do({ type: 'ag.failover', target: 'B' });
    d.do({ type: 'db.commit', database: 'db1' });
    d.sync('C');
    d.do({ type: 'ag.failover', target: 'C' });
    expect(d.cluster.logs.db1?.forks.length).toBe(3);
    d.do({ type: 'db.resume', replica: 'D', database: 'db1' });
    expect(d.row('D', 'db1')?.isSuspended).toBe(false);
  });

  it('decide recommends removing it from the group to restore and join it again, not resuming it', () => {
    const d = twoForcedFailovers();
    const actions = recommendedActions(d.facts());
    const forD = actions.filter((a) => 'replica' in a.event && a.event.replica === 'D');
    expect(forD.map((a) => a.event.type)).toEqual(['db.leave']);
    expect(forD[0]?.why.map((w) => w.code)).toEqual(['FORK_LIMIT_EXCEEDED']);
    expect(forD[0]?.why[0]?.message).toContain('error 1408');
  });

  it('the repair: remove, restore a backup of the new primary WITH NORECOVERY, join; the copy synchronizes', () => {
    const d = twoForcedFailovers();
    d.do({ type: 'db.leave', replica: 'D', database: 'db1' });
    d.do({
      type: 'db.backup',
      replica: 'C',
      database: 'db1',
      backupType: 'FULL',
      file: 'full.bak',
    });
    d.do({ type: 'db.restore', replica: 'D', database: 'db1', file: 'full.bak' });
    d.do({ type: 'db.join', replica: 'D', database: 'db1' });
    d.do({ type: 'db.commit', database: 'db1' });
    d.sync('D');
    expect(d.state('D', 'db1')).toBe('SYNCHRONIZED');
  });
});

describe("forks behind: the forced forks on the primary's line since it met the copy's", () => {
  const fork = (id: number, parent: number | null, forced = false): Fork =>
    ({ id, parent, startLsn: BigInt(10 * id), ...(forced ? { forced } : {}) }) as Fork;
  const at = (f: number): LogPosition => ({ fork: f, lsn: 0n }) as LogPosition;
  // 0 ─ 1 (forced) ─ 2 (planned) ─ 3 (forced); and 0 ─ 4 (forced), a branch the primary never took.
  const tree = [fork(0, null), fork(1, 0, true), fork(2, 1), fork(3, 2, true), fork(4, 0, true)];

  it('counts only forced forks, from where the two lines meet', () => {
    expect(forksBehind(tree, at(0), at(3))).toBe(2);
    expect(forksBehind(tree, at(1), at(3))).toBe(1);
    expect(forksBehind(tree, at(2), at(3))).toBe(1);
    expect(forksBehind(tree, at(3), at(3))).toBe(0);
    // The copy is ahead of the primary on its line, or on another branch: counted from the meeting point.
    expect(forksBehind(tree, at(3), at(1))).toBe(0);
    expect(forksBehind(tree, at(4), at(3))).toBe(2);
    expect(forksBehind(tree, at(3), at(4))).toBe(1);
  });

  it('a fork the log does not hold ends its line', () => {
    expect(forksBehind(tree, at(9), at(3))).toBe(2);
    expect(forksBehind(tree, at(0), at(9))).toBe(0);
  });

  it('a line that loops (malformed facts) is walked once, each forced fork on it counted once', () => {
    const loop = [fork(0, 2, true), fork(1, 0, true), fork(2, 1), fork(3, 1, true)];
    // 3 → 1 → 0 → 2, then 1 again: three forced forks, each once.
    expect(forksBehind(loop, at(5), at(3))).toBe(3);
    // The copy's line (0 → 2 → 1) is met at 1.
    expect(forksBehind(loop, at(0), at(3))).toBe(1);
    expect(forksBehind(loop, at(3), at(0))).toBe(0);
  });
});
