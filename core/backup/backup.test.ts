import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKUP_TYPES, type BackupType, type SqlServerVersion } from '../model/enums.js';
import type { ClusterFacts } from '../model/facts.js';
import { DOCUMENTS, type Reason, type RuleSource } from '../model/source.js';
import { buildConfig, buildFacts, type FactsOverrides } from '../rules/facts-builder.js';
import { UNKNOWN_REASONS } from '../rules/replica-availability.js';
import { BACKUP_REASONS, backupDecision } from './backup.js';

const codes = (reasons: readonly Reason[]) => reasons.map((r) => r.code);

/** A (primary, priority 50), B (60) and C (40) under SECONDARY: B is the preferred replica. */
const group = (
  overrides: FactsOverrides = {},
  version: SqlServerVersion = 2022,
  extra: { automatedBackupPreference?: 'PRIMARY'; kind?: 'BASIC' } = {},
): ClusterFacts =>
  buildFacts(
    buildConfig({
      version,
      automatedBackupPreference: 'SECONDARY',
      ...extra,
      replicas: [
        { name: 'A', backupPriority: 50 },
        { name: 'B', backupPriority: 60 },
        ...(extra.kind === 'BASIC' ? [] : [{ name: 'C', backupPriority: 40 }]),
      ],
    }),
    overrides,
  );

const decide = (facts: ClusterFacts, type: BackupType, replica: string) =>
  backupDecision(facts, 'db1', type, replica);

describe('backup types by role and version (ag-rules §5.1)', () => {
  // Under SECONDARY the preferred replica is B; a type a secondary cannot take runs on the primary.
  const expected: Record<2022 | 2025, Record<'A' | 'B', Record<BackupType, 'run' | 'skip'>>> = {
    2022: {
      A: {
        FULL: 'run',
        FULL_COPY_ONLY: 'skip',
        DIFFERENTIAL: 'run',
        LOG: 'skip',
        LOG_COPY_ONLY: 'run',
      },
      B: {
        FULL: 'skip',
        FULL_COPY_ONLY: 'run',
        DIFFERENTIAL: 'skip',
        LOG: 'run',
        LOG_COPY_ONLY: 'skip',
      },
    },
    2025: {
      A: {
        FULL: 'skip',
        FULL_COPY_ONLY: 'skip',
        DIFFERENTIAL: 'skip',
        LOG: 'skip',
        LOG_COPY_ONLY: 'run',
      },
      B: {
        FULL: 'run',
        FULL_COPY_ONLY: 'run',
        DIFFERENTIAL: 'run',
        LOG: 'run',
        LOG_COPY_ONLY: 'skip',
      },
    },
  };
  for (const version of [2022, 2025] as const)
    for (const replica of ['A', 'B'] as const)
      for (const type of BACKUP_TYPES)
        it(`${version}: ${type} on ${replica === 'A' ? 'the primary' : 'the preferred secondary'} → ${expected[version][replica][type]}`, () => {
          expect(decide(group({}, version), type, replica).action).toBe(
            expected[version][replica][type],
          );
        });

  it('allows every type on the primary when the preference is PRIMARY', () => {
    for (const version of [2022, 2025] as const)
      for (const type of BACKUP_TYPES) {
        const d = decide(group({}, version, { automatedBackupPreference: 'PRIMARY' }), type, 'A');
        expect(d.action).toBe('run');
        expect(codes(d.reasons)).toContain(
          type === 'LOG_COPY_ONLY' ||
            (version === 2022 && (type === 'FULL' || type === 'DIFFERENTIAL'))
            ? 'BACKUP_TYPE_PRIMARY_ONLY'
            : 'BACKUP_TYPE_ALLOWED_ON_PRIMARY',
        );
      }
  });

  it('explains a type a secondary cannot take', () => {
    const d = decide(group(), 'LOG_COPY_ONLY', 'B');
    expect(codes(d.reasons)).toEqual(['BACKUP_TYPE_NOT_ALLOWED_ON_SECONDARY']);
    expect(d.reasons[0]?.message).toContain('it runs on the primary only');
  });

  it('runs a primary-only type on the primary whatever the preference (Ola rule 3)', () => {
    const d = decide(group(), 'DIFFERENTIAL', 'A');
    expect(codes(d.reasons)).toEqual([
      'BACKUP_TYPE_PRIMARY_ONLY',
      'BACKUP_TYPE_NOT_ALLOWED_ON_SECONDARY',
    ]);
  });
});

