import { describe, expect, it } from 'vitest';
import type { AutomatedBackupPreference, SqlServerVersion } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import type { Reason } from '../model/source.js';
import { buildConfig, buildFacts, type FactsOverrides } from '../rules/facts-builder.js';
import { isPreferredBackupReplica, preferredBackupReplicas } from './preference.js';

const codes = (reasons: readonly Reason[]) => reasons.map((r) => r.code);

/** Replicas A (the primary), B and C with these backup priorities. */
const group = (
  preference: AutomatedBackupPreference,
  [a, b, c]: readonly [number, number, number],
  overrides: FactsOverrides = {},
  release: { version?: SqlServerVersion; cumulativeUpdate?: number | null } = {},
): ClusterFacts =>
  buildFacts(
    buildConfig({
      ...release,
      automatedBackupPreference: preference,
      replicas: [
        { name: 'A', backupPriority: a },
        { name: 'B', backupPriority: b },
        { name: 'C', backupPriority: c },
      ],
    }),
    overrides,
  );

const preferred = (facts: ClusterFacts, database = 'db1') =>
  preferredBackupReplicas(facts, database).replicas;

const reasonsOf = (facts: ClusterFacts, replica: string) =>
  codes(isPreferredBackupReplica(facts, 'db1', replica).reasons);

const disconnected = { connectedState: 'DISCONNECTED' as const, operationalState: null };
const onlyPrimaryOnline: FactsOverrides = {
  replicas: { B: { isUp: false, connectedState: 'DISCONNECTED' }, C: disconnected },
};

describe('AUTOMATED_BACKUP_PREFERENCE = PRIMARY', () => {
  it('prefers the primary even when a secondary has a higher priority', () => {
    const facts = group('PRIMARY', [10, 90, 90]);
    expect(preferred(facts)).toEqual(['A']);
    expect(reasonsOf(facts, 'B')).toEqual(['BACKUP_PREFERENCE_PRIMARY']);
  });

  it('prefers nobody when the primary has priority 0', () => {
    const facts = group('PRIMARY', [0, 90, 90]);
    expect(preferred(facts)).toEqual([]);
    expect(reasonsOf(facts, 'A')).toEqual(['BACKUP_PRIORITY_ZERO', 'BACKUP_NO_CANDIDATE']);
  });
});

describe('AUTOMATED_BACKUP_PREFERENCE = SECONDARY_ONLY', () => {
  it('gives a tie between secondaries to the lower name and never uses the primary', () => {
    const facts = group('SECONDARY_ONLY', [100, 50, 50]);
    expect(preferred(facts)).toEqual(['B']);
    expect(reasonsOf(facts, 'A')).toEqual(['BACKUP_PREFERENCE_SECONDARY_ONLY']);
    expect(reasonsOf(facts, 'B')).toEqual(['BACKUP_PREFERRED', 'BACKUP_PREFERRED_BY_TIE_BREAK']);
    expect(reasonsOf(facts, 'C')).toEqual(['BACKUP_TIE_LOST']);
  });

  it('skips a secondary with priority 0', () => {
    const facts = group('SECONDARY_ONLY', [100, 0, 1]);
    expect(preferred(facts)).toEqual(['C']);
    expect(reasonsOf(facts, 'B')).toEqual(['BACKUP_PRIORITY_ZERO']);
  });

  it('prefers nobody when the primary is the only replica online', () => {
    const facts = group('SECONDARY_ONLY', [50, 50, 50], onlyPrimaryOnline);
    expect(preferred(facts)).toEqual([]);
    expect(reasonsOf(facts, 'A')).toEqual([
      'BACKUP_PREFERENCE_SECONDARY_ONLY',
      'BACKUP_NO_CANDIDATE',
    ]);
    expect(reasonsOf(facts, 'B')).toEqual([
      'BACKUP_CANDIDATE_DOWN',
      'BACKUP_CANDIDATE_DISCONNECTED',
      'BACKUP_NO_CANDIDATE',
    ]);
  });
});

