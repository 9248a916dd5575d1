import { describe, expect, it } from 'vitest';
import { BACKUP_TYPES, type BackupType } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { isUnknownReason, type Reason } from '../model/source.js';
import { buildConfig, buildFacts, type FactsOverrides } from '../rules/facts-builder.js';
import { backupDecision } from './backup.js';
import {
  BACKUP_JOB_CONVENTIONS,
  BACKUP_JOB_TYPES,
  type BackupJobConvention,
  type BackupJobOutcome,
  backupJobDecision,
  backupJobMatrix,
} from './conventions.js';

const codes = (reasons: readonly Reason[]) => reasons.map((r) => r.code);

/**
 * A (primary, priority 50), B (60) and C (40): under SECONDARY, B is the preferred replica. The
 * secondaries are readable, as dbatools needs (a non-readable one is tested on its own below).
 */
const readable = { allowConnections: 'READ_ONLY' } as const;
const group = (
  overrides: FactsOverrides = {},
  preference: 'SECONDARY' | 'SECONDARY_ONLY' | 'PRIMARY' | 'NONE' = 'SECONDARY',
  extra: { readonly configurationOnly?: boolean } = {},
): ClusterFacts =>
  buildFacts(
    buildConfig({
      version: 2022,
      automatedBackupPreference: preference,
      replicas: [
        { name: 'A', backupPriority: 50, secondaryRole: readable },
        { name: 'B', backupPriority: 60, secondaryRole: readable },
        { name: 'C', backupPriority: 40, secondaryRole: readable },
        ...(extra.configurationOnly === true
          ? [{ name: 'W', availabilityMode: 'CONFIGURATION_ONLY' as const, backupPriority: 100 }]
          : []),
      ],
    }),
    overrides,
  );

const job = (
  facts: ClusterFacts,
  convention: BackupJobConvention,
  type: BackupType,
  replica: string,
  options: { readonly overrideBackupPreference?: boolean } = {},
) => backupJobDecision(facts, 'db1', type, replica, convention, options);

describe('the table in docs/decisions-backup-routing.md (backup jobs by convention)', () => {
  const table: Record<
    BackupJobConvention,
    Record<
      (typeof BACKUP_JOB_TYPES)[number],
      readonly [BackupJobOutcome, BackupJobOutcome, BackupJobOutcome]
    >
  > = {
    OLA_HALLENGREN: {
      FULL: ['take', 'skip', 'skip'],
      FULL_COPY_ONLY: ['skip', 'take', 'skip'],
      DIFFERENTIAL: ['take', 'skip', 'skip'],
      LOG: ['skip', 'take', 'skip'],
    },
    MAINTENANCE_PLAN: {
      FULL: ['skip', 'fail', 'skip'],
      FULL_COPY_ONLY: ['skip', 'take', 'skip'],
      DIFFERENTIAL: ['skip', 'fail', 'skip'],
      LOG: ['skip', 'take', 'skip'],
    },
    DBATOOLS: {
      FULL: ['take', 'fail', 'fail'],
      FULL_COPY_ONLY: ['take', 'take', 'take'],
      DIFFERENTIAL: ['unknown', 'fail', 'fail'],
      LOG: ['unknown', 'unknown', 'unknown'],
    },
  };

  it('gives every convention, type and replica the documented outcome', () => {
    const matrix = backupJobMatrix(group(), 'db1');
    expect(matrix).toHaveLength(BACKUP_JOB_CONVENTIONS.length * BACKUP_JOB_TYPES.length * 3);
    for (const d of matrix) {
      const row = table[d.convention][d.backupType as (typeof BACKUP_JOB_TYPES)[number]];
      expect([d.convention, d.backupType, d.replica, d.outcome]).toEqual([
        d.convention,
        d.backupType,
        d.replica,
        row[['A', 'B', 'C'].indexOf(d.replica)],
      ]);
    }
  });

  it('leaves a configuration-only replica out: it holds no database (sys.availability_replicas, availability_mode 4)', () => {
    const matrix = backupJobMatrix(group({}, 'SECONDARY', { configurationOnly: true }), 'db1');
    expect(matrix.some((d) => d.replica === 'W')).toBe(false);
  });
});

