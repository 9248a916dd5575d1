import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { example, factsOf, type JsonSnapshot, primaryJson, rowsOf } from './test-support.js';

/** Snapshots of the examples' group taken on the primary SQLNODE1 and on the secondary SQLNODE2. */
const primary = () => factsOf(example('primary.json'), { origin: 'primary.json' });
const secondary = () => factsOf(example('secondary.csv'), { origin: 'secondary.csv' });
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe("merging a primary's and a secondary's snapshots", () => {
  const merged = mergeFacts(
    { source: 'primary.json', facts: primary() },
    { source: 'secondary.csv', facts: secondary() },
  );

  it('agree: no finding, and the primary is the primary', () => {
    expect(merged.findings).toEqual([]);
    expect(merged.facts.primary).toBe('SQLNODE1');
    expect(merged.facts.quorum).toBe('HEALTHY');
  });

  it("takes each replica's rows from its own snapshot, and says where each came from", () => {
    const node2 = merged.facts.replicas.find((r) => r.name === 'SQLNODE2')!;
    expect(node2.origin).toMatch(
      /^secondary\.csv:\d+ \(sys\.dm_hadr_availability_replica_states, row 1\)$/,
    );
    // Its own snapshot knows it is running; the primary's row adds nothing it lacks.
    expect(node2).toMatchObject({ role: 'SECONDARY', isUp: true, operationalState: 'ONLINE' });
    const node1 = merged.facts.replicas.find((r) => r.name === 'SQLNODE1')!;
    expect(node1.origin).toMatch(/^primary\.json#\/sys\.dm_hadr_availability_replica_states\/0 \(/);
    const dr = merged.facts.databaseReplicas.find((d) => d.replica === 'SQLDR1')!;
    expect(dr.origin).toMatch(/^primary\.json#/);
  });

  it('decides from the merged facts as from the primary alone, where the primary knew', () => {
    const alone = decide(primary()).failover.targets.map((t) => [t.replica, t.forced.status]);
    expect(decide(merged.facts).failover.targets.map((t) => [t.replica, t.forced.status])).toEqual(
      alone,
    );
  });

  it('leaves commits unknown on the secondary alone, not refused, and answers them merged', () => {
    // The secondary's own snapshot has no primary row and no group state row: it cannot say that
    // no primary takes writes (S49: primary_replica is in sys.dm_hadr_availability_group_states).
    for (const c of decide(secondary()).commit) {
      expect(c.acknowledgement).toBe('unknown');
      // Nor, without sys.dm_hadr_cluster, whether the cluster has quorum (S26).
      expect(codes(c.reasons)).toEqual(['QUORUM_UNKNOWN', 'NO_PRIMARY_VIEW']);
      expect(c.reasons[1]?.settledBy).toContain(
        'sys.dm_hadr_availability_group_states.primary_replica',
      );
    }
    for (const c of decide(merged.facts).commit)
      expect(['immediately', 'afterHardening']).toContain(c.acknowledgement);
  });

  it('gives the automatic verdict that the secondary alone could not (NO_PRIMARY_VIEW)', () => {
    const fromSecondary = decide(secondary()).failover.targets.find(
      (t) => t.replica === 'SQLNODE2',
    )!;
    expect(fromSecondary.automatic.status).toBe('unknown');
    expect(codes(fromSecondary.automatic.reasons)).toContain('NO_PRIMARY_VIEW');
    const fromBoth = decide(merged.facts).failover.targets.find((t) => t.replica === 'SQLNODE2')!;
    expect(fromBoth.automatic.status).toBe('allowed');
  });
});

describe('disagreements are findings', () => {
  it('two snapshots that both claim PRIMARY', () => {
    const s = JSON.parse(example('secondary.json')) as JsonSnapshot;
    const [local] = rowsOf(s, 'sys.dm_hadr_availability_replica_states');
    local!.role_desc = 'PRIMARY';
    const merged = mergeFacts(
      { source: 'a', facts: primary() },
      { source: 'b', facts: factsOf(JSON.stringify(s)) },
    );
    expect(codes(merged.findings)).toContain('MERGE_TWO_PRIMARIES');
    expect(merged.facts.primary).toBeNull();
  });

  it("a copy's hardened LSN that goes backwards between the primary's view and its own", () => {
    const s = JSON.parse(example('secondary.json')) as JsonSnapshot;
    const own = rowsOf(s, 'sys.dm_hadr_database_replica_states')[0]!;
    own.last_hardened_lsn = '1025000004400000001';
    own.last_redone_lsn = '1025000004390000001';
    const merged = mergeFacts(
      { source: 'primary.json', facts: primary() },
      { source: 'secondary.json', facts: factsOf(JSON.stringify(s)) },
    );
    expect(merged.findings).toEqual([
      expect.objectContaining({
        code: 'MERGE_LSN_BACKWARDS',
        message: expect.stringContaining('primary.json shows 1025000004418400001'),
      }),
    ]);
  });

  it('a snapshot of another group is left out', () => {
    const other = primaryJson();
    rowsOf(other, 'sys.availability_groups')[0]!.name = 'AGOther';
    const merged = mergeFacts(
      { source: 'a', facts: primary() },
      { source: 'b', facts: factsOf(JSON.stringify(other)) },
    );
    expect(codes(merged.findings)).toEqual(['MERGE_OTHER_GROUP']);
  });
});
