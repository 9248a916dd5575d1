import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * "Troubleshooting intermittent connection time-outs between availability group replicas"
 * (SupportArticles-docs): "If you configure the availability group for automatic failover, and the
 * synchronous commit failover partner is intermittently disconnected from the primary, automatic
 * failover might be unsuccessful." "Availability modes" (S1): a synchronous-commit secondary past
 * the session time-out is marked NOT SYNCHRONIZING by the primary. sys.dm_hadr_database_replica_
 * cluster_states (S8) holds one is_failover_ready per copy for the whole cluster. Two snapshots a
 * moment apart around a time-out (error 35206): on SQL1 (primary) SQL2 is DISCONNECTED, agdb NOT
 * SYNCHRONIZING there and not failover ready; on SQL2, taken before it timed out, CONNECTED,
 * SYNCHRONIZED and failover ready. One of them is out of date, and the input does not say which.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('two snapshots a moment apart around a session time-out (error 35206)', () => {
  const primary = { source: 'sql1', facts: fixture('docs-timeout-35206-primary-view.json') };
  const secondary = { source: 'sql2', facts: fixture('docs-timeout-35206-secondary-view.json') };

  it('the primary alone: no automatic target, commits do not wait for SQL2', () => {
    const alone = decide(primary.facts);
    expect(alone.failover.automaticTarget).toBeNull();
    expect(alone.commit[0]?.acknowledgement).toBe('immediately');
  });

  it('merged, in either order: each state the two disagree on is a finding, and what rests on it unknown', () => {
    for (const merged of [mergeFacts(primary, secondary), mergeFacts(secondary, primary)]) {
      expect(merged.findings.map((f) => f.code)).toEqual([
        'MERGE_COPY_STATE_DIFFERS',
        'MERGE_COPY_STATE_DIFFERS',
        'MERGE_COPY_STATE_DIFFERS',
      ]);
      expect(merged.findings.map((f) => f.message.split(' of ')[0])).toEqual([
        'connected_state_desc',
        'synchronization_state_desc',
        'is_failover_ready',
      ]);
      const decisions = decide(merged.facts);
      const sql2 = decisions.failover.targets.find((t) => t.replica === 'SQL2')!;
      expect([sql2.automatic.status, sql2.planned.status]).toEqual(['unknown', 'unknown']);
      expect(decisions.failover.automaticUndecided).toEqual(['SQL2']);
      expect(decisions.commit[0]).toMatchObject({ acknowledgement: 'unknown' });
      expect(decisions.commit[0]?.reasons.map((r) => r.code)).toEqual([
        'COMMIT_PARTICIPANT_UNKNOWN',
      ]);
      const loss = sql2.forcedLoss.find((l) => l.database === 'agdb');
      expect(loss?.extent).toBe('unknown');
    }
  });
});