describe("Ola Hallengren's DatabaseBackup (ola.hallengren.com/sql-server-backup.html)", () => {
  it('agrees with backupDecision: its take is a run, on every type, replica and state', () => {
    const variants: readonly FactsOverrides[] = [
      {},
      { replicas: { B: { isUp: false } } },
      { replicas: { B: { connectedState: 'DISCONNECTED' } } },
      { replicas: { C: { role: 'RESOLVING' } } },
      { databaseReplicas: { B: { db1: { synchronizationState: 'NOT SYNCHRONIZING' } } } },
    ];
    for (const overrides of variants)
      for (const type of BACKUP_TYPES)
        for (const replica of ['A', 'B', 'C']) {
          const facts = group(overrides);
          const taken = job(facts, 'OLA_HALLENGREN', type, replica).outcome === 'take';
          const run = backupDecision(facts, 'db1', type, replica).action === 'run';
          expect([type, replica, taken]).toEqual([type, replica, run]);
        }
  });

  it('OverrideBackupPreference "only applies to copy-only full backups and regular transaction log backups"', () => {
    const facts = group();
    expect(
      job(facts, 'OLA_HALLENGREN', 'LOG', 'C', { overrideBackupPreference: true }),
    ).toMatchObject({
      outcome: 'take',
    });
    expect(
      job(facts, 'OLA_HALLENGREN', 'FULL_COPY_ONLY', 'A', { overrideBackupPreference: true })
        .outcome,
    ).toBe('take');
    const diff = job(facts, 'OLA_HALLENGREN', 'DIFFERENTIAL', 'C', {
      overrideBackupPreference: true,
    });
    expect(diff.outcome).toBe('skip');
    expect(codes(diff.reasons)).toContain('BACKUP_JOB_OLA_SKIPS');
  });

  it('@BackupType = LOG with @CopyOnly = Y: a copy-only log backup, which runs on the primary only', () => {
    // "The CopyOnly option in DatabaseBackup uses the COPY_ONLY option in the SQL Server BACKUP
    // command"; Offload supported backups: "the COPY_ONLY option is not supported for log
    // backups on secondary replicas".
    const facts = group();
    expect(
      ['A', 'B', 'C'].map((r) => job(facts, 'OLA_HALLENGREN', 'LOG_COPY_ONLY', r).outcome),
    ).toEqual(['take', 'skip', 'skip']);
  });

  it('skips a RESOLVING replica (rule 1) rather than failing', () => {
    const d = job(group({ replicas: { C: { role: 'RESOLVING' } } }), 'OLA_HALLENGREN', 'LOG', 'C');
    expect(d.outcome).toBe('skip');
    expect(codes(d.reasons)).toEqual(['BACKUP_REPLICA_RESOLVING']);
  });
});