describe('AUTOMATED_BACKUP_PREFERENCE = SECONDARY', () => {
  it('prefers the highest-priority secondary over the primary', () => {
    const facts = group('SECONDARY', [90, 30, 60]);
    expect(preferred(facts)).toEqual(['C']);
    expect(reasonsOf(facts, 'A')).toEqual(['BACKUP_PREFERENCE_SECONDARY']);
    expect(reasonsOf(facts, 'B')).toEqual(['BACKUP_OUTRANKED']);
  });

  it('falls back to the primary when it is the only replica online', () => {
    const facts = group('SECONDARY', [50, 50, 50], onlyPrimaryOnline);
    expect(preferred(facts)).toEqual(['A']);
    expect(reasonsOf(facts, 'A')).toEqual([
      'BACKUP_PREFERRED',
      'BACKUP_PREFERENCE_SECONDARY_FALLBACK',
    ]);
  });

  it('falls back to the primary when every secondary has priority 0, on hypothesis H2', () => {
    const facts = group('SECONDARY', [50, 0, 0]);
    expect(preferred(facts)).toEqual(['A']);
    // B and C are online: the primary is not "the only replica online" S3's fallback names.
    expect(reasonsOf(facts, 'A')).toEqual([
      'BACKUP_PREFERRED',
      'BACKUP_PREFERENCE_SECONDARY_FALLBACK_PRIORITY_ZERO',
    ]);
  });

  it('keeps the documented fallback where the secondary at priority 0 is down as well', () => {
    const facts = group('SECONDARY', [50, 0, 50], onlyPrimaryOnline);
    expect(reasonsOf(facts, 'A')).toEqual([
      'BACKUP_PREFERRED',
      'BACKUP_PREFERENCE_SECONDARY_FALLBACK',
    ]);
  });

  it('prefers nobody when the only replica online is a primary with priority 0', () => {
    expect(preferred(group('SECONDARY', [0, 50, 50], onlyPrimaryOnline))).toEqual([]);
  });

  it('does not count a disconnected secondary, however high its priority', () => {
    const facts = group('SECONDARY', [50, 90, 10], { replicas: { B: disconnected } });
    expect(preferred(facts)).toEqual(['C']);
    expect(reasonsOf(facts, 'B')).toEqual(['BACKUP_CANDIDATE_DISCONNECTED']);
  });

  it('does not count a secondary that is not ONLINE', () => {
    const facts = group('SECONDARY', [50, 90, 10], {
      replicas: { B: { operationalState: 'FAILED' } },
    });
    expect(preferred(facts)).toEqual(['C']);
    expect(reasonsOf(facts, 'B')).toEqual(['BACKUP_CANDIDATE_NOT_ONLINE']);
  });

  it('reads CONNECTED as online where the primary shows no operational state for a secondary', () => {
    const facts = group('SECONDARY', [50, 90, 10], {
      replicas: { B: { operationalState: null } },
    });
    expect(preferred(facts)).toEqual(['B']);
  });
});

describe('AUTOMATED_BACKUP_PREFERENCE = NONE', () => {
  it('picks exactly one replica when every priority is equal (Ola #24, #138)', () => {
    const facts = group('NONE', [50, 50, 50]);
    expect(preferred(facts)).toEqual(['A']);
    expect(reasonsOf(facts, 'B')).toEqual(['BACKUP_TIE_LOST']);
  });

  it('ignores roles: a secondary with a higher priority beats the primary', () => {
    expect(preferred(group('NONE', [50, 40, 70]))).toEqual(['C']);
  });

  it('breaks ties by replica name without regard to case', () => {
    const facts = buildFacts(
      buildConfig({
        automatedBackupPreference: 'NONE',
        replicas: [
          { name: 'sql-b', backupPriority: 70 },
          { name: 'SQL-A', backupPriority: 70 },
          { name: 'sql-c', backupPriority: 70 },
        ],
      }),
    );
    expect(preferred(facts)).toEqual(['SQL-A']);
  });

  it('never prefers a replica with priority 0, even the only one online', () => {
    expect(preferred(group('NONE', [0, 50, 50], onlyPrimaryOnline))).toEqual([]);
  });

  it('excludes a RESOLVING replica', () => {
    const facts = group('NONE', [50, 90, 10], { replicas: { B: { role: 'RESOLVING' } } });
    expect(preferred(facts)).toEqual(['A']);
    expect(reasonsOf(facts, 'B')).toEqual(['BACKUP_CANDIDATE_RESOLVING']);
  });
});

