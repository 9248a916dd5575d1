import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * KB2857849, "Troubleshoot Always On availability databases in Recovery Pending or Suspect state"
 * (Summary): on the primary the database is "NOT_HEALTHY ... NOT SYNCHRONIZING ...
 * RECOVERY_PENDING", and "you can't access the database through the client applications". A
 * snapshot taken on the secondary sqlnode2 at that moment has no row of the primary's copy: its
 * own copy NOT SYNCHRONIZING, the primary named by sys.dm_hadr_availability_group_states. The
 * secondary's rows are invented; the primary's are the KB's (kb2857849-recovery-pending-on-primary).
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const secondary = fixture('kb2857849-seen-from-secondary.json');

describe('commits, from a snapshot that does not show the primary’s copy (KB2857849)', () => {
  it('are unknown, naming the primary’s database_state_desc, not acknowledged at once', () => {
    const [commit] = decide(secondary).commit;
    expect(commit?.acknowledgement).toBe('unknown');
    expect(commit?.reasons.map((r) => r.code)).toEqual(['DATABASE_STATE_ON_PRIMARY_UNKNOWN']);
    expect(commit?.reasons[0]?.settledBy?.[0]).toMatch(/database_state_desc \(the primary's row/);
  });

  it('are refused once the primary’s snapshot shows the copy RECOVERY_PENDING', () => {
    const merged = mergeFacts(
      { source: 'sqlnode1', facts: fixture('kb2857849-recovery-pending-on-primary.json') },
      { source: 'sqlnode2', facts: secondary },
    ).facts;
    const [commit] = decide(merged).commit;
    expect(commit?.acknowledgement).toBe('refused');
    expect(commit?.reasons.map((r) => r.code)).toEqual(['DATABASE_NOT_ONLINE_ON_PRIMARY']);
  });

  it('says where the snapshot was taken, as its is_local row says, not a guess', () => {
    const [commit] = decide(secondary).commit;
    expect(secondary.localReplica).toBe('sqlnode2');
    expect(commit?.reasons[0]?.message).toMatch(
      /not in this snapshot \(taken on sqlnode2, a secondary\)$/,
    );
    const primaryOwn = { ...secondary, localReplica: secondary.primary };
    expect(decide(primaryOwn).commit[0]?.reasons[0]?.message).toContain(
      "not in this snapshot (the primary's own row leaves it NULL)",
    );
    const unknownPlace = { ...secondary, localReplica: null };
    expect(decide(unknownPlace).commit[0]?.reasons[0]?.message).toContain(
      '(taken on a secondary?)',
    );
  });
});