describe('a maintenance plan (Configure backups on secondary replicas, Follow Up)', () => {
  // "If you use the Maintenance Plan Wizard to create a given backup job, the job will
  // automatically include the scripting logic that calls and checks the
  // sys.fn_hadr_backup_is_preferred_replica function."
  it('takes nothing on the primary under the default SECONDARY preference, and the job succeeds', () => {
    // mssqltips tip 4976: "The full backup job executed successfully, however the backup job did
    // not generate any database backup files" (Prefer Secondary, plan on the primary).
    const d = job(group(), 'MAINTENANCE_PLAN', 'FULL', 'A');
    expect(d.outcome).toBe('skip');
    expect(codes(d.reasons)).toEqual([
      'BACKUP_JOB_PLAN_NOT_PREFERRED',
      'BACKUP_PREFERENCE_SECONDARY',
    ]);
    expect(d.reasons[0]?.message).toContain(
      'which returns 0 here, so it does not take a full backup and the job still succeeds',
    );
  });

  it('takes nothing on the primary under SECONDARY_ONLY, even with every secondary offline', () => {
    // sqlshack, "Understanding backups on AlwaysOn Availability Groups – Part 2": "the execution
    // completed successfully… But the backup was not made", and with the secondary offline
    // "The result was exactly the same".
    expect(job(group({}, 'SECONDARY_ONLY'), 'MAINTENANCE_PLAN', 'FULL', 'A').outcome).toBe('skip');
    const offline = group(
      { replicas: { B: { isUp: false }, C: { isUp: false } } },
      'SECONDARY_ONLY',
    );
    const d = job(offline, 'MAINTENANCE_PLAN', 'FULL', 'A');
    expect(d.outcome).toBe('skip');
    expect(codes(d.reasons)).toContain('BACKUP_NO_CANDIDATE');
  });

  it('fails a full or differential backup on a preferred secondary: Msg 3059', () => {
    // Offload supported backups: "BACKUP DATABASE supports only copy-only full backups … when
    // it's executed on secondary replicas" and "Differential backups aren't supported on
    // secondary replicas"; KB4551221 gives the error, Msg 3059.
    for (const type of ['FULL', 'DIFFERENTIAL'] as const) {
      const d = job(group(), 'MAINTENANCE_PLAN', type, 'B');
      expect(d.outcome).toBe('fail');
      expect(codes(d.reasons).slice(0, 2)).toEqual([
        'BACKUP_JOB_FAILS_ON_SECONDARY',
        'BACKUP_TYPE_NOT_ALLOWED_ON_SECONDARY',
      ]);
    }
  });

  it('takes every type on the primary when the preference is PRIMARY', () => {
    for (const type of BACKUP_JOB_TYPES)
      expect(job(group({}, 'PRIMARY'), 'MAINTENANCE_PLAN', type, 'A').outcome).toBe('take');
  });

  it('fails or skips on the top secondary whose database is not synchronizing: unknown', () => {
    // "To back up a secondary database, a secondary replica must be able to communicate with
    // the primary replica and must be SYNCHRONIZED or SYNCHRONIZING." Whether the function still
    // answers 1 on B (the plan runs BACKUP, which fails) or passes over it to C (the plan skips on
    // B and takes the log backup on C) is not documented (hypothesis H2).
    const facts = group({
      databaseReplicas: { B: { db1: { synchronizationState: 'NOT SYNCHRONIZING' } } },
    });
    for (const replica of ['B', 'C']) {
      const d = job(facts, 'MAINTENANCE_PLAN', 'LOG', replica);
      expect(d.outcome, replica).toBe('unknown');
      expect(codes(d.reasons), replica).toContain('BACKUP_PREFERENCE_COPY_NOT_SYNCHRONIZING');
    }
    expect(job(facts, 'MAINTENANCE_PLAN', 'LOG', 'A').outcome).toBe('skip');
  });
});

