import { describe, expect, it } from 'vitest';
import type { SqlServerVersion } from '../model/enums.js';
import type { Reason } from '../model/source.js';
import { buildConfig, buildFacts } from '../rules/facts-builder.js';
import { backupJobDecision } from './conventions.js';
import { isPreferredBackupReplica, preferredBackupReplicas } from './preference.js';

/*
 * sys.fn_hadr_backup_is_preferred_replica by build. The builds are those of Microsoft's tables:
 * "KB3177312 - SQL Server 2016 build versions" (SP2 GDR 13.0.5101.9, SP2 CU4 13.0.5233.0, SP2 CU5
 * 13.0.5264.1, SP3 13.0.6300.2), "KB4047329 - SQL Server 2017 build versions" (CU13 14.0.3048.4,
 * CU14 14.0.3076.1), and the release histories of SQL Server 2019 (CU 19 15.0.4298.1, CU 20
 * 15.0.4312.2) and 2022 (CU 1 16.0.4003.1, CU 2 16.0.4015.1).
 */
const codes = (reasons: readonly Reason[]) => reasons.map((r) => r.code);

const group = (version: SqlServerVersion, productVersion: string | null) =>
  buildFacts(
    buildConfig({
      version,
      productVersion,
      automatedBackupPreference: 'SECONDARY',
      replicas: [
        { name: 'A', backupPriority: 50 },
        { name: 'B', backupPriority: 50 },
        { name: 'C', backupPriority: 50 },
      ],
    }),
  );

/**
 * KB4480650, "sys.fn_hadr_backup_is_preferred_replica returns TRUE for more than one secondary
 * replica even if the priority values are identical", is fixed in SQL Server 2016 SP2 CU5 and
 * SQL Server 2017 CU14 (the fix lists of KB4475776 and KB4484710).
 */
describe('secondaries tied at the top priority, by build', () => {
  it('are all preferred before the fix, GDR builds included', () => {
    for (const [version, build] of [
      [2016, '13.0.5233.0'],
      [2016, '13.0.5101.9'],
      [2017, '14.0.3048.4'],
    ] as const) {
      expect(preferredBackupReplicas(group(version, build), 'db1').replicas).toEqual(['B', 'C']);
    }
    const reasons = isPreferredBackupReplica(group(2017, '14.0.3048.4'), 'db1', 'C').reasons;
    expect(codes(reasons)).toEqual(['BACKUP_PREFERRED', 'BACKUP_PREFERRED_TIE_BUG']);
    expect(reasons[1]?.message).toContain('SQL Server 2017 (14.0.3048.4) predates KB4480650');
  });

  it('give one winner from the fixed builds on, and in a later service pack', () => {
    for (const [version, build] of [
      [2016, '13.0.5264.1'],
      [2016, '13.0.6300.2'],
      [2017, '14.0.3076.1'],
    ] as const) {
      expect(preferredBackupReplicas(group(version, build), 'db1').replicas).toEqual(['B']);
    }
  });

  it('leave the other tied secondary unknown when only the major version is known', () => {
    const facts = group(2017, null);
    expect(preferredBackupReplicas(facts, 'db1').replicas).toEqual(['B']);
    const c = isPreferredBackupReplica(facts, 'db1', 'C');
    expect(c.preferred).toBe(false);
    expect(codes(c.reasons)).toEqual(['BACKUP_TIE_BUILD_UNKNOWN']);
    expect(c.reasons[0]?.settledBy).toEqual(["SERVERPROPERTY('ProductVersion')"]);
    expect(c.reasons[0]?.message).toContain('SQL Server 2017 CU 14 (14.0.3076.1)');
    // No tie in SQL Server 2019: the fix is in every build of it.
    expect(preferredBackupReplicas(group(2019, null), 'db1').replicas).toEqual(['B']);
  });
});

/**
 * sys.fn_hadr_backup_is_preferred_replica, Return types: for a database that does not exist the
 * function returns 0 from SQL Server 2019 CU 20 and SQL Server 2022 CU 2, and 1 before them.
 */
describe('a database that does not exist, by build', () => {
  const ask = (version: SqlServerVersion, build: string | null) => {
    const answer = isPreferredBackupReplica(group(version, build), 'Gone', 'B', {
      databaseExists: false,
    });
    return { preferred: answer.preferred, codes: codes(answer.reasons) };
  };
  const before = { preferred: true, codes: ['BACKUP_DATABASE_MISSING_BEFORE_FIX'] };
  const after = { preferred: false, codes: ['BACKUP_DATABASE_MISSING'] };

  it('gets 1 before 2019 CU 20 and 2022 CU 2, and 0 from them on', () => {
    expect(ask(2019, '15.0.4298.1')).toEqual(before);
    expect(ask(2019, '15.0.4312.2')).toEqual(after);
    expect(ask(2022, '16.0.4003.1')).toEqual(before);
    expect(ask(2022, '16.0.4015.1')).toEqual(after);
  });

  it('is unknown on a 2019 or 2022 instance whose build is unknown', () => {
    for (const version of [2019, 2022] as const) {
      const answer = ask(version, null);
      expect(answer).toEqual({
        preferred: false,
        codes: ['BACKUP_DATABASE_MISSING_BUILD_UNKNOWN'],
      });
    }
    // Before 2019 every build answers 1; the build does not matter.
    expect(ask(2017, null)).toEqual(before);
  });
});

/**
 * KB4551221 (S167): a differential backup on a secondary of SQL Server 2017 or 2019 reported
 * success until 2017 CU 20 and 2019 CU 6, and fails with Msg 3059 from them on. A configuration
 * that names only its cumulative update is judged by it.
 */
describe('a differential backup on a secondary, by cumulative update', () => {
  const plan = (version: SqlServerVersion, cumulativeUpdate: number | null) =>
    backupJobDecision(
      buildFacts(
        buildConfig({
          version,
          cumulativeUpdate,
          automatedBackupPreference: 'SECONDARY',
          replicas: [
            { name: 'A', backupPriority: 50 },
            { name: 'B', backupPriority: 60 },
          ],
        }),
      ),
      'db1',
      'DIFFERENTIAL',
      'B',
      'MAINTENANCE_PLAN',
    ).outcome;

  it('is taken before the fix and fails from it on; the newest CU is fixed', () => {
    expect(plan(2019, 5)).toBe('take');
    expect(plan(2019, 6)).toBe('fail');
    expect(plan(2017, 19)).toBe('take');
    expect(plan(2017, 20)).toBe('fail');
    expect(plan(2019, null)).toBe('fail');
    expect(plan(2016, 0)).toBe('fail');
  });
});
