import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide } from '../../core/decide/decide.js';
import { mergeFacts } from '../../core/rules/merge-facts.js';
import { factsOf } from './test-support.js';

/*
 * A rolling upgrade as "Upgrading Always On Availability Group Replica Instances" (S64) lays it
 * out: SQLNODE2 upgraded to SQL Server 2022 first and the group failed over to it; the former
 * primary SQLNODE1 still runs 2019, SalesDB suspended there ("An upgraded primary replica can no
 * longer ship logs to any secondary replica whose SQL Server instance that hasn't yet been
 * upgraded to the same version"). OrdersDB, added on SQLNODE2 in the meantime, was seeded to
 * SQLNODE1 (SEEDING_MODE = AUTOMATIC) and failed there with failure_state 215, as in the
 * published error log of a seeding from SQL Server 2022 to an instance of an earlier database
 * version (S267, mdrakiburrahman/sql-miaa-migrations, README "DAG from SQL 2022 to MIAA"): "The
 * database was backed up on a server running database version 947. That version is incompatible
 * with this server, which supports version 936 ... RESTORE DATABASE is terminating abnormally ...
 * Seeding is cancelled for [$]. Reason = 215 [Seeding]". 'Create a Full Database Backup' (S266):
 * "Backups that are created by more recent version of SQL Server cannot be restored in earlier
 * versions of SQL Server". The group, replica and database names, ids, LSNs and times are
 * invented; the snapshots are those of the two replicas taken together.
 */
const fixture = (name: string) =>
  factsOf(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const primary = {
  source: 'sqlnode2.json',
  facts: fixture('docs-rolling-upgrade-seeding-failed-primary.json'),
};
const secondary = {
  source: 'sqlnode1.json',
  facts: fixture('docs-rolling-upgrade-seeding-failed-secondary.json'),
};
const restartOf = (facts: Parameters<typeof decide>[0]) =>
  decide(facts).actions.find(
    (a) => a.event.type === 'replica.setSeedingMode' && a.event.replica === 'SQLNODE1',
  );

describe('a failed seeding to a secondary not yet upgraded (S64, S266)', () => {
  it('says to upgrade SQLNODE1 before restarting the seeding of OrdersDB there', () => {
    const restart = restartOf(mergeFacts(primary, secondary).facts);
    const codes = restart?.why.map((r) => r.code);
    expect(codes?.[0]).toBe('SEEDING_RESTART_AFTER_UPGRADE');
    expect(codes).not.toContain('SEEDING_FAILED_RESTART');
    const why = restart!.why[0]!;
    expect(why.message).toContain(
      'SQLNODE1 runs SQL Server 2019 while the primary SQLNODE2 runs 2022',
    );
    expect(why.message).toContain(
      '"Backups that are created by more recent version of SQL Server cannot be restored in earlier versions of SQL Server"',
    );
    expect(why.message).toContain('failure_state 215 (Seeding), an error on the seeding target');
    expect(why.message).toContain("upgrade SQLNODE1's instance to SQL Server 2022 first");
    expect(why.rule.document).toBe('Create a Full Database Backup (SQL Server)');
  });

  it('puts it beside the RESUME that also waits for the upgrade', () => {
    const resume = decide(mergeFacts(primary, secondary).facts).actions.find(
      (a) => a.event.type === 'db.resume' && a.event.replica === 'SQLNODE1',
    );
    expect(resume?.why.map((r) => r.code)).toEqual(['RESUME_AFTER_UPGRADE']);
  });

  // The primary's snapshot alone does not show SQLNODE1's version: the restart stays as it was.
  it("keeps SEEDING_FAILED_RESTART on the primary's snapshot alone", () => {
    expect(restartOf(primary.facts)?.why[0]?.code).toBe('SEEDING_FAILED_RESTART');
  });
});

/*
 * The same two snapshots taken before any attempt: sys.dm_hadr_automatic_seeding read on SQLNODE2
 * with no row for OrdersDB, so whether SQLNODE1 has the grant is not known (SEED001). Granting it
 * does not let the seeding succeed there before the upgrade either (S266).
 */
const withoutAttempts = () => {
  const rows = JSON.parse(
    readFileSync(
      new URL('./fixtures/docs-rolling-upgrade-seeding-failed-primary.json', import.meta.url),
      'utf8',
    ),
  ) as Record<string, unknown[]>;
  rows['sys.dm_hadr_automatic_seeding'] = [];
  return { source: 'sqlnode2.json', facts: factsOf(JSON.stringify(rows)) };
};
const grantOf = (facts: Parameters<typeof decide>[0]) =>
  decide(facts).actions.find(
    (a) => a.event.type === 'replica.grantCreateDatabase' && a.event.replica === 'SQLNODE1',
  );

describe('the grant for a seeding to a secondary not yet upgraded (S266)', () => {
  it('stays unknown and says the seeding fails there until SQLNODE1 is upgraded', () => {
    const grant = grantOf(mergeFacts(withoutAttempts(), secondary).facts);
    expect(grant?.why.map((r) => r.code)).toEqual([
      'GRANT_FOR_SEEDING_UNKNOWN',
      'SEEDING_AFTER_UPGRADE',
    ]);
    const why = grant!.why[1]!;
    expect(why.message).toContain(
      'granted or not, SQLNODE1 runs SQL Server 2019 while the primary SQLNODE2 runs 2022',
    );
    expect(why.message).toContain("until SQLNODE1's instance is upgraded to SQL Server 2022");
    expect(why.rule.document).toBe('Create a Full Database Backup (SQL Server)');
  });

  it("the primary's snapshot alone keeps the grant's one reason", () => {
    expect(grantOf(withoutAttempts().facts)?.why.map((r) => r.code)).toEqual([
      'GRANT_FOR_SEEDING_UNKNOWN',
    ]);
  });
});
