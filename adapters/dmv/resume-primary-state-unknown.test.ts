import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import type { ClusterFacts } from '../../core/model/facts.js';
import { factsOf } from './test-support.js';

/*
 * dbaunfiltered.com (S134), 2025-07-26, "Database crash recovery takes forever after planned
 * manual failover" (dbaunfiltered.com/2025/07/26/database-crash-recovery-takes-forever-after-
 * planned-manual-failover): after patching the secondaries of a six-replica group, "I made sure
 * that we were all green on the AG dashboard, then failed over from the current primary,
 * Replica-1 to Replica-2. ... that one database ... was in Not Synchronizing / In Recovery on the
 * new primary, as well as all secondary replicas in the AG (This is a 6-replica AG by the way).
 * Not to mention, on the new secondary (Replica-1) all databases were not synchronizing."
 * The fixtures are that moment seen on Replica-2 and on Replica-1 (BigDB the database in
 * recovery, AppDB another; availability modes, version and names invented; suspension,
 * connection states, LSNs and quorum not in the account, so NULL or absent).
 * 'Resume an availability database' (S67), Prerequisites: "The primary database must be online
 * and available." Replica-1's own snapshot does not show the primary's copy's state, yet decide
 * offered the RESUME of BigDB there without a word of it.
 */
const fixture = (name: string): ClusterFacts =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const onNewSecondary = fixture('blog-planned-failover-new-secondary.json');
const onNewPrimary = fixture('blog-planned-failover-new-primary-in-recovery.json');

const resumes = (f: ClusterFacts) =>
  decide(f)
    .actions.filter((a) => a.event.type === 'db.resume')
    .map((a) => ({
      target: a.event.type === 'db.resume' ? `${a.event.database}@${a.event.replica}` : '',
      codes: a.why.map((r) => r.code),
    }));

describe('a RESUME whose primary copy the snapshot shows without its state (S67, S134)', () => {
  it("names the primary's database state as unknown beside each RESUME on Replica-1", () => {
    expect(resumes(onNewSecondary)).toEqual([
      {
        target: 'BigDB@Replica-1',
        codes: ['RESUME_SUSPENSION_UNKNOWN', 'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN'],
      },
      {
        target: 'AppDB@Replica-1',
        codes: ['RESUME_SUSPENSION_UNKNOWN', 'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN'],
      },
    ]);
    const why = decide(onNewSecondary).actions[0]?.why[1];
    expect(why?.rule.section).toBe('Prerequisites');
    expect(why?.message).toContain('The primary database must be online and available');
    expect(why?.settledBy).toEqual([
      "sys.dm_hadr_database_replica_states.database_state_desc of BigDB on Replica-2 (the primary's row, in a snapshot taken on the primary)",
    ]);
  });

  it('gives it beside a RESUME of a copy shown suspended too', () => {
    const suspended: ClusterFacts = {
      ...onNewSecondary,
      databaseReplicas: onNewSecondary.databaseReplicas.map((d) =>
        d.replica === 'Replica-1'
          ? { ...d, isSuspended: true, suspendReason: 'SUSPEND_FROM_USER' }
          : d,
      ),
    };
    expect(resumes(suspended).map((r) => r.codes)).toEqual([
      ['RESUME_SUSPENDED', 'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN'],
      ['RESUME_SUSPENDED', 'RESUME_PRIMARY_DATABASE_STATE_UNKNOWN'],
    ]);
  });

  it("on Replica-2's own snapshot: no RESUME of BigDB, in recovery there; AppDB's as before", () => {
    expect(resumes(onNewPrimary)).toEqual([
      { target: 'AppDB@Replica-1', codes: ['RESUME_SUSPENSION_UNKNOWN'] },
    ]);
  });
});
