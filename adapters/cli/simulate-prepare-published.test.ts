import { describe, expect, it } from 'vitest';
import { run } from './test-support.js';

/**
 * Secondary databases prepared by hand as published material does it, run as a user runs them:
 * `agstate simulate <scenario> --json`, each scenario in ./fixtures/seeding beside the T-SQL of its
 * group, its steps the published statements (each step's note quotes its statement).
 */

interface Step {
  readonly event: { readonly type: string; readonly file?: string };
  readonly refused: readonly { readonly code: string; readonly message: string }[];
}

const simulate = async (scenario: string): Promise<readonly Step[]> => {
  const r = await run([
    'simulate',
    `adapters/cli/fixtures/seeding/${scenario}`,
    '--sql-version',
    '2016',
    '--json',
  ]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { result: { trace: Step[] } }).result.trace;
};

const refusals = (trace: readonly Step[]) =>
  trace.flatMap((s, i) => s.refused.map((x) => [i + 1, s.event.type, x.code]));

describe('"Prepare a secondary database for an Always On availability group" (S68)', () => {
  // learn.microsoft.com/sql/database-engine/availability-groups/windows/
  // manually-prepare-a-secondary-database-for-an-availability-group-sql-server, Transact-SQL
  // example: "After you restore the full backup, you must create a log backup on the primary
  // database" ... "Before you can join the database to the secondary replica, you must apply the
  // required log backup". Nothing is committed between the full and the log backup.
  it('restores the log backup taken right after the full backup, then joins', async () => {
    const trace = await simulate('docs-prepare-secondary.json');
    expect(refusals(trace)).toEqual([]);
    expect(trace.map((s) => s.event.type)).toEqual([
      'db.backup',
      'db.restore',
      'db.backup',
      'db.restore',
      'db.join',
    ]);
  });
});

describe('andreasjordan/demos: manual seeding, step by step (SQL Server 2016)', () => {
  // github.com/andreasjordan/demos, AlwaysOn_MultiInstance/
  // 02_setup_availability_group_demo_03a_add_database_with_manual_seeding.ps1 @41aff992, run on
  // SQL Server 2014 to 2019. Its summary: "The last log backup must be restored on the secondary."
  it('refuses the join after a later full backup is restored over the copy (error 1478)', async () => {
    // "What I am not allowed to do: Restore these full backups to the secondary. ... The mirror
    // database, "AdventureWorks", has insufficient transaction log data to preserve the log
    // backup chain of the principal database."
    const trace = await simulate('lab-manual-seeding-later-full.json');
    expect(refusals(trace)).toEqual([[8, 'db.join', 'LOG_CHAIN_NOT_PRESERVED']]);
    // The message says what to do: a log backup, restored WITH NORECOVERY; then the join works.
    expect(trace[7]!.refused[0]!.message).toContain('take a log backup on the primary');
    expect(trace.map((s) => s.event.type).slice(-3)).toEqual([
      'db.backup',
      'db.restore',
      'db.join',
    ]);
  });

  it('refuses the join after a log backup the copy lacks (error 1412)', async () => {
    // "What I am also not allowed to do: Take log backups. ... The remote copy of database
    // "AdventureWorks" has not been rolled forward to a point in time that is encompassed in the
    // local copy of the database log."
    const trace = await simulate('lab-manual-seeding-log-not-restored.json');
    expect(refusals(trace)).toEqual([[7, 'db.join', 'LOG_TRUNCATED_PAST_COPY']]);
  });
});

describe('Kendra Little: a differential backup catches up a delayed copy (S78)', () => {
  // brentozar.com/archive/2014/09/log-shipping-magic-using-differential-backup-delayed-secondary/:
  // the copy has "transaction logs restored through 7 am" over the 2 am full; "restore the
  // differential backup with NORECOVERY. This will effectively catch you up, and then you can
  // re-enable the log shipping restore".
  it('restores the differential over the rolled-forward copy, the next log backup, then joins', async () => {
    const trace = await simulate('blog-differential-catch-up.json');
    expect(refusals(trace)).toEqual([]);
    expect(trace.at(-1)?.event.type).toBe('db.join');
  });
});

describe('"Configure a distributed availability group": the second group seeded automatically (S58)', () => {
  // "Join the database on the secondary of the second availability group": "If the second
  // availability group was set up to use automatic seeding, then move to step 2." ... "After the
  // database on the secondary replica of the second availability group is in a restoring state,
  // you have to manually join it to the availability group. ALTER DATABASE [db1] SET HADR
  // AVAILABILITY GROUP = [ag2];" (MicrosoftDocs/sql-docs pull request #241 added it, S79).
  it('leaves the seeded copy RESTORING and accepts the documented join', async () => {
    const trace = await simulate('docs-dag-second-group-seeded.json');
    expect(refusals(trace)).toEqual([]);
    const seeded = JSON.stringify(trace[2]);
    expect(seeded).toContain('SEEDING_COMPLETED_JOIN_NEEDED');
    expect(seeded).toContain('"from":"SEEDING","to":"RESTORING"');
    expect(JSON.stringify(trace[3])).toContain('"from":"RESTORING","to":"NOT SYNCHRONIZING"');
  });
});

describe('"Add a replica ... using the Availability Group Wizard": databases prepared before JOIN (S148)', () => {
  // MicrosoftDocs/sql-docs use-the-add-replica-to-availability-group-wizard-sql-server-management-
  // studio.md, Prerequisites: "you need to prepare your secondary databases manually. You can do
  // this before or after running the wizard"; "Join only: If you have manually prepared secondary
  // databases on the server instances that will host the new secondary replicas, you can select
  // this option. The wizard will join these new secondary databases to the availability group."
  it('restores on the instance of a replica added and not joined yet, and joins after JOIN', async () => {
    const trace = await simulate('docs-add-replica-prepared-before-join.json');
    // Before: both restores were refused (REPLICA_NOT_JOINED) and the join found no copy.
    expect(refusals(trace)).toEqual([]);
    expect(JSON.stringify(trace[2])).toContain('RESTORED_BEFORE_REPLICA_JOIN');
    expect(JSON.stringify(trace[2])).toContain('"from":"ABSENT","to":"RESTORING"');
    expect(JSON.stringify(trace[7])).toContain('"from":"SYNCHRONIZING","to":"SYNCHRONIZED"');
  });
});