describe('the preference verdict', () => {
  it('skips a copy-only full backup on the primary under SECONDARY, and says why (Ola #728)', () => {
    const d = decide(group(), 'FULL_COPY_ONLY', 'A');
    expect(d.action).toBe('skip');
    expect(codes(d.reasons)).toEqual(['BACKUP_NOT_PREFERRED', 'BACKUP_PREFERENCE_SECONDARY']);
    expect(d.reasons[0]?.message).toContain('skipped: A is not the preferred backup replica');
    expect(d.reasons[0]?.message).toContain('the preferred replica is B');
  });

  it('runs on the preferred secondary with every ground listed', () => {
    const d = decide(group(), 'LOG', 'B');
    expect(d).toMatchObject({ action: 'run' });
    expect(codes(d.reasons)).toEqual([
      'BACKUP_PREFERENCE_FOLLOWED',
      'BACKUP_PREFERRED',
      'BACKUP_TYPE_ALLOWED_ON_SECONDARY',
      'BACKUP_SECONDARY_READY',
    ]);
  });

  it('overrides the preference for copy-only full and log backups only', () => {
    const override = { overrideBackupPreference: true };
    const copyOnly = backupDecision(group(), 'db1', 'FULL_COPY_ONLY', 'C', override);
    expect(copyOnly.action).toBe('run');
    expect(codes(copyOnly.reasons)[0]).toBe('BACKUP_PREFERENCE_OVERRIDDEN');
    const full = backupDecision(group({}, 2025), 'db1', 'FULL', 'C', override);
    expect(full.action).toBe('skip');
    expect(codes(full.reasons)).toEqual([
      'BACKUP_NOT_PREFERRED',
      'BACKUP_OUTRANKED',
      'BACKUP_OVERRIDE_NOT_APPLICABLE',
    ]);
  });

  it('does not let the override lift what SQL Server requires', () => {
    const facts = group({ replicas: { C: { connectedState: 'DISCONNECTED' } } });
    const d = backupDecision(facts, 'db1', 'LOG', 'C', { overrideBackupPreference: true });
    expect(d.action).toBe('skip');
    expect(codes(d.reasons)).toEqual(['BACKUP_SECONDARY_DISCONNECTED']);
  });
});

describe('requirements on a secondary (R-BKP-1)', () => {
  it('lists every reason, not the first', () => {
    const facts = group({
      replicas: { C: { connectedState: 'DISCONNECTED', operationalState: null } },
      databaseReplicas: { C: { db1: { synchronizationState: 'NOT SYNCHRONIZING' } } },
    });
    expect(codes(decide(facts, 'LOG', 'C').reasons)).toEqual([
      'BACKUP_NOT_PREFERRED',
      'BACKUP_CANDIDATE_DISCONNECTED',
      'BACKUP_SECONDARY_DISCONNECTED',
      'BACKUP_SECONDARY_NOT_SYNCHRONIZING',
    ]);
    expect(codes(decide(facts, 'FULL', 'C').reasons)).toEqual([
      'BACKUP_TYPE_NOT_ALLOWED_ON_SECONDARY',
      'BACKUP_SECONDARY_DISCONNECTED',
      'BACKUP_SECONDARY_NOT_SYNCHRONIZING',
    ]);
  });

  it('accepts SYNCHRONIZING as well as SYNCHRONIZED', () => {
    const facts = group({
      databaseReplicas: { B: { db1: { synchronizationState: 'SYNCHRONIZING' } } },
    });
    expect(decide(facts, 'LOG', 'B').action).toBe('run');
  });

  it('skips a database that is not joined', () => {
    const facts = group({
      databaseReplicas: {
        B: { db1: { isJoined: false, synchronizationState: 'NOT SYNCHRONIZING' } },
      },
    });
    expect(codes(decide(facts, 'LOG', 'B').reasons)).toEqual([
      'BACKUP_PREFERENCE_COPY_NOT_SYNCHRONIZING',
      'BACKUP_DATABASE_NOT_JOINED',
      'BACKUP_SECONDARY_NOT_SYNCHRONIZING',
    ]);
  });

  it('gives an unknown fact a reason of its own, and answers unknown, not skip', () => {
    const facts = group({ databaseReplicas: { B: { db1: { synchronizationState: null } } } });
    const d = decide(facts, 'LOG', 'B');
    expect(d.action).toBe('unknown');
    expect(codes(d.reasons)).toEqual(['UNKNOWN_SYNCHRONIZATION_STATE']);
    expect(d.reasons[0]?.message).toBe(
      'unknown: the snapshot does not show the synchronization state of db1 on B',
    );
  });

  it('is unknown when the database row is missing from the snapshot', () => {
    const facts = group();
    const partial = {
      ...facts,
      databaseReplicas: facts.databaseReplicas.filter((d) => d.replica !== 'B'),
    };
    const d = decide(partial, 'LOG', 'B');
    expect(d.action).toBe('unknown');
    expect(codes(d.reasons)).toEqual(['UNKNOWN_DATABASE_REPLICA']);
  });

  it('a known fact that stops it makes it a skip, whatever else is unknown', () => {
    const facts = group({
      replicas: { B: { connectedState: 'DISCONNECTED' } },
      databaseReplicas: { B: { db1: { synchronizationState: null } } },
    });
    const d = decide(facts, 'LOG', 'B');
    expect(d.action).toBe('skip');
    expect(codes(d.reasons)).toContain('BACKUP_SECONDARY_DISCONNECTED');
    expect(codes(d.reasons)).toContain('UNKNOWN_SYNCHRONIZATION_STATE');
  });
});

