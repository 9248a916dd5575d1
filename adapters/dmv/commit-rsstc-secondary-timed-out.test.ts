import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * MSSQLSERVER_988 (S171): Message Text "Unable to access database '%.*ls' because it lacks a quorum
 * of nodes for high availability. Try the operation again later."; Scenario 2, Runtime commit
 * failures: "When the configured value of REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT is greater
 * than the number of available healthy synchronous secondaries, the primary can't proceed with
 * commits"; Workaround, Option 1: "Lowering the value to 0 allows the primary to commit without
 * waiting for synchronous secondaries". ALTER AVAILABILITY GROUP (S3),
 * REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT: a secondary that stops responding is marked "NOT
 * SYNCHRONIZED" and the primary proceeds, but "If the minimum number of replicas is not available
 * then commits on the primary fails". The error the documentation names is 988, not 41422.
 *
 * The snapshot is docs-sync-secondary-session-timeout.json (the examples' group on the primary
 * SQLNODE1 after its only synchronous secondary SQLNODE2 passed the session timeout: DISCONNECTED,
 * SalesDB NOT SYNCHRONIZING) with REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1, how
 * sys.availability_groups shows the setting; the asynchronous SQLDR1 does not count. The value is
 * the only change; no other input had the group on WSFC with the setting unmet by a timed-out
 * secondary.
 */
const text = readFileSync(
  new URL('./fixtures/docs-988-rsstc-sync-secondary-timed-out.json', import.meta.url),
  'utf8',
);

describe('the only synchronous secondary timed out while REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 1', () => {
  const d = decide(factsOf(text));

  it('blocks the commit with error 988, not as soon as the primary hardens it', () => {
    const c = d.commit.find((x) => x.database === 'SalesDB')!;
    expect(c.acknowledgement).toBe('blocked');
    expect(c.reasons.map((r) => r.code)).toEqual(['REQUIRED_SYNCHRONIZED_SECONDARIES_NOT_MET']);
    expect(c.reasons[0]?.message).toContain('error 988');
  });

  it('offers SET (REQUIRED_SYNCHRONIZED_SECONDARIES_TO_COMMIT = 0) on the primary, with its risk', () => {
    const lower = d.actions.find((a) =>
      a.why.some((r) => r.code === 'LOWER_REQUIRED_SYNCHRONIZED_SECONDARIES'),
    );
    expect(lower?.event).toMatchObject({ type: 'ag.set' });
    expect(lower?.why[0]?.message).toContain(
      'increases the risk of data loss in failover scenarios',
    );
  });

  it('leaves no automatic target: the partner is DISCONNECTED and not failover ready', () => {
    expect(d.failover.automaticTarget).toBeNull();
    expect(d.failover.automaticAmong).toEqual([]);
  });
});
