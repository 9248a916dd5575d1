import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterFacts } from '../cluster/facts.js';
import { simulateScenario } from '../cluster/test-support.js';
import { decide } from '../decide/decide.js';
import { connectToReplica } from '../routing/routing.js';

/**
 * 'Offload read-only workload to secondary replica of an Always On availability group' (S16),
 * Limitations and restrictions: "As soon as a readable replica is enabled for read, it can start
 * accepting connections to its secondary databases. However, if any active transactions exist on a
 * primary database, the row versions will not be fully available on the corresponding secondary
 * database. Any active transactions that existed on the primary replica when the secondary replica
 * was configured must commit or roll back. Until this process completes, the transaction isolation
 * level mapping on the secondary database is incomplete and queries are temporarily blocked."
 * The SQL Server Storage Engine blog's walk-through (S256, 2011-12-22; the fixture says what is
 * invented): an uncommitted "begin tran update employee set id = 1000" on the primary of hadr_test,
 * then the secondary enabled for read workload: "Your queries will block until all active
 * transactions active at the time of enabling readable secondary have been committed and processed
 * on the secondary replica." Routed to SQL2, and connected straight to it, read-only, were answered
 * with no word of it.
 */
const fixture = JSON.parse(
  readFileSync(
    new URL('./fixtures/blog-readable-secondary-enabled-open-transaction.json', import.meta.url),
    'utf8',
  ),
);
const notes = (sim: ReturnType<typeof simulateScenario>, i: number) =>
  sim.trace[i]!.observations.flatMap((o) => (o.type === 'note' ? [o.reason] : []));
const codes = (reasons: readonly { code: string }[]) => reasons.map((r) => r.code);
const WAIT = 'READS_WAIT_FOR_OPEN_TRANSACTIONS';

describe('a secondary made readable while a transaction is open on the primary (S16, S256)', () => {
  const sim = simulateScenario(fixture);

  it('takes the change and says that queries on hadr_test there wait for the open transaction', () => {
    expect(sim.trace[1]!.refused).toEqual([]);
    const [note, ...rest] = notes(sim, 1);
    expect(rest).toEqual([]);
    expect(note?.code).toBe('READABLE_WITH_OPEN_TRANSACTIONS');
    expect(note?.rule.document).toMatch(/^Active secondaries: readable secondary replicas/);
    expect(note?.message).toMatch(/SQL2 now takes connections to its copy of hadr_test/);
    expect(note?.message).toMatch(/queries on hadr_test there are blocked/);
    expect(note?.message).toMatch(/HADR_DATABASE_WAIT_FOR_TRANSITION_TO_VERSIONING/);
    expect(sim.final.config.replicas[1]!.secondaryRole.allowConnections).toBe('ALL');
  });

  it('routes the read-intent login to SQL2, and connects straight to it, each with the wait', () => {
    const facts = clusterFacts(sim.final);
    expect(facts.logs?.[0]?.readsWaitFor).toEqual({ SQL2: 1 });
    const routed = decide(facts).routing.readOnly;
    expect(routed).toMatchObject({ outcome: 'routed', replica: 'SQL2' });
    expect(codes(routed.reasons)).toEqual(['ROUTING_FIRST_AVAILABLE', WAIT]);
    const wait = routed.reasons.find((r) => r.code === WAIT)!;
    expect(wait.message).toMatch(/a transaction was open on hadr_test on the primary/);
    expect(wait.message).toMatch(/until it commits or rolls back/);
    const direct = connectToReplica(facts, {
      replica: 'SQL2',
      intent: 'READ_ONLY',
      database: 'hadr_test',
    });
    expect(direct).toMatchObject({ outcome: 'connected', replica: 'SQL2', readOnly: true });
    expect(codes(direct.reasons)).toEqual(['CONNECT_SECONDARY_READ_ONLY_ACCESS', WAIT]);
    // The primary's own copy waits for nothing.
    const primary = connectToReplica(facts, {
      replica: 'SQL1',
      intent: 'READ_ONLY',
      database: 'hadr_test',
    });
    expect(codes(primary.reasons)).not.toContain(WAIT);
  });

  it('says nothing with no transaction open, or for one begun after the change', () => {
    const [begin, enable] = fixture.steps;
    const none = simulateScenario({ ...fixture, steps: [enable] });
    expect(notes(none, 0)).toEqual([]);
    const after = simulateScenario({ ...fixture, steps: [enable, begin] });
    expect(codes(decide(clusterFacts(after.final)).routing.readOnly.reasons)).not.toContain(WAIT);
  });

  it('a change between READ_ONLY and ALL leaves the replica readable throughout: no wait', () => {
    const [begin, enable] = fixture.steps;
    const toReadOnly = {
      event: { ...enable.event, options: { secondaryRole: { allowConnections: 'READ_ONLY' } } },
    };
    const again = simulateScenario({ ...fixture, steps: [toReadOnly, begin, enable] });
    expect(notes(again, 2)).toEqual([]);
    expect(clusterFacts(again.final).logs?.[0]?.readsWaitFor).toBeUndefined();
  });

  it('the rollback of the transaction by a failover ends the wait', () => {
    const failover = simulateScenario({
      ...fixture,
      steps: [...fixture.steps, { event: { type: 'ag.failover', target: 'SQL2' } }],
    });
    expect(codes(notes(failover, 2))).toContain('OPEN_TRANSACTIONS_ROLLED_BACK');
    const facts = clusterFacts(failover.final);
    expect(facts.logs?.[0]?.readsWaitFor).toBeUndefined();
    expect(codes(decide(facts).routing.readOnly.reasons)).not.toContain(WAIT);
  });
});