describe('ties before and after KB4480650', () => {
  const tie = (version: SqlServerVersion, cumulativeUpdate: number | null) =>
    group('SECONDARY', [50, 50, 50], {}, { version, cumulativeUpdate });

  it('prefers every tied secondary on builds before the fix, and says why', () => {
    for (const [version, cu] of [
      [2012, null],
      [2014, null],
      [2016, 4],
      [2017, 13],
    ] as const) {
      expect(preferred(tie(version, cu))).toEqual(['B', 'C']);
    }
    for (const replica of ['B', 'C']) {
      const reasons = isPreferredBackupReplica(tie(2016, 4), 'db1', replica).reasons;
      expect(codes(reasons)).toEqual(['BACKUP_PREFERRED', 'BACKUP_PREFERRED_TIE_BUG']);
      expect(reasons[1]?.message).toContain('SQL Server 2016 CU 4 predates KB4480650');
      expect(reasons[1]?.message).toContain('the function returns 1 on B, C');
    }
  });

  it('prefers exactly one on builds with the fix', () => {
    for (const [version, cu] of [
      [2016, 5],
      [2016, null],
      [2017, 14],
      [2019, 0],
      [2025, null],
    ] as const) {
      expect(preferred(tie(version, cu))).toEqual(['B']);
    }
  });

  it('before the fix under NONE, keeps the bug for secondaries tied at the top without the primary', () => {
    // KB4480650: TRUE "for more than one secondary replica" with identical priorities.
    const facts = group('NONE', [40, 50, 50], {}, { version: 2014, cumulativeUpdate: null });
    expect(preferred(facts)).toEqual(['B', 'C']);
    expect(reasonsOf(facts, 'B')).toEqual(['BACKUP_PREFERRED', 'BACKUP_PREFERRED_TIE_BUG']);
  });

  it('before the fix under NONE, leaves a tie that includes the primary undetermined', () => {
    // Ola Hallengren's issue #24 (SQL Server 2016, Any Replica, every priority 50): "it skips all
    // databases in the AG"; the KB speaks of secondaries only, so neither reading is taken.
    for (const [version, cu] of [
      [2014, null],
      [2016, 4],
    ] as const) {
      const facts = group('NONE', [50, 50, 40], {}, { version, cumulativeUpdate: cu });
      expect(preferred(facts)).toEqual([]);
      expect(preferredBackupReplicas(facts, 'db1').undetermined).toEqual(['A', 'B']);
      const a = isPreferredBackupReplica(facts, 'db1', 'A').reasons;
      expect(codes(a)).toEqual(['BACKUP_TIE_WITH_PRIMARY_BEFORE_FIX']);
      expect(a[0]?.settledBy).toEqual([
        "sys.fn_hadr_backup_is_preferred_replica (the database's name) on A",
      ]);
      expect(reasonsOf(facts, 'C')).toEqual(['BACKUP_OUTRANKED']);
    }
    // With the fix the tie has one winner, as on every later build.
    expect(
      preferred(group('NONE', [50, 50, 40], {}, { version: 2016, cumulativeUpdate: 5 })),
    ).toEqual(['A']);
  });

  it('does not spread the bug to a secondary with a lower priority', () => {
    expect(
      preferred(group('SECONDARY', [50, 50, 40], {}, { version: 2014, cumulativeUpdate: null })),
    ).toEqual(['B']);
  });
});