describe("dbatools' Backup-DbaDatabase (its help: -Type, -CopyOnly; no backup preference)", () => {
  it('takes copy-only full backups on every replica, whatever the preference', () => {
    for (const preference of ['PRIMARY', 'SECONDARY_ONLY'] as const)
      for (const replica of ['A', 'B', 'C']) {
        const d = job(group({}, preference), 'DBATOOLS', 'FULL_COPY_ONLY', replica);
        expect(d.outcome).toBe('take');
        expect(codes(d.reasons)[0]).toBe('BACKUP_JOB_DBATOOLS_NO_PREFERENCE');
      }
  });

  it("takes a log or differential backup only where that instance's msdb records a full backup, which no view shows", () => {
    // public/Backup-DbaDatabase.ps1: `if ($Type -notin @("Database", "Full") -and $lastfull -eq 1)`
    // fails with "… does not have an existing full backup, cannot take log or differentialbackup";
    // $lastfull is SMO's Database.LastBackupDate, from the backup history of the instance it runs
    // on, and each replica keeps its own (S133). Whatever the preference and the replica.
    for (const preference of ['PRIMARY', 'SECONDARY_ONLY'] as const)
      for (const replica of ['A', 'B', 'C']) {
        const d = job(group({}, preference), 'DBATOOLS', 'LOG', replica);
        expect(d.outcome).toBe('unknown');
        expect(codes(d.reasons)).toEqual(['BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN']);
        expect(d.reasons[0]?.settledBy).toEqual([
          `msdb.dbo.backupset on ${replica} (a row of type 'D' for db1)`,
          'SMO Database.LastBackupDate',
        ]);
      }
    // On the primary a differential backup is unknown the same way; on a secondary (before
    // SQL Server 2025) it fails either way, with Msg 3059 named.
    expect(job(group(), 'DBATOOLS', 'DIFFERENTIAL', 'A').outcome).toBe('unknown');
    const b = job(group(), 'DBATOOLS', 'DIFFERENTIAL', 'B');
    expect(b.outcome).toBe('fail');
    expect(codes(b.reasons)).toContain('BACKUP_JOB_FAILS_ON_SECONDARY');
    // A full backup (copy-only or not) is not subject to the check.
    expect(job(group(), 'DBATOOLS', 'FULL', 'A').outcome).toBe('take');
  });

  it('fails on a secondary that is not readable, where SQL Server itself would take the backup', () => {
    // dbatools issues #4906 and #8209: Backup-DbaDatabase -Type Full -CopyOnly on a secondary
    // with ALLOW_CONNECTIONS = NO reports "Backup Failed | The target database … is currently not
    // accessible for queries" (Msg 976), while the same BACKUP through Invoke-Sqlcmd succeeds.
    const facts = buildFacts(
      buildConfig({
        version: 2022,
        replicas: [
          { name: 'A', backupPriority: 50 },
          { name: 'B', backupPriority: 60, secondaryRole: { allowConnections: 'NO' } },
        ],
      }),
    );
    for (const type of ['FULL_COPY_ONLY', 'LOG'] as const) {
      const d = job(facts, 'DBATOOLS', type, 'B');
      expect(d.outcome).toBe('fail');
      // A log backup needs a full backup in B's msdb too, which no view shows (S133).
      expect(codes(d.reasons)).toEqual(
        type === 'LOG'
          ? ['BACKUP_JOB_DBATOOLS_LAST_FULL_UNKNOWN', 'BACKUP_JOB_DBATOOLS_NOT_READABLE']
          : ['BACKUP_JOB_DBATOOLS_NOT_READABLE'],
      );
      // The jobs that send BACKUP themselves take it there: readability is not needed (S11).
      expect(job(facts, 'OLA_HALLENGREN', type, 'B').outcome).toBe('take');
      expect(backupDecision(facts, 'db1', type, 'B').action).toBe('run');
    }
    // The primary is always readable to it.
    expect(job(facts, 'DBATOOLS', 'FULL_COPY_ONLY', 'A').outcome).toBe('take');
  });

  it('fails a copy-only log backup on a secondary: "the COPY_ONLY option is not supported for log backups on secondary replicas"', () => {
    expect(job(group(), 'DBATOOLS', 'LOG_COPY_ONLY', 'C').outcome).toBe('fail');
    // On the primary it runs, given a full backup in that instance's msdb (-Type Log, S133).
    expect(job(group(), 'DBATOOLS', 'LOG_COPY_ONLY', 'A').outcome).toBe('unknown');
  });

  it('fails with a connection error on a stopped instance, where the other jobs simply do not run', () => {
    const facts = group({ replicas: { C: { isUp: false } } });
    expect(codes(job(facts, 'DBATOOLS', 'LOG', 'C').reasons)).toEqual([
      'BACKUP_JOB_DBATOOLS_CONNECTION_FAILS',
    ]);
    expect(job(facts, 'DBATOOLS', 'LOG', 'C').outcome).toBe('fail');
    expect(job(facts, 'MAINTENANCE_PLAN', 'LOG', 'C').outcome).toBe('skip');
    expect(job(facts, 'OLA_HALLENGREN', 'LOG', 'C').outcome).toBe('skip');
  });
});

