import { describe, expect, it } from 'vitest';
import { Driver, loadExampleConfig } from '../cluster/test-support.js';
import type { ClusterFacts } from '../model/facts.js';
import { commitOutcome } from './commit.js';

/**
 * "Overview of AlwaysOn Availability Groups" (SEED003), Session-Timeout Period: "If no ping is
 * received from the other replica within the session-timeout period, the replica times out. Its
 * connection is closed, and the timed-out replica enters the DISCONNECTED state. Even if a
 * disconnected replica is configured for synchronous-commit mode, transactions will not wait for
 * that replica to reconnect and resynchronize." A commit shown waiting for a synchronous secondary
 * said nothing of how long it waits if that secondary stops answering (dba.stackexchange
 * q/278257: a synchronous secondary across an ocean loses its link). On the SEED004 group:
 * SQLNODE1 primary, SQLNODE2 synchronous, SQLDR1 asynchronous, every SESSION_TIMEOUT 10 s.
 */
const running = (): ClusterFacts => {
  const { logs: _exact, ...facts } = new Driver(
    loadExampleConfig('resync-three-replicas.json'),
  ).facts();
  return facts;
};

const bound = (facts: ClusterFacts) =>
  commitOutcome(facts, facts.config.databases[0]!).reasons.find(
    (r) => r.code === 'COMMIT_WAIT_BOUNDED_BY_SESSION_TIMEOUT',
  );

describe('a commit waiting for a synchronous secondary', () => {
  it('waits for one that stops answering only until its session times out, then goes on', () => {
    const facts = running();
    expect(commitOutcome(facts, facts.config.databases[0]!).acknowledgement).toBe('afterHardening');
    const why = bound(facts)!;
    expect(why.message).toContain('SESSION_TIMEOUT: SQLNODE2 10 s; SQLNODE1 10 s');
    expect(why.message).toContain('commits then go on without it');
    expect(why.rule.section).toBe('Session-Timeout Period');
  });

  it('says the commits fail instead where REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT counts it (error 988)', () => {
    const facts = running();
    const strict = {
      ...facts,
      config: { ...facts.config, requiredSynchronizedSecondariesToCommit: 1 },
    };
    expect(bound(strict)!.message).toContain(
      'fewer than REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1 would be synchronized, so commits fail (error 988)',
    );
  });
});