describe('databases outside the group', () => {
  const at = (version: SqlServerVersion, cumulativeUpdate: number | null) =>
    group('SECONDARY', [50, 50, 50], {}, { version, cumulativeUpdate });
  const ask = (
    facts: ClusterFacts,
    databaseExists?: boolean | null,
    replica = 'B',
  ): { preferred: boolean; codes: readonly string[] } => {
    const answer = isPreferredBackupReplica(facts, 'master', replica, { databaseExists });
    return { preferred: answer.preferred, codes: codes(answer.reasons) };
  };

  it('answers 1 on every replica for a database outside the group', () => {
    expect(ask(at(2022, null))).toEqual({
      preferred: true,
      codes: ['BACKUP_DATABASE_NOT_IN_GROUP'],
    });
    expect(ask(at(2022, null), true, 'C').preferred).toBe(true);
    expect(preferredBackupReplicas(at(2022, null), 'master').replicas).toEqual(['A', 'B', 'C']);
  });

  it('answers 1 for a nonexistent database before 2019 CU 20 and 2022 CU 2, 0 from them on', () => {
    const before = { preferred: true, codes: ['BACKUP_DATABASE_MISSING_BEFORE_FIX'] };
    const after = { preferred: false, codes: ['BACKUP_DATABASE_MISSING'] };
    expect(ask(at(2017, null), false)).toEqual(before);
    expect(ask(at(2019, 19), false)).toEqual(before);
    expect(ask(at(2019, 20), false)).toEqual(after);
    expect(ask(at(2022, 1), false)).toEqual(before);
    expect(ask(at(2022, 2), false)).toEqual(after);
    expect(ask(at(2022, null), false)).toEqual(after);
    expect(ask(at(2025, 0), false)).toEqual(after);
  });

  it('says so when it cannot know whether the database exists', () => {
    expect(ask(at(2022, null), null)).toEqual({
      preferred: false,
      codes: ['UNKNOWN_DATABASE_EXISTENCE'],
    });
    expect(ask(at(2017, null), null).preferred).toBe(true);
  });
});

describe('replicas the snapshot does not show', () => {
  const withoutRow = (facts: ClusterFacts, name: string): ClusterFacts => ({
    ...facts,
    replicas: facts.replicas.filter((r) => r.name !== name),
  });

  it('prefers nobody on a guess when an unknown replica could win', () => {
    const facts = withoutRow(group('SECONDARY', [50, 90, 60]), 'B');
    expect(preferred(facts)).toEqual([]);
    const c = isPreferredBackupReplica(facts, 'db1', 'C').reasons;
    expect(codes(c)).toEqual(['BACKUP_PREFERENCE_UNDETERMINED']);
    expect(c[0]?.message).toContain('C wins among the replicas the snapshot shows, but');
    expect(reasonsOf(facts, 'B')).toEqual([
      'BACKUP_CANDIDATE_UNKNOWN',
      'UNKNOWN_REPLICA',
      'BACKUP_PREFERENCE_UNDETERMINED',
    ]);
    expect(isPreferredBackupReplica(facts, 'db1', 'C').preferred).toBe(false);
  });

  it('still decides when no unknown replica could outrank the winner', () => {
    const facts = withoutRow(group('SECONDARY', [50, 10, 60]), 'B');
    expect(preferred(facts)).toEqual(['C']);
    expect(reasonsOf(facts, 'B')).toEqual(['BACKUP_CANDIDATE_UNKNOWN', 'UNKNOWN_REPLICA']);
  });

  it('treats an unknown secondary as a possible reason not to fall back to the primary', () => {
    const facts = group('SECONDARY', [50, 40, 40], {
      replicas: { B: { connectedState: null, operationalState: null }, C: disconnected },
    });
    expect(preferred(facts)).toEqual([]);
    expect(reasonsOf(facts, 'B')).toContain('UNKNOWN_CONNECTED_STATE');
  });
});

describe('the verdict for one replica', () => {
  it('refuses a replica that is not in the group', () => {
    const answer = isPreferredBackupReplica(group('NONE', [50, 50, 50]), 'db1', 'Z');
    expect(answer).toMatchObject({ preferred: false });
    expect(codes(answer.reasons)).toEqual(['BACKUP_REPLICA_NOT_IN_GROUP']);
  });

  it('names the replica case-insensitively, as instance names are', () => {
    expect(isPreferredBackupReplica(group('NONE', [50, 60, 50]), 'db1', 'b').preferred).toBe(true);
  });

  it('gives every replica a verdict and every loser a reason', () => {
    const all = preferredBackupReplicas(group('SECONDARY', [90, 30, 60]), 'db1');
    expect(all.verdicts.map((v) => [v.replica, v.preferred])).toEqual([
      ['A', false],
      ['B', false],
      ['C', true],
    ]);
    for (const v of all.verdicts) expect(v.reasons.length).toBeGreaterThan(0);
    expect(codes(all.reasons)).toEqual([
      'BACKUP_PREFERENCE_SECONDARY',
      'BACKUP_OUTRANKED',
      'BACKUP_PREFERRED',
    ]);
  });
});