describe('unknown when the snapshot does not say', () => {
  it('a preferred secondary whose synchronization state is missing: take or fail, so unknown', () => {
    const facts = group({ databaseReplicas: { B: { db1: { synchronizationState: null } } } });
    for (const convention of BACKUP_JOB_CONVENTIONS) {
      const d = job(facts, convention, 'LOG', 'B');
      expect([convention, d.outcome]).toEqual([convention, 'unknown']);
      expect(codes(d.reasons)).toContain('UNKNOWN_SYNCHRONIZATION_STATE');
    }
  });

  it('stays known where the missing fact cannot change it: a full backup on a secondary still fails', () => {
    const facts = group({ databaseReplicas: { B: { db1: { synchronizationState: null } } } });
    expect(job(facts, 'MAINTENANCE_PLAN', 'FULL', 'B').outcome).toBe('fail');
    expect(job(facts, 'DBATOOLS', 'DIFFERENTIAL', 'B').outcome).toBe('fail');
  });

  it('a replica whose state is unknown could outrank the others: the preference is unknown, naming what settles it', () => {
    // C at priority 40 is outranked; give it 70 by making B's rival unknown instead.
    const facts = buildFacts(
      buildConfig({
        automatedBackupPreference: 'SECONDARY',
        replicas: [
          { name: 'A', backupPriority: 50 },
          { name: 'B', backupPriority: 60 },
          { name: 'C', backupPriority: 70 },
        ],
      }),
      { replicas: { C: { connectedState: null, operationalState: null } } },
    );
    const d = job(facts, 'MAINTENANCE_PLAN', 'LOG', 'B');
    expect(d.outcome).toBe('unknown');
    const undetermined = d.reasons.find((r) => r.code === 'BACKUP_PREFERENCE_UNDETERMINED');
    expect(undetermined !== undefined && isUnknownReason(undetermined)).toBe(true);
    expect(undetermined?.settledBy).toContain(
      'sys.dm_hadr_availability_replica_states.connected_state_desc for C',
    );
  });

  it("the primary's view of a disconnected secondary: its role is not shown, yet every role it could have skips", () => {
    // sys.dm_hadr_availability_replica_states, role: "Current … role of a local availability
    // replica or a connected remote availability replica", so the primary shows none for C.
    const facts = group({ replicas: { C: { role: null, connectedState: 'DISCONNECTED' } } });
    for (const convention of ['OLA_HALLENGREN', 'MAINTENANCE_PLAN'] as const) {
      const d = job(facts, convention, 'LOG', 'C');
      expect([convention, d.outcome]).toEqual([convention, 'skip']);
      expect(codes(d.reasons)[0]).toBe('BACKUP_JOB_WHATEVER_THE_ROLE');
      expect(d.reasons[0]?.message).toContain('as SECONDARY or RESOLVING');
    }
    // dbatools would fail as RESOLVING and as a disconnected SECONDARY alike.
    expect(job(facts, 'DBATOOLS', 'LOG', 'C').outcome).toBe('fail');
  });

  it('a replica whose role is unknown', () => {
    const d = job(group({ replicas: { C: { role: null } } }), 'DBATOOLS', 'FULL_COPY_ONLY', 'C');
    expect(d.outcome).toBe('unknown');
    expect(codes(d.reasons)).toEqual(['UNKNOWN_ROLE']);
    expect(d.reasons[0]?.message).toContain(
      'as SECONDARY it would take, as RESOLVING it would fail',
    );
  });
});
