import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf } from './test-support.js';

/*
 * A snapshot taken on the primary while automatic seeding runs, from the monitoring rows of
 * andreasjordan/demos, AlwaysOn_MultiInstance/
 * 02_setup_availability_group_demo_03b_add_database_with_automatic_seeding.ps1 (SQL Server 2016):
 * the primary's AdventureWorks "ONLINE SYNCHRONIZED HEALTHY", the secondary's row "NOT
 * SYNCHRONIZING NOT_HEALTHY" with no database_state_desc, and SMO's IsJoined False on SRV2 until
 * "smoAvailabilityDatabaseSecondary is joined" (is_database_joined 0). Ids are invented; the
 * columns the demo did not select are left out.
 */
const facts = factsOf(
  readFileSync(new URL('./fixtures/lab-automatic-seeding-midway.json', import.meta.url), 'utf8'),
);

describe('a snapshot taken while automatic seeding runs', () => {
  const d = decide(facts);
  const target = d.failover.targets.find((t) => t.replica === 'SRV2\\SQL2016')!;

  it('no automatic or planned failover to the replica being seeded; a forced one loses the database', () => {
    expect(target.automatic.reasons.map((r) => r.code)).toEqual(['DATABASE_NOT_JOINED']);
    expect(target.planned.reasons.map((r) => r.code)).toEqual(['DATABASE_NOT_JOINED']);
    expect(target.forcedLoss.map((l) => [l.database, l.extent])).toEqual([
      ['AdventureWorks', 'wholeDatabase'],
    ]);
  });

  it('commits do not wait for it, and the group is PARTIALLY_HEALTHY (S49)', () => {
    expect(d.commit.map((c) => c.reasons.map((r) => r.code))).toEqual([
      ['NO_SYNCHRONIZED_SECONDARY'],
    ]);
    expect(d.synchronizationHealth.group.health).toBe('PARTIALLY_HEALTHY');
  });

  it('offers no RESUME for the copy being seeded: it is not joined, so nothing is suspended (S50)', () => {
    // S50, RESUME: "Resumes suspended data movement on the specified secondary database"; the
    // demo's SRV2 row is NOT SYNCHRONIZING with is_database_joined 0 until seeding joins it.
    expect(d.actions.map((a) => a.event.type)).not.toContain('db.resume');
  });

  it('offers the GRANT as unknown: no view says whether the permission is missing (SEED001)', () => {
    // The demo had granted it; the rows alone do not say so, nor whether the seeding still runs.
    const grants = d.actions.filter((a) => a.event.type === 'replica.grantCreateDatabase');
    expect(
      grants.map((a) => [a.event, a.why.map((r) => [r.code, r.settledBy !== undefined])]),
    ).toEqual([
      [
        { type: 'replica.grantCreateDatabase', replica: 'SRV2\\SQL2016' },
        [['GRANT_FOR_SEEDING_UNKNOWN', true]],
      ],
    ]);
  });
});