/**
 * sys.availability_replicas (S32), availability_mode 4: "Configuration only. The primary replica
 * sends availability group configuration metadata to the replica synchronously. User data is not
 * transmitted to the replica." Linux HA page (S29): the configuration-only replica does not
 * contain the databases in the availability group, only metadata about it. So it can never be
 * the replica a backup job picks, whatever its BACKUP_PRIORITY.
 */
describe('a configuration-only replica is never a backup candidate (S32 availability_mode 4; S29)', () => {
  const withWitness = (preference: AutomatedBackupPreference, witnessPriority: number) =>
    buildFacts(
      buildConfig({
        clusterType: 'EXTERNAL',
        version: 2019,
        automatedBackupPreference: preference,
        replicas: [
          { name: 'A', failoverMode: 'EXTERNAL', backupPriority: 50 },
          { name: 'B', failoverMode: 'EXTERNAL', backupPriority: 40 },
          {
            name: 'W',
            availabilityMode: 'CONFIGURATION_ONLY',
            failoverMode: 'EXTERNAL',
            backupPriority: witnessPriority,
          },
        ],
      }),
    );

  it.each(['SECONDARY', 'SECONDARY_ONLY', 'NONE'] as const)(
    'with %s and the highest priority on the witness, the data-bearing secondary is preferred',
    (preference) => {
      const facts = withWitness(preference, 100);
      expect(preferred(facts)).not.toContain('W');
      expect(preferred(facts)).toEqual(preference === 'NONE' ? ['A'] : ['B']);
      expect(reasonsOf(facts, 'W')).toContain('BACKUP_CANDIDATE_CONFIGURATION_ONLY');
      expect(isPreferredBackupReplica(facts, 'db1', 'W').preferred).toBe(false);
    },
  );
});

// ag-rules §5.3 (S3): SECONDARY_ONLY never uses the primary, PRIMARY never uses a secondary, whatever
// state the replica is in; the snapshot lacking that state (taken on a secondary, which shows
// only its own row, S7) leaves the verdict settled by the role. Found by the snapshot-subsets
// property (AGSTATE_SEED=424242): the primary's backup job was skip with its secondary's
// connected state shown and unknown without it.
describe('a replica whose known role the preference excludes, its state not shown', () => {
  it('is not preferred, for its role, and not undetermined', () => {
    const primaryUnseen = group('SECONDARY_ONLY', [50, 50, 50], {
      replicas: {
        A: { operationalState: null, connectedState: null },
        B: { connectedState: null },
      },
    });
    expect(reasonsOf(primaryUnseen, 'A')).toEqual(['BACKUP_PREFERENCE_SECONDARY_ONLY']);
    expect(preferredBackupReplicas(primaryUnseen, 'db1').undetermined).not.toContain('A');
    const secondaryUnseen = group('PRIMARY', [50, 50, 50], {
      replicas: { B: { operationalState: null, connectedState: null } },
    });
    expect(reasonsOf(secondaryUnseen, 'B')).toEqual(['BACKUP_PREFERENCE_PRIMARY']);
  });
});

// ag-rules §5.3 (S3): SECONDARY backs up "on a secondary unless the primary is the only replica
// online". With a secondary shown available, the primary's own state settles nothing. The input
// is the secondary's own snapshot after its restart in dba.stackexchange.com q/89670 (S153),
// adapters/dmv/backup-primary-unseen-secondary-preference.test.ts; here the same shape.
describe('the primary, its state not shown, under SECONDARY', () => {
  it('is not preferred while a secondary is shown available', () => {
    const facts = group('SECONDARY', [50, 50, 50], {
      replicas: { A: { operationalState: null, connectedState: null } },
    });
    expect(reasonsOf(facts, 'A')).toEqual(['BACKUP_PREFERENCE_SECONDARY']);
    expect(preferredBackupReplicas(facts, 'db1').undetermined).not.toContain('A');
  });

  it('stays unknown when no secondary is shown available: it may be the only replica online', () => {
    const facts = group('SECONDARY', [50, 50, 50], {
      replicas: {
        A: { operationalState: null, connectedState: null },
        B: { operationalState: null, connectedState: null },
        C: { operationalState: null, connectedState: null },
      },
    });
    expect(reasonsOf(facts, 'A')).not.toContain('BACKUP_PREFERENCE_SECONDARY');
  });
});
