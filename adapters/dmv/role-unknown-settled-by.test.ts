import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import type { Reason } from '../../core/model/source.js';
import { factsOf } from './test-support.js';

/*
 * dbaunfiltered.com (S134), 2025-07-26, "Database crash recovery takes forever after planned
 * manual failover": "on the new secondary (Replica-1) all databases were not synchronizing". The
 * fixture is Replica-1's own snapshot of the six-replica group, primary_replica Replica-2; a
 * secondary's DMVs show no other replica's role (sys.dm_hadr_availability_replica_states, S7:
 * rows for "a local replica or a connected remote replica" on the primary only). The backup and
 * routing answers for Replica-3..6 were unknown, rightly, but named
 * sys.dm_hadr_availability_group_states.primary_replica as what settles them, a column this
 * snapshot already gives (Replica-2): where another replica is the primary, only the replica's
 * role_desc tells SECONDARY from RESOLVING (the job answer itself said "as SECONDARY ..., as
 * RESOLVING ...", never as PRIMARY).
 */
const facts = factsOf(
  readFileSync(
    new URL('./fixtures/blog-planned-failover-new-secondary.json', import.meta.url),
    'utf8',
  ),
);

const isReason = (v: unknown): v is Reason =>
  typeof v === 'object' && v !== null && 'code' in v && 'message' in v && 'rule' in v;
const reasonsIn = (v: unknown): Reason[] =>
  isReason(v)
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(reasonsIn)
      : typeof v === 'object' && v !== null
        ? Object.values(v).flatMap(reasonsIn)
        : [];
const roleUnknowns = (f: ClusterFacts, replica: string) =>
  reasonsIn(decide(f)).filter(
    (r) => r.code === 'UNKNOWN_ROLE' && r.message.includes(`the role of ${replica}`),
  );

describe('a replica whose role is unknown beside a named primary (S7, S134)', () => {
  it('is settled by its role_desc, not by the primary_replica the snapshot gives', () => {
    const reasons = roleUnknowns(facts, 'Replica-3');
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) {
      expect(r.settledBy?.some((s) => s.includes('role_desc'))).toBe(true);
      expect(r.settledBy?.some((s) => s.includes('primary_replica'))).toBe(false);
    }
  });

  it('still names primary_replica where the snapshot names no primary', () => {
    const unnamed: ClusterFacts = { ...facts, primary: null };
    const reasons = roleUnknowns(unnamed, 'Replica-3');
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons)
      expect(r.settledBy?.some((s) => s.includes('primary_replica'))).toBe(true);
  });
});
