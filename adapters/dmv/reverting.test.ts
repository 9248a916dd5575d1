import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { connectToReplica } from '../../core/routing/routing.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * "Troubleshoot an Availability Group database in reverting state" (Microsoft support,
 * learn.microsoft.com/troubleshoot/sql/database-engine/availability-groups/
 * troubleshoot-availability-group-database-reverting-state): after a failover that interrupted a
 * large transaction, "the database is in the NOT SYNCHRONIZING state" in the DMVs on the primary,
 * "in REVERTING state" on the secondary; "While the secondary database is reverting, it can't be
 * accessed or queried"; "Update the read intent routing table to route traffic back to the primary
 * replica"; "Don't fail over to a replica whose database(s) are in reverting state. This may result
 * in an unusable database that requires a restore from backup." Two snapshots, one on each replica;
 * names and LSNs are invented, the states are the article's.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('a secondary database REVERTING after a failover (support article)', () => {
  const merged = mergeFacts(
    { source: 'node2', facts: fixture('kb-reverting-on-new-primary.json') },
    { source: 'node1', facts: fixture('kb-reverting-on-secondary.json') },
  ).facts;
  const decisions = decide(merged);
  const node1 = decisions.failover.targets.find((t) => t.replica === 'node1')!;

  it('loses the whole database to a forced failover, because it is REVERTING, not "not joined"', () => {
    const loss = node1.forcedLoss.find((l) => l.database === 'agdb')!;
    expect(loss.extent).toBe('wholeDatabase');
    expect(loss.reasons.map((r) => r.code)).toEqual(['DATABASE_CANNOT_COME_ONLINE']);
    expect(loss.reasons[0]?.message).toContain('REVERTING');
  });

  it('routes read intent back to the primary, and commits do not wait for the copy', () => {
    expect(decisions.routing.readOnly.replica).toBe('node2');
    expect(decisions.commit[0]?.reasons.map((r) => r.code)).toEqual(['NO_SYNCHRONIZED_SECONDARY']);
  });

  it('refuses a connection made straight to the reverting copy: it cannot be opened (S63)', () => {
    // "An application trying to login to the secondary replica database in reverting state fails
    // to connect and raises error 18456"; batches "may fail with message 922".
    for (const intent of ['READ_ONLY', 'READ_WRITE'] as const) {
      const c = connectToReplica(merged, { replica: 'node1', intent, database: 'agdb' });
      expect(c.outcome, intent).toBe('refused');
      expect(c.reasons.map((r) => r.code)).toContain('CONNECT_DATABASE_RECOVERING');
    }
    // The primary's copy serves it.
    const p = connectToReplica(merged, { replica: 'node2', intent: 'READ_ONLY', database: 'agdb' });
    expect(p.outcome).toBe('connected');
  });

  it('from the primary alone, the loss is unknown and names recovery_lsn', () => {
    const loss = decide(fixture('kb-reverting-on-new-primary.json'))
      .failover.targets.find((t) => t.replica === 'node1')!
      .forcedLoss.find((l) => l.database === 'agdb')!;
    expect(loss.extent).toBe('unknown');
    expect(loss.reasons.flatMap((r) => r.settledBy)).toEqual([
      "sys.dm_hadr_database_replica_states.recovery_lsn (the primary's row for node1)",
    ]);
  });
});
