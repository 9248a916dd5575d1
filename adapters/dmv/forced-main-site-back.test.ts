import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { factsOf, type JsonSnapshot, rowsOf } from './test-support.js';

/*
 * 'Perform a Forced Manual Failover of an Availability Group' (S44, ms.date 05/17/2016), Example
 * Scenario, "Returning the Availability Group to its Original Topology", step 1: "The nodes in the
 * main data center come back online and re-establish communication with the WSFC cluster. Their
 * availability replicas come online as secondary replicas with suspended databases, and the DBA
 * will need to manually resume each of these databases soon", with the tip "If you are concerned
 * about possible data loss on the post-failover primary databases, you should attempt to create a
 * database snapshot on the suspended databases"; step 2: "1) Change one offline availability
 * replica to asynchronous-commit mode. 2) Change the new primary replica to synchronous-commit
 * mode. Note: This step enables resumed synchronous-commit secondary databases to become
 * SYNCHRONIZED". Follow Up, step 2: "The secondary database rolls back any log records that were
 * never committed on the new primary database."
 *
 * The fixture follows forced-least-latency.test.ts: the snapshot taken on the new primary NODE04
 * (ASYNCHRONOUS_COMMIT) once NODE01 to NODE03 are back: their copies SUSPEND_FROM_PARTNER, each
 * hardened 900000 past the fork (recovery_lsn), NODE05 resumed and SYNCHRONIZING. LSNs, times and
 * health values are invented; SQL Server 2016 allows three synchronous-commit replicas.
 * decide answers as the page does (no model change); no snapshot test covered this step.
 */
const text = readFileSync(
  new URL('./fixtures/docs-catastrophic-failure-node04-main-site-back.json', import.meta.url),
  'utf8',
);
const codes = (xs: readonly { code: string }[]) => xs.map((x) => x.code);

describe('the main data center back after the forced failover to NODE04 (S44 example, return)', () => {
  const actions = decide(factsOf(text)).actions;

  it('step 1: resumes every suspended copy on its own replica, with what resuming rolls back', () => {
    const resumes = actions.filter((a) => a.event.type === 'db.resume');
    expect(resumes.map((a) => a.event)).toEqual(
      ['NODE01', 'NODE02', 'NODE03'].flatMap((replica) =>
        ['Accounts', 'Payments'].map((database) => ({
          type: 'db.resume',
          replica,
          database,
        })),
      ),
    );
    for (const a of resumes)
      expect(codes(a.why)).toEqual(['RESUME_SUSPENDED', 'RESUME_ROLLS_BACK']);
    expect(resumes[0]?.why[1]?.message).toContain(
      'holds log after LSN 91000000042000002 through 91000000042900001 that the primary does not have',
    );
    expect(resumes[0]?.why[1]?.message).toContain(
      'create a database snapshot of Accounts on NODE01',
    );
  });

  it('step 2 comes only once they are resumed: one replica to asynchronous commit first', () => {
    expect(actions.some((a) => a.event.type === 'replica.setAvailabilityMode')).toBe(false);
    const json = JSON.parse(text) as JsonSnapshot;
    for (const row of rowsOf(json, 'sys.dm_hadr_database_replica_states'))
      if (row.is_suspended === true)
        Object.assign(row, {
          is_suspended: false,
          suspend_reason_desc: null,
          synchronization_state_desc: 'SYNCHRONIZING',
        });
    const after = decide(factsOf(JSON.stringify(json))).actions;
    expect(after.map((a) => a.event)).toEqual([
      { type: 'replica.setAvailabilityMode', replica: 'NODE03', mode: 'ASYNCHRONOUS_COMMIT' },
    ]);
    expect(after[0]?.why[0]?.message).toContain(
      'change NODE03 to ASYNCHRONOUS_COMMIT first, then NODE04 to SYNCHRONOUS_COMMIT',
    );
  });
});