describe('roles and groups', () => {
  it('takes no backup on the secondary of a basic availability group', () => {
    const facts = group({}, 2022, { kind: 'BASIC' });
    expect(codes(decide(facts, 'LOG', 'B').reasons)).toEqual(['BACKUP_BASIC_GROUP_SECONDARY']);
    expect(decide(facts, 'LOG', 'A').action).toBe('run');
  });

  it('skips on a RESOLVING replica (Ola rule 1) and on a replica whose role is unknown', () => {
    expect(
      codes(decide(group({ replicas: { B: { role: 'RESOLVING' } } }), 'LOG', 'B').reasons),
    ).toEqual(['BACKUP_REPLICA_RESOLVING']);
    expect(codes(decide(group({ replicas: { B: { role: null } } }), 'LOG', 'B').reasons)).toEqual([
      'UNKNOWN_ROLE',
    ]);
  });

  it('skips on a replica whose instance is down', () => {
    const facts = group({ replicas: { B: { isUp: false } } });
    expect(codes(decide(facts, 'LOG', 'B').reasons)).toEqual([
      'BACKUP_REPLICA_DOWN',
      'BACKUP_NOT_PREFERRED',
      'BACKUP_CANDIDATE_DOWN',
    ]);
  });

  it('skips on a replica that is not in the group', () => {
    expect(codes(decide(group(), 'LOG', 'Z').reasons)).toEqual(['BACKUP_REPLICA_NOT_IN_GROUP']);
  });
});

describe('databases outside the group', () => {
  it('backs up a database outside the group wherever it is asked', () => {
    const d = backupDecision(group(), 'master', 'FULL', 'B');
    expect(d).toMatchObject({ action: 'run' });
    expect(codes(d.reasons)).toEqual(['BACKUP_DATABASE_NOT_IN_GROUP']);
  });

  it('skips a database that does not exist, on every build', () => {
    for (const version of [2017, 2022] as const) {
      const d = backupDecision(group({}, version), 'gone', 'FULL', 'A', { databaseExists: false });
      expect(d.action).toBe('skip');
    }
  });

  it('skips when the snapshot cannot say whether the database exists', () => {
    const d = backupDecision(group(), 'maybe', 'FULL', 'A', { databaseExists: null });
    expect(codes(d.reasons)).toEqual(['UNKNOWN_DATABASE_EXISTENCE']);
  });
});

describe('docs/decisions-backup-routing.md', () => {
  const tagOf = (rule: RuleSource) =>
    Object.entries(DOCUMENTS).find(([, title]) => title === rule.document)?.[0];

  it('lists every backup and unknown-fact reason code with its source', () => {
    const docs = readFileSync(
      new URL('../../docs/decisions-backup-routing.md', import.meta.url),
      'utf8',
    );
    for (const [code, rule] of Object.entries({ ...BACKUP_REASONS, ...UNKNOWN_REASONS })) {
      const row = docs
        .split('\n')
        .find((line) => new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`).test(line));
      expect(row, code).toBeDefined();
      expect(row, code).toContain(`${tagOf(rule)} `);
    }
  });
});
