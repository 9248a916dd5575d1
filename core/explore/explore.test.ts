import { describe, expect, it } from 'vitest';
import { automaticReplica } from '../cluster/test-support.js';
import { resolveConfig } from '../model/config.js';
import { explore, exploreIterator } from './explore.js';

/**
 * The known results (issue: verification at scale): two synchronous-commit replicas with
 * automatic failover. With REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0 the secondary
 * disconnects, commits go on acknowledged by the primary alone, the primary is lost, and the only
 * way back, a forced failover to the secondary, loses acknowledged commits. With the setting at
 * 1 the commits block instead, and no sequence within the budget loses an acknowledged commit.
 */
const pair = (rsstc: number) =>
  resolveConfig({
    name: 'PAIR',
    version: 2019,
    requiredSynchronizedSecondariesToCommit: rsstc,
    databases: ['db1'],
    replicas: [automaticReplica('A'), automaticReplica('B')],
  });

describe('the explorer on two synchronous replicas with automatic failover', () => {
  it('finds the acknowledged-commit loss with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0', () => {
    const r = explore(pair(0), { faults: 2, commits: 1 });
    expect(r.complete).toBe(true);
    expect(r.violations).toEqual([]);
    const loss = r.answers.acknowledgedLoss;
    expect(loss.answer).toBe(true);
    const labels = loss.trace?.map((s) => s.label) ?? [];
    // Five steps: B is cut off, SESSION_TIMEOUT passes, A commits alone, A is lost, B is forced in.
    expect(labels).toHaveLength(5);
    expect(labels.filter((l) => l.startsWith('disconnect'))).toHaveLength(1);
    expect(labels).toContain('10 s pass');
    expect(labels.slice(-2)).toEqual(['crash A', 'forced failover to B']);
    expect(loss.trace?.flatMap((s) => s.observations)).toContainEqual(
      expect.objectContaining({ type: 'commit.acknowledged', hardenedOn: ['A'] }),
    );
    const last = loss.trace?.[loss.trace.length - 1];
    expect(last?.observations).toContainEqual(
      expect.objectContaining({ type: 'failover.completed', form: 'forced', to: 'B' }),
    );
  });

  it('finds no loss within the same budget with the setting at 1: commits block instead', () => {
    const r = explore(pair(1), { faults: 2, commits: 1 });
    expect(r.complete).toBe(true);
    expect(r.violations).toEqual([]);
    expect(r.answers.acknowledgedLoss.answer).toBe(false);
    expect(r.answers.commitsBlocked.answer).toBe(true);
    // The shortest way: the primary fails, B takes over and has no synchronized secondary left.
    expect(r.answers.commitsBlocked.trace?.map((s) => s.label)).toEqual(['crash A']);
  });

  it('needs two faults: one fault never loses acknowledged data', () => {
    expect(explore(pair(0), { faults: 1, commits: 1 }).answers.acknowledgedLoss.answer).toBe(false);
  });

  it('leaves no caught-up synchronous secondary out of SYNCHRONIZED (S1 R-SYNC-1; S50 RESUME)', () => {
    for (const rsstc of [0, 1]) {
      const r = explore(pair(rsstc), { faults: 2, commits: 1, forcedFailover: 'always' });
      expect(r.complete).toBe(true);
      expect(r.answers.stuckSynchronizing.question).toBe(
        'Can a caught-up synchronous secondary be left out of SYNCHRONIZED?',
      );
      expect(r.answers.stuckSynchronizing.trace).toBeNull();
    }
  });
});

describe('a search its caller stops', () => {
  it('ends at the progress report it was answered, incomplete, with why and what it found', () => {
    const search = exploreIterator(pair(0), { faults: 2, commits: 1, progressEvery: 20 });
    const first = search.next();
    expect(first.done).toBe(false);
    const stopped = search.next({ stop: 'stopped by the test' });
    expect(stopped.done).toBe(true);
    const r = stopped.value as ReturnType<typeof explore>;
    expect(r.complete).toBe(false);
    expect(r.stopped).toBe('stopped by the test');
    expect(r.statesExplored).toBeLessThan(
      explore(pair(0), { faults: 2, commits: 1 }).statesExplored,
    );
    // Not stopped: complete, and nothing says it stopped.
    const whole = explore(pair(0), { faults: 2, commits: 1, progressEvery: 20 });
    expect(whole.complete).toBe(true);
    expect(whole.stopped).toBeUndefined();
  });
});
